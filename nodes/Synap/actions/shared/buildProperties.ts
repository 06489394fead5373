/**
 * Turns a ResourceSpec into the node's parameters. Every resource gets the same, n8n-standard
 * shape: an Operation list; an ID locator (From List / By ID / By URL) for operations on one
 * record; required fields first, then "Additional Fields" (create) or "Update Fields" (update),
 * alphabetised, each ending with the JSON escape hatches; Return All / Limit / Filters / Options
 * for Get Many; and Simplify.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { ENDPOINTS } from '../../transport/endpoints';
import {
	extraAttributesJson,
	extraRelationshipsJson,
	fieldsOption,
	ID_REGEX,
	includeOption,
	limit,
	moreFiltersOption,
	PORTAL_URL_ID_REGEX,
	returnAll,
	sortOption,
} from './standardParameters';
import { outputProperties } from './output';
import {
	attributesOf,
	idParameterName,
	operationNeedsId,
	operationSimplifies,
	relationshipParameterName,
	relationshipsOf,
	searchMethodName,
	writableOn,
} from './spec';
import type { AttributeSpec, FilterSpec, OperationSpec, RelationshipSpec, ResourceSpec, Writable } from './spec';

// The naming rules live beside the types (./spec.ts); re-exported for the builders' callers.
export { attributesOf, idParameterName, operationNeedsId, operationSimplifies, relationshipParameterName, relationshipsOf, searchMethodName };
import { keyHasOwnField, upsertPlan } from './upsertFields';

const EXPRESSION_LINK = '<a href="https://docs.n8n.io/code/expressions/">expression</a>';


/**
 * n8n's description rules: one sentence ends without a period, several end with one (also when
 * the last is n8n's prescribed "Choose from the list, … expression" sentence).
 */
const sentences = (text: string) => text.replace('e.g.', '').split('. ').length;
const withPeriod = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);
const asDescription = (text: string) => (sentences(text) === 1 ? text.replace(/\.$/, '') : withPeriod(text));
/** A dropdown's description, ending in n8n's prescribed sentence (checked on the built parameters by the tests). */
const pickFromList = (text: string, what: 'an ID' | 'IDs') =>
	`${withPeriod(text)} Choose from the list, or specify ${what} using an ${EXPRESSION_LINK}.`;

const byDisplayName = (a: { displayName: string }, b: { displayName: string }) => a.displayName.localeCompare(b.displayName);





export function attributeProperty(attr: AttributeSpec): INodeProperties {
	const base = { displayName: attr.label, name: attr.name, description: attr.description } as INodeProperties;
	if (attr.placeholder) base.placeholder = attr.placeholder;
	switch (attr.type) {
		case 'boolean':
			return { ...base, type: 'boolean', default: attr.default ?? false };
		case 'number':
			return { ...base, type: 'number', default: attr.default ?? 0 };
		case 'dateTime':
			return { ...base, type: 'dateTime', default: '' };
		case 'json':
			return { ...base, type: 'json', default: (attr.default as string) ?? '{}' };
		case 'jsonList':
			return { ...base, type: 'json', default: (attr.default as string) ?? '[]' };
		case 'options':
			return {
				...base,
				type: 'options',
				options: [...(attr.options ?? [])].sort((a, b) => a.name.localeCompare(b.name)),
				default: attr.default ?? attr.options?.[0]?.value ?? '',
			};
		case 'stringList':
			return { ...base, type: 'string', default: '' };
		default:
			return {
				...base,
				type: 'string',
				default: attr.default ?? '',
				...(attr.typeOptions ? { typeOptions: attr.typeOptions } : {}),
			};
	}
}


