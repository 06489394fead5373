/**
 * Access Policy (Create, Get, Get Many, Update, Delete; attributes INFERRED) against the sandbox.
 */
import { expectRequest, outputOf, rl, run, useSandbox } from '../support.cjs';

const env = useSandbox();

describe('Access Policy', () => {
	let createdId = '';

	test('Create sends name, group and sub-portal, rules through Extra Attributes', async () => {
		const { groups, subPortalIds } = env.sandbox.seeded;
		const rules = [{ resourceType: 'Collection', resourceId: env.sandbox.seeded.collections.workplaceSafety, access: 'read' }];
		const result = await run(env, {
			resource: 'accessPolicy',
			operation: 'create',
			name: 'Safety content for corporate',
			additionalFields: {
				userGroupId: groups.corporateOnboarding,
				subPortalId: subPortalIds[1],
				attributesJson: JSON.stringify({ rules }),
			},
		});
		expectRequest(env, {
			method: 'POST',
			path: '/access-policies',
			body: {
				data: {
					type: 'AccessPolicy',
					attributes: { name: 'Safety content for corporate', rules },
					relationships: {
						userGroup: { data: { type: 'UserGroup', id: groups.corporateOnboarding } },
						subPortal: { data: { type: 'SubPortal', id: subPortalIds[1] } },
					},
				},
			},
		});
		const [out] = outputOf(result);
		expect(out).toMatchObject({ type: 'AccessPolicy', name: 'Safety content for corporate', rules, userGroupId: groups.corporateOnboarding });
		createdId = out.id as string;
	});

	test('Get reads /access-policies/{id}', async () => {
		const id = env.sandbox.seeded.accessPolicies[0];
		const result = await run(env, { resource: 'accessPolicy', operation: 'get', accessPolicyId: rl(id) });
		expectRequest(env, { method: 'GET', path: `/access-policies/${id}` });
		expect(outputOf(result)[0]).toMatchObject({ id, name: 'Chemistry class content' });
	});

	test('Get Many searches', async () => {
		const result = await run(env, { resource: 'accessPolicy', operation: 'getAll', limit: 10, filters: { search: 'safety' } });
		expectRequest(env, { method: 'GET', path: '/access-policies', query: { 'page[size]': '10', 'filter[search]': 'safety' } });
		expect(outputOf(result).map((p) => p.name)).toEqual(['Corporate safety content', 'Safety content for corporate']);
	});

	test('Update patches the description', async () => {
		const result = await run(env, { resource: 'accessPolicy', operation: 'update', accessPolicyId: rl(createdId), updateFields: { description: 'Read access' } });
		expectRequest(env, {
			method: 'PATCH',
			path: `/access-policies/${createdId}`,
			body: { data: { type: 'AccessPolicy', id: createdId, attributes: { description: 'Read access' } } },
		});
		expect(outputOf(result)[0]).toMatchObject({ id: createdId, description: 'Read access' });
	});

	test('Delete removes it', async () => {
		const result = await run(env, { resource: 'accessPolicy', operation: 'delete', accessPolicyId: rl(createdId) });
		expectRequest(env, { method: 'DELETE', path: `/access-policies/${createdId}` });
		expect(outputOf(result)).toEqual([{ deleted: true, id: createdId }]);
	});
});
