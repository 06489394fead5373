/**
 * Collection Folder: update (PATCH /collection-folders/{id}, SEEN on update-collectionfolder), with
 * attribute `name` and relationships `collection`, `coverImage` (File) and `items`
 * [CollectionSubFolder]. No list or get page is published, so the folder is picked by ID or URL.
 */
import { coverImageRelationship, nameAttribute } from '../shared/commonFields';
import { standardOperations } from '../shared/operations';
import type { ResourceSpec } from '../shared/spec';

export const collectionFolder: ResourceSpec = {
	value: 'collectionFolder',
	name: 'Collection Folder',
	endpoint: 'collectionFolders',
	titleAttribute: 'name',
	simplifyFields: ['id', 'type', 'name', 'collectionId', 'coverImageId', 'itemIds'],
	attributes: [nameAttribute('folder')],
	relationships: [
		{
			name: 'collection',
			label: 'Collection',
			target: 'collections',
			toMany: false,
			description: 'The collection the folder belongs to.',
		},
		coverImageRelationship,
		{
			name: 'items',
			label: 'Sub-Folder',
			target: 'collectionSubFolders',
			toMany: true,
			description: 'The folder\'s sub-folders, in order. Setting this replaces the folder\'s current list.',
		},
	],
	operations: standardOperations({ one: 'collection folder', many: 'collection folders' }, ['update'], {
		update: { description: 'Rename a collection folder, change its cover image or its sub-folders' },
	}),
};
