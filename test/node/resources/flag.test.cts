/**
 * Flag (Create) against the sandbox.
 */
import { apiRequests, expectRequest, outputOf, run, useSandbox } from '../support.cjs';

const env = useSandbox();

describe('Flag', () => {
	test('Create flags a question with a comment', async () => {
		const result = await run(env, {
			resource: 'flag',
			operation: 'create',
			comment: 'Option C is also correct',
			questionId: 'QuestAAA01',
			additionalFields: { issue: 'wrongAnswer', portalId: env.sandbox.seeded.portalId },
		});
		expectRequest(env, {
			method: 'POST',
			path: '/flags',
			body: {
				data: {
					type: 'Flag',
					attributes: { comment: 'Option C is also correct', issue: 'wrongAnswer' },
					relationships: {
						question: { data: { type: 'QuizQuestion', id: 'QuestAAA01' } },
						portal: { data: { type: 'Portal', id: env.sandbox.seeded.portalId } },
					},
				},
			},
		});
		expect(outputOf(result)[0]).toMatchObject({ type: 'Flag', comment: 'Option C is also correct', isReviewed: false, questionId: 'QuestAAA01' });
	});

	test('Create acting as a learner sends the Subject-User header', async () => {
		const student = env.sandbox.seeded.users.student;
		const result = await run(env, {
			resource: 'flag',
			operation: 'create',
			comment: 'Typo in the stem',
			questionId: 'QuestAAA02',
			subjectUserId: student,
		});
		const [req] = apiRequests(env);
		expect(req.headers['subject-user']).toBe(student);
		expect(outputOf(result)[0]).toMatchObject({ planterId: student });
	});
});
