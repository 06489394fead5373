/**
 * Attributes and relationships that several Synap resources share, declared once.
 */
import type { AttributeSpec, FilterSpec, RelationshipSpec } from './spec';

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

export const shortDescriptionAttribute = (what: string): AttributeSpec => ({
	name: 'shortDescription',
	label: 'Short Description',
	type: 'string',
	description: `A one-line summary of the ${what}, shown in lists`,
});

export const extraInformation: AttributeSpec = {
	name: 'extraInformation',
	label: 'Extra Information (JSON)',
	type: 'json',
	description: 'Free-form extra information as a JSON object',
};

/** An embedded Synap File object (SEEN: `{"__type": "File", "name": "…", "url": "…"}`). */
export const fileAttribute = (name: string, label: string, what: string): AttributeSpec => ({
	name,
	label: `${label} (JSON)`,
	type: 'json',
	placeholder: '{"__type": "File", "name": "logo.png", "url": "https://…"}',
	// Shown as the placeholder: n8n's URL-casing rule would flag the JSON key in a description.
	description: `The ${what} as a Synap File object, shaped like the example`,
});

/** A to-one relationship to a user, entered as an ID. */
export const userRelationship = (name: string, label: string, description: string, extra: Partial<RelationshipSpec> = {}): RelationshipSpec => ({
	name,
	label,
	target: 'users',
	toMany: false,
	description,
	...extra,
});

/** A to-one relationship to a user group, picked from a dropdown. */
export const userGroupRelationship = (name: string, label: string, description: string, extra: Partial<RelationshipSpec> = {}): RelationshipSpec => ({
	name,
	label,
	target: 'userGroups',
	toMany: false,
	loadOptions: 'getUserGroups',
	description,
	...extra,
});

/** `coverImage` (File), SEEN on Exam-V-2 and AssignmentGroup. */
export const coverImageRelationship: RelationshipSpec = {
	name: 'coverImage',
	label: 'Cover Image File',
	target: 'files',
	toMany: false,
	description: 'The ID of an uploaded Synap File to show as the cover image',
};

/** Filters on list endpoints. Synap's filter names are NOT FOUND; these follow JSON:API (`filter[name]`). */
export const searchFilter = (what: string, fields: string): FilterSpec => ({
	name: 'search',
	label: 'Search',
	description: `${what} whose ${fields} contains this text`,
});

export const isArchivedFilter: FilterSpec = {
	name: 'isArchived',
	label: 'Is Archived',
	type: 'boolean',
	description: 'Whether to list only archived records (on) or only records that are not archived (off)',
};

/** The notice of a resource whose operations Synap names but whose attributes it does not publish. */
export const undocumentedAttributesNotice = (what: string) =>
	`Synap names the ${what} operations but does not publish their fields. The fields here are a best guess; send anything else through Extra Attributes (JSON).`;
