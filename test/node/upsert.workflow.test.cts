/**
 * Create or Update (User by Email or External ID, User Group by Name) against the sandbox, in
 * n8n-core's real engine: what Synap receives, and what n8n outputs.
 */
import { Synap } from '../../nodes/Synap/Synap.node';
import { json } from '../support/scriptedServer.cjs';
import { apiRequests, outputOf, run, useSandbox, useScriptedServer } from './support.cjs';

const env = useSandbox();

const lookup = (filter: string, value: string) => ({ [`filter[${filter}]`]: value, 'page[size]': '10' });
const calls = () => apiRequests(env).map((r) => `${r.method} ${r.path.replace('/v3', '')}`);

describe('User → Create or Update', () => {
	test('no user has the email: registers one, and says "created"', async () => {
		const result = await run(env, {
			resource: 'user',
			operation: 'upsert',
			name: '={{ $json.name }}',
			emailAddress: '={{ $json.email }}',
			additionalFields: { welcomeEmailDisabled: true, timeZone: 'Europe/Paris' },
		}, { items: [{ name: 'Grace Hopper', email: 'grace.hopper@example.org' }] });
		const [find, register] = apiRequests(env);
		expect(calls()).toEqual(['GET /users', 'POST /user-registrations']);
		expect(find.query).toEqual(lookup('emailAddress', 'grace.hopper@example.org'));
		expect(register.body).toEqual({
			data: {
				type: 'UserRegistration',
				attributes: { name: 'Grace Hopper', emailAddress: 'grace.hopper@example.org', welcomeEmailDisabled: true, timeZone: 'Europe/Paris' },
			},
		});
		const [out] = outputOf(result);
		expect(out).toMatchObject({ operation: 'created', name: 'Grace Hopper', emailAddress: 'grace.hopper@example.org' });
		expect(env.sandbox.store.userByEmail('grace.hopper@example.org')?.id).toBe(out.id);
	});

	test('a user has the email (in another case): updates them, adds the group and keeps their others, says "updated"', async () => {
		const { users, groups } = env.sandbox.seeded;
		const student = env.sandbox.store.find('User', users.student)!;
		const email = String(student.attributes.emailAddress).toUpperCase();
		const before = (student.relationships.userGroups as Array<{ id: string }>).map((g) => g.id);
		expect(before).not.toContain(groups.corporateOnboarding);
		const result = await run(env, {
			resource: 'user',
			operation: 'upsert',
			name: 'Sam Student-Renamed',
			emailAddress: email,
			additionalFields: { userGroupId: groups.corporateOnboarding, externalId: 'HR-0042', password: 'NotSent123' },
		});
		const [, update] = apiRequests(env);
		expect(calls()).toEqual(['GET /users', `PATCH /users/${users.student}`]);
		// Registration-only fields (password) are not sent to an existing user.
		expect(update.body).toEqual({
			data: {
				type: 'User',
				id: users.student,
				attributes: { name: 'Sam Student-Renamed', emailAddress: email, externalId: 'HR-0042' },
				relationships: { userGroups: { data: [...before, groups.corporateOnboarding].map((id) => ({ type: 'UserGroup', id })) } },
			},
		});
		const [out] = outputOf(result);
		expect(out).toMatchObject({ operation: 'updated', id: users.student, name: 'Sam Student-Renamed', externalId: 'HR-0042' });
		expect(out.userGroupIds).toEqual([...before, groups.corporateOnboarding]);
	});

	test('the group is already one of theirs: the update leaves their groups alone', async () => {
		const { users, groups } = env.sandbox.seeded;
		const result = await run(env, {
			resource: 'user',
			operation: 'upsert',
			name: 'Sam Student-Renamed',
			emailAddress: String(env.sandbox.store.find('User', users.student)!.attributes.emailAddress),
			additionalFields: { userGroupId: groups.corporateOnboarding },
		});
		const [, update] = apiRequests(env);
		expect((update.body as { data: Record<string, unknown> }).data.relationships).toBeUndefined();
		expect(outputOf(result)[0].operation).toBe('updated');
	});

	test('Match On External ID, none found: registers, then sets the External ID (not a registration attribute); again: updates', async () => {
		const params = {
			resource: 'user',
			operation: 'upsert',
			matchOn: 'externalId',
			externalId: 'HR-7001',
			name: 'Katherine Johnson',
			emailAddress: 'k.johnson@example.org',
		};
		const first = await run(env, params);
		const [find, register, setId] = apiRequests(env);
		expect(calls()).toEqual(['GET /users', 'POST /user-registrations', expect.stringMatching(/^PATCH \/users\/\w{10}$/)]);
		expect(find.query).toEqual(lookup('externalId', 'HR-7001'));
		expect(register.body).toEqual({ data: { type: 'UserRegistration', attributes: { name: 'Katherine Johnson', emailAddress: 'k.johnson@example.org' } } });
		const [created] = outputOf(first);
		expect(setId.body).toEqual({ data: { type: 'User', id: created.id, attributes: { externalId: 'HR-7001' } } });
		expect(created).toMatchObject({ operation: 'created', externalId: 'HR-7001', emailAddress: 'k.johnson@example.org' });

		env.sandbox.clearRequests();
		const second = await run(env, { ...params, emailAddress: 'katherine.johnson@example.org' });
		expect(calls()).toEqual(['GET /users', `PATCH /users/${created.id as string}`]);
		expect(outputOf(second)[0]).toMatchObject({ operation: 'updated', id: created.id, emailAddress: 'katherine.johnson@example.org' });
	});

	test('several users have the key: the item fails naming them, nothing is written; with Continue On Fail the other items still run', async () => {
		const { users } = env.sandbox.seeded;
		for (const id of [users.educator, users.marker]) env.sandbox.store.update(env.sandbox.store.find('User', id)!, { externalId: 'SHARED-1' });
		const result = await run(
			env,
			{ resource: 'user', operation: 'upsert', matchOn: 'externalId', externalId: '={{ $json.id }}', name: '={{ $json.name }}', emailAddress: '={{ $json.email }}' },
			{
				items: [
					{ id: 'SHARED-1', name: 'Whoever', email: 'whoever@example.org' },
					{ id: 'HR-9001', name: 'Mary Jackson', email: 'mary.jackson@example.org' },
				],
				onError: 'continueRegularOutput',
			},
		);
		const educator = env.sandbox.store.find('User', users.educator)!.attributes.name as string;
		const marker = env.sandbox.store.find('User', users.marker)!.attributes.name as string;
		expect(result.items).toHaveLength(2);
		expect(result.items[0].json.error).toBe(
			`2 user records have External ID "SHARED-1": ${educator} (${users.educator}), ${marker} (${users.marker}) [item 0]`,
		);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expect(result.items[1].json).toMatchObject({ operation: 'created', name: 'Mary Jackson', externalId: 'HR-9001' });
		expect(result.items[1].pairedItem).toEqual({ item: 1 });
		// Item 0 only looked; item 1 looked, registered and set its External ID.
		expect(apiRequests(env).filter((r) => r.method !== 'GET')).toHaveLength(2);
	});

	test('the same key twice in one run, 10 at a time: one registration, the second item updates it', async () => {
		env.sandbox.options.latencyMs = 40;
		try {
			const result = await run(
				env,
				{
					resource: 'user',
					operation: 'upsert',
					matchOn: 'externalId',
					externalId: '={{ $json.id }}',
					name: '={{ $json.name }}',
					emailAddress: '={{ $json.email }}',
					requestOptions: { concurrency: 10 },
				},
				{
					items: [
						{ id: 'HR-5001', name: 'Dorothy Vaughan', email: 'dorothy.vaughan@example.org' },
						{ id: 'HR-5002', name: 'Annie Easley', email: 'annie.easley@example.org' },
						{ id: 'HR-5001', name: 'Dorothy J. Vaughan', email: 'dorothy.vaughan@example.org' },
					],
				},
			);
			expect(result.error).toBeUndefined();
			const out = result.items.map((i) => i.json);
			expect(out.map((o) => [o.operation, o.name])).toEqual([
				['created', 'Dorothy Vaughan'],
				['created', 'Annie Easley'],
				['updated', 'Dorothy J. Vaughan'],
			]);
			expect(out[2].id).toBe(out[0].id);
			expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			const registrations = apiRequests(env).filter((r) => r.path === '/v3/user-registrations');
			expect(registrations).toHaveLength(2);
			expect(env.sandbox.store.all('User').filter((u) => u.attributes.externalId === 'HR-5001')).toHaveLength(1);
			// Different keys still ran side by side.
			expect(Math.max(...apiRequests(env).map((r) => r.concurrent))).toBeGreaterThan(1);
		} finally {
			env.sandbox.options.latencyMs = 0;
		}
	});

	test('Act As: every request of the item carries the Subject-User, and Synap applies its privileges', async () => {
		const { users } = env.sandbox.seeded;
		const result = await run(env, {
			resource: 'user',
			operation: 'upsert',
			name: 'Rosalind Franklin',
			emailAddress: 'rosalind.franklin@example.org',
			subjectUserId: users.educator,
		});
		expect(calls()).toEqual(['GET /users', 'POST /user-registrations']);
		for (const r of apiRequests(env)) expect(r.headers['subject-user']).toBe(users.educator);
		expect(outputOf(result)[0]).toMatchObject({ operation: 'created' });

		env.sandbox.clearRequests();
		// A marker may not register anyone: Synap's 403 becomes an error naming the Subject-User.
		const refused = await run(env, { resource: 'user', operation: 'upsert', name: 'X Y', emailAddress: 'x.y@example.org', subjectUserId: users.marker });
		expect(refused.error?.message).toContain(`The Subject-User ${users.marker} is not allowed to do this`);
		expect(calls()).toEqual(['GET /users', 'POST /user-registrations']);
	});
});

