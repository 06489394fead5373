/**
 * Reads an item's parameters into JSON:API parts, with errors that name the field and the item
 * and say how to fix it. Nothing unchecked reaches a path, a query or a header.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, IGetNodeParameterOptions } from 'n8n-workflow';

import { ENDPOINTS } from '../../transport/endpoints';
import { buildRelationship, type Relationship } from '../../transport/jsonApi';
import { checkId } from '../../transport/validate';
import { attributesOf, idParameterName, relationshipParameterName, relationshipsOf, writableOn } from './spec';
import type { AttributeSpec, ItemContext, RelationshipSpec, ResourceSpec, Writable } from './spec';

const MAX_JSON_DEPTH = 32;

/**
 * Sets `target[key]` as an own property even when the key is "__proto__": plain assignment (and
 * Object.assign) would instead replace the object's prototype, silently dropping what the user
 * wrote under that key (and then e.g. report "Update Fields is empty").
 */
export function setOwn(target: IDataObject, key: string, value: unknown): void {
	Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export function fail(ctx: IExecuteFunctions, itemIndex: number, message: string, description?: string): never {
	throw new NodeOperationError(ctx.getNode(), `${message} [item ${itemIndex}]`, { itemIndex, description });
}

/**
 * Values of parameters that hold no expression, kept for the rest of the execution: such a value is
 * the same for every item, while n8n's getNodeParameter copies, resolves and type-checks it again on
 * every call (in a real n8n about 0.15 ms per item for Get's Output and Options alone, a twentieth of
 * the node's CPU per request). Keyed by the execution's context object, so nothing outlives the run.
 */
const staticValues = new WeakMap<object, Map<string, unknown>>();

/** Whether a stored parameter value holds an expression anywhere (a text starting with "="). */
function holdsExpression(value: unknown): boolean {
	const stack: unknown[] = [value];
	for (let seen = 0; stack.length; seen++) {
		// A very large value is not worth walking: it is read the ordinary way, each item.
		if (seen > 1000) return true;
		const v = stack.pop();
		if (typeof v === 'string' && v.startsWith('=')) return true;
		if (v !== null && typeof v === 'object') for (const child of Object.values(v as object)) stack.push(child);
	}
	return false;
}

/** A kept value as a fresh copy: callers may change what they get, as they may n8n's own copy. */
const copyOf = (value: unknown): unknown => (value !== null && typeof value === 'object' ? structuredClone(value) : value);

/**
 * getNodeParameter, with n8n's own errors reworded to name the field and the item: an expression
 * that fails ("this is a function, please add ()", "Referenced node doesn't exist") or a By URL
 * value that is not a Synap page URL otherwise reached the user naming neither. A value with no
 * expression in it is read once per execution (see staticValues).
 */
export function readParameter(
	ctx: IExecuteFunctions,
	name: string,
	itemIndex: number,
	label: string,
	fallback?: unknown,
	options?: IGetNodeParameterOptions,
): unknown {
	const stored = ctx.getNode().parameters as Record<string, unknown> | undefined;
	const isStatic = stored !== undefined && Object.prototype.hasOwnProperty.call(stored, name) && (options?.rawExpressions === true || !holdsExpression(stored[name]));
	const key = options ? `${name}\n${JSON.stringify(options)}` : name;
	let kept = staticValues.get(ctx);
	if (isStatic && kept?.has(key)) return copyOf(kept.get(key));
	try {
		const value = ctx.getNodeParameter(name, itemIndex, fallback, options);
		if (isStatic) {
			if (!kept) staticValues.set(ctx, (kept = new Map()));
			kept.set(key, copyOf(value));
		}
		return value;
	} catch (error) {
		const e = error as { message?: unknown; description?: unknown };
		const description = typeof e.description === 'string' && e.description ? e.description : 'Check the value or expression in this field.';
		return fail(ctx, itemIndex, `${label} could not be read: ${String(e.message ?? error).replace(/^ERROR: /, '')}`, description);
	}
}

/** Depth of a parsed JSON value, without recursion (a hostile value may be very deep). */
function depthOf(value: unknown): number {
	let max = 0;
	const stack: Array<[unknown, number]> = [[value, 1]];
	while (stack.length) {
		const [v, d] = stack.pop() as [unknown, number];
		if (v === null || typeof v !== 'object') continue;
		if (d > max) max = d;
		if (max > MAX_JSON_DEPTH) return max;
		for (const child of Object.values(v as object)) stack.push([child, d + 1]);
	}
	return max;
}

const JSON_SHAPES = {
	object: { empty: () => ({}), fits: (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v), example: 'a JSON object such as {"key": "value"}', noun: 'object', not: 'a list, text or number' },
	list: { empty: () => [], fits: (v: unknown) => Array.isArray(v), example: 'a JSON list such as [{"key": "value"}]', noun: 'list', not: 'an object, text or number' },
} as const;

/**
 * A JSON parameter, from an expression (already a value) or JSON text, that must have `shape`.
 * Empty text means an empty object or list; anything else that does not fit fails the item.
 */
function parseJson(ctx: IExecuteFunctions, itemIndex: number, label: string, value: unknown, shape: keyof typeof JSON_SHAPES): unknown {
	const rule = JSON_SHAPES[shape];
	let parsed: unknown = value;
	if (typeof value === 'string') {
		if (value.trim() === '') return rule.empty();
		try {
			parsed = JSON.parse(value);
		} catch (error) {
			fail(ctx, itemIndex, `${label} is not valid JSON`, `${(error as Error).message}. Enter ${rule.example}.`);
		}
	}
	if (!rule.fits(parsed)) {
		fail(ctx, itemIndex, `${label} must be a JSON ${rule.noun}`, `Enter ${rule.example}, not ${rule.not}.`);
	}
	if (depthOf(parsed) > MAX_JSON_DEPTH) {
		fail(ctx, itemIndex, `${label} is nested more than ${MAX_JSON_DEPTH} levels deep`, 'Flatten the JSON; Synap records are not that deep.');
	}
	return parsed;
}

/** A JSON object parameter (Extra Attributes, a Custom API Request body…). */
export const parseJsonObject = (ctx: IExecuteFunctions, itemIndex: number, label: string, value: unknown): IDataObject =>
	parseJson(ctx, itemIndex, label, value, 'object') as IDataObject;

/** A JSON list parameter (a list of grades…). */
export const parseJsonList = (ctx: IExecuteFunctions, itemIndex: number, label: string, value: unknown): unknown[] =>
	parseJson(ctx, itemIndex, label, value, 'list') as unknown[];

/** Puts a value at a dotted path (`basicAuth.password`) of the attributes being built. */
function setAttribute(attributes: IDataObject, path: string, value: unknown) {
	const keys = path.split('.');
	let target = attributes;
	for (const key of keys.slice(0, -1)) {
		const next = target[key];
		if (next === null || typeof next !== 'object' || Array.isArray(next)) target[key] = {};
		target = target[key] as IDataObject;
	}
	target[keys[keys.length - 1]] = value as IDataObject[string];
}

/** The attribute paths one field is sent to (its own name unless `sendAs` says otherwise). */
export function wirePaths(attr: AttributeSpec): readonly string[] {
	if (attr.sendAs === undefined) return [attr.name];
	return typeof attr.sendAs === 'string' ? [attr.sendAs] : attr.sendAs;
}

/** The record picked in the resource's ID locator. */
export function readRecordId(this: IExecuteFunctions, ctx: ItemContext, resource: ResourceSpec = ctx.resource): string {
	const raw = readParameter(this, idParameterName(resource), ctx.itemIndex, resource.name, undefined, { extractValue: true });
	const check = checkId(resource.name, raw);
	if (!check.ok) fail(this, ctx.itemIndex, check.message, check.description);
	return check.value;
}

/** IDs from a relationship field: a list (multi-select), or comma-separated text. */
export function readIds(ctx: IExecuteFunctions, itemIndex: number, label: string, value: unknown): string[] {
	const list = Array.isArray(value)
		? value
		: typeof value === 'string'
			? value.split(',').map((s) => s.trim()).filter((s) => s !== '')
			: value === undefined || value === null || value === ''
				? []
				: [value];
	return list.map((raw) => {
		const check = checkId(label, raw);
		if (!check.ok) fail(ctx, itemIndex, check.message, check.description);
		return check.value;
	});
}

function attributeValue(ctx: IExecuteFunctions, itemIndex: number, attr: AttributeSpec, value: unknown, collection: string) {
	const label = collection ? `${collection} → ${attr.label}` : attr.label;
	switch (attr.type) {
		case 'json':
			return parseJsonObject(ctx, itemIndex, label, value);
		case 'jsonList':
			return parseJsonList(ctx, itemIndex, label, value);
		case 'stringList':
			return Array.isArray(value)
				? value.map(String)
				: String(value ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
		case 'number': {
			const n = typeof value === 'number' ? value : Number(value);
			if (!Number.isFinite(n)) fail(ctx, itemIndex, `${label} must be a number`, `Got ${JSON.stringify(value)}.`);
			return n;
		}
		case 'boolean':
			if (typeof value === 'boolean') return value;
			if (value === 'true' || value === 'false') return value === 'true';
			return fail(ctx, itemIndex, `${label} must be true or false`, `Got ${JSON.stringify(value)}.`);
		case 'dateTime':
			if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
				fail(ctx, itemIndex, `${label} must be a date and time`, 'Use ISO 8601, e.g. 2026-09-01T09:00:00Z.');
			}
			return value;
		default:
			if (typeof value === 'object' && value !== null) {
				fail(ctx, itemIndex, `${label} must be text`, 'Map a single value, not an object or a list.');
			}
			return value === undefined || value === null ? value : String(value);
	}
}

function relationshipValue(
	ctx: IExecuteFunctions,
	itemIndex: number,
	rel: RelationshipSpec,
	value: unknown,
	collection: string,
): Relationship | undefined {
	const many = rel.toMany && !rel.single;
	const label = `${collection ? `${collection} → ` : ''}${rel.label} ID${many ? 's' : ''}`;
	const ids = readIds(ctx, itemIndex, label, value);
	if (!ids.length) return undefined;
	if (!many && ids.length > 1) {
		fail(ctx, itemIndex, `${label} takes one ID, got ${ids.length}`, rel.single ? `Synap accepts a single ${rel.label.toLowerCase()} here; add the others afterwards.` : 'Enter a single ID.');
	}
	return buildRelationship({ type: ENDPOINTS[rel.target].type, ids, toMany: rel.toMany });
}

/** The attributes and relationships an item sends on create or update. */
export function readDocumentParts(
	this: IExecuteFunctions,
	ctx: ItemContext,
	mode: Writable,
): { attributes: IDataObject; relationships: Record<string, Relationship> } {
	const i = ctx.itemIndex;
	const attrs = attributesOf(ctx.resource, ctx.operation).filter((a) => writableOn(a.on, mode));
	const rels = relationshipsOf(ctx.resource, ctx.operation).filter((r) => writableOn(r.on, mode));
	const collectionName = mode === 'create' ? 'additionalFields' : 'updateFields';
	const collectionLabel = mode === 'create' ? 'Additional Fields' : 'Update Fields';
	const collection = readParameter(this, collectionName, i, collectionLabel, {}) as IDataObject;

	const attributes: IDataObject = {};
	const relationships: Record<string, Relationship> = {};
	for (const attr of attrs) {
		const top = mode === 'create' && attr.requiredOnCreate;
		const value = top ? readParameter(this, attr.name, i, attr.label) : collection[attr.name];
		if (value === undefined) continue;
		if (top && (value === '' || value === null)) {
			fail(this, i, `${attr.label} is required`, `Enter a value for ${attr.label}.`);
		}
		const converted = attributeValue(this, i, attr, value, top ? '' : collectionLabel);
		for (const path of wirePaths(attr)) setAttribute(attributes, path, converted);
	}
	for (const rel of rels) {
		const top = mode === 'create' && rel.requiredOnCreate;
		const field = relationshipParameterName(rel);
		const value = top ? readParameter(this, field, i, rel.label) : collection[field];
		const relationship = relationshipValue(this, i, rel, value, top ? '' : collectionLabel);
		if (relationship) relationships[rel.name] = relationship;
		else if (top) fail(this, i, `${rel.label} is required`, `Choose or enter the ${rel.label.toLowerCase()}.`);
	}
	if (collection.attributesJson !== undefined) {
		const extra = parseJsonObject(this, i, `${collectionLabel} → Extra Attributes (JSON)`, collection.attributesJson);
		for (const [name, value] of Object.entries(extra)) setOwn(attributes, name, value);
	}
	if (collection.relationshipsJson !== undefined) {
		const extra = parseJsonObject(this, i, `${collectionLabel} → Extra Relationships (JSON)`, collection.relationshipsJson);
		for (const [name, rel] of Object.entries(extra)) {
			if (rel === null || typeof rel !== 'object' || !('data' in (rel as object))) {
				fail(this, i, `${collectionLabel} → Extra Relationships (JSON) → ${name} must be {"data": …}`, 'Write each relationship as {"data": {"type": "User", "id": "QsogF1GDFZ"}}, or {"data": [...]} for several.');
			}
			setOwn(relationships as unknown as IDataObject, name, rel);
		}
	}
	return { attributes, relationships };
}

/** `filter[...]`, `sort`, `include` and `fields[Type]` for Get Many / Get. */
export function readListQuery(this: IExecuteFunctions, ctx: ItemContext, type: string, withFilters: boolean): IDataObject {
	const i = ctx.itemIndex;
	const qs: IDataObject = {};
	const options = readParameter(this, 'options', i, 'Options', {}) as IDataObject;
	if (withFilters) {
		const filters = (ctx.resource.filters?.length ? readParameter(this, 'filters', i, 'Filters', {}) : {}) as IDataObject;
		for (const [name, value] of Object.entries(filters)) {
			if (value === '' || value === undefined || value === null) continue;
			qs[`filter[${name}]`] = typeof value === 'object' ? JSON.stringify(value) : String(value);
		}
		const custom = ((options.customFilters as IDataObject | undefined)?.filter ?? []) as Array<{ name?: string; value?: unknown }>;
		for (const { name, value } of custom) {
			const key = String(name ?? '').trim();
			if (!key) continue;
			if (!/^[A-Za-z0-9_.-]+$/.test(key)) {
				fail(this, i, `Options → More Filters → Name ${JSON.stringify(key)} is not a valid filter name`, 'Use the attribute name only, e.g. externalId (not filter[externalId]).');
			}
			qs[`filter[${key}]`] = String(value ?? '');
		}
		if (typeof options.sort === 'string' && options.sort.trim()) qs.sort = options.sort.replace(/\s+/g, '');
	}
	if (typeof options.include === 'string' && options.include.trim()) qs.include = options.include.replace(/\s+/g, '');
	if (typeof options.fields === 'string' && options.fields.trim()) qs[`fields[${type}]`] = options.fields.replace(/\s+/g, '');
	return qs;
}
