/**
 * Study Item: create (POST /study-items, SEEN). It has no attributes; it links a quiz or a
 * collection into a study (a learner's study plan) through its relationships.
 */
import { ownerRelationship } from '../shared/commonFields';
import { standardOperations } from '../shared/operations';
import type { ResourceSpec } from '../shared/spec';

export const studyItem: ResourceSpec = {
	value: 'studyItem',
	name: 'Study Item',
	endpoint: 'studyItems',
	simplifyFields: ['id', 'type', 'ownerId', 'quizId', 'collectionId', 'studyId', 'createdAt'],
	attributes: [],
	relationships: [
		{ name: 'study', label: 'Study', target: 'studies', toMany: false, description: 'The study (study plan) to add the item to' },
		{ name: 'quiz', label: 'Quiz', target: 'quizzes', toMany: false, description: 'The quiz to add' },
		{ name: 'collection', label: 'Collection', target: 'collections', toMany: false, description: 'The collection to add' },
		ownerRelationship,
	],
	operations: standardOperations({ one: 'study item', many: 'study items' }, ['create'], {
		create: { description: 'Add a quiz or a collection to a study plan' },
	}),
};
