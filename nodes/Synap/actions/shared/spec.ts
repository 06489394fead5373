/**
 * The shape in which every Synap resource is declared: once, as data.
 *
 * JSON:API is uniform, so a resource is fully described by its endpoint (./transport/endpoints),
 * its attributes and relationships, and which of the standard operations it supports. The shared
 * code turns a ResourceSpec into n8n parameters (./buildProperties.ts) and runs its operations
 * (./standardExecutors.ts). Only behaviour that JSON:API does not cover gets a custom executor.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { EndpointKey, Source } from '../../transport/endpoints';
import { relatedIdKey } from '../../transport/jsonApi';
import type { RunContext } from '../../transport/runContext';

export type Writable = 'create' | 'update';

export interface AttributeSpec {
	/** JSON:API attribute name; also the n8n parameter name. Never rename once released. */
	name: string;
	/** Field label in n8n. */
	label: string;
	/** `json`: a JSON object; `jsonList`: a JSON array (e.g. a list of grades); `stringList`: comma-separated text. */
	type: 'string' | 'number' | 'boolean' | 'dateTime' | 'json' | 'jsonList' | 'options' | 'stringList';
	/** One line, for people and for AI agents. Booleans start with "Whether". */
	description: string;
	options?: Array<{ name: string; value: string; description?: string }>;
	default?: string | number | boolean;
	placeholder?: string;
	typeOptions?: { password: true };
	/** Operations that may write it (default: both). */
	on?: Writable[];
	/** A required top-level field on create instead of an Additional Field. */
	requiredOnCreate?: boolean;
	/**
	 * Where the value goes in `attributes` when the field is one member of a nested attribute,
	 * as a dotted path (`basicAuth.password`); default: `name`. A list sends the one value to
	 * each path: a released field whose own name Synap does not have keeps its parameter name and
	 * sets the documented attributes it stands for (Exam → Blind Marking).
	 */
	sendAs?: string | readonly string[];
}

export interface RelationshipSpec {
	/** JSON:API relationship name (`userGroups`); the n8n parameter is `userGroupIds` / `subPortalId`. */
	name: string;
	/** Label of the related record, singular ("User Group"). */
	label: string;
	target: EndpointKey;
	toMany: boolean;
	description: string;
	/** A dropdown of the related records (load options method in ../../methods/loadOptions). */
	loadOptions?: 'getUserGroups' | 'getSubPortals' | 'getUserTypes';
	on?: Writable[];
	requiredOnCreate?: boolean;
	/**
	 * A to-many relationship that accepts only one value today (Synap registration: "userGroups is
	 * an array but only a single value is currently supported"): one field in n8n, an array on the wire.
	 */
	single?: boolean;
}

export interface FilterSpec {
	/** Sent as `filter[<name>]`. */
	name: string;
	label: string;
	description: string;
	type?: 'string' | 'boolean' | 'options';
	options?: Array<{ name: string; value: string }>;
	loadOptions?: RelationshipSpec['loadOptions'];
}

export type OperationKind = 'create' | 'get' | 'getAll' | 'update' | 'delete' | 'upsert' | 'custom';

export interface ItemContext {
	itemIndex: number;
	run: RunContext;
	resource: ResourceSpec;
	operation: OperationSpec;
	subjectUserId?: string;
}

/** Runs one input item; returns its output items (the router sets pairedItem). */
export type ItemExecutor = (this: IExecuteFunctions, ctx: ItemContext) => Promise<INodeExecutionData[]>;

export interface OperationSpec {
	/** Parameter value. Never rename once released. */
	value: string;
	name: string;
	/** Sentence-case action text shown in the node panel and to AI agents. */
	action: string;
	description: string;
	kind: OperationKind;
	/** Endpoint when it differs from the resource's (User → Register posts to user-registrations). */
	endpoint?: EndpointKey;
	/** Where the operation is documented (the endpoint's own mark is used when absent). */
	source?: Source;
	/** Attributes / relationships when they differ from the resource's. */
	attributes?: AttributeSpec[];
	relationships?: RelationshipSpec[];
	/** The operation acts on one existing record picked by the resource's ID locator. */
	needsId?: boolean;
	/**
	 * A create whose record, picked in the resource's ID locator, is sent as this to-one
	 * relationship (Collection → Give Group Access posts a CollectionAccess with `collection`).
	 */
	idRelationship?: string;
	/** For kind 'custom'. */
	execute?: ItemExecutor;
	/** Extra parameters of a custom operation (displayOptions are added for you). */
	properties?: INodeProperties[];
	/**
	 * What a custom operation sends (`{id}` for the record), for the docs and `npm run probe`;
	 * standard operations follow from their kind and endpoint.
	 */
	request?: { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; path: string };
	/** Whether the output can be simplified (default: true except delete/custom). */
	simplify?: boolean;
	/** Output → Simplified fields when they differ from the resource's (User → Get Account). */
	simplifyFields?: string[];
}

