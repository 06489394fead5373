/**
 * Collection Folder → Update (PATCH /collection-folders/{id}, documented) against the sandbox.
 */
import { expectRequest, outputOf, rl, run, useSandbox } from '../support.cjs';

const env = useSandbox();

describe('Collection Folder → Update', () => {
	test('patches the folder\'s name, cover image and sub-folders', async () => {
		const id = env.sandbox.seeded.collectionFolders.atomicStructure;
		const result = await run(env, {
			resource: 'collectionFolder',
			operation: 'update',
			collectionFolderId: rl(id),
			updateFields: { name: 'Atomic structure and bonding', coverImageId: 'FlCover001', itemIds: 'SfAtoms001, SfBonds002' },
		});
		expectRequest(env, {
			method: 'PATCH',
			path: `/collection-folders/${id}`,
			body: {
				data: {
					type: 'CollectionFolder',
					id,
					attributes: { name: 'Atomic structure and bonding' },
					relationships: {
						coverImage: { data: { type: 'File', id: 'FlCover001' } },
						items: {
							data: [
								{ type: 'CollectionSubFolder', id: 'SfAtoms001' },
								{ type: 'CollectionSubFolder', id: 'SfBonds002' },
							],
						},
					},
				},
			},
		});
		expect(outputOf(result)[0]).toMatchObject({
			id,
			type: 'CollectionFolder',
			name: 'Atomic structure and bonding',
			collectionId: env.sandbox.seeded.collections.chemistryRevision,
			coverImageId: 'FlCover001',
			itemIds: ['SfAtoms001', 'SfBonds002'],
		});
	});
});
