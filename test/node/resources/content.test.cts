/**
 * Content: Collection (Create, Get, Get Many, Update, Delete), Exam (Create, Get, Get Many,
 * Update), Study Item (Create) and Flag (Create) against the sandbox.
 */
import { apiRequests, expectRequest, outputOf, rl, run, useSandbox } from './support.cjs';

const env = useSandbox();

describe('Collection', () => {
	let createdId = '';
	const grades = [
		{ label: 'Pass', minScore: 0.6, isPass: true, description: 'Passed' },
		{ label: 'Fail', minScore: 0, isPass: false, description: 'Not yet' },
	];

	test('Create sends the name and typed settings, grades as a JSON list', async () => {
		const result = await run(env, {
			resource: 'collection',
			operation: 'create',
			name: 'Physics Revision',
			additionalFields: {
				shortDescription: 'Forces and motion',
				allowedModes: 'practice',
				calculatorEnabled: true,
				grades: '={{ $json.grades }}',
				settings: '{"takeTest": true}',
				attributesJson: '{"instructionsEnabled": true}',
			},
		}, { items: [{ grades }] });
		expectRequest(env, {
			method: 'POST',
			path: '/collections',
			body: {
				data: {
					type: 'Collection',
					attributes: {
						name: 'Physics Revision',
						shortDescription: 'Forces and motion',
						allowedModes: ['practice'],
						calculatorEnabled: true,
						grades,
						settings: { takeTest: true },
						instructionsEnabled: true,
					},
				},
			},
		});
		const [out] = outputOf(result);
		expect(out).toMatchObject({ type: 'Collection', name: 'Physics Revision', grades, instructionsEnabled: true });
		createdId = out.id as string;
	});

	test('Get reads /collections/{id} with sparse fields', async () => {
		const id = env.sandbox.seeded.collections.chemistryRevision;
		const result = await run(env, { resource: 'collection', operation: 'get', collectionId: rl(id), options: { fields: 'name, calculatorType' } });
		expectRequest(env, { method: 'GET', path: `/collections/${id}`, query: { 'fields[Collection]': 'name,calculatorType' } });
		expect(outputOf(result)).toEqual([{ id, type: 'Collection', name: 'GCSE Chemistry Revision', calculatorType: 'basic' }]);
	});

	test('Get Many with the archived filter, raw output', async () => {
		const result = await run(env, { resource: 'collection', operation: 'getAll', returnAll: true, filters: { isArchived: false }, simplify: false });
		expectRequest(env, { method: 'GET', path: '/collections', query: { 'page[size]': '100', 'filter[isArchived]': 'false' } });
		const out = outputOf(result);
		expect(out.map((c) => (c.attributes as { name: string }).name)).toEqual(['GCSE Chemistry Revision', 'Workplace Safety Essentials', 'Physics Revision']);
		expect(out[0]).toMatchObject({ type: 'Collection', attributes: { calculatorType: 'basic' } });
	});

	test('Update patches the collection', async () => {
		const result = await run(env, { resource: 'collection', operation: 'update', collectionId: rl(createdId), updateFields: { isArchived: true, description: 'Archived' } });
		expectRequest(env, {
			method: 'PATCH',
			path: `/collections/${createdId}`,
			body: { data: { type: 'Collection', id: createdId, attributes: { isArchived: true, description: 'Archived' } } },
		});
		expect(outputOf(result)[0]).toMatchObject({ id: createdId, isArchived: true, description: 'Archived' });
	});

	test('Delete removes it', async () => {
		const result = await run(env, { resource: 'collection', operation: 'delete', collectionId: rl(createdId) });
		expectRequest(env, { method: 'DELETE', path: `/collections/${createdId}` });
		expect(outputOf(result)).toEqual([{ deleted: true, id: createdId }]);
	});
});

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

describe('Study Item', () => {
	test('Create sends only relationships', async () => {
		const collection = env.sandbox.seeded.collections.workplaceSafety;
		const result = await run(env, {
			resource: 'studyItem',
			operation: 'create',
			additionalFields: { studyId: 'StudyAAA01', collectionId: collection },
		});
		expectRequest(env, {
			method: 'POST',
			path: '/study-items',
			body: {
				data: {
					type: 'StudyItem',
					relationships: {
						study: { data: { type: 'Study', id: 'StudyAAA01' } },
						collection: { data: { type: 'Collection', id: collection } },
					},
				},
			},
		});
		expect(outputOf(result)[0]).toMatchObject({ type: 'StudyItem', studyId: 'StudyAAA01', collectionId: collection, ownerId: env.sandbox.seeded.users.admin });
	});
});

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
