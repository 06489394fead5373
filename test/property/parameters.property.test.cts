/**
 * Parameters read once per execution. actions/shared/readParameters.ts keeps a parameter whose
 * stored value holds no expression for the rest of the run, instead of asking n8n for it item by
 * item. The invariant: whatever mix of fixed values and per-item expressions a workflow uses, and
 * at any concurrency, each item's output is exactly what that item gives in a run of its own with
 * its values written in as fixed parameters; every item is output once, paired to itself.
 *
 * Generated: 1–12 items, each with its own Output, Fields and user; Output, Fields and the user ID
 * each either an expression reading the item or one fixed value; Max Concurrency Auto or 1–8.
 * Against the sandbox, in n8n-core's real engine (node version 1.1, which has Output).
 */
import fc from 'fast-check';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { rl, run, useSandbox } from '../node/support.cjs';
import { runProperty } from './runProperty.cjs';

const env = useSandbox();

const SHAPES = ['simplified', 'allFields', 'raw', 'selected'] as const;
type Shape = (typeof SHAPES)[number];
/** User fields that a Get does not change (lastSeen and the like would differ between runs). */
const FIELDS = ['name', 'emailAddress', 'externalId', 'timeZone', 'userGroupIds'];
const USERS = 4;

interface ItemValues {
	shape: Shape;
	fields: string[];
	user: number;
}

interface Case {
	items: ItemValues[];
	output: 'expression' | Shape;
	fields: 'expression' | string[];
	user: 'expression' | number;
	/** 0 = Auto. */
	concurrency: number;
}

const shape = fc.constantFrom(...SHAPES);
const fields = fc.subarray(FIELDS);
const user = fc.integer({ min: 0, max: USERS - 1 });

const arbitrary: fc.Arbitrary<Case> = fc.record({
	items: fc.array(fc.record({ shape, fields, user }), { minLength: 1, maxLength: 12 }),
	output: fc.oneof(fc.constant('expression' as const), shape),
	fields: fc.oneof(fc.constant('expression' as const), fields),
	user: fc.oneof(fc.constant('expression' as const), user),
	concurrency: fc.integer({ min: 0, max: 8 }),
});

/** What item `values` asks for once the case's fixed parameters apply. */
const effective = (c: Case, values: ItemValues): ItemValues => ({
	shape: c.output === 'expression' ? values.shape : c.output,
	fields: c.fields === 'expression' ? values.fields : c.fields,
	user: c.user === 'expression' ? values.user : c.user,
});

function parametersOf(c: Case, userIds: string[]): INodeParameters {
	return {
		resource: 'user',
		operation: 'get',
		userId: rl(c.user === 'expression' ? '={{ $json.userId }}' : userIds[c.user]),
		output: c.output === 'expression' ? '={{ $json.shape }}' : c.output,
		outputFields: c.fields === 'expression' ? '={{ $json.fields }}' : c.fields,
		...(c.concurrency ? { requestOptions: { concurrency: c.concurrency } } : {}),
	};
}

async function check(c: Case): Promise<string[]> {
	const userIds = env.sandbox.store.all('User').slice(0, USERS).map((u) => u.id);
	const items: IDataObject[] = c.items.map((v) => ({ shape: v.shape, fields: v.fields, userId: userIds[v.user] }));
	const mixed = await run(env, parametersOf(c, userIds), { items, typeVersion: 1.1 });
	const violations: string[] = [];
	if (mixed.error) return [`the run failed: ${mixed.error.message}`];
	if (mixed.items.length !== items.length) violations.push(`${items.length} items in, ${mixed.items.length} out`);
	// The oracle: each item alone, its values fixed (a run of one item reads every parameter once).
	const alone = new Map<string, unknown>();
	for (let i = 0; i < Math.min(items.length, mixed.items.length); i++) {
		const out = mixed.items[i];
		if (out.pairedItem === undefined || (out.pairedItem as { item?: number }).item !== i) violations.push(`item ${i}: pairedItem ${JSON.stringify(out.pairedItem)}`);
		const own = effective(c, c.items[i]);
		const key = JSON.stringify(own);
		if (!alone.has(key)) {
			const single = await run(
				env,
				{ resource: 'user', operation: 'get', userId: rl(userIds[own.user]), output: own.shape, outputFields: own.fields },
				{ items: [{}], typeVersion: 1.1 },
			);
			alone.set(key, single.error ? `error: ${single.error.message}` : single.items[0]?.json);
		}
		const expected = alone.get(key);
		if (JSON.stringify(out.json) !== JSON.stringify(expected)) {
			violations.push(`item ${i} (${key}): got ${JSON.stringify(out.json).slice(0, 200)}, alone it gives ${JSON.stringify(expected).slice(0, 200)}`);
		}
	}
	return violations;
}

test('parameters: each item gets its own values, whether fixed (read once) or from an expression, at any concurrency', async () => {
	await runProperty<Case>({
		name: 'parameters read once',
		arbitrary,
		check,
		numRuns: 60,
		timeLimitMs: 60_000,
		examples: [
			// Every parameter an expression, items alternating: a value kept from item 0 shows at item 1.
			{
				items: [
					{ shape: 'raw', fields: [], user: 0 },
					{ shape: 'selected', fields: ['name'], user: 1 },
					{ shape: 'allFields', fields: [], user: 2 },
				],
				output: 'expression',
				fields: 'expression',
				user: 'expression',
				concurrency: 0,
			},
			// Fixed Output and Fields, the user from each item, one at a time.
			{ items: [{ shape: 'raw', fields: [], user: 3 }, { shape: 'raw', fields: [], user: 0 }], output: 'selected', fields: ['emailAddress', 'timeZone'], user: 'expression', concurrency: 1 },
		],
	});
}, 120_000);
