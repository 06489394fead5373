/**
 * Learning Record (a learner's record of learning done, e.g. CPD or outside training): create,
 * get, list, update, delete — named in Synap's menu (User folder), everything else INFERRED.
 *
 * Synap publishes no LearningRecord attributes (NOT FOUND). The fields below are the few any
 * learning record needs and that follow Synap's naming elsewhere (`title` as on Attempt,
 * `description`, `externalId` and `attr` as on User, a `user` relationship as on Attempt and
 * Assignment, a completion date-time). Anything else goes through Extra Attributes (JSON).
 */
import { customAttributes, descriptionAttribute, externalId, searchFilter, undocumentedAttributesNotice, userRelationship } from '../shared/commonFields';
import { standardOperations } from '../shared/operations';
import type { ResourceSpec } from '../shared/spec';

export const learningRecord: ResourceSpec = {
	value: 'learningRecord',
	name: 'Learning Record',
	endpoint: 'learningRecords',
	simplifyFields: ['id', 'type', 'title', 'completedAt', 'userId', 'createdAt', 'updatedAt'],
	searchable: true,
	titleAttribute: 'title',
	notice: undocumentedAttributesNotice('Learning Record'),
	attributes: [
		{ name: 'title', label: 'Title', type: 'string', requiredOnCreate: true, placeholder: 'e.g. First Aid at Work refresher', description: 'What the learning was' },
		descriptionAttribute('learning'),
		{ name: 'completedAt', label: 'Completed At', type: 'dateTime', description: 'When the learner completed it' },
		externalId,
		customAttributes,
	],
	relationships: [userRelationship('user', 'Learner User', 'The learner the record belongs to', { on: ['create'] })],
	filters: [searchFilter('Learning records', 'title or description'), { name: 'user', label: 'Learner User ID', description: 'Only this learner\'s records' }],
	operations: standardOperations({ one: 'learning record', many: 'learning records' }, ['create', 'delete', 'get', 'getAll', 'update'], {
		create: { description: 'Record learning a user has done, e.g. outside training' },
	}),
};