export function relationshipProperty(rel: RelationshipSpec): INodeProperties {
	const name = relationshipParameterName(rel);
	const many = rel.toMany && !rel.single;
	if (rel.loadOptions) {
		return many
			? {
					displayName: `${rel.label} Names or IDs`,
					name,
					type: 'multiOptions',
					typeOptions: { loadOptionsMethod: rel.loadOptions },
					default: [],
					description: pickFromList(rel.description, 'IDs'),
				}
			: {
					displayName: `${rel.label} Name or ID`,
					name,
					type: 'options',
					typeOptions: { loadOptionsMethod: rel.loadOptions },
					default: '',
					description: pickFromList(rel.description, 'an ID'),
				};
	}
	return {
		displayName: many ? `${rel.label} IDs` : `${rel.label} ID`,
		name,
		type: 'string',
		default: '',
		placeholder: many ? 'e.g. QsogF1GDFZ,bh7EbXdKcf' : 'e.g. QsogF1GDFZ',
		description: many ? `${withPeriod(rel.description)} Separate several IDs with commas.` : asDescription(rel.description),
	};
}

function filterProperty(filter: FilterSpec): INodeProperties {
	if (filter.loadOptions) {
		return {
			displayName: `${filter.label} Name or ID`,
			name: filter.name,
			type: 'options',
			typeOptions: { loadOptionsMethod: filter.loadOptions },
			default: '',
			description: pickFromList(filter.description, 'an ID'),
		};
	}
	if (filter.type === 'boolean') {
		return { displayName: filter.label, name: filter.name, type: 'boolean', default: false, description: filter.description };
	}
	if (filter.type === 'options') {
		const choices = [...(filter.options ?? [])].sort((a, b) => a.name.localeCompare(b.name));
		const first = filter.options?.[0]?.value ?? '';
		return { displayName: filter.label, name: filter.name, type: 'options', options: choices, default: first, description: filter.description };
	}
	return { displayName: filter.label, name: filter.name, type: 'string', default: '', description: filter.description };
}

export function idLocator(resource: ResourceSpec, description?: string): INodeProperties {
	const label = resource.name;
	return {
		displayName: label,
		name: idParameterName(resource),
		type: 'resourceLocator',
		default: { mode: resource.searchable ? 'list' : 'id', value: '' },
		required: true,
		description: description ?? `The ${label.toLowerCase()} to use`,
		modes: [
			...(resource.searchable
				? [
						{
							displayName: 'From List',
							name: 'list',
							type: 'list' as const,
							placeholder: `Select a ${label.toLowerCase()}…`,
							typeOptions: { searchListMethod: searchMethodName(resource), searchable: true },
						},
					]
				: []),
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. QsogF1GDFZ',
				validation: [{ type: 'regex', properties: { regex: ID_REGEX, errorMessage: 'Not a valid Synap ID (letters and digits)' } }],
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: 'e.g. https://acme.synap.ac/…/QsogF1GDFZ',
				extractValue: { type: 'regex', regex: PORTAL_URL_ID_REGEX },
				validation: [
					{
						type: 'regex',
						properties: {
							regex: PORTAL_URL_ID_REGEX,
							errorMessage: 'Not a link to a Synap portal page that ends with a record ID',
						},
					},
				],
			},
		],
	};
}

function fieldsFor(resource: ResourceSpec, op: OperationSpec, mode: Writable): INodeProperties[] {
	const attributes = attributesOf(resource, op).filter((a) => writableOn(a.on, mode));
	const relationships = relationshipsOf(resource, op).filter((r) => writableOn(r.on, mode));
	const required = mode === 'create'
		? [
				...attributes.filter((a) => a.requiredOnCreate).map((a) => ({ ...attributeProperty(a), required: true })),
				...relationships.filter((r) => r.requiredOnCreate).map((r) => ({ ...relationshipProperty(r), required: true })),
			]
		: [];
	const optional = [
		...attributes.filter((a) => mode === 'update' || !a.requiredOnCreate).map(attributeProperty),
		...relationships.filter((r) => mode === 'update' || !r.requiredOnCreate).map(relationshipProperty),
		extraAttributesJson,
		extraRelationshipsJson,
	].sort(byDisplayName);
	const collection: INodeProperties =
		mode === 'create'
			? { displayName: 'Additional Fields', name: 'additionalFields', type: 'collection', placeholder: 'Add Field', default: {}, options: optional }
			: { displayName: 'Update Fields', name: 'updateFields', type: 'collection', placeholder: 'Add Field', default: {}, options: optional };
	return [...required, collection];
}