describe('User → Create or Update against a server that ignores the filter', () => {
	const scripted = useScriptedServer('p:UpsertScriptedToken0123456789');

	test('a list with other users and more pages: the item fails and nothing is created', async () => {
		const other = (id: string, email: string) => ({ type: 'User', id, attributes: { name: id, emailAddress: email } });
		scripted.server.script(json(200, { data: [other('AAAAAAAAAA', 'a@example.org'), other('BBBBBBBBBB', 'b@example.org')], links: { next: `${scripted.server.baseUrl}/users?page[number]=2` } }));
		const result = await run(scripted, { resource: 'user', operation: 'upsert', name: 'C', emailAddress: 'c@example.org' });
		expect(result.error?.message).toBe('Could not look up the user by Email: Synap\'s answer to filter[emailAddress] holds records whose Email is not "c@example.org" [item 0]');
		expect(scripted.server.requests.map((r) => r.method)).toEqual(['GET']);
	});

	test('the whole list on one page: the matching user is found among the others and updated', async () => {
		const other = (id: string, email: string) => ({ type: 'User', id, attributes: { name: id, emailAddress: email } });
		scripted.server.script(
			json(200, { data: [other('AAAAAAAAAA', 'a@example.org'), other('CCCCCCCCCC', 'C@example.org')] }),
			json(200, { data: { ...other('CCCCCCCCCC', 'c@example.org'), attributes: { name: 'C', emailAddress: 'c@example.org' } } }),
		);
		const result = await run(scripted, { resource: 'user', operation: 'upsert', name: 'C', emailAddress: 'c@example.org' });
		expect(scripted.server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v3/users', 'PATCH /v3/users/CCCCCCCCCC']);
		expect(result.items[0].json).toMatchObject({ id: 'CCCCCCCCCC', operation: 'updated' });
	});
});

describe('User → Create or Update when the second request fails', () => {
	const scripted = useScriptedServer('p:UpsertScriptedToken0123456789');

	test('Synap\'s list does not show the new user yet: the second item with the same key still updates it, never registers again', async () => {
		const user = (id: string, name: string) => ({ type: 'User', id, attributes: { name, emailAddress: 'e@example.org' } });
		scripted.server.script(
			json(200, { data: [] }),
			json(201, { data: { ...user('NewUser002', 'E'), type: 'UserRegistration' } }),
			json(200, { data: [] }),
			json(200, { data: user('NewUser002', 'E. Noether') }),
		);
		const result = await run(
			scripted,
			{ resource: 'user', operation: 'upsert', name: '={{ $json.name }}', emailAddress: 'e@example.org', requestOptions: { concurrency: 5 } },
			{ items: [{ name: 'E' }, { name: 'E. Noether' }] },
		);
		expect(scripted.server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v3/users', 'POST /v3/user-registrations', 'GET /v3/users', 'PATCH /v3/users/NewUser002']);
		expect(result.items.map((i) => i.json.operation)).toEqual(['created', 'updated']);
	});

	test('the email belongs to a user with another External ID: the registration error says why a create was tried', async () => {
		scripted.server.script(
			json(200, { data: [] }),
			json(400, { errors: [{ status: '400', title: 'Invalid Attribute', detail: 'An account already exists for this email address.', source: { pointer: '/data/attributes/emailAddress' } }] }),
		);
		const result = await run(
			scripted,
			{ resource: 'user', operation: 'upsert', matchOn: 'externalId', externalId: 'HR-2', name: 'F', emailAddress: 'f@example.org' },
		);
		expect(result.error?.message).toContain('An account already exists for this email address.');
		expect(result.error?.description).toContain('No user has External ID "HR-2", so Create or Update tried to create one.');
	});

	test('registered but the External ID was refused: the error says the user exists and how to finish', async () => {
		scripted.server.script(
			json(200, { data: [] }),
			json(201, { data: { type: 'UserRegistration', id: 'NewUser001', attributes: { name: 'D', emailAddress: 'd@example.org' } } }),
			json(400, { errors: [{ status: '400', title: 'Invalid Attribute', detail: 'externalId is too long', source: { pointer: '/data/attributes/externalId' } }] }),
		);
		const result = await run(
			scripted,
			{ resource: 'user', operation: 'upsert', matchOn: 'externalId', externalId: 'HR-1', name: 'D', emailAddress: 'd@example.org' },
		);
		expect(scripted.server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v3/users', 'POST /v3/user-registrations', 'PATCH /v3/users/NewUser001']);
		expect(result.error?.message).toContain('externalId is too long');
		expect(result.error?.description).toContain('The user was created (ID NewUser001), but setting externalId on it failed. Set them with User → Update.');
	});
});

describe('User Group → Create or Update', () => {
	test('by name: creates the group once, then updates it', async () => {
		const params = {
			resource: 'userGroup',
			operation: 'upsert',
			name: 'Year 12 Biology',
			additionalFields: { description: '={{ $json.description }}' },
		};
		const first = await run(env, params, { items: [{ description: 'Biology, 2026 intake' }] });
		const [find, create] = apiRequests(env);
		expect(find.query).toEqual(lookup('name', 'Year 12 Biology'));
		expect(create).toMatchObject({ method: 'POST', path: '/v3/user-groups' });
		expect(create.body).toEqual({ data: { type: 'UserGroup', attributes: { name: 'Year 12 Biology', description: 'Biology, 2026 intake' } } });
		const [created] = outputOf(first);
		expect(created).toMatchObject({ operation: 'created', name: 'Year 12 Biology' });

		env.sandbox.clearRequests();
		const second = await run(env, params, { items: [{ description: 'Biology, 2026 and 2027 intakes' }] });
		const [, update] = apiRequests(env);
		expect(update).toMatchObject({ method: 'PATCH', path: `/v3/user-groups/${created.id as string}` });
		expect(update.body).toEqual({
			data: { type: 'UserGroup', id: created.id, attributes: { name: 'Year 12 Biology', description: 'Biology, 2026 and 2027 intakes' } },
		});
		expect(outputOf(second)[0]).toMatchObject({ operation: 'updated', id: created.id, description: 'Biology, 2026 and 2027 intakes' });
		expect(env.sandbox.store.all('UserGroup').filter((g) => g.attributes.name === 'Year 12 Biology')).toHaveLength(1);
	});

	test('create-only relationships (User Type) are sent on create and not on update', async () => {
		const { userTypes } = env.sandbox.seeded;
		const params = { resource: 'userGroup', operation: 'upsert', name: 'Exam Markers 2026', additionalFields: { userTypeId: userTypes.Marker } };
		await run(env, params);
		expect(apiRequests(env)[1].body).toMatchObject({ data: { relationships: { userType: { data: { type: 'UserType', id: userTypes.Marker } } } } });
		env.sandbox.clearRequests();
		const again = await run(env, params);
		expect(outputOf(again)[0].operation).toBe('updated');
		expect((apiRequests(env)[1].body as { data: Record<string, unknown> }).data.relationships).toBeUndefined();
	});
});


describe('the parameters n8n shows for Create or Update (derived from Register and Update)', () => {
	const properties = new Synap().description.properties;
	const shownFor = (resource: string) =>
		properties.filter((p) => p.displayOptions?.show?.resource?.includes(resource) && p.displayOptions?.show?.operation?.includes('upsert'));

	test('User: Match On (Email by default), the external ID only when matching on it, the required fields, one Additional Fields', () => {
		const props = shownFor('user');
		expect(props.map((p) => p.name)).toEqual(['matchOn', 'externalId', 'name', 'emailAddress', 'additionalFields', 'simplify']);
		expect(props[0]).toMatchObject({ default: 'emailAddress', options: [{ name: 'Email', value: 'emailAddress' }, { name: 'External ID', value: 'externalId' }] });
		expect(props[1]).toMatchObject({ required: true, displayOptions: { show: { matchOn: ['externalId'] } } });
		const additional = (props[4].options ?? []) as Array<{ name: string; description?: string }>;
		const names = additional.map((o) => o.name);
		// Registration's fields, Update's fields (External ID, Notification Settings…), the group as one ID.
		expect(names).toEqual(expect.arrayContaining(['password', 'welcomeEmailDisabled', 'externalId', 'notificationConfig', 'userGroupId', 'subPortalId', 'userAttributeIds']));
		expect(names).not.toContain('userGroupIds');
		expect(additional.find((o) => o.name === 'password')?.description).toMatch(/Used only when the record is created\.$/);
		expect(additional.find((o) => o.name === 'userGroupId')?.description).toContain('an existing one is added to it and keeps its others');
	});

	test('User Group: no Match On (Name is the only key), the name is the required field', () => {
		expect(shownFor('userGroup').map((p) => p.name)).toEqual(['name', 'additionalFields', 'simplify']);
	});
});
