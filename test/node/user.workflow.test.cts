/**
 * User and User Group operations, run inside n8n-core's real engine against the Synap sandbox:
 * the exact request Synap receives and the items n8n outputs.
 */
import type { Sandbox } from '../sandbox/index.cjs';
import { runSynapNode, type SynapCredentials } from '../harness/workflow.cjs';

const { startSandbox } = require('../sandbox') as typeof import('../sandbox/index.cjs');

let sandbox: Sandbox;
let credentials: SynapCredentials;
const rl = (value: string) => ({ __rl: true, mode: 'id', value });

beforeAll(async () => {
	sandbox = await startSandbox({ seed: 7, extraUsers: 230 });
	credentials = { accessToken: sandbox.adminToken, environment: 'custom', baseUrl: sandbox.baseUrl };
});
afterAll(async () => sandbox.close());
beforeEach(() => sandbox.clearRequests());

const apiRequests = () => sandbox.requests.filter((r) => r.path.startsWith('/v3/'));

/** A new Student group, made straight in the sandbox (not through the node). */
async function newGroup(name: string): Promise<string> {
	const r = await fetch(`${sandbox.baseUrl}/user-groups`, {
		method: 'POST',
		headers: { authorization: `Bearer ${sandbox.adminToken}`, 'content-type': 'application/vnd.api+json' },
		body: JSON.stringify({
			data: { type: 'UserGroup', attributes: { name }, relationships: { userType: { data: { type: 'UserType', id: sandbox.seeded.userTypes.Student } } } },
		}),
	});
	const id = ((await r.json()) as { data: { id: string } }).data.id;
	sandbox.clearRequests();
	return id;
}
const groupsOf = (userId: string) => (sandbox.store.find('User', userId)?.relationships.userGroups as Array<{ id: string }>).map((r) => r.id);

