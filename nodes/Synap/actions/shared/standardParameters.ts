/**
 * Parameter definitions shared by every resource, in n8n's standard wording
 * (Return All, Limit, Simplify, Additional Fields, Update Fields, Options).
 */
import type { INodeProperties } from 'n8n-workflow';

/** An ID typed in the locator. Empty matches: the field's own "required" message covers it, once. */
export const ID_REGEX = '^[A-Za-z0-9_-]{0,64}$';
/** The last 10-character alphanumeric path segment of a *.synap.ac page URL (INFERRED page layout). */
export const PORTAL_URL_ID_REGEX = '^https?://[^/]+\\.synap\\.ac/.*/([A-Za-z0-9]{10})(?:[/?#].*)?$';

export const returnAll: INodeProperties = {
	displayName: 'Return All',
	name: 'returnAll',
	type: 'boolean',
	default: false,
	description: 'Whether to return all results or only up to a given limit',
};

export const limit: INodeProperties = {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	default: 50,
	typeOptions: { minValue: 1 },
	description: 'Max number of results to return',
	displayOptions: { show: { returnAll: [false] } },
};

export const simplify: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description: 'Whether to return a simplified version of the response instead of the raw data',
};

export const includeOption: INodeProperties = {
	displayName: 'Include Related',
	name: 'include',
	type: 'string',
	default: '',
	placeholder: 'e.g. userGroups,subPortal',
	description:
		'Relationships to load with each record, comma-separated. With Simplify on, each included record is folded into the item under the relationship\'s name.',
};

export const fieldsOption: INodeProperties = {
	displayName: 'Fields',
	name: 'fields',
	type: 'string',
	default: '',
	placeholder: 'e.g. name,emailAddress',
	description: 'Only return these attributes, comma-separated (a JSON:API sparse fieldset). Leave empty for all.',
};

export const sortOption: INodeProperties = {
	displayName: 'Sort',
	name: 'sort',
	type: 'string',
	default: '',
	placeholder: 'e.g. -createdAt,name',
	description: 'Attributes to sort by, comma-separated; put a minus sign before one to sort descending',
};

export const moreFiltersOption: INodeProperties = {
	displayName: 'More Filters',
	name: 'customFilters',
	type: 'fixedCollection',
	placeholder: 'Add Filter',
	default: {},
	typeOptions: { multipleValues: true },
	description: 'Any other filter Synap supports, sent as filter[Name]=Value',
	options: [
		{
			displayName: 'Filter',
			name: 'filter',
			values: [
				{
					displayName: 'Name',
					name: 'name',
					type: 'string',
					default: '',
					placeholder: 'e.g. externalId',
					description: 'The attribute to filter on (the part inside filter[…])',
				},
				{
					displayName: 'Value',
					name: 'value',
					type: 'string',
					default: '',
					description: 'The value it must have',
				},
			],
		},
	],
};

export const extraAttributesJson: INodeProperties = {
	displayName: 'Extra Attributes (JSON)',
	name: 'attributesJson',
	type: 'json',
	default: '{}',
	description:
		'More attributes to send as a JSON object, for attributes this node has no field for yet (Synap\'s v3 API grows by adding fields). These win over the fields above.',
};

export const extraRelationshipsJson: INodeProperties = {
	displayName: 'Extra Relationships (JSON)',
	name: 'relationshipsJson',
	type: 'json',
	default: '{}',
	description:
		'More JSON:API relationships to send, as a JSON object keyed by relationship name, each with a "data" member. These win over the fields above.',
};

export const subjectUserId: INodeProperties = {
	displayName: 'Act As (Subject-User ID)',
	name: 'subjectUserId',
	type: 'string',
	default: '',
	placeholder: 'e.g. QsogF1GDFZ',
	description:
		'Optional. The Synap User ID to act for: the request runs with exactly that user\'s privileges, as if they made it. Leave empty to act as the administrator who created the token. Accepts an expression, so each item can act as a different user.',
};

export const requestOptions: INodeProperties = {
	displayName: 'Request Options',
	name: 'requestOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Max Concurrency',
			name: 'concurrency',
			type: 'number',
			default: 0,
			typeOptions: { minValue: 0, maxValue: 100 },
			description:
				'0 = Auto: the node finds how many requests Synap serves well (up to 32 at once, shared with other executions using this credential). A number keeps exactly that many requests in flight for this execution; set 1 to process items strictly one after another (when later items depend on earlier ones). Either way the node waits when Synap says "too many requests" and then keeps to the pace Synap allows.',
		},
		{
			displayName: 'Max Rate-Limit Wait (Seconds)',
			name: 'maxRateLimitWait',
			type: 'number',
			default: 300,
			typeOptions: { minValue: 0 },
			description:
				'Total time this execution may spend waiting because Synap said "too many requests" or "unavailable, retry later". A wait Synap asks for that does not fit in what is left fails its item at once with a clear message instead of hanging.',
		},
		{
			displayName: 'Max Response Size (MB)',
			name: 'maxResponseSize',
			type: 'number',
			default: 16,
			typeOptions: { minValue: 1, maxValue: 1024 },
			description:
				'Largest answer from Synap the node reads. A larger one fails its item with a message instead of exhausting n8n\'s memory; raise it only for very large pages or included records.',
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			default: 60,
			typeOptions: { minValue: 1 },
			description: 'How long to wait for Synap to answer one request before giving up on it',
		},
	],
};
