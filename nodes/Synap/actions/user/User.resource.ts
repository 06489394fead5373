/**
 * User: register (POST /user-registrations, SEEN), get, list, update (PATCH /users/{id}, SEEN),
 * delete, and the user's account (GET /user-accounts/{id}, SEEN).
 */
import { standardOperations, upsertOperation } from '../shared/operations';
import type { AttributeSpec, ResourceSpec } from '../shared/spec';
import {
	customAttributes,
	externalId,
	marketingEmailsConsent,
	nameAttribute,
	preferences,
	subPortalRelationship,
	timeZone,
	userGroupsRelationship,
} from '../shared/commonFields';

const emailAddress: AttributeSpec = {
	name: 'emailAddress',
	label: 'Email',
	type: 'string',
	placeholder: 'e.g. ada@example.com',
	description: 'The user\'s email address, which they sign in with',
};

/** UserRegistration attributes (SEEN: create-userregistration and the add-users guide). */
const registrationAttributes: AttributeSpec[] = [
	{ ...nameAttribute('user'), requiredOnCreate: true, description: 'The user\'s full name' },
	{ ...emailAddress, requiredOnCreate: true },
	{
		name: 'password',
		label: 'Password',
		type: 'string',
		typeOptions: { password: true },
		description:
			'An initial password for the user. Synap\'s pages do not say whether it may be left out or which rules it must meet (the older Org API asked for 8+ characters with an upper-case letter, a lower-case letter and a digit).',
	},
	customAttributes,
	{
		name: 'fontSize',
		label: 'Font Size',
		type: 'string',
		placeholder: 'e.g. xSmall',
		description: 'The user\'s preferred font size in the player',
	},
	{
		name: 'locale',
		label: 'Locale',
		type: 'string',
		placeholder: 'e.g. en or it-IT',
		description: 'The user\'s language and region',
	},
	marketingEmailsConsent,
	preferences,
	{
		name: 'registration',
		label: 'Registration Answers (JSON)',
		type: 'json',
		description: 'Answers to the portal\'s registration form as a JSON object',
	},
	{
		name: 'registrationSource',
		label: 'Registration Source (JSON)',
		type: 'json',
		placeholder: '{"type": "self"}',
		description: 'How the user registered, e.g. {"type": "self"}',
	},
	{
		name: 'signUpSource',
		label: 'Sign-Up Source',
		type: 'string',
		placeholder: 'e.g. Web',
		description: 'Where the sign-up came from',
	},
	timeZone,
	{
		name: 'utm',
		label: 'UTM Parameters (JSON)',
		type: 'json',
		description: 'Marketing campaign parameters as a JSON object, e.g. {"source": "newsletter"}',
	},
	{
		name: 'welcomeEmailDisabled',
		label: 'Welcome Email Disabled',
		type: 'boolean',
		description: 'Whether to skip sending Synap\'s welcome email to the new user',
	},
];

/** Writable User attributes (SEEN: update-user). */
const userAttributes: AttributeSpec[] = [
	nameAttribute('user'),
	emailAddress,
	externalId,
	customAttributes,
	marketingEmailsConsent,
	{
		name: 'notificationConfig',
		label: 'Notification Settings (JSON)',
		type: 'json',
		description: 'Which notifications the user receives, as a JSON object',
	},
	preferences,
	{
		name: 'profilePicture',
		label: 'Profile Picture (JSON)',
		type: 'json',
		placeholder: '{"__type": "File", "name": "ada.png", "url": "https://…"}',
		description: 'The user\'s picture as a Synap File object, shaped like the example',
	},
	timeZone,
];

const USER = { one: 'user', many: 'users' };

export const user: ResourceSpec = {
	value: 'user',
	name: 'User',
	endpoint: 'users',
	simplifyFields: ['id', 'type', 'name', 'emailAddress', 'externalId', 'userGroupIds', 'subPortalId', 'emailVerified', 'lastSeen', 'createdAt'],
	searchable: true,
	titleAttribute: 'name',
	attributes: userAttributes,
	relationships: [
		{ ...userGroupsRelationship, on: ['update'] },
		subPortalRelationship,
		{
			name: 'userAttributes',
			label: 'User Attribute',
			target: 'userAttributes',
			toMany: true,
			on: ['update'],
			description: 'IDs of UserAttribute records linked to the user.',
		},
	],
	filters: [
		{ name: 'emailAddress', label: 'Email', description: 'Only the user with this email address' },
		{ name: 'externalId', label: 'External ID', description: 'Only users with this external ID' },
		{ name: 'name', label: 'Name', description: 'Only users with exactly this name' },
		{ name: 'search', label: 'Search', description: 'Users whose name or email contains this text' },
		{ name: 'userGroup', label: 'User Group', description: 'Only members of this group.', loadOptions: 'getUserGroups' },
	],
	operations: [
		{
			value: 'create',
			name: 'Register',
			action: 'Register a user',
			description: 'Create a user account (they join the default Students group unless a group is given)',
			kind: 'create',
			endpoint: 'userRegistrations',
			attributes: registrationAttributes,
			relationships: [
				{
					...userGroupsRelationship,
					single: true,
					description:
						'The group to register the user into (one only; Synap assigns the group\'s content straight away). Leave empty for the default Students group; pick an Educator-type group to register an educator.',
				},
				{ ...subPortalRelationship, description: 'Register the user into this sub-portal.' },
			],
		},
		// Named in Synap's menu, pages not captured: the paths follow the documented PATCH /users/{id}.
		...standardOperations(USER, ['delete', 'get'], { delete: { source: 'INFERRED' }, get: { source: 'INFERRED' } }),
		{
			value: 'getAccount',
			name: 'Get Account',
			action: 'Get a user account',
			description: 'Get a user\'s account settings (sign-in and verification status)',
			kind: 'get',
			endpoint: 'userAccounts',
			simplifyFields: ['id', 'type', 'name', 'emailAddress', 'shouldVerifyEmail', 'canChangePassword', 'hasExternalAuth', 'timeZone'],
		},
		...standardOperations(USER, ['getAll', 'update'], {
			getAll: { source: 'INFERRED' },
			update: { description: 'Change a user\'s details, groups or sub-portal' },
		}),
		// The look-up uses the inferred list filters; register and update are documented.
		upsertOperation(USER, { source: 'INFERRED' }),
	],
	upsert: {
		keys: [
			{ attribute: 'emailAddress', label: 'Email', filter: 'emailAddress', caseInsensitive: true },
			{ attribute: 'externalId', label: 'External ID', filter: 'externalId' },
		],
		create: 'create',
		update: 'update',
		mergeOnUpdate: ['userGroups'],
	},
};
