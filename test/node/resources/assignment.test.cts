/**
 * Assignment (Get Many) against the sandbox.
 */
import { expectRequest, outputOf, run, useSandbox } from '../support.cjs';

const env = useSandbox();

describe('Assignment', () => {
	test('Get Many filters by learner and status', async () => {
		const student = env.sandbox.seeded.users.student;
		const result = await run(env, {
			resource: 'assignment',
			operation: 'getAll',
			returnAll: true,
			filters: { user: student, status: 'notStarted' },
		});
		expectRequest(env, {
			method: 'GET',
			path: '/assignments',
			query: { 'page[size]': '100', 'filter[user]': student, 'filter[status]': 'notStarted' },
		});
		const out = outputOf(result);
		expect(out).toHaveLength(1);
		expect(out[0]).toMatchObject({
			id: env.sandbox.seeded.assignments.studentHomework,
			type: 'Assignment',
			status: 'notStarted',
			userId: student,
			assignmentGroupId: env.sandbox.seeded.assignmentGroups.chemistryHomework,
		});
	});
});
