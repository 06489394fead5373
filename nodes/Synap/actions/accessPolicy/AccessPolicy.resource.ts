/**
 * Access Policy (who may access which content): create, get, list, update, delete — named in
 * Synap's menu, everything else INFERRED.
 *
 * Synap publishes no AccessPolicy attributes (NOT FOUND). The fields below are the ones a policy
 * needs to be found and told apart (`name`, `description`, as on UserGroup and Collection) and
 * whom it applies to (a user group, a sub-portal — the two ways Synap scopes access elsewhere).
 * Its rules go through Extra Attributes (JSON) until Synap publishes their shape.
 */
import {
	descriptionAttribute,
	nameAttribute,
	searchFilter,
	subPortalRelationship,
	undocumentedAttributesNotice,
	userGroupRelationship,
} from '../shared/commonFields';
import { standardOperations } from '../shared/operations';
import type { ResourceSpec } from '../shared/spec';

export const accessPolicy: ResourceSpec = {
	value: 'accessPolicy',
	name: 'Access Policy',
	endpoint: 'accessPolicies',
	simplifyFields: ['id', 'type', 'name', 'description', 'isActive', 'priority', 'userGroupId', 'subPortalId'],
	searchable: true,
	titleAttribute: 'name',
	notice: undocumentedAttributesNotice('Access Policy'),
	attributes: [{ ...nameAttribute('access policy'), requiredOnCreate: true }, descriptionAttribute('access policy')],
	relationships: [
		userGroupRelationship('userGroup', 'User Group', 'The group the policy applies to.'),
		{ ...subPortalRelationship, description: 'The sub-portal the policy applies to.' },
	],
	filters: [
		searchFilter('Access policies', 'name or description'),
		{ name: 'userGroup', label: 'User Group', description: 'Only policies for this group.', loadOptions: 'getUserGroups' },
	],
	operations: standardOperations({ one: 'access policy', many: 'access policies' }, ['create', 'delete', 'get', 'getAll', 'update'], {
		create: { description: 'Create an access policy for a group or sub-portal' },
	}),
};
