/**
 * Study Item (Create) against the sandbox.
 */
import { expectRequest, outputOf, run, useSandbox } from '../support.cjs';

const env = useSandbox();

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
