/**
 * User (Register, Get, Get Account, Get Many, Update, Delete) run inside n8n-core's real engine
 * against the Synap sandbox: the exact request Synap receives and the items n8n outputs.
 */
import { apiRequests, expectRequest, outputOf, rl, run, useSandbox } from '../support.cjs';

// 230 extra users make Return All read three pages.
const env = useSandbox({ seed: 7, extraUsers: 230 });

describe('User', () => {
	test('Register sends a UserRegistration into one group and outputs the new user', async () => {
		const group = env.sandbox.seeded.groups.chemistryClass;
		const result = await run(
			env,
			{
				resource: 'user',
				operation: 'create',
				name: '={{ $json.name }}',
				emailAddress: '={{ $json.email }}',
				additionalFields: { userGroupId: group, welcomeEmailDisabled: true, attr: '{"studentNumber": "S-1042"}' },
			},
			{ items: [{ name: 'Grace Hopper', email: 'grace.hopper@example.com' }] },
		);
		expectRequest(env, {
			method: 'POST',
			path: '/user-registrations',
			body: {
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
			},
		});
		const [out] = outputOf(result);
		expect(out).toMatchObject({ type: 'UserRegistration', name: 'Grace Hopper', emailAddress: 'grace.hopper@example.com' });
		const user = env.sandbox.store.find('User', out.id as string);
		expect(user?.attributes.emailAddress).toBe('grace.hopper@example.com');
	});

	test('Register with an email that exists fails naming the field; with Continue On Fail the others still register', async () => {
		const result = await run(
			env,
			{ resource: 'user', operation: 'create', name: '={{ $json.name }}', emailAddress: '={{ $json.email }}' },
			{
				items: [
					{ name: 'New One', email: 'new.one@example.com' },
					{ name: 'Dup', email: 'grace.hopper@example.com' },
					{ name: 'New Two', email: 'new.two@example.com' },
				],
				onError: 'continueRegularOutput',
			},
		);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.items[0].json.emailAddress).toBe('new.one@example.com');
		expect(String(result.items[1].json.error)).toMatch(/^Synap rejected the request \(field: emailAddress\)/);
		expect(result.items[2].json.emailAddress).toBe('new.two@example.com');
	});

	test('Register refuses two groups before sending (Synap registers into one)', async () => {
		const result = await run(env, {
			resource: 'user',
			operation: 'create',
			name: 'Two Groups',
			emailAddress: 'two.groups@example.com',
			additionalFields: { userGroupId: `${env.sandbox.seeded.groups.students},${env.sandbox.seeded.groups.chemistryClass}` },
		});
		expect(apiRequests(env)).toHaveLength(0);
		expect(result.error?.message).toBe('Additional Fields → User Group ID takes one ID, got 2 [item 0]');
	});

	test('Get returns the simplified user; Get Account reads user-accounts', async () => {
		const id = env.sandbox.seeded.users.student;
		const get = await run(env, { resource: 'user', operation: 'get', userId: rl(id) });
		expect(apiRequests(env)[0].path).toBe(`/v3/users/${id}`);
		expect(get.items[0].json).toMatchObject({ id, type: 'User' });
		expect(Array.isArray(get.items[0].json.userGroupIds)).toBe(true);

		env.sandbox.clearRequests();
		const account = await run(env, { resource: 'user', operation: 'getAccount', userId: rl(id) });
		expect(apiRequests(env)[0].path).toBe(`/v3/user-accounts/${id}`);
		expect(account.items[0].json).toMatchObject({ id, type: 'UserAccount' });
	});

	test('Get Many with Return All reads every page with the largest page size', async () => {
		const total = env.sandbox.store.all('User').length;
		const result = await run(env, { resource: 'user', operation: 'getAll', returnAll: true });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(total);
		expect(new Set(result.items.map((i) => i.json.id)).size).toBe(total);
		expect(apiRequests(env).length).toBe(Math.ceil(total / 100));
		expect(apiRequests(env)[0].query['page[size]']).toBe('100');
	});

	test('Return All reads the later pages ahead, several at once, and outputs them in page order', async () => {
		// The sandbox writes its links as Synap-style `page[number]=2` (brackets not encoded); read-ahead
		// must recognise them, or it pages one request at a time.
		const sequential: unknown[] = [];
		let url: string | undefined = `${env.sandbox.baseUrl}/users?page%5Bsize%5D=100`;
		while (url) {
			const page = (await (await fetch(url, { headers: { Authorization: `Bearer ${env.sandbox.adminToken}` } })).json()) as {
				data: Array<{ id: string }>;
				links: { next?: string };
			};
			sequential.push(...page.data.map((r) => r.id));
			url = page.links.next;
		}
		expect(sequential.length).toBeGreaterThan(200);
		env.sandbox.clearRequests();
		env.sandbox.options.latencyMs = 50;
		try {
			const result = await run(env, { resource: 'user', operation: 'getAll', returnAll: true });
			expect(result.error).toBeUndefined();
			expect(result.items.map((i) => i.json.id)).toEqual(sequential);
			// Page 1 alone (its links name the last page), then pages 2 and 3 together.
			const pages = apiRequests(env);
			expect(pages.map((r) => r.query['page[number]'] ?? '1').sort()).toEqual(['1', '2', '3']);
			expect(pages[0].concurrent).toBe(1);
			// Whichever of pages 2 and 3 arrived second found the other still being answered.
			expect(Math.max(...pages.slice(1).map((r) => r.concurrent))).toBe(2);
		} finally {
			env.sandbox.options.latencyMs = 0;
		}
	});

	test('Get Many with a filter and a limit', async () => {
		const result = await run(env, {
			resource: 'user',
			operation: 'getAll',
			returnAll: false,
			limit: 3,
			filters: { userGroup: env.sandbox.seeded.groups.students },
		});
		expect(result.items).toHaveLength(3);
		expect(apiRequests(env)).toHaveLength(1);
		expect(apiRequests(env)[0].query['filter[userGroup]']).toBe(env.sandbox.seeded.groups.students);
	});

	test('Update sends a PATCH with data.id and only the fields given', async () => {
		const id = env.sandbox.seeded.users.student2;
		const result = await run(env, { resource: 'user', operation: 'update', userId: rl(id), updateFields: { externalId: 'SIS-77', timeZone: 'Europe/Rome' } });
		expect(result.error).toBeUndefined();
		const [req] = apiRequests(env);
		expect(req.method).toBe('PATCH');
		expect(req.path).toBe(`/v3/users/${id}`);
		expect(req.body).toEqual({ data: { type: 'User', id, attributes: { externalId: 'SIS-77', timeZone: 'Europe/Rome' } } });
		expect(result.items[0].json).toMatchObject({ id, externalId: 'SIS-77', timeZone: 'Europe/Rome' });
		expect(env.sandbox.store.find('User', id)?.attributes.externalId).toBe('SIS-77');
	});

	test("Update acting as the student themself (Synap's profile-picture example) sends the Subject-User header", async () => {
		const id = env.sandbox.seeded.users.student;
		const picture = { __type: 'File', name: 'me.png', url: 'https://files.example.com/me.png' };
		const result = await run(env, {
			resource: 'user',
			operation: 'update',
			userId: rl(id),
			subjectUserId: id,
			updateFields: { profilePicture: JSON.stringify(picture) },
		});
		expect(result.error).toBeUndefined();
		expect(apiRequests(env)[0].headers['subject-user']).toBe(id);
		expect(env.sandbox.store.find('User', id)?.attributes.profilePicture).toEqual(picture);
	});

	test('acting as a student on another user is refused by Synap, and the error says whose privileges were missing', async () => {
		const student = env.sandbox.seeded.users.student;
		const result = await run(env, {
			resource: 'user',
			operation: 'update',
			userId: rl(env.sandbox.seeded.users.student2),
			subjectUserId: student,
			updateFields: { name: 'Hacked' },
		});
		expect(result.error?.message).toMatch(new RegExp(`^(The Subject-User ${student} is not allowed to do this|Synap could not find)`));
		expect(env.sandbox.store.find('User', env.sandbox.seeded.users.student2)?.attributes.name).not.toBe('Hacked');
	});

	test('Delete removes the user and outputs deleted: true', async () => {
		const id = env.sandbox.seeded.users.marker;
		const result = await run(env, { resource: 'user', operation: 'delete', userId: rl(id) });
		expect(apiRequests(env)[0]).toMatchObject({ method: 'DELETE', path: `/v3/users/${id}` });
		expect(result.items.map((i) => i.json)).toEqual([{ deleted: true, id }]);
		expect(env.sandbox.store.find('User', id)).toBeUndefined();
	});

	test('a revoked token fails with the credential hint, and the token is nowhere in the error', async () => {
		const result = await run(
			env,
			{ resource: 'user', operation: 'get', userId: rl(env.sandbox.seeded.users.student) },
			{ credentials: { accessToken: env.sandbox.tokens.revoked } },
		);
		expect(result.error?.message).toBe('Synap did not accept the Personal Access Token');
		expect(JSON.stringify(result.run)).not.toContain(env.sandbox.tokens.revoked);
	});
});
