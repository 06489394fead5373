/**
 * Collection → Give Group Access (POST /collection-accesses) and Collection Folder → Update
 * (PATCH /collection-folders/{id}), both documented, against the sandbox.
 */
import { apiRequests, expectRequest, outputOf, rl, run, useSandbox } from './support.cjs';

const env = useSandbox();

describe('Collection → Give Group Access', () => {
	test('posts a CollectionAccess with the picked collection and group, and the documented attributes', async () => {
		const { collections, groups } = env.sandbox.seeded;
		const result = await run(env, {
			resource: 'collection',
			operation: 'giveGroupAccess',
			collectionId: rl(collections.chemistryRevision),
			userGroupId: groups.chemistryClass,
			additionalFields: { level: 'editor', upgradeInstructionsType: 'product', upgradeInstructionsData: '[{"productId": "PrChem0001"}]' },
		});
		expectRequest(env, {
			method: 'POST',
			path: '/collection-accesses',
			body: {
				data: {
					type: 'CollectionAccess',
					attributes: { level: 'editor', upgradeInstructionsType: 'product', upgradeInstructionsData: [{ productId: 'PrChem0001' }] },
					relationships: {
						userGroup: { data: { type: 'UserGroup', id: groups.chemistryClass } },
						collection: { data: { type: 'Collection', id: collections.chemistryRevision } },
					},
				},
			},
		});
		const [out] = outputOf(result);
		expect(out).toMatchObject({
			type: 'CollectionAccess',
			level: 'editor',
			userGroupId: groups.chemistryClass,
			collectionId: collections.chemistryRevision,
		});
		const stored = env.sandbox.store.find('CollectionAccess', out.id as string);
		expect(stored?.relationships).toMatchObject({ collection: { id: collections.chemistryRevision }, userGroup: { id: groups.chemistryClass } });
	});

	test('a group expression that resolves to nothing fails the item before anything is sent, naming the field', async () => {
		const result = await run(env, {
			resource: 'collection',
			operation: 'giveGroupAccess',
			collectionId: rl(env.sandbox.seeded.collections.chemistryRevision),
			userGroupId: '={{ $json.group }}',
		});
		expect(result.error?.message).toBe('User Group is required [item 0]');
		expect(apiRequests(env)).toHaveLength(0);
	});
});

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
