/**
 * Simplify (node version 1) and Output (version 1.1) on Get and Get Many, against the sandbox:
 * version 1 workflows keep their output exactly; version 1.1 returns at most 10 declared fields by
 * default, or every field, the raw JSON:API resource, or the fields picked.
 */
import type { INodeProperties } from 'n8n-workflow';

import { RESOURCES } from '../../nodes/Synap/actions/registry';
import { Synap } from '../../nodes/Synap/Synap.node';
import { outputOf, rl, run, useSandbox } from './support.cjs';

const env = useSandbox();
const V1_1 = { typeVersion: 1.1 };

describe('version 1: Simplify keeps its meaning', () => {
	test('Get with Simplify left at its default gives every attribute flat; off gives the JSON:API resource', async () => {
		const id = env.sandbox.seeded.attempts.studentCompleted;
		const [flat] = outputOf(await run(env, { resource: 'attempt', operation: 'get', attemptId: rl(id) }));
		const attempt = env.sandbox.store.find('Attempt', id)!;
		expect(Object.keys(flat)).toEqual(expect.arrayContaining(['id', 'type', ...Object.keys(attempt.attributes), 'userId', 'examV2Id']));
		expect(Object.keys(flat).length).toBeGreaterThan(40);
		const [raw] = outputOf(await run(env, { resource: 'attempt', operation: 'get', attemptId: rl(id), simplify: false }));
		expect(raw).toMatchObject({ id, type: 'Attempt', attributes: { title: attempt.attributes.title } });
	});
});

describe('version 1.1: Output', () => {
	test('Simplified (the default) returns the resource\'s declared fields only', async () => {
		const id = env.sandbox.seeded.attempts.studentCompleted;
		const [out] = outputOf(await run(env, { resource: 'attempt', operation: 'get', attemptId: rl(id) }, V1_1));
		const attempt = env.sandbox.store.find('Attempt', id)!;
		expect(out).toEqual({
			id,
			type: 'Attempt',
			title: attempt.attributes.title,
			status: attempt.attributes.status,
			isCompleted: true,
			score: attempt.attributes.score,
			timeStarted: attempt.attributes.timeStarted,
			timeCompleted: attempt.attributes.timeCompleted,
			userId: env.sandbox.seeded.users.student,
			examV2Id: (attempt.relationships.examV2 as { id: string } | null)?.id ?? null,
		});
	});

	test('Get Many, Simplified: every item has at most 10 fields; an included relationship is kept', async () => {
		const result = await run(env, { resource: 'user', operation: 'getAll', limit: 3, options: { include: 'userGroups' } }, V1_1);
		const items = outputOf(result);
		expect(items).toHaveLength(3);
		for (const item of items) {
			expect(Object.keys(item)).toEqual(
				['id', 'type', 'name', 'emailAddress', 'externalId', 'userGroupIds', 'subPortalId', 'emailVerified', 'lastSeen', 'createdAt', 'userGroups'],
			);
			expect((item.userGroups as Array<{ id: string; name: string }>).map((g) => g.id)).toEqual(item.userGroupIds);
		}
	});

	test('All Fields is version 1\'s Simplify; Raw is the JSON:API resource', async () => {
		const id = env.sandbox.seeded.users.educator;
		const [v1] = outputOf(await run(env, { resource: 'user', operation: 'get', userId: rl(id) }));
		const [all] = outputOf(await run(env, { resource: 'user', operation: 'get', userId: rl(id), output: 'allFields' }, V1_1));
		expect(all).toEqual(v1);
		const [raw] = outputOf(await run(env, { resource: 'user', operation: 'get', userId: rl(id), output: 'raw' }, V1_1));
		expect(raw).toMatchObject({ id, type: 'User', attributes: { name: v1.name }, relationships: { userGroups: { data: expect.any(Array) } } });
	});

	test('Selected Fields: the ID and the fields picked, or named by an expression', async () => {
		const picked = await run(env, { resource: 'user', operation: 'getAll', limit: 2, output: 'selected', outputFields: ['emailAddress', 'userGroupIds'] }, V1_1);
		for (const item of outputOf(picked)) expect(Object.keys(item)).toEqual(['id', 'emailAddress', 'userGroupIds']);
		const byExpression = await run(
			env,
			{ resource: 'user', operation: 'getAll', limit: 2, output: 'selected', outputFields: '={{ $json.wanted }}' },
			{ ...V1_1, items: [{ wanted: 'name, timeZone, notThere' }] },
		);
		for (const item of outputOf(byExpression)) expect(Object.keys(item)).toEqual(['id', 'name', 'timeZone']);
	});

	test('Output from an expression is read for each item; a fixed Output holds for every item of its own run only', async () => {
		const id = env.sandbox.seeded.users.educator;
		const shapes = ['raw', 'allFields', 'raw', 'selected'];
		const perItem = await run(
			env,
			{ resource: 'user', operation: 'get', userId: rl(id), output: '={{ $json.shape }}', outputFields: ['name'] },
			{ ...V1_1, items: shapes.map((shape) => ({ shape })) },
		);
		expect(perItem.error).toBeUndefined();
		expect(perItem.items.map((i) => i.pairedItem)).toEqual(shapes.map((_, item) => ({ item })));
		const [raw0, all1, raw2, picked3] = perItem.items.map((i) => i.json);
		expect(raw0).toMatchObject({ id, type: 'User', attributes: expect.any(Object) });
		expect(all1).toMatchObject({ id, name: expect.any(String) });
		expect(all1).not.toHaveProperty('attributes');
		expect(raw2).toEqual(raw0);
		expect(picked3).toEqual({ id, name: all1.name });
		// Two runs one after the other with different fixed values: each item follows its own run's.
		for (const [output, hasAttributes] of [['raw', true], ['allFields', false]] as const) {
			const fixed = await run(env, { resource: 'user', operation: 'get', userId: rl(id), output }, { ...V1_1, items: [{}, {}, {}] });
			expect(fixed.items.map((i) => 'attributes' in i.json)).toEqual([hasAttributes, hasAttributes, hasAttributes]);
		}
	});

	test('Create and Update keep Simplify (every attribute, flat)', async () => {
		const id = env.sandbox.seeded.groups.corporateOnboarding;
		const [out] = outputOf(await run(env, { resource: 'userGroup', operation: 'update', userGroupId: rl(id), updateFields: { description: 'Onboarding, 2026' } }, V1_1));
		expect(out).toMatchObject({ id, description: 'Onboarding, 2026', membershipExpiryEnabled: false, internal: false });
	});
});

