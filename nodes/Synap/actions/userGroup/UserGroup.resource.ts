/**
 * User Group: create, get, list, update (PATCH /user-groups/{id}, SEEN), delete, and membership.
 */
import { customAttributes, descriptionAttribute, isArchived, nameAttribute, ownerRelationship, subPortalRelationship } from '../shared/commonFields';
import { collectionPath } from '../../transport/paths';
import { standardOperations, upsertOperation } from '../shared/operations';
import type { ResourceSpec } from '../shared/spec';
import { addMembers, memberIdsProperty, removeMembers } from './members.operation';

const GROUP = { one: 'user group', many: 'user groups' };

/** The relationship route Add/Remove Members use (INFERRED, see ./members.operation.ts). */
const USER_GROUPS_OF_USER = `${collectionPath('users')}/{id}/relationships/userGroups`;

export const userGroup: ResourceSpec = {
	value: 'userGroup',
	name: 'User Group',
	endpoint: 'userGroups',
	simplifyFields: ['id', 'type', 'name', 'description', 'totalUsers', 'isDefaultGroup', 'isArchived', 'userTypeId', 'subPortalId', 'parentGroupId'],
	searchable: true,
	titleAttribute: 'name',
	attributes: [
		{ ...nameAttribute('group'), requiredOnCreate: true },
		descriptionAttribute('group'),
		customAttributes,
		isArchived,
		{
			name: 'membershipExpiryEnabled',
			label: 'Membership Expiry Enabled',
			type: 'boolean',
			description: 'Whether memberships of this group expire after a set time',
		},
		{
			name: 'membershipExpiryTimeToExpireInMs',
			label: 'Membership Expiry (Ms)',
			type: 'number',
			description: 'How long a membership lasts, in milliseconds, when expiry is enabled',
		},
	],
	relationships: [
		{
			name: 'userType',
			label: 'User Type',
			target: 'userTypes',
			toMany: false,
			loadOptions: 'getUserTypes',
			on: ['create'],
			description: 'Whether members are Educators, Markers or Students. Cannot be changed after creation.',
		},
		{ ...subPortalRelationship, on: ['create'], description: 'The sub-portal the group belongs to. Cannot be changed after creation.' },
		{
			name: 'parentGroup',
			label: 'Parent Group',
			target: 'userGroups',
			toMany: false,
			loadOptions: 'getUserGroups',
			description: 'The group this group sits under.',
		},
		ownerRelationship,
	],
	filters: [
		{ name: 'name', label: 'Name', description: 'Only the group with exactly this name' },
		{ name: 'search', label: 'Search', description: 'Groups whose name contains this text' },
		{ name: 'userType', label: 'User Type', description: 'Only groups of this user type.', loadOptions: 'getUserTypes' },
	],
	operations: [
		{
			value: 'addMembers',
			name: 'Add Members',
			action: 'Add users to a group',
			description: 'Add existing users to the group (their other groups are kept)',
			kind: 'custom',
			needsId: true,
			source: 'INFERRED',
			properties: [memberIdsProperty],
			request: { method: 'POST', path: USER_GROUPS_OF_USER },
			execute: addMembers,
		},
		// Only Update's page was captured; the others follow its path.
		...standardOperations(GROUP, ['create', 'delete', 'get', 'getAll'], {
			create: { source: 'INFERRED' },
			delete: { source: 'INFERRED' },
			get: { source: 'INFERRED' },
			getAll: { source: 'INFERRED' },
		}),
		{
			value: 'removeMembers',
			name: 'Remove Members',
			action: 'Remove users from a group',
			description: 'Remove users from the group (their other groups are kept)',
			kind: 'custom',
			needsId: true,
			source: 'INFERRED',
			properties: [memberIdsProperty],
			request: { method: 'DELETE', path: USER_GROUPS_OF_USER },
			execute: removeMembers,
		},
		...standardOperations(GROUP, ['update'], { update: { description: 'Change a group\'s name, description or settings' } }),
		upsertOperation(GROUP, { source: 'INFERRED' }),
	],
	upsert: {
		keys: [{ attribute: 'name', label: 'Name', filter: 'name' }],
		create: 'create',
		update: 'update',
	},
};