/** Match On (when there is a choice), the key's own field, then the create's fields. */
function upsertProperties(resource: ResourceSpec): INodeProperties[] {
	const plan = upsertPlan(resource);
	const { keys } = plan.spec;
	const props: INodeProperties[] = [];
	if (keys.length > 1) {
		const choices = keys.map((k) => ({ name: k.label, value: k.attribute })).sort((a, b) => a.name.localeCompare(b.name));
		const first = keys[0].attribute;
		props.push({
			displayName: 'Match On',
			name: 'matchOn',
			type: 'options',
			options: choices,
			default: first,
			description: `Which field identifies an existing ${resource.name.toLowerCase()}: one match is updated, none creates a new one, several fail the item`,
		});
	}
	for (const key of keys.filter((k) => keyHasOwnField(plan, k))) {
		const attr = attributesOf(resource, plan.update).find((a) => a.name === key.attribute);
		props.push({
			...(attr ? attributeProperty(attr) : { displayName: key.label, name: key.attribute, type: 'string', default: '' }),
			required: true,
			description: `The ${key.label.charAt(0).toLowerCase()}${key.label.slice(1)} to find the ${resource.name.toLowerCase()} by; a new ${resource.name.toLowerCase()} gets it too`,
			...(keys.length > 1 ? { displayOptions: { show: { matchOn: [key.attribute] } } } : {}),
		} as INodeProperties);
	}
	props.push(...fieldsFor(resource, plan.fields, 'create'));
	return props;
}

const optionsCollection = (options: INodeProperties[]): INodeProperties => ({
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [...options].sort(byDisplayName),
});

function operationProperties(resource: ResourceSpec, op: OperationSpec): INodeProperties[] {
	const props: INodeProperties[] = [];
	if (operationNeedsId(op)) props.push(idLocator(resource));
	if (op.properties) props.push(...op.properties);
	switch (op.kind) {
		case 'create':
			props.push(...fieldsFor(resource, op, 'create'));
			break;
		case 'update':
			props.push(...fieldsFor(resource, op, 'update'));
			break;
		case 'upsert':
			props.push(...upsertProperties(resource));
			break;
		case 'getAll':
			props.push(returnAll, limit);
			if (resource.filters?.length) {
				props.push({
					displayName: 'Filters',
					name: 'filters',
					type: 'collection',
					placeholder: 'Add Filter',
					default: {},
					options: resource.filters.map(filterProperty).sort(byDisplayName),
				});
			}
			props.push(optionsCollection([fieldsOption, includeOption, moreFiltersOption, sortOption]));
			break;
		case 'get':
			props.push(optionsCollection([fieldsOption, includeOption]));
			break;
		default:
			break;
	}
	if (operationSimplifies(op)) props.push(...outputProperties(resource, op));
	const show = { resource: [resource.value], operation: [op.value] };
	return props.map((p) => ({ ...p, displayOptions: { ...(p.displayOptions ?? {}), show: { ...show, ...(p.displayOptions?.show ?? {}) } } }));
}

export function describeResource(resource: ResourceSpec): INodeProperties[] {
	const operations: INodePropertyOptions[] = resource.operations
		.map((op) => ({ name: op.name, value: op.value, description: op.description, action: op.action }))
		.sort((a, b) => a.name.localeCompare(b.name));
	const props: INodeProperties[] = [];
	if (resource.notice) {
		props.push({
			displayName: resource.notice,
			name: `${resource.value}Notice`,
			type: 'notice',
			default: '',
			displayOptions: { show: { resource: [resource.value] } },
		});
	}
	const firstOperation = resource.operations[0].value;
	props.push({
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource.value] } },
		options: operations,
		default: firstOperation,
	});
	for (const op of resource.operations) props.push(...operationProperties(resource, op));
	return props;
}

/** Where an operation comes from: its own mark, else its endpoint's. */
export const operationSource = (resource: ResourceSpec, op: OperationSpec) => {
	const endpoint = op.endpoint ?? resource.endpoint;
	return op.source ?? (endpoint ? ENDPOINTS[endpoint].source : 'SEEN');
};
