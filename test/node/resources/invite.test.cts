/**
 * Invite (Get, Get Many, Update) against the sandbox.
 */
import { expectRequest, outputOf, rl, run, useSandbox } from '../support.cjs';

const env = useSandbox();

describe('Invite', () => {
	test('Get reads /invites/{id}', async () => {
		const id = env.sandbox.seeded.invites.pending;
		const result = await run(env, { resource: 'invite', operation: 'get', inviteId: rl(id) });
		expectRequest(env, { method: 'GET', path: `/invites/${id}` });
		const [out] = outputOf(result);
		expect(out).toMatchObject({ id, type: 'Invite', name: 'Noah Patel', status: 'pending' });
		expect(out.userGroupId).toBe(env.sandbox.seeded.groups.chemistryClass);
	});

	test('Get Many sends the filters as filter[...] and outputs one item per invite', async () => {
		const group = env.sandbox.seeded.groups.chemistryClass;
		const result = await run(env, {
			resource: 'invite',
			operation: 'getAll',
			limit: 10,
			filters: { status: 'pending', userGroup: group },
		});
		expectRequest(env, {
			method: 'GET',
			path: '/invites',
			query: { 'page[size]': '10', 'filter[status]': 'pending', 'filter[userGroup]': group },
		});
		const out = outputOf(result);
		expect(out.map((i) => i.id)).toEqual([env.sandbox.seeded.invites.pending]);
	});

	test('Update sends only status and lastSent', async () => {
		const id = env.sandbox.seeded.invites.pending;
		const result = await run(env, {
			resource: 'invite',
			operation: 'update',
			inviteId: rl(id),
			updateFields: { status: 'revoked', lastSent: '2026-03-01T10:00:00Z' },
		});
		expectRequest(env, {
			method: 'PATCH',
			path: `/invites/${id}`,
			body: { data: { type: 'Invite', id, attributes: { status: 'revoked', lastSent: '2026-03-01T10:00:00Z' } } },
		});
		const [out] = outputOf(result);
		expect(out).toMatchObject({ id, status: 'revoked', lastSent: '2026-03-01T10:00:00Z' });
	});
});
