/**
 * JSON:API documents: building request bodies and flattening responses into n8n items.
 * Synap follows JSON:API (SEEN: `{data:{type, attributes, relationships}}`, PATCH adds `data.id`,
 * to-many relationships are arrays of `{id, type}`).
 */
import type { IDataObject } from 'n8n-workflow';

export interface ResourceIdentifier {
	type: string;
	id: string;
}

export interface Relationship {
	data?: ResourceIdentifier | ResourceIdentifier[] | null;
	links?: IDataObject;
	meta?: IDataObject;
}

export interface JsonApiResource {
	type: string;
	id: string;
	attributes?: IDataObject;
	relationships?: Record<string, Relationship>;
	links?: IDataObject;
	meta?: IDataObject;
}

export interface JsonApiDocument {
	data?: JsonApiResource | JsonApiResource[] | null;
	included?: JsonApiResource[];
	links?: { next?: string | null; [key: string]: unknown };
	meta?: IDataObject;
	errors?: JsonApiError[];
}

export interface JsonApiError {
	id?: string;
	status?: string;
	code?: string;
	title?: string;
	detail?: string;
	source?: { pointer?: string; parameter?: string; header?: string };
	meta?: IDataObject;
}

/** A relationship value in the request: one ID, several IDs, or none (`null` / `[]` clears it). */
export interface RelationshipInput {
	type: string;
	ids: string[];
	toMany: boolean;
}

export function buildRelationship(input: RelationshipInput): Relationship {
	const identifiers = input.ids.map((id) => ({ type: input.type, id }));
	return { data: input.toMany ? identifiers : identifiers[0] ?? null };
}

/** Builds `{data:{type, id?, attributes, relationships}}`, leaving out empty members. */
export function buildDocument(
	type: string,
	attributes: IDataObject,
	relationships: Record<string, Relationship>,
	id?: string,
): JsonApiDocument {
	const data: JsonApiResource = { type } as JsonApiResource;
	if (id !== undefined) data.id = id;
	if (Object.keys(attributes).length) data.attributes = attributes;
	if (Object.keys(relationships).length) data.relationships = relationships;
	return { data };
}

const relatedIdKeys = new Map<string, string>();

/** `userGroups` -> `userGroupIds`, `subPortal` -> `subPortalId` (memoised: called per item). */
export function relatedIdKey(relationship: string, toMany: boolean): string {
	const cacheKey = toMany ? `${relationship}[]` : relationship;
	let key = relatedIdKeys.get(cacheKey);
	if (key === undefined) {
		if (!toMany) key = `${relationship}Id`;
		else {
			const singular = relationship.endsWith('ies')
				? `${relationship.slice(0, -3)}y`
				: relationship.endsWith('s')
					? relationship.slice(0, -1)
					: relationship;
			key = `${singular}Ids`;
		}
		relatedIdKeys.set(cacheKey, key);
	}
	return key;
}

const includedKey = (r: ResourceIdentifier) => `${r.type}\u0000${r.id}`;

export function indexIncluded(included: JsonApiResource[] | undefined): Map<string, JsonApiResource> {
	const index = new Map<string, JsonApiResource>();
	for (const resource of included ?? []) index.set(includedKey(resource), resource);
	return index;
}

/**
 * A flat item: `id`, `type`, the attributes, and the related IDs (`userGroupIds`, `subPortalId`).
 * When included resources are given, each relationship that was included is also folded in under
 * its own name (`userGroups: [{id, type, name, ...}]`), one level deep.
 */
export function simplifyResource(resource: JsonApiResource, included?: Map<string, JsonApiResource>): IDataObject {
	const item: IDataObject = { id: resource.id, type: resource.type, ...(resource.attributes ?? {}) };
	const relationships = resource.relationships;
	// for…in, not Object.entries: this runs once per record of a Return All.
	for (const name in relationships) {
		const data = relationships[name]?.data;
		if (data === undefined) continue;
		if (Array.isArray(data)) {
			item[relatedIdKey(name, true)] = data.map((r) => r.id);
		} else {
			item[relatedIdKey(name, false)] = data ? data.id : null;
		}
		if (included && included.size && data) {
			const fold = (r: ResourceIdentifier) => {
				const found = included.get(includedKey(r));
				return found ? simplifyResource(found) : undefined;
			};
			if (Array.isArray(data)) {
				const folded = data.map(fold).filter((r): r is IDataObject => r !== undefined);
				if (folded.length) item[name] = folded;
			} else {
				const folded = fold(data);
				if (folded) item[name] = folded;
			}
		}
	}
	return item;
}

/** The raw resource; with included resources, the ones it references are attached as `included`. */
export function rawResource(resource: JsonApiResource, included?: Map<string, JsonApiResource>): IDataObject {
	const item = { ...resource } as unknown as IDataObject;
	if (!included || !included.size) return item;
	const related: JsonApiResource[] = [];
	for (const relationship of Object.values(resource.relationships ?? {})) {
		const data = relationship?.data;
		const refs = Array.isArray(data) ? data : data ? [data] : [];
		for (const ref of refs) {
			const found = included.get(includedKey(ref));
			if (found) related.push(found);
		}
	}
	if (related.length) item.included = related as unknown as IDataObject[];
	return item;
}

export function isJsonApiResource(value: unknown): value is JsonApiResource {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof (value as JsonApiResource).type === 'string' &&
		typeof (value as JsonApiResource).id === 'string'
	);
}

/** The resources of a document's primary data, as a list. */
export function primaryResources(document: JsonApiDocument | undefined): JsonApiResource[] {
	const data = document?.data;
	if (Array.isArray(data)) return data.filter(isJsonApiResource);
	return isJsonApiResource(data) ? [data] : [];
}
