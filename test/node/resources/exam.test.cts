/**
 * Exam (Create, Get, Get Many, Update) against the sandbox.
 */
import { expectRequest, outputOf, rl, run, useSandbox } from '../support.cjs';

const env = useSandbox();

describe('Exam', () => {
	let createdId = '';

	test('Create sends marking settings as typed fields and the groups as relationships', async () => {
		const { groups } = env.sandbox.seeded;
		const result = await run(env, {
			resource: 'exam',
			operation: 'create',
			name: 'Physics Final 2026',
			additionalFields: {
				isSectioned: true,
				ipAllowList: '203.0.113.10, 198.51.100.0/24',
				markingDoubleEnabled: true,
				markingDoubleAllocation: 'manual',
				markingDoubleMinMarkers: 2,
				markingDoubleSequence: 'parallel',
				markingEscalationReasons: '[{"slug": "illegible", "label": "Illegible", "description": "Cannot be read"}]',
				userGroupId: groups.chemistryClass,
				markersId: groups.markers,
			},
		});
		expectRequest(env, {
			method: 'POST',
			path: '/exam-v-2s',
			body: {
				data: {
					type: 'Exam-V-2',
					attributes: {
						name: 'Physics Final 2026',
						isSectioned: true,
						ipAllowList: ['203.0.113.10', '198.51.100.0/24'],
						markingDoubleEnabled: true,
						markingDoubleAllocation: 'manual',
						markingDoubleMinMarkers: 2,
						markingDoubleSequence: 'parallel',
						markingEscalationReasons: [{ slug: 'illegible', label: 'Illegible', description: 'Cannot be read' }],
					},
					relationships: {
						userGroup: { data: { type: 'UserGroup', id: groups.chemistryClass } },
						markers: { data: { type: 'UserGroup', id: groups.markers } },
					},
				},
			},
		});
		const [out] = outputOf(result);
		expect(out).toMatchObject({ type: 'Exam-V-2', name: 'Physics Final 2026', markingDoubleSequence: 'parallel', userGroupId: groups.chemistryClass, markersId: groups.markers });
		createdId = out.id as string;
	});

	test('Get reads /exam-v-2s/{id}', async () => {
		const id = env.sandbox.seeded.exams.chemistryMock;
		const result = await run(env, { resource: 'exam', operation: 'get', examId: rl(id) });
		expectRequest(env, { method: 'GET', path: `/exam-v-2s/${id}` });
		expect(outputOf(result)[0]).toMatchObject({ id, type: 'Exam-V-2', name: 'GCSE Chemistry Mock Exam 2025', userGroupId: env.sandbox.seeded.groups.chemistryClass });
	});

	test('Get Many filters by candidates group', async () => {
		const group = env.sandbox.seeded.groups.chemistryClass;
		const result = await run(env, { resource: 'exam', operation: 'getAll', limit: 50, filters: { userGroup: group } });
		expectRequest(env, { method: 'GET', path: '/exam-v-2s', query: { 'page[size]': '50', 'filter[userGroup]': group } });
		expect(outputOf(result).map((e) => e.name)).toEqual(['GCSE Chemistry Mock Exam 2025', 'Physics Final 2026']);
	});

	test('Update patches the exam with Synap\'s per-role marking names', async () => {
		const result = await run(env, {
			resource: 'exam',
			operation: 'update',
			examId: rl(createdId),
			updateFields: { lockedByDefault: true, markingBlindModeratingMarker: true, markingBlindIsolate: false, markerConcealmentAuditing: true, markingEscalationModeratorsCanEscalate: true },
		});
		expectRequest(env, {
			method: 'PATCH',
			path: `/exam-v-2s/${createdId}`,
			body: {
				data: {
					type: 'Exam-V-2',
					id: createdId,
					attributes: { lockedByDefault: true, markingBlindModeratingMarker: true, markingBlindIsolate: false, markerConcealmentAuditing: true, markingEscalationModeratorsCanEscalate: true },
				},
			},
		});
		expect(outputOf(result)[0]).toMatchObject({ id: createdId, lockedByDefault: true, markingBlindModeratingMarker: true, markerConcealmentAuditing: true });
	});

	test('the released Blind Marking and Marker Concealment fields send the documented per-role names, never their own', async () => {
		const result = await run(env, {
			resource: 'exam',
			operation: 'update',
			examId: rl(createdId),
			updateFields: { markingBlindEnabled: true, markerConcealmentEnabled: true, markingBlindAuditingMarker: false },
		});
		const attributes = {
			markingBlindProvisionalMarker: true,
			markingBlindModeratingMarker: true,
			markingBlindEscalationMarker: true,
			markingBlindBackReadingMarker: true,
			markingBlindAuditingMarker: false, // the per-role field overrides the all-roles one
			markerConcealmentProvisional: true,
			markerConcealmentModerating: true,
			markerConcealmentEscalation: true,
			markerConcealmentAuditing: true,
		};
		expectRequest(env, { method: 'PATCH', path: `/exam-v-2s/${createdId}`, body: { data: { type: 'Exam-V-2', id: createdId, attributes } } });
		const [out] = outputOf(result);
		expect(out).toMatchObject(attributes);
		expect(out).not.toHaveProperty('markingBlindEnabled');
		expect(out).not.toHaveProperty('markerConcealmentEnabled');
	});
});
