/**
 * A Get or Create answered 2xx with no record in the body (`data` null, a number, a bare list, `{}`;
 * cases from the property suite, test/property/bodies): an item that ends with neither output nor
 * error vanishes from the run, so each such item fails, saying what came back (and, for a Create,
 * that the record may exist all the same).
 */
import type { IDataObject } from 'n8n-workflow';

import { raw } from '../support/scriptedServer.cjs';
import { rl, run, useScriptedServer } from './support.cjs';

const env = useScriptedServer('p:RecordAnswerToken0123456789');

const bodies = ['{"data": null}', '{"data": 42}', '[{"type": "User", "id": "U1"}]', '{}', 'null', '{"errors": [{"status": "400"}]}'];

test.each([
	['Get', 200, { resource: 'user', operation: 'get', userId: rl('QsogF1GDFZ') }, /held no User record/, /Check the ID/],
	['Create', 201, { resource: 'user', operation: 'create', name: 'Ada', emailAddress: 'ada@example.com' }, /held no User record/, /may have been created/],
])('%s answered %i with no record: every item ends with an error, none vanishes', async (_name, status, parameters, message, description) => {
	env.server.script(...bodies.map((b) => raw(status, b)));
	const result = await run(env, { ...parameters, requestOptions: { concurrency: 1 } } as IDataObject as never, {
		items: bodies.map((_, i) => ({ i })),
		onError: 'continueRegularOutput',
	});
	expect(result.error).toBeUndefined();
	expect(result.items.map((i) => i.pairedItem)).toEqual(bodies.map((_, i) => ({ item: i })));
	for (const item of result.items) {
		expect(item.json.error).toMatch(message);
		expect((item.error as { description?: string }).description).toMatch(description);
	}
});
