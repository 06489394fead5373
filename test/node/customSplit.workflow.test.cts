/**
 * Issue 12, class 7 — Custom API Request with Split Into Items when a response is not a clean list
 * of JSON:API resources: a `data` array holding null, a number or a string, or a 200 whose body is
 * a top-level array. Handed an item whose `json` is not an object, n8n-core throws and EVERY item
 * of the run is lost, Continue On Fail or not; an array as `json` is not an item either.
 *
 * The rule (README, Custom API Request):
 *   - Split Into Items on: one item per entry of `data` (or of a top-level array); an entry that is
 *     not an object fails THAT input item with an error naming the entry, and the other input items
 *     go on (Continue On Fail: the error item is in the output in the item's place).
 *   - Split Into Items off, or `data` not a list (a single resource, null, a number): the whole
 *     response as one item; a top-level array is wrapped as `{ data: [...] }`.
 */
import type { IDataObject } from 'n8n-workflow';

import { accountFor } from '../reliability/support.cjs';
import { json, raw, type Responder } from '../support/scriptedServer.cjs';
import { run, useScriptedServer } from './support.cjs';

const env = useScriptedServer('p:CustomSplitToken0123456789');

const resource = (id: string) => ({ type: 'Thing', id, attributes: { name: `thing ${id}` } });

/** Answers by the item's path: /v3/things/<key>. */
function byKey(bodies: Record<string, string>): Responder {
	return (req, res) => {
		const key = req.path.split('/').pop() ?? '';
		raw(200, bodies[key] ?? JSON.stringify({ data: [resource(key)] }))(req, res);
	};
}

const custom = (extra: IDataObject = {}) => ({
	resource: 'custom',
	operation: 'apiRequest',
	method: 'GET',
	path: '=/things/{{ $json.key }}',
	requestOptions: { concurrency: 1 },
	...extra,
});

const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);

describe('Split Into Items on', () => {
	const bodies: Record<string, string> = {
		good: JSON.stringify({ data: [resource('a1'), resource('a2')] }),
		nullEntry: JSON.stringify({ data: [resource('b1'), null] }),
		numberEntry: JSON.stringify({ data: [7] }),
		mixed: JSON.stringify({ data: [resource('c1'), 'text', [1, 2], resource('c2')] }),
		topArray: JSON.stringify([resource('d1'), resource('d2')]),
		topArrayMixed: JSON.stringify([resource('e1'), null]),
		dataNull: JSON.stringify({ data: null, meta: { note: 'nothing' } }),
		dataNumber: JSON.stringify({ data: 42 }),
		bareNumber: '42',
		bareString: '"hello"',
	};
	const keys = Object.keys(bodies);

	test('with Continue On Fail: every input item ends exactly once; unusable responses fail only their own item, naming the entry', async () => {
		env.server.script(byKey(bodies));
		const result = await run(env, custom(), { items: keys.map((key) => ({ key })), onError: 'continueRegularOutput' });

		expect(result.error).toBeUndefined();
		// every output item is an object, and has its pairedItem
		for (const item of result.items) {
			expect(isObject(item.json)).toBe(true);
			expect(item.pairedItem).toEqual({ item: expect.any(Number) });
		}
		const byItem = (k: string) => result.items.filter((i) => (i.pairedItem as { item: number }).item === keys.indexOf(k));
		expect(byItem('good').map((i) => i.json.id)).toEqual(['a1', 'a2']);
		expect(byItem('topArray').map((i) => i.json.id)).toEqual(['d1', 'd2']);
		expect(byItem('dataNull').map((i) => i.json)).toEqual([{ data: null, meta: { note: 'nothing' } }]);
		expect(byItem('dataNumber').map((i) => i.json)).toEqual([{ data: 42 }]);
		for (const k of ['nullEntry', 'numberEntry', 'mixed', 'topArrayMixed', 'bareNumber', 'bareString']) {
			const [only, ...more] = byItem(k);
			expect({ k, more: more.length }).toEqual({ k, more: 0 });
			expect({ k, error: typeof only?.json.error }).toEqual({ k, error: 'string' });
		}
		expect(byItem('nullEntry')[0].json.error).toMatch(/data\[1\] is null/);
		expect(byItem('numberEntry')[0].json.error).toMatch(/data\[0\] is a number/);
		expect(byItem('mixed')[0].json.error).toMatch(/data\[1\] is a string/);
		expect(byItem('topArrayMixed')[0].json.error).toMatch(/\[1\] is null/);
		expect(byItem('bareNumber')[0].json.error).toMatch(/not a JSON object/);

		// each input item once (successes count once however many records they gave)
		const seen = new Set(result.items.map((i) => (i.pairedItem as { item: number }).item));
		expect(seen.size).toBe(keys.length);
		const errors = result.items.filter((i) => i.json.error !== undefined);
		expect(accountFor(keys.length, errors).duplicated).toBe(0);
		expect(errors.map((e) => (e.pairedItem as { item: number }).item).sort((a, b) => a - b)).toEqual(
			['nullEntry', 'numberEntry', 'mixed', 'topArrayMixed', 'bareNumber', 'bareString'].map((k) => keys.indexOf(k)).sort((a, b) => a - b),
		);
		expect(byItem('mixed')[0].error?.description).toMatch(/Split Into Items/);
	});

	test('without Continue On Fail: the run stops with a node error naming the item, not an n8n-core crash', async () => {
		env.server.script(byKey(bodies));
		const result = await run(env, custom(), { items: [{ key: 'good' }, { key: 'nullEntry' }] });
		expect(result.error?.message).toMatch(/\[item 1\]/);
		expect(result.error?.message).toMatch(/data\[1\] is null/);
		expect((result.error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(1);
	});

	test('Return All: a page holding a null entry fails the item instead of crashing the run', async () => {
		env.server.script(
			json(200, { data: [resource('p1')], links: { next: `${env.server.baseUrl}/things/list?page%5Bnumber%5D=2` } }),
			json(200, { data: [resource('p2'), null] }),
		);
		const result = await run(env, custom({ path: '/things/list', returnAll: true }), {
			items: [{}],
			onError: 'continueRegularOutput',
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.error).toMatch(/data\[1\] is null/);
	});
});

describe('Split Into Items off', () => {
	test('a top-level array becomes one item { data: [...] }; a document stays as it is', async () => {
		env.server.script(
			byKey({
				top: JSON.stringify([resource('t1'), null, 3]),
				doc: JSON.stringify({ data: [resource('x1'), null] }),
			}),
		);
		const result = await run(env, custom({ splitItems: false }), {
			items: [{ key: 'top' }, { key: 'doc' }],
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json)).toEqual([{ data: [resource('t1'), null, 3] }, { data: [resource('x1'), null] }]);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});
