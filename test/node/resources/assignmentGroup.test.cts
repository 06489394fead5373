/**
 * Assignment Group (Create, Get, Get Many, Update, Delete) against the sandbox.
 */
import { apiRequests, expectRequest, outputOf, rl, run, useSandbox } from '../support.cjs';

const env = useSandbox();

describe('Assignment Group', () => {
	let createdId = '';

	test('Create sends the name, typed fields, a JSON list and the reviewers group', async () => {
		const reviewers = env.sandbox.seeded.groups.educators;
		const shareList = [{ label: 'LinkedIn', urlPrefix: 'https://www.linkedin.com/share?url=' }];
		const result = await run(env, {
			resource: 'assignmentGroup',
			operation: 'create',
			name: 'Spring Onboarding',
			additionalFields: {
				status: 'active',
				isReviewRequired: true,
				startDate: '2026-04-01T08:00:00Z',
				certificateShareList: JSON.stringify(shareList),
				reviewersId: reviewers,
				image: '{"url": "https://cdn.example.com/spring.png"}',
			},
		});
		expectRequest(env, {
			method: 'POST',
			path: '/assignment-groups',
			body: {
				data: {
					type: 'AssignmentGroup',
					attributes: {
						name: 'Spring Onboarding',
						status: 'active',
						isReviewRequired: true,
						startDate: '2026-04-01T08:00:00Z',
						certificateShareList: shareList,
						image: { url: 'https://cdn.example.com/spring.png' },
					},
					relationships: { reviewers: { data: { type: 'UserGroup', id: reviewers } } },
				},
			},
		});
		const [out] = outputOf(result);
		expect(out).toMatchObject({ type: 'AssignmentGroup', name: 'Spring Onboarding', status: 'active', reviewersId: reviewers, certificateShareList: shareList });
		createdId = out.id as string;
		expect(env.sandbox.store.find('AssignmentGroup', createdId)).toBeDefined();
	});

	test('Create with a JSON list field that is an object fails naming the field', async () => {
		const result = await run(env, {
			resource: 'assignmentGroup',
			operation: 'create',
			name: 'Bad',
			additionalFields: { certificateShareList: '{"label": "x"}' },
		});
		expect(apiRequests(env)).toHaveLength(0);
		expect(result.error?.message).toBe('Additional Fields → Certificate Share Links (JSON) must be a JSON list [item 0]');
	});

	test('Get reads /assignment-groups/{id}', async () => {
		const id = env.sandbox.seeded.assignmentGroups.onboarding;
		const result = await run(env, { resource: 'assignmentGroup', operation: 'get', assignmentGroupId: rl(id) });
		expectRequest(env, { method: 'GET', path: `/assignment-groups/${id}` });
		expect(outputOf(result)[0]).toMatchObject({ id, name: 'Autumn Term Onboarding', reviewersId: env.sandbox.seeded.groups.educators });
	});

	test('Get Many with Search and a limit', async () => {
		const result = await run(env, {
			resource: 'assignmentGroup',
			operation: 'getAll',
			limit: 5,
			filters: { search: 'onboarding' },
			options: { sort: '-createdAt' },
		});
		expectRequest(env, {
			method: 'GET',
			path: '/assignment-groups',
			query: { 'page[size]': '5', 'filter[search]': 'onboarding', sort: '-createdAt' },
		});
		expect(outputOf(result).map((g) => g.name)).toEqual(['Spring Onboarding', 'Autumn Term Onboarding']);
	});

	test('Update patches the group', async () => {
		const result = await run(env, {
			resource: 'assignmentGroup',
			operation: 'update',
			assignmentGroupId: rl(createdId),
			updateFields: { status: 'inactive', endDate: '2026-06-30T17:00:00Z' },
		});
		expectRequest(env, {
			method: 'PATCH',
			path: `/assignment-groups/${createdId}`,
			body: { data: { type: 'AssignmentGroup', id: createdId, attributes: { status: 'inactive', endDate: '2026-06-30T17:00:00Z' } } },
		});
		expect(outputOf(result)[0]).toMatchObject({ id: createdId, status: 'inactive', isActive: false });
	});

	test('Delete removes the group and outputs deleted: true', async () => {
		const result = await run(env, { resource: 'assignmentGroup', operation: 'delete', assignmentGroupId: rl(createdId) });
		expectRequest(env, { method: 'DELETE', path: `/assignment-groups/${createdId}` });
		expect(outputOf(result)).toEqual([{ deleted: true, id: createdId }]);
		expect(env.sandbox.store.find('AssignmentGroup', createdId)).toBeUndefined();
	});
});
