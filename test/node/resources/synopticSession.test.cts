/**
 * Synoptic Session (Create, with the candidate launch URL) against the sandbox.
 */
import { apiRequests, expectRequest, outputOf, rl, run, useSandbox } from '../support.cjs';

const env = useSandbox();

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