/** An attribute a Create or Update can match existing records on. */
export interface UpsertKey {
	/** The attribute compared; also the Match On option value. Never rename once released. */
	attribute: string;
	/** As shown in Match On ("Email"). */
	label: string;
	/** Sent as `filter[<filter>]=<value>` to find the record (Synap's filter names are INFERRED). */
	filter: string;
	/** Compare without regard to case (email addresses). */
	caseInsensitive?: boolean;
}

/**
 * How a resource's Create or Update works: which keys it can match on (the first is the default),
 * and which of its operations create and update. The shared executor (./upsert.ts) does the rest.
 */
export interface UpsertSpec {
	keys: UpsertKey[];
	/** Value of the operation that creates (its endpoint, fields and required fields are used). */
	create: string;
	/** Value of the operation that updates. */
	update: string;
	/**
	 * To-many relationships that an update adds to instead of replacing: a user matched by a
	 * spreadsheet row joins the row's group and keeps their other groups.
	 */
	mergeOnUpdate?: string[];
}

export interface ResourceSpec {
	/** Parameter value. Never rename once released. */
	value: string;
	/** Singular display name ("User Group"). */
	name: string;
	/** Absent only for Custom, which has no fixed endpoint. */
	endpoint?: EndpointKey;
	/** Search the list in the ID locator (needs a list endpoint). */
	searchable?: boolean;
	/** Attribute shown as the record's name in lists. */
	titleAttribute?: string;
	/**
	 * At most 10 keys of the flat item (`id`, `type`, attributes, related IDs such as `userGroupIds`)
	 * that Output → Simplified returns: the human-recognisable ones and the related IDs that matter.
	 */
	simplifyFields?: string[];
	attributes: AttributeSpec[];
	relationships: RelationshipSpec[];
	filters?: FilterSpec[];
	operations: OperationSpec[];
	/** Declared for a resource that offers Create or Update (an operation of kind 'upsert'). */
	upsert?: UpsertSpec;
	/** Displayed above the operation list, e.g. to explain an inferred part. */
	notice?: string;
}

// ---------------------------------------------------------------------------------------------
// Naming rules: how a declaration maps to parameter names and behaviour. They sit beside the types
// so that code running at execution time never imports the parameter builder (./buildProperties.ts).

export const idParameterName = (resource: ResourceSpec) => `${resource.value}Id`;
export const searchMethodName = (resource: ResourceSpec) =>
	`search${resource.value.charAt(0).toUpperCase()}${resource.value.slice(1)}s`;
export const operationNeedsId = (op: OperationSpec) =>
	op.needsId ?? (op.kind === 'get' || op.kind === 'update' || op.kind === 'delete');
export const operationSimplifies = (op: OperationSpec) => op.simplify ?? (op.kind !== 'delete' && op.kind !== 'custom');
export const attributesOf = (resource: ResourceSpec, op: OperationSpec) => op.attributes ?? resource.attributes;
export const relationshipsOf = (resource: ResourceSpec, op: OperationSpec) => op.relationships ?? resource.relationships;
export const writableOn = (on: Writable[] | undefined, mode: Writable) => (on ?? ['create', 'update']).includes(mode);
/** n8n parameter name of a relationship field: `userGroupIds`, `subPortalId`, or `userGroupId` when single. */
export const relationshipParameterName = (rel: RelationshipSpec) =>
	rel.single ? relatedIdKey(rel.name.replace(/s$/, ''), false) : relatedIdKey(rel.name, rel.toMany);
