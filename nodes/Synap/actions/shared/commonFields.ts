/**
 * Attributes and relationships that several Synap resources share, declared once.
 */
import type { AttributeSpec, RelationshipSpec } from './spec';

export const customAttributes: AttributeSpec = {
	name: 'attr',
	label: 'Custom Attributes (JSON)',
	type: 'json',
	description: 'Your portal\'s custom attributes as a JSON object, e.g. {"studentNumber": "S-1042"}',
};

export const nameAttribute = (what: string): AttributeSpec => ({
	name: 'name',
	label: 'Name',
	type: 'string',
	description: `The ${what}'s name`,
});

export const descriptionAttribute = (what: string): AttributeSpec => ({
	name: 'description',
	label: 'Description',
	type: 'string',
	description: `A description of the ${what}`,
});

export const externalId: AttributeSpec = {
	name: 'externalId',
	label: 'External ID',
	type: 'string',
	description: 'Your own identifier for this record, e.g. the ID in your student information system',
};

export const timeZone: AttributeSpec = {
	name: 'timeZone',
	label: 'Time Zone',
	type: 'string',
	placeholder: 'e.g. Europe/London',
	description: 'An IANA time zone name',
};

export const isArchived: AttributeSpec = {
	name: 'isArchived',
	label: 'Is Archived',
	type: 'boolean',
	description: 'Whether the record is archived',
};

export const marketingEmailsConsent: AttributeSpec = {
	name: 'marketingEmailsConsent',
	label: 'Marketing Emails Consent',
	type: 'options',
	options: [
		{ name: 'Confirmed', value: 'confirmed' },
		{ name: 'Pending', value: 'pending' },
		{ name: 'Removed', value: 'removed' },
	],
	default: 'pending',
	description: 'Whether the user agreed to marketing emails (values from Synap\'s Segment documentation)',
};

export const preferences: AttributeSpec = {
	name: 'preferences',
	label: 'Preferences (JSON)',
	type: 'json',
	description: 'User preferences as a JSON object, e.g. {"locale": "en"}',
};

export const subPortalRelationship: RelationshipSpec = {
	name: 'subPortal',
	label: 'Sub-Portal',
	target: 'subPortals',
	toMany: false,
	loadOptions: 'getSubPortals',
	description: 'The sub-portal the record belongs to.',
};

export const ownerRelationship: RelationshipSpec = {
	name: 'owner',
	label: 'Owner User',
	target: 'users',
	toMany: false,
	description: 'The user who owns the record.',
};

export const userGroupsRelationship: RelationshipSpec = {
	name: 'userGroups',
	label: 'User Group',
	target: 'userGroups',
	toMany: true,
	loadOptions: 'getUserGroups',
	description: 'The groups the user belongs to. Setting this replaces the user\'s current groups.',
};
