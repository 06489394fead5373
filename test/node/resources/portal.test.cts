/**
 * Portal (Get, Update) against the sandbox.
 */
import { apiRequests, expectRequest, outputOf, rl, run, useSandbox } from '../support.cjs';

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
		expect(apiRequests(env)).toHaveLength(0);
		expect(result.error?.message).toBe('Update Fields → Email Settings (JSON) must be a JSON object [item 0]');
	});
});
