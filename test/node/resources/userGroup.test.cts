/**
 * User Group (Create, Get, Get Many, Update, Delete, Add Members, Remove Members) run inside
 * n8n-core's real engine against the Synap sandbox: the exact requests Synap receives and the items
 * n8n outputs.
 */
import { apiRequests, rl, run, useSandbox } from '../support.cjs';

const env = useSandbox({ seed: 7, extraUsers: 230 });

/** A new Student group, made straight in the sandbox (not through the node). */
async function newGroup(name: string): Promise<string> {
	const r = await fetch(`${env.sandbox.baseUrl}/user-groups`, {
		method: 'POST',
		headers: { authorization: `Bearer ${env.sandbox.adminToken}`, 'content-type': 'application/vnd.api+json' },
		body: JSON.stringify({
			data: { type: 'UserGroup', attributes: { name }, relationships: { userType: { data: { type: 'UserType', id: env.sandbox.seeded.userTypes.Student } } } },
		}),
	});
	const id = ((await r.json()) as { data: { id: string } }).data.id;
	env.sandbox.clearRequests();
	return id;
}
const groupsOf = (userId: string) => (env.sandbox.store.find('User', userId)?.relationships.userGroups as Array<{ id: string }>).map((r) => r.id);

describe('User Group', () => {
	test('Get Many lists the default groups; Get and Update work by ID', async () => {
		const list = await run(env, { resource: 'userGroup', operation: 'getAll', returnAll: true });
		const names = list.items.map((i) => i.json.name);
		expect(names).toEqual(expect.arrayContaining(['All Users', 'Admins', 'Educators', 'Students']));

		const id = env.sandbox.seeded.groups.chemistryClass;
		env.sandbox.clearRequests();
		const updated = await run(env, { resource: 'userGroup', operation: 'update', userGroupId: rl(id), updateFields: { description: 'Year 11 chemistry' } });
		expect(apiRequests(env)[0].body).toEqual({ data: { type: 'UserGroup', id, attributes: { description: 'Year 11 chemistry' } } });
		expect(updated.items[0].json).toMatchObject({ id, description: 'Year 11 chemistry' });
	});

	test('Add Members and Remove Members change just this group through the relationship route', async () => {
		const group = env.sandbox.seeded.groups.chemistryClass;
		const student = env.sandbox.seeded.users.student2;
		const read = await run(env, { resource: 'user', operation: 'get', userId: rl(student) });
		const before = read.items[0].json.userGroupIds as string[];
		expect(before).not.toContain(group);
		env.sandbox.clearRequests();
		const added = await run(env, { resource: 'userGroup', operation: 'addMembers', userGroupId: rl(group), userIds: student });
		expect(added.error).toBeUndefined();
		expect(added.items.map((i) => i.json)).toEqual([{ userId: student, userGroupId: group, added: true }]);
		const member = [{ type: 'UserGroup', id: group }];
		expect(apiRequests(env).map((r) => [r.method, r.path, r.body])).toEqual([
			['GET', `/v3/users/${student}`, undefined],
			['POST', `/v3/users/${student}/relationships/userGroups`, { data: member }],
		]);
		expect(env.sandbox.store.find('User', student)?.relationships.userGroups).toEqual([...before, group].map((id) => ({ type: 'UserGroup', id })));

		env.sandbox.clearRequests();
		const again = await run(env, { resource: 'userGroup', operation: 'addMembers', userGroupId: rl(group), userIds: student });
		expect(again.items[0].json).toEqual({ userId: student, userGroupId: group, added: false, reason: 'already a member' });
		expect(apiRequests(env).map((r) => r.method)).toEqual(['GET']);

		env.sandbox.clearRequests();
		const removed = await run(env, { resource: 'userGroup', operation: 'removeMembers', userGroupId: rl(group), userIds: student });
		expect(removed.items[0].json).toEqual({ userId: student, userGroupId: group, removed: true });
		expect(apiRequests(env).map((r) => [r.method, r.path, r.body])).toEqual([
			['GET', `/v3/users/${student}`, undefined],
			['DELETE', `/v3/users/${student}/relationships/userGroups`, { data: member }],
		]);
		const after = await run(env, { resource: 'user', operation: 'get', userId: rl(student) });
		expect(after.items[0].json.userGroupIds).toEqual(before);
	});

	test('two items adding the same user to two groups at once keep both memberships (no read-modify-write race)', async () => {
		const student = env.sandbox.seeded.users.student;
		const fresh = [await newGroup('Race A'), await newGroup('Race B')];
		const before = groupsOf(student);
		env.sandbox.options.latencyMs = 30; // both reads are answered before either write
		try {
			const result = await run(
				env,
				{ resource: 'userGroup', operation: 'addMembers', userGroupId: { __rl: true, mode: 'id', value: '={{ $json.group }}' }, userIds: student },
				{ items: fresh.map((group) => ({ group })) },
			);
			expect(result.error).toBeUndefined();
			expect(result.items.map((i) => i.json.added)).toEqual([true, true]);
		} finally {
			env.sandbox.options.latencyMs = 0;
		}
		expect(groupsOf(student)).toEqual([...before, ...fresh]);
	});

	test('a portal without the relationship route: Add Members falls back to writing the whole group list (PATCH /users/{id}), asking once per run', async () => {
		const group = await newGroup('Fallback');
		const [first, second] = [env.sandbox.seeded.users.student2, env.sandbox.seeded.users.educator];
		const before = [groupsOf(first), groupsOf(second)];
		env.sandbox.options.variant = { missingRoutes: ['POST /users/{id}/relationships/userGroups'] };
		try {
			const added = await run(env, { resource: 'userGroup', operation: 'addMembers', userGroupId: rl(group), userIds: `${first},${second}` });
			expect(added.error).toBeUndefined();
			expect(added.items.map((i) => i.json)).toEqual([
				{ userId: first, userGroupId: group, added: true },
				{ userId: second, userGroupId: group, added: true },
			]);
		} finally {
			env.sandbox.options.variant = null;
		}
		expect(apiRequests(env).map((r) => [r.method, r.path, r.status])).toEqual([
			['GET', `/v3/users/${first}`, 200],
			['POST', `/v3/users/${first}/relationships/userGroups`, 404],
			['PATCH', `/v3/users/${first}`, 200],
			['GET', `/v3/users/${second}`, 200],
			['PATCH', `/v3/users/${second}`, 200],
		]);
		expect(apiRequests(env)[2].body).toEqual({
			data: { type: 'User', id: first, relationships: { userGroups: { data: [...before[0], group].map((id) => ({ type: 'UserGroup', id })) } } },
		});
		expect(groupsOf(second)).toEqual([...before[1], group]);
	});

	test('Create, Get and Delete a group: the exact JSON:API requests, and the group is gone afterwards', async () => {
		const created = await run(env, {
			resource: 'userGroup',
			operation: 'create',
			name: 'Year 12 Physics',
			additionalFields: { userTypeId: env.sandbox.seeded.userTypes.Student, description: 'Physics, 2026 intake' },
		});
		expect(created.error).toBeUndefined();
		expect(apiRequests(env)[0]).toMatchObject({ method: 'POST', path: '/v3/user-groups' });
		expect(apiRequests(env)[0].body).toEqual({
			data: {
				type: 'UserGroup',
				attributes: { name: 'Year 12 Physics', description: 'Physics, 2026 intake' },
				relationships: { userType: { data: { type: 'UserType', id: env.sandbox.seeded.userTypes.Student } } },
			},
		});
		const id = created.items[0].json.id as string;
		expect(created.items[0].json).toMatchObject({ type: 'UserGroup', name: 'Year 12 Physics' });

		env.sandbox.clearRequests();
		const got = await run(env, { resource: 'userGroup', operation: 'get', userGroupId: rl(id) });
		expect(apiRequests(env)[0]).toMatchObject({ method: 'GET', path: `/v3/user-groups/${id}` });
		expect(got.items[0].json).toMatchObject({ id, name: 'Year 12 Physics' });

		env.sandbox.clearRequests();
		const deleted = await run(env, { resource: 'userGroup', operation: 'delete', userGroupId: rl(id) });
		expect(apiRequests(env)[0]).toMatchObject({ method: 'DELETE', path: `/v3/user-groups/${id}` });
		expect(deleted.items[0].json).toEqual({ deleted: true, id });
		expect(env.sandbox.store.find('UserGroup', id)).toBeUndefined();
	});
});
