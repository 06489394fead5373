/**
 * Attempt (Create, Get, Get Many, Submit), Player Attempt (Update) and Synoptic Session (Create,
 * with the candidate launch URL) against the sandbox.
 */
import { apiRequests, expectRequest, outputOf, rl, run, useSandbox } from './support.cjs';

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

describe('Player Attempt', () => {
	test('Update patches /player-attempts/{id} with the player fields', async () => {
		const id = env.sandbox.seeded.attempts.student2Open;
		const result = await run(env, {
			resource: 'playerAttempt',
			operation: 'update',
			playerAttemptId: rl(id),
			updateFields: { timeStarted: '2026-02-02T10:00:00Z', status: 'inProgress' },
		});
		expectRequest(env, {
			method: 'PATCH',
			path: `/player-attempts/${id}`,
			body: { data: { type: 'PlayerAttempt', id, attributes: { timeStarted: '2026-02-02T10:00:00Z', status: 'inProgress' } } },
		});
		const [out] = outputOf(result);
		expect(out).toMatchObject({ id, type: 'PlayerAttempt', timeStarted: '2026-02-02T10:00:00Z', status: 'inProgress' });
	});

	test('Update with no field is refused before anything is sent', async () => {
		const result = await run(env, {
			resource: 'playerAttempt',
			operation: 'update',
			playerAttemptId: rl(env.sandbox.seeded.attempts.student2Open),
			updateFields: {},
		});
		expect(apiRequests(env)).toHaveLength(0);
		expect(result.error?.message).toBe('Update Fields is empty [item 0]');
	});
});

describe('Synoptic Session', () => {
	const create = (extra: Record<string, unknown> = {}) => ({
		resource: 'synopticSession',
		operation: 'create',
		attemptId: rl(env.sandbox.seeded.attempts.studentOpen),
		candidateId: env.sandbox.seeded.users.student,
		...extra,
	});

	test('Create posts attempt + candidate and outputs the token and the launch URL (node field wins)', async () => {
		const { attempts, users } = env.sandbox.seeded;
		const result = await run(env, create({ options: { portalSubdomain: 'https://Northbridge.synap.ac/' } }), {
			credentials: { portalSubdomain: 'ignored' },
		});
		expectRequest(env, {
			method: 'POST',
			path: '/synoptic-sessions',
			body: {
				data: {
					type: 'SynopticSession',
					relationships: {
						attempt: { data: { type: 'Attempt', id: attempts.studentOpen } },
						candidate: { data: { type: 'User', id: users.student } },
					},
				},
			},
		});
		const [out] = outputOf(result);
		expect(out.token).toMatch(/^st_/);
		expect(out).toEqual({
			id: expect.any(String),
			type: 'SynopticSession',
			token: out.token,
			createdAt: expect.any(String),
			attemptId: attempts.studentOpen,
			candidateId: users.student,
			launchUrl: `https://northbridge.synap.ac/quiz/a/${attempts.studentOpen}?st=${out.token as string}`,
		});
	});

	test('Create takes the portal subdomain from the credential when the node has none', async () => {
		const result = await run(env, create(), { credentials: { portalSubdomain: 'northbridge' } });
		const [out] = outputOf(result);
		expect(out.launchUrl).toBe(`https://northbridge.synap.ac/quiz/a/${env.sandbox.seeded.attempts.studentOpen}?st=${out.token as string}`);
		expect(out.launchUrlHint).toBeUndefined();
	});

	test('Create without any portal subdomain outputs launchUrl null and a hint', async () => {
		const result = await run(env, create());
		const [out] = outputOf(result);
		expect(out.token).toMatch(/^st_/);
		expect(out.launchUrl).toBeNull();
		expect(out.launchUrlHint).toContain('Portal Subdomain');
	});

	test('A portal subdomain that could point the URL elsewhere is refused before a session is created', async () => {
		const result = await run(env, create({ options: { portalSubdomain: 'evil.example.com/x#' } }));
		expect(apiRequests(env)).toHaveLength(0);
		expect(result.error?.message).toBe('Options → Portal Subdomain "evil.example.com/x#" is not a Synap portal subdomain [item 0]');
	});
});