describe('User', () => {
	test('Register sends a UserRegistration into one group and outputs the new user', async () => {
		const group = sandbox.seeded.groups.chemistryClass;
		const result = await runSynapNode({
			parameters: {
				resource: 'user',
				operation: 'create',
				name: '={{ $json.name }}',
				emailAddress: '={{ $json.email }}',
				additionalFields: { userGroupId: group, welcomeEmailDisabled: true, attr: '{"studentNumber": "S-1042"}' },
			},
			items: [{ name: 'Grace Hopper', email: 'grace.hopper@example.com' }],
			credentials,
		});
		expect(result.error).toBeUndefined();
		const [req] = apiRequests();
		expect(req.method).toBe('POST');
		expect(req.path).toBe('/v3/user-registrations');
		expect(req.headers['content-type']).toBe('application/vnd.api+json');
		expect(req.headers.authorization).toBe(`Bearer ${sandbox.adminToken}`);
		expect(req.body).toEqual({
			data: {
				type: 'UserRegistration',
				attributes: {
					name: 'Grace Hopper',
					emailAddress: 'grace.hopper@example.com',
					welcomeEmailDisabled: true,
					attr: { studentNumber: 'S-1042' },
				},
				relationships: { userGroups: { data: [{ type: 'UserGroup', id: group }] } },
			},
		});
		expect(result.items).toHaveLength(1);
		const out = result.items[0].json;
		expect(out).toMatchObject({ type: 'UserRegistration', name: 'Grace Hopper', emailAddress: 'grace.hopper@example.com' });
		const user = sandbox.store.find('User', out.id as string);
		expect(user?.attributes.emailAddress).toBe('grace.hopper@example.com');
	});

	test('Register with an email that exists fails naming the field; with Continue On Fail the others still register', async () => {
		const result = await runSynapNode({
			parameters: { resource: 'user', operation: 'create', name: '={{ $json.name }}', emailAddress: '={{ $json.email }}' },
			items: [
				{ name: 'New One', email: 'new.one@example.com' },
				{ name: 'Dup', email: 'grace.hopper@example.com' },
				{ name: 'New Two', email: 'new.two@example.com' },
			],
			credentials,
			onError: 'continueRegularOutput',
		});
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.items[0].json.emailAddress).toBe('new.one@example.com');
		expect(String(result.items[1].json.error)).toMatch(/^Synap rejected the request \(field: emailAddress\)/);
		expect(result.items[2].json.emailAddress).toBe('new.two@example.com');
	});

	test('Register refuses two groups before sending (Synap registers into one)', async () => {
		const result = await runSynapNode({
			parameters: {
				resource: 'user',
				operation: 'create',
				name: 'Two Groups',
				emailAddress: 'two.groups@example.com',
				additionalFields: { userGroupId: `${sandbox.seeded.groups.students},${sandbox.seeded.groups.chemistryClass}` },
			},
			credentials,
		});
		expect(apiRequests()).toHaveLength(0);
		expect(result.error?.message).toBe('Additional Fields → User Group ID takes one ID, got 2 [item 0]');
	});

	test('Get returns the simplified user; Get Account reads user-accounts', async () => {
		const id = sandbox.seeded.users.student;
		const get = await runSynapNode({ parameters: { resource: 'user', operation: 'get', userId: rl(id) }, credentials });
		expect(apiRequests()[0].path).toBe(`/v3/users/${id}`);
		expect(get.items[0].json).toMatchObject({ id, type: 'User' });
		expect(Array.isArray(get.items[0].json.userGroupIds)).toBe(true);

		sandbox.clearRequests();
		const account = await runSynapNode({ parameters: { resource: 'user', operation: 'getAccount', userId: rl(id) }, credentials });
		expect(apiRequests()[0].path).toBe(`/v3/user-accounts/${id}`);
		expect(account.items[0].json).toMatchObject({ id, type: 'UserAccount' });
	});

	test('Get Many with Return All reads every page with the largest page size', async () => {
		const total = sandbox.store.all('User').length;
		const result = await runSynapNode({ parameters: { resource: 'user', operation: 'getAll', returnAll: true }, credentials });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(total);
		expect(new Set(result.items.map((i) => i.json.id)).size).toBe(total);
		expect(apiRequests().length).toBe(Math.ceil(total / 100));
		expect(apiRequests()[0].query['page[size]']).toBe('100');
	});

	test('Return All reads the later pages ahead, several at once, and outputs them in page order', async () => {
		// The sandbox writes its links as Synap-style `page[number]=2` (brackets not encoded); read-ahead
		// once never recognised them and paged one request at a time.
		const sequential: unknown[] = [];
		let url: string | undefined = `${sandbox.baseUrl}/users?page%5Bsize%5D=100`;
		while (url) {
			const page = (await (await fetch(url, { headers: { Authorization: `Bearer ${sandbox.adminToken}` } })).json()) as { data: Array<{ id: string }>; links: { next?: string } };
			sequential.push(...page.data.map((r) => r.id));
			url = page.links.next;
		}
		expect(sequential.length).toBeGreaterThan(200);
		sandbox.clearRequests();
		sandbox.options.latencyMs = 50;
		try {
			const result = await runSynapNode({ parameters: { resource: 'user', operation: 'getAll', returnAll: true }, credentials });
			expect(result.error).toBeUndefined();
			expect(result.items.map((i) => i.json.id)).toEqual(sequential);
			// Page 1 alone (its links name the last page), then pages 2 and 3 together.
			const pages = apiRequests();
			expect(pages.map((r) => r.query['page[number]'] ?? '1').sort()).toEqual(['1', '2', '3']);
			expect(pages[0].concurrent).toBe(1);
			// Whichever of pages 2 and 3 arrived second found the other still being answered.
			expect(Math.max(...pages.slice(1).map((r) => r.concurrent))).toBe(2);
		} finally {
			sandbox.options.latencyMs = 0;
		}
	});

	test('Get Many with a filter and a limit', async () => {
		const result = await runSynapNode({
			parameters: { resource: 'user', operation: 'getAll', returnAll: false, limit: 3, filters: { userGroup: sandbox.seeded.groups.students } },
			credentials,
		});
		expect(result.items).toHaveLength(3);
		expect(apiRequests()).toHaveLength(1);
		expect(apiRequests()[0].query['filter[userGroup]']).toBe(sandbox.seeded.groups.students);
	});

	test('Update sends a PATCH with data.id and only the fields given', async () => {
		const id = sandbox.seeded.users.student2;
		const result = await runSynapNode({
			parameters: { resource: 'user', operation: 'update', userId: rl(id), updateFields: { externalId: 'SIS-77', timeZone: 'Europe/Rome' } },
			credentials,
		});
		expect(result.error).toBeUndefined();
		const [req] = apiRequests();
		expect(req.method).toBe('PATCH');
		expect(req.path).toBe(`/v3/users/${id}`);
		expect(req.body).toEqual({ data: { type: 'User', id, attributes: { externalId: 'SIS-77', timeZone: 'Europe/Rome' } } });
		expect(result.items[0].json).toMatchObject({ id, externalId: 'SIS-77', timeZone: 'Europe/Rome' });
		expect(sandbox.store.find('User', id)?.attributes.externalId).toBe('SIS-77');
	});

	test("Update acting as the student themself (Synap's profile-picture example) sends the Subject-User header", async () => {
		const id = sandbox.seeded.users.student;
		const picture = { __type: 'File', name: 'me.png', url: 'https://files.example.com/me.png' };
		const result = await runSynapNode({
			parameters: { resource: 'user', operation: 'update', userId: rl(id), subjectUserId: id, updateFields: { profilePicture: JSON.stringify(picture) } },
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(apiRequests()[0].headers['subject-user']).toBe(id);
		expect(sandbox.store.find('User', id)?.attributes.profilePicture).toEqual(picture);
	});

	test('acting as a student on another user is refused by Synap, and the error says whose privileges were missing', async () => {
		const student = sandbox.seeded.users.student;
		const result = await runSynapNode({
			parameters: { resource: 'user', operation: 'update', userId: rl(sandbox.seeded.users.student2), subjectUserId: student, updateFields: { name: 'Hacked' } },
			credentials,
		});
		expect(result.error?.message).toMatch(new RegExp(`^(The Subject-User ${student} is not allowed to do this|Synap could not find)`));
		expect(sandbox.store.find('User', sandbox.seeded.users.student2)?.attributes.name).not.toBe('Hacked');
	});

	test('Delete removes the user and outputs deleted: true', async () => {
		const id = sandbox.seeded.users.marker;
		const result = await runSynapNode({ parameters: { resource: 'user', operation: 'delete', userId: rl(id) }, credentials });
		expect(apiRequests()[0]).toMatchObject({ method: 'DELETE', path: `/v3/users/${id}` });
		expect(result.items.map((i) => i.json)).toEqual([{ deleted: true, id }]);
		expect(sandbox.store.find('User', id)).toBeUndefined();
	});

	test('a revoked token fails with the credential hint, and the token is nowhere in the error', async () => {
		const result = await runSynapNode({
			parameters: { resource: 'user', operation: 'get', userId: rl(sandbox.seeded.users.student) },
			credentials: { ...credentials, accessToken: sandbox.tokens.revoked },
		});
		expect(result.error?.message).toBe('Synap did not accept the Personal Access Token');
		expect(JSON.stringify(result.run)).not.toContain(sandbox.tokens.revoked);
	});
});

describe('User Group', () => {
	test('Get Many lists the default groups; Get and Update work by ID', async () => {
		const list = await runSynapNode({ parameters: { resource: 'userGroup', operation: 'getAll', returnAll: true }, credentials });
		const names = list.items.map((i) => i.json.name);
		expect(names).toEqual(expect.arrayContaining(['All Users', 'Admins', 'Educators', 'Students']));

		const id = sandbox.seeded.groups.chemistryClass;
		sandbox.clearRequests();
		const updated = await runSynapNode({
			parameters: { resource: 'userGroup', operation: 'update', userGroupId: rl(id), updateFields: { description: 'Year 11 chemistry' } },
			credentials,
		});
		expect(apiRequests()[0].body).toEqual({ data: { type: 'UserGroup', id, attributes: { description: 'Year 11 chemistry' } } });
		expect(updated.items[0].json).toMatchObject({ id, description: 'Year 11 chemistry' });
	});

	test('Add Members and Remove Members change just this group through the relationship route', async () => {
		const group = sandbox.seeded.groups.chemistryClass;
		const student = sandbox.seeded.users.student2;
		const read = await runSynapNode({ parameters: { resource: 'user', operation: 'get', userId: rl(student) }, credentials });
		const before = read.items[0].json.userGroupIds as string[];
		expect(before).not.toContain(group);
		sandbox.clearRequests();
		const added = await runSynapNode({
			parameters: { resource: 'userGroup', operation: 'addMembers', userGroupId: rl(group), userIds: student },
			credentials,
		});
		expect(added.error).toBeUndefined();
		expect(added.items.map((i) => i.json)).toEqual([{ userId: student, userGroupId: group, added: true }]);
		const member = [{ type: 'UserGroup', id: group }];
		expect(apiRequests().map((r) => [r.method, r.path, r.body])).toEqual([
			['GET', `/v3/users/${student}`, undefined],
			['POST', `/v3/users/${student}/relationships/userGroups`, { data: member }],
		]);
		expect(sandbox.store.find('User', student)?.relationships.userGroups).toEqual([...before, group].map((id) => ({ type: 'UserGroup', id })));

		sandbox.clearRequests();
		const again = await runSynapNode({
			parameters: { resource: 'userGroup', operation: 'addMembers', userGroupId: rl(group), userIds: student },
			credentials,
		});
		expect(again.items[0].json).toEqual({ userId: student, userGroupId: group, added: false, reason: 'already a member' });
		expect(apiRequests().map((r) => r.method)).toEqual(['GET']);

		sandbox.clearRequests();
		const removed = await runSynapNode({
			parameters: { resource: 'userGroup', operation: 'removeMembers', userGroupId: rl(group), userIds: student },
			credentials,
		});
		expect(removed.items[0].json).toEqual({ userId: student, userGroupId: group, removed: true });
		expect(apiRequests().map((r) => [r.method, r.path, r.body])).toEqual([
			['GET', `/v3/users/${student}`, undefined],
			['DELETE', `/v3/users/${student}/relationships/userGroups`, { data: member }],
		]);
		const after = await runSynapNode({ parameters: { resource: 'user', operation: 'get', userId: rl(student) }, credentials });
		expect(after.items[0].json.userGroupIds).toEqual(before);
	});

	test('two items adding the same user to two groups at once keep both memberships (no read-modify-write race)', async () => {
		const student = sandbox.seeded.users.student;
		const fresh = [await newGroup('Race A'), await newGroup('Race B')];
		const before = groupsOf(student);
		sandbox.options.latencyMs = 30; // both reads are answered before either write
		try {
			const result = await runSynapNode({
				parameters: { resource: 'userGroup', operation: 'addMembers', userGroupId: { __rl: true, mode: 'id', value: '={{ $json.group }}' }, userIds: student },
				items: fresh.map((group) => ({ group })),
				credentials,
			});
			expect(result.error).toBeUndefined();
			expect(result.items.map((i) => i.json.added)).toEqual([true, true]);
		} finally {
			sandbox.options.latencyMs = 0;
		}
		expect(groupsOf(student)).toEqual([...before, ...fresh]);
	});

	test('a portal without the relationship route: Add Members falls back to writing the whole group list (PATCH /users/{id}), asking once per run', async () => {
		const group = await newGroup('Fallback');
		const [first, second] = [sandbox.seeded.users.student2, sandbox.seeded.users.educator];
		const before = [groupsOf(first), groupsOf(second)];
		sandbox.options.variant = { missingRoutes: ['POST /users/{id}/relationships/userGroups'] };
		try {
			const added = await runSynapNode({
				parameters: { resource: 'userGroup', operation: 'addMembers', userGroupId: rl(group), userIds: `${first},${second}` },
				credentials,
			});
			expect(added.error).toBeUndefined();
			expect(added.items.map((i) => i.json)).toEqual([
				{ userId: first, userGroupId: group, added: true },
				{ userId: second, userGroupId: group, added: true },
			]);
		} finally {
			sandbox.options.variant = null;
		}
		expect(apiRequests().map((r) => [r.method, r.path, r.status])).toEqual([
			['GET', `/v3/users/${first}`, 200],
			['POST', `/v3/users/${first}/relationships/userGroups`, 404],
			['PATCH', `/v3/users/${first}`, 200],
			['GET', `/v3/users/${second}`, 200],
			['PATCH', `/v3/users/${second}`, 200],
		]);
		expect(apiRequests()[2].body).toEqual({
			data: { type: 'User', id: first, relationships: { userGroups: { data: [...before[0], group].map((id) => ({ type: 'UserGroup', id })) } } },
		});
		expect(groupsOf(second)).toEqual([...before[1], group]);
	});

	test('Create, Get and Delete a group: the exact JSON:API requests, and the group is gone afterwards', async () => {
		const created = await runSynapNode({
			parameters: {
				resource: 'userGroup',
				operation: 'create',
				name: 'Year 12 Physics',
				additionalFields: { userTypeId: sandbox.seeded.userTypes.Student, description: 'Physics, 2026 intake' },
			},
			credentials,
		});
		expect(created.error).toBeUndefined();
		expect(apiRequests()[0]).toMatchObject({ method: 'POST', path: '/v3/user-groups' });
		expect(apiRequests()[0].body).toEqual({
			data: {
				type: 'UserGroup',
				attributes: { name: 'Year 12 Physics', description: 'Physics, 2026 intake' },
				relationships: { userType: { data: { type: 'UserType', id: sandbox.seeded.userTypes.Student } } },
			},
		});
		const id = created.items[0].json.id as string;
		expect(created.items[0].json).toMatchObject({ type: 'UserGroup', name: 'Year 12 Physics' });

		sandbox.clearRequests();
		const got = await runSynapNode({ parameters: { resource: 'userGroup', operation: 'get', userGroupId: rl(id) }, credentials });
		expect(apiRequests()[0]).toMatchObject({ method: 'GET', path: `/v3/user-groups/${id}` });
		expect(got.items[0].json).toMatchObject({ id, name: 'Year 12 Physics' });

		sandbox.clearRequests();
		const deleted = await runSynapNode({ parameters: { resource: 'userGroup', operation: 'delete', userGroupId: rl(id) }, credentials });
		expect(apiRequests()[0]).toMatchObject({ method: 'DELETE', path: `/v3/user-groups/${id}` });
		expect(deleted.items[0].json).toEqual({ deleted: true, id });
		expect(sandbox.store.find('UserGroup', id)).toBeUndefined();
	});
});

describe('Custom', () => {
	test('API Request: GET with query parameters and Return All, items split per resource', async () => {
		const result = await runSynapNode({
			parameters: {
				resource: 'custom',
				operation: 'apiRequest',
				method: 'GET',
				path: '/user-groups',
				queryParameters: { parameter: [{ name: 'filter[search]', value: 'Stud' }] },
				returnAll: true,
			},
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(apiRequests()[0]).toMatchObject({ method: 'GET', path: '/v3/user-groups' });
		expect(apiRequests()[0].query['filter[search]']).toBe('Stud');
		expect(result.items.length).toBeGreaterThan(0);
		expect(result.items.every((i) => i.json.type === 'UserGroup')).toBe(true);
	});

	test('API Request: a page[size] set in Query Parameters is kept when paging', async () => {
		const result = await runSynapNode({
			parameters: {
				resource: 'custom',
				operation: 'apiRequest',
				method: 'GET',
				path: '/users',
				queryParameters: { parameter: [{ name: 'page[size]', value: '50' }] },
				returnAll: true,
			},
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(apiRequests()[0].query['page[size]']).toBe('50');
		expect(result.items).toHaveLength(sandbox.store.all('User').length);
	});

	test('API Request: PATCH with a JSON:API body, acting as a Subject-User', async () => {
		const id = sandbox.seeded.users.student;
		const body = { data: { type: 'User', id, attributes: { timeZone: 'Europe/Paris' } } };
		const result = await runSynapNode({
			parameters: { resource: 'custom', operation: 'apiRequest', method: 'PATCH', path: `/users/${id}`, body: JSON.stringify(body), subjectUserId: id },
			credentials,
		});
		expect(result.error).toBeUndefined();
		const [req] = apiRequests();
		expect(req).toMatchObject({ method: 'PATCH', path: `/v3/users/${id}` });
		expect(req.headers['subject-user']).toBe(id);
		expect(req.headers['content-type']).toBe('application/vnd.api+json');
		expect(req.body).toEqual(body);
		expect(result.items[0].json).toMatchObject({ id, type: 'User', attributes: { timeZone: 'Europe/Paris' } });
	});

	test('API Request: a path that leaves the API is refused before sending', async () => {
		for (const path of ['//evil.example.com/x', 'https://evil.example.com/v3/users', '/users/../../admin', '/users?x=1']) {
			const result = await runSynapNode({ parameters: { resource: 'custom', operation: 'apiRequest', method: 'GET', path }, credentials });
			expect(result.error?.message).toMatch(/^Path .* is not a path under the API base URL \[item 0\]$/);
		}
		expect(apiRequests()).toHaveLength(0);
	});
});

