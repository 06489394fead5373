/**
 * Learning Record (Create, Get, Get Many, Update, Delete; attributes INFERRED) against the sandbox.
 */
import { expectRequest, outputOf, rl, run, useSandbox } from '../support.cjs';

const env = useSandbox();

describe('Learning Record', () => {
	let createdId = '';

	test('Create sends Synap\'s record fields (Record Name → name, Record Date → date, Score), the learner, and extra attributes from JSON', async () => {
		const learner = env.sandbox.seeded.users.student2;
		const result = await run(env, {
			resource: 'learningRecord',
			operation: 'create',
			title: 'Forklift licence renewal',
			additionalFields: {
				completedAt: '2026-01-15T16:00:00Z',
				score: 85,
				externalId: 'FLT-2026-7',
				userId: learner,
				attributesJson: '{"attr": {"provider": "RTITB"}}',
			},
		});
		expectRequest(env, {
			method: 'POST',
			path: '/learning-records',
			body: {
				data: {
					type: 'LearningRecord',
					attributes: {
						name: 'Forklift licence renewal',
						date: '2026-01-15T16:00:00Z',
						score: 85,
						externalId: 'FLT-2026-7',
						attr: { provider: 'RTITB' },
					},
					relationships: { user: { data: { type: 'User', id: learner } } },
				},
			},
		});
		const [out] = outputOf(result);
		expect(out).toMatchObject({ type: 'LearningRecord', name: 'Forklift licence renewal', date: '2026-01-15T16:00:00Z', score: 85, userId: learner });
		expect(out).not.toHaveProperty('title');
		expect(out).not.toHaveProperty('completedAt');
		createdId = out.id as string;
	});

	test('Get reads /learning-records/{id}', async () => {
		const id = env.sandbox.seeded.learningRecords[0];
		const result = await run(env, { resource: 'learningRecord', operation: 'get', learningRecordId: rl(id) });
		expectRequest(env, { method: 'GET', path: `/learning-records/${id}` });
		expect(outputOf(result)[0]).toMatchObject({ id, name: 'First Aid at Work refresher', score: 92, externalId: 'FAW-2025-118' });
	});

	test('Get Many filters by learner', async () => {
		const learner = env.sandbox.seeded.users.student2;
		const result = await run(env, { resource: 'learningRecord', operation: 'getAll', returnAll: true, filters: { user: learner } });
		expectRequest(env, { method: 'GET', path: '/learning-records', query: { 'page[size]': '100', 'filter[user]': learner } });
		expect(outputOf(result).map((r) => r.name)).toEqual(['First Aid at Work refresher', 'Forklift licence renewal']);
	});

	test('Update patches the record name (the released Title field sends name)', async () => {
		const result = await run(env, { resource: 'learningRecord', operation: 'update', learningRecordId: rl(createdId), updateFields: { title: 'Forklift licence' } });
		expectRequest(env, {
			method: 'PATCH',
			path: `/learning-records/${createdId}`,
			body: { data: { type: 'LearningRecord', id: createdId, attributes: { name: 'Forklift licence' } } },
		});
		expect(outputOf(result)[0]).toMatchObject({ id: createdId, name: 'Forklift licence' });
	});

	test('Delete removes it', async () => {
		const result = await run(env, { resource: 'learningRecord', operation: 'delete', learningRecordId: rl(createdId) });
		expectRequest(env, { method: 'DELETE', path: `/learning-records/${createdId}` });
		expect(outputOf(result)).toEqual([{ deleted: true, id: createdId }]);
	});
});
