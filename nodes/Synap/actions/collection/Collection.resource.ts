/**
 * Collection (a library of practice content): create (body SEEN, path cut off), get, list,
 * update, delete — all paths INFERRED; Give Group Access (POST /collection-accesses, SEEN). Attributes are the ones on the Create page, which is cut
 * off after `tagSelectionDisplayMode`; the `instructions*` and `marking*` settings it mentions
 * have no published names, so they go through Extra Attributes.
 */
import {
	customAttributes,
	descriptionAttribute,
	extraInformation,
	isArchived,
	isArchivedFilter,
	nameAttribute,
	searchFilter,
	shortDescriptionAttribute,
} from '../shared/commonFields';
import { standardOperations } from '../shared/operations';
import type { OperationSpec, ResourceSpec } from '../shared/spec';

/**
 * Give Group Access: POST /collection-accesses (SEEN, create-collectionaccess), a CollectionAccess
 * with attributes level, upgradeInstructionsType, upgradeInstructionsData[] and relationships
 * userGroup and collection. Only one example value of each attribute is published.
 */
const giveGroupAccess: OperationSpec = {
	value: 'giveGroupAccess',
	name: 'Give Group Access',
	action: 'Give a group access to a collection',
	description: 'Give a user group access to the collection\'s content',
	kind: 'create',
	endpoint: 'collectionAccesses',
	simplifyFields: ['id', 'type', 'level', 'upgradeInstructionsType', 'userGroupId', 'collectionId', 'createdAt'],
	needsId: true,
	idRelationship: 'collection',
	attributes: [
		{
			name: 'level',
			label: 'Access Level',
			type: 'string',
			placeholder: 'e.g. editor',
			description: 'The access the group gets. Synap\'s published example is "editor"; the other values are not public.',
		},
		{
			name: 'upgradeInstructionsType',
			label: 'Upgrade Instructions Type',
			type: 'string',
			placeholder: 'e.g. product',
			description: 'How learners without access are told to get it; Synap\'s published example is "product"',
		},
		{
			name: 'upgradeInstructionsData',
			label: 'Upgrade Instructions Data (JSON)',
			type: 'jsonList',
			description: 'The upgrade instructions as a JSON list (Synap documents it as a list and does not publish its members)',
		},
	],
	relationships: [
		{
			name: 'userGroup',
			label: 'User Group',
			target: 'userGroups',
			toMany: false,
			loadOptions: 'getUserGroups',
			requiredOnCreate: true,
			description: 'The group that gets access to the collection.',
		},
	],
};

export const collection: ResourceSpec = {
	value: 'collection',
	name: 'Collection',
	endpoint: 'collections',
	simplifyFields: ['id', 'type', 'name', 'shortDescription', 'isArchived', 'generatedAttemptsEnabled', 'createdAt', 'updatedAt', 'ownerId'],
	searchable: true,
	titleAttribute: 'name',
	attributes: [
		{ ...nameAttribute('collection'), requiredOnCreate: true },
		descriptionAttribute('collection'),
		shortDescriptionAttribute('collection'),
		customAttributes,
		extraInformation,
		isArchived,
		{
			name: 'allowedModes',
			label: 'Allowed Modes',
			type: 'stringList',
			placeholder: 'e.g. practice',
			description: 'Quiz modes learners may choose, comma-separated (Synap documents "practice")',
		},
		{
			name: 'allowedFacets',
			label: 'Allowed Facets',
			type: 'stringList',
			placeholder: 'e.g. subject',
			description: 'Tag facets learners may filter questions by, comma-separated (Synap documents "subject")',
		},
		{ name: 'calculatorEnabled', label: 'Calculator Enabled', type: 'boolean', description: 'Whether learners get an on-screen calculator' },
		{
			name: 'calculatorType',
			label: 'Calculator Type',
			type: 'string',
			placeholder: 'e.g. basic',
			description: 'Which calculator learners get; Synap documents "basic"',
		},
		{
			name: 'generatedAttemptsEnabled',
			label: 'Generated Attempts Enabled',
			type: 'boolean',
			description: 'Whether learners can generate their own quizzes from the collection\'s questions',
		},
		{
			name: 'grades',
			label: 'Grades (JSON)',
			type: 'jsonList',
			placeholder: '[{"label": "Pass", "minScore": 0.5, "isPass": true, "description": "Passed"}]',
			description: 'Grade boundaries as a JSON list of {"label", "minScore" (0–1), "isPass", "description"}',
		},
		{
			name: 'mocks',
			label: 'Mock Exams (JSON)',
			type: 'jsonList',
			description: 'Mock exam definitions as a JSON list of {"title", "filters", "quizLength", "passScore", "timeInMs", …}',
		},
		{
			name: 'settings',
			label: 'Settings (JSON)',
			type: 'json',
			placeholder: '{"takeTest": true, "trackedProgress": true}',
			description: 'Player and progress settings: {takeTest, playerView, trackedProgress, annotations, generatedAttempts, restrictedAccess, sorting, …}',
		},
		{
			name: 'tagSelectionDisplayMode',
			label: 'Tag Selection Display Mode',
			type: 'string',
			placeholder: 'e.g. dropdown',
			description: 'How learners pick tags; Synap documents "dropdown"',
		},
	],
	relationships: [],
	filters: [isArchivedFilter, searchFilter('Collections', 'name or description')],
	operations: [
		...standardOperations({ one: 'collection', many: 'collections' }, ['create', 'delete', 'get', 'getAll', 'update'], {
			create: { description: 'Create a collection of practice content' },
		}),
		giveGroupAccess,
	],
};
