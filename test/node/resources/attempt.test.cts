/**
 * Attempt (Create, Get, Get Many, Submit) against the sandbox.
 */
import { apiRequests, expectRequest, outputOf, rl, run, useSandbox } from '../support.cjs';

const env = useSandbox();

describe('Attempt', () => {
	test('Create sends the candidate and exam as relationships and the typed attributes', async () => {
		const { users, exams } = env.sandbox.seeded;
		const result = await run(env, {
			resource: 'attempt',
			operation: 'create',
			userId: users.student2,
			additionalFields: {
				examV2Id: exams.chemistryMock,
				title: 'Chemistry mock: resit',
				attemptsAllowed: 2,
				candidateOpenDate: '2026-09-01T09:00:00Z',
				schedule: '{"activateAt": "2026-09-01T09:00:00Z", "deactivateAt": "2026-09-01T11:00:00Z"}',
			},
		});
		expectRequest(env, {
			method: 'POST',
			path: '/attempts',
			body: {
				data: {
					type: 'Attempt',
					attributes: {
						title: 'Chemistry mock: resit',
						attemptsAllowed: 2,
						candidateOpenDate: '2026-09-01T09:00:00Z',
						schedule: { activateAt: '2026-09-01T09:00:00Z', deactivateAt: '2026-09-01T11:00:00Z' },
					},
					relationships: {
						user: { data: { type: 'User', id: users.student2 } },
						examV2: { data: { type: 'Exam-V-2', id: exams.chemistryMock } },
					},
				},
			},
		});
		const [out] = outputOf(result);
		expect(out).toMatchObject({ type: 'Attempt', title: 'Chemistry mock: resit', userId: users.student2, examV2Id: exams.chemistryMock, status: 'draft' });
		expect(env.sandbox.store.find('Attempt', out.id as string)).toBeDefined();
	});

	test('Create whose candidate expression resolves to empty is refused before anything is sent', async () => {
		// An empty literal is already blocked by n8n ("the workflow has issues"); an expression is not.
		const result = await run(env, { resource: 'attempt', operation: 'create', userId: '={{ $json.candidate }}' }, { items: [{ candidate: '' }] });
		expect(apiRequests(env)).toHaveLength(0);
		expect(result.error?.message).toBe('Candidate User is required [item 0]');
	});

	test('Get reads /attempts/{id} and outputs score, marks and grade', async () => {
		const id = env.sandbox.seeded.attempts.studentCompleted;
		const result = await run(env, { resource: 'attempt', operation: 'get', attemptId: rl(id) });
		expectRequest(env, { method: 'GET', path: `/attempts/${id}` });
		const [out] = outputOf(result);
		expect(out).toMatchObject({ id, type: 'Attempt', isCompleted: true, score: 0.72, grade: { label: 'Pass', isPass: true } });
		expect(out.userId).toBe(env.sandbox.seeded.users.student);
	});

	test('Get Many filters by candidate and completion', async () => {
		const student = env.sandbox.seeded.users.student;
		const result = await run(env, {
			resource: 'attempt',
			operation: 'getAll',
			returnAll: true,
			filters: { user: student, isCompleted: false },
		});
		expectRequest(env, {
			method: 'GET',
			path: '/attempts',
			query: { 'page[size]': '100', 'filter[user]': student, 'filter[isCompleted]': 'false' },
		});
		const out = outputOf(result);
		const { attempts } = env.sandbox.seeded;
		expect(out.map((a) => a.id).sort()).toEqual([attempts.studentHomework, attempts.studentOpen].sort());
		expect(out.every((a) => a.userId === student && a.isCompleted === false)).toBe(true);
	});

	test('Submit posts an AttemptSubmission for the chosen attempt', async () => {
		const id = env.sandbox.seeded.attempts.studentHomework;
		const result = await run(env, { resource: 'attempt', operation: 'submit', attemptId: rl(id) });
		expectRequest(env, {
			method: 'POST',
			path: '/attempt-submissions',
			body: { data: { type: 'AttemptSubmission', relationships: { attempt: { data: { type: 'Attempt', id } } } } },
		});
		const [out] = outputOf(result);
		expect(out).toEqual({ id: expect.any(String), type: 'AttemptSubmission', createdAt: expect.any(String), attemptId: id });
		expect(env.sandbox.store.find('Attempt', id)?.attributes.isCompleted).toBe(true);
	});

	test('Submit of an attempt already submitted is sent once and reports the conflict', async () => {
		const id = env.sandbox.seeded.attempts.studentCompleted;
		const result = await run(env, { resource: 'attempt', operation: 'submit', attemptId: rl(id) });
		expect(apiRequests(env)).toHaveLength(1);
		expect(result.error?.message).toContain('has already been submitted');
	});
});