describe('the declared Simplified fields', () => {
	test('every resource that reads records declares at most 10, starting with id and type', () => {
		for (const r of RESOURCES) {
			if (!r.operations.some((o) => o.kind === 'get' || o.kind === 'getAll')) continue;
			for (const op of r.operations.filter((o) => o.kind === 'get' || o.kind === 'getAll')) {
				const fields = op.simplifyFields ?? r.simplifyFields;
				expect({ resource: r.value, op: op.value, fields: fields?.slice(0, 2) }).toEqual({ resource: r.value, op: op.value, fields: ['id', 'type'] });
				expect(fields!.length).toBeLessThanOrEqual(10);
			}
		}
	});

	test('Simplify is shown to version 1 only, Output and its picker to 1.1 and later, on Get and Get Many', () => {
		const { properties, version } = new Synap().description;
		expect(version).toEqual([1, 1.1]);
		const of = (name: string, operation: string) =>
			properties.filter((p: INodeProperties) => p.name === name && p.displayOptions?.show?.resource?.includes('user') && p.displayOptions?.show?.operation?.includes(operation));
		expect(of('simplify', 'get')[0].displayOptions?.show?.['@version']).toEqual([1]);
		expect(of('output', 'getAll')[0].displayOptions?.show?.['@version']).toEqual([{ _cnd: { gte: 1.1 } }]);
		expect(of('outputFields', 'getAll')[0].displayOptions?.show).toMatchObject({ output: ['selected'] });
		expect(of('simplify', 'update')[0].displayOptions?.show?.['@version']).toBeUndefined();
		expect(of('output', 'update')).toEqual([]);
	});
});
