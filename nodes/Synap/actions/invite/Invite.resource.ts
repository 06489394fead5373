/**
 * Invite: get (GET /invites/{id}, SEEN), list (named in the menu; INFERRED), update (PATCH
 * /invites/{id}, SEEN: only `status` and `lastSent` are writable).
 */
import { searchFilter } from '../shared/commonFields';
import { standardOperations } from '../shared/operations';
import type { ResourceSpec } from '../shared/spec';

export const invite: ResourceSpec = {
	value: 'invite',
	name: 'Invite',
	endpoint: 'invites',
	simplifyFields: ['id', 'type', 'emailAddress', 'name', 'status', 'valid', 'expiryDate', 'lastSent', 'userGroupId', 'inviteeId'],
	searchable: true,
	titleAttribute: 'name',
	attributes: [
		{
			name: 'status',
			label: 'Status',
			type: 'string',
			placeholder: 'e.g. pending',
			description: 'The invite\'s status; Synap documents "pending" and does not publish the other values',
		},
		{
			name: 'lastSent',
			label: 'Last Sent',
			type: 'dateTime',
			description: 'When the invite email was last sent',
		},
	],
	relationships: [],
	filters: [
		{ name: 'emailAddress', label: 'Email', description: 'Only invites sent to this email address' },
		{ name: 'status', label: 'Status', description: 'Only invites with this status, e.g. pending' },
		searchFilter('Invites', 'name or email'),
		{ name: 'userGroup', label: 'User Group', description: 'Only invites into this group.', loadOptions: 'getUserGroups' },
	],
	operations: standardOperations({ one: 'invite', many: 'invites' }, ['get', 'getAll', 'update'], {
		get: { description: 'Get an invite by ID, with its status, invitee and group' },
		getAll: { description: 'List invites, with filters', source: 'INFERRED' },
		update: { description: 'Change an invite\'s status or when it was last sent' },
	}),
};
