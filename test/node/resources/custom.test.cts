/**
 * Custom → API Request run inside n8n-core's real engine against the Synap sandbox: the path,
 * query and body Synap receives, paging, and the paths refused before sending.
 */
import { apiRequests, run, useSandbox } from '../support.cjs';

// 230 extra users make Return All read several pages (page[size] 50 or 100).
const env = useSandbox({ seed: 7, extraUsers: 230 });

describe('Custom', () => {
	test('API Request: GET with query parameters and Return All, items split per resource', async () => {
		const result = await run(env, {
			resource: 'custom',
			operation: 'apiRequest',
			method: 'GET',
			path: '/user-groups',
			queryParameters: { parameter: [{ name: 'filter[search]', value: 'Stud' }] },
			returnAll: true,
		});
		expect(result.error).toBeUndefined();
		expect(apiRequests(env)[0]).toMatchObject({ method: 'GET', path: '/v3/user-groups' });
		expect(apiRequests(env)[0].query['filter[search]']).toBe('Stud');
		expect(result.items.length).toBeGreaterThan(0);
		expect(result.items.every((i) => i.json.type === 'UserGroup')).toBe(true);
	});

	test('API Request: a page[size] set in Query Parameters is kept when paging', async () => {
		const result = await run(env, {
			resource: 'custom',
			operation: 'apiRequest',
			method: 'GET',
			path: '/users',
			queryParameters: { parameter: [{ name: 'page[size]', value: '50' }] },
			returnAll: true,
		});
		expect(result.error).toBeUndefined();
		expect(apiRequests(env)[0].query['page[size]']).toBe('50');
		expect(result.items).toHaveLength(env.sandbox.store.all('User').length);
	});

	test('API Request: PATCH with a JSON:API body, acting as a Subject-User', async () => {
		const id = env.sandbox.seeded.users.student;
		const body = { data: { type: 'User', id, attributes: { timeZone: 'Europe/Paris' } } };
		const result = await run(env, {
			resource: 'custom',
			operation: 'apiRequest',
			method: 'PATCH',
			path: `/users/${id}`,
			body: JSON.stringify(body),
			subjectUserId: id,
		});
		expect(result.error).toBeUndefined();
		const [req] = apiRequests(env);
		expect(req).toMatchObject({ method: 'PATCH', path: `/v3/users/${id}` });
		expect(req.headers['subject-user']).toBe(id);
		expect(req.headers['content-type']).toBe('application/vnd.api+json');
		expect(req.body).toEqual(body);
		expect(result.items[0].json).toMatchObject({ id, type: 'User', attributes: { timeZone: 'Europe/Paris' } });
	});

	test('API Request: a path that leaves the API is refused before sending', async () => {
		for (const path of ['//evil.example.com/x', 'https://evil.example.com/v3/users', '/users/../../admin', '/users?x=1']) {
			const result = await run(env, { resource: 'custom', operation: 'apiRequest', method: 'GET', path });
			expect(result.error?.message).toMatch(/^Path .* is not a path under the API base URL \[item 0\]$/);
		}
		expect(apiRequests(env)).toHaveLength(0);
	});
});
