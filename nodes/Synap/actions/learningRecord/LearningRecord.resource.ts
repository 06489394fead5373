/**
 * Learning Record (Synap's "records of learning": learning done outside the portal, e.g. CPD):
 * create, get, list, update, delete — the operations are named in Synap's API menu (User folder);
 * the paths are INFERRED (docs/synap-api.md §4.3).
 *
 * Synap's academy (docs/synap-api.md §4.5) documents the fields a record has by default: a
 * record name (required), a score stored as a percentage, and the record date. Their v3 attribute
 * names are NOT FOUND; the node sends `name`, `score` and `date` (INFERRED: Synap's other records
 * are named by `name`, an Attempt's result is `score`).
 *
 * Two released fields have names that match none of those fields: `title` and `completedAt`.
 * Their parameter names stay (saved workflows use them); they are labelled Record Name and
 * Record Date and send `name` and `date`. Description, External ID and Custom
 * Attributes are not documented for records either (INFERRED, as on User). Anything else goes
 * through Extra Attributes (JSON).
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
	titleAttribute: 'name',
	notice: undocumentedAttributesNotice('Learning Record'),
	attributes: [
		{
			name: 'title',
			sendAs: 'name',
			label: 'Record Name',
			type: 'string',
			requiredOnCreate: true,
			placeholder: 'e.g. First Aid at Work refresher',
			description: 'What the learning was (Synap\'s "Record name")',
		},
		descriptionAttribute('learning'),
		{
			name: 'completedAt',
			sendAs: 'date',
			label: 'Record Date',
			type: 'dateTime',
			description: 'The date of the learning activity (Synap\'s "Record date")',
		},
		{
			name: 'score',
			label: 'Score (%)',
			type: 'number',
			placeholder: 'e.g. 85',
			description: 'The learner\'s score as a percentage, 0 to 100 (Synap stores it as a percentage)',
		},
		externalId,
		customAttributes,
	],
	relationships: [userRelationship('user', 'Learner User', 'The learner the record belongs to', { on: ['create'] })],
	filters: [searchFilter('Learning records', 'name or description'), { name: 'user', label: 'Learner User ID', description: 'Only this learner\'s records' }],
	operations: standardOperations({ one: 'learning record', many: 'learning records' }, ['create', 'delete', 'get', 'getAll', 'update'], {
		create: { description: 'Record learning a user has done, e.g. outside training' },
	}),
};
