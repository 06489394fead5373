/**
 * Player Attempt (Update) against the sandbox.
 */
import { apiRequests, expectRequest, outputOf, rl, run, useSandbox } from '../support.cjs';

const env = useSandbox();

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
