/**
 * Portal (Get, Update) and Invite (Get, Get Many, Update) against the sandbox.
 */
import { expectRequest, outputOf, rl, run, useSandbox } from './support.cjs';

const env = useSandbox();

describe('Portal', () => {
	test('Get reads /portals/{id} and outputs the flattened portal', async () => {
		const id = env.sandbox.seeded.portalId;
		const result = await run(env, { resource: 'portal', operation: 'get', portalId: rl(id) });
		expectRequest(env, { method: 'GET', path: `/portals/${id}` });
		const [out] = outputOf(result);
		expect(out).toMatchObject({ id, type: 'Portal', name: 'Northbridge Academy', subdomain: 'northbridge' });
		expect(out.emailSettings).toMatchObject({ fromName: 'Northbridge Academy' });
	});

	test('Update sends scalars, the allowlist as a list, files and nested settings as JSON', async () => {
		const id = env.sandbox.seeded.portalId;
		const favicon = { __type: 'File', name: 'favicon.png', url: 'https://cdn.example.com/favicon.png' };
		const result = await run(env, {
			resource: 'portal',
			operation: 'update',
			portalId: rl(id),
			updateFields: {
				name: 'Northbridge Learning',
				hostnameWhitelist: 'northbridge.synap.ac, learn.northbridge.example',
				favicon: JSON.stringify(favicon),
				registrationSettings: '{"pageTitle": "Join us", "registerMethod": "open"}',
				styleConfig: '={{ { brand: { primaryColor: "#112233" } } }}',
			},
		});
		expectRequest(env, {
			method: 'PATCH',
			path: `/portals/${id}`,
			body: {
				data: {
					type: 'Portal',
					id,
					attributes: {
						name: 'Northbridge Learning',
						hostnameWhitelist: ['northbridge.synap.ac', 'learn.northbridge.example'],
						favicon,
						registrationSettings: { pageTitle: 'Join us', registerMethod: 'open' },
						styleConfig: { brand: { primaryColor: '#112233' } },
					},
				},
			},
		});
		const [out] = outputOf(result);
		expect(out).toMatchObject({ id, type: 'Portal', name: 'Northbridge Learning', favicon });
		expect(env.sandbox.store.find('Portal', id)?.attributes.name).toBe('Northbridge Learning');
	});

	test('Update with nested settings that are not a JSON object fails before anything is sent', async () => {
		const result = await run(env, {
			resource: 'portal',
			operation: 'update',
			portalId: rl(env.sandbox.seeded.portalId),
			updateFields: { emailSettings: '["not", "an", "object"]' },
		});
		expect(env.sandbox.requests.filter((r) => r.path.startsWith('/v3/'))).toHaveLength(0);
		expect(result.error?.message).toBe('Update Fields → Email Settings (JSON) must be a JSON object [item 0]');
	});
});

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
