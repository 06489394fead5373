/**
 * The shared executors of the standard JSON:API operations. A resource declared as data
 * (./spec.ts) gets Create, Get, Get Many, Update and Delete from here; only behaviour JSON:API
 * does not cover is written as a custom executor next to its resource.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { ENDPOINTS, type EndpointKey } from '../../transport/endpoints';
import {
	buildDocument,
	buildRelationship,
	indexIncluded,
	primaryResources,
	rawResource,
	simplifyResource,
	type JsonApiDocument,
	type JsonApiResource,
	type Relationship,
} from '../../transport/jsonApi';
import { listPages } from '../../transport/pagination';
import { collectionPath, resourcePath } from '../../transport/paths';
import { synapRequest } from '../../transport/request';
import { operationSimplifies } from './spec';
import { outputShape, pickFields, type OutputShape } from './output';
import { fail, readDocumentParts, readListQuery, readParameter, readRecordId } from './readParameters';
import type { ItemContext, ItemExecutor, OperationKind } from './spec';

export const endpointOf = (ctx: ItemContext): EndpointKey => {
	const endpoint = ctx.operation.endpoint ?? ctx.resource.endpoint;
	if (!endpoint) throw new Error(`Resource ${ctx.resource.value} declares no endpoint for ${ctx.operation.value}`);
	return endpoint;
};

export function wantsSimplify(this: IExecuteFunctions, ctx: ItemContext): boolean {
	return operationSimplifies(ctx.operation) ? (readParameter(this, 'simplify', ctx.itemIndex, 'Simplify', true) as boolean) : false;
}

/** Get and Get Many: Simplify (version 1) or Output (version 1.1), see ./output.ts. */
function wantsOutput(this: IExecuteFunctions, ctx: ItemContext): OutputShape {
	return outputShape.call(this, ctx, operationSimplifies(ctx.operation));
}

/**
 * One output item per resource, with included records folded in: flat (`true`), raw (`false`),
 * or in the shape Output asks for.
 */
export function toItems(resources: JsonApiResource[], document: JsonApiDocument | undefined, shape: boolean | OutputShape): INodeExecutionData[] {
	const included = document?.included?.length ? indexIncluded(document.included) : undefined;
	const resolved: OutputShape = typeof shape === 'boolean' ? { kind: shape ? 'flat' : 'raw' } : shape;
	switch (resolved.kind) {
		case 'raw':
			return resources.map((r) => ({ json: rawResource(r, included) }));
		case 'pick':
			return resources.map((r) => ({ json: pickFields(simplifyResource(r, included), resolved.fields) }));
		default:
			return resources.map((r) => ({ json: simplifyResource(r, included) }));
	}
}

const create: ItemExecutor = async function (ctx) {
	const endpoint = endpointOf(ctx);
	const { attributes, relationships } = readDocumentParts.call(this, ctx, 'create');
	const idRelationship = ctx.operation.idRelationship;
	if (idRelationship && ctx.resource.endpoint) {
		const id = readRecordId.call(this, ctx);
		relationships[idRelationship] = buildRelationship({ type: ENDPOINTS[ctx.resource.endpoint].type, ids: [id], toMany: false });
	}
	const response = await synapRequest.call(this, ctx.run, {
		method: 'POST',
		path: collectionPath(endpoint),
		body: buildDocument(ENDPOINTS[endpoint].type, attributes, relationships),
		subjectUserId: ctx.subjectUserId,
		itemIndex: ctx.itemIndex,
	});
	return toItems(primaryResources(response.body), response.body, wantsSimplify.call(this, ctx));
};

const get: ItemExecutor = async function (ctx) {
	const endpoint = endpointOf(ctx);
	const id = readRecordId.call(this, ctx);
	const response = await synapRequest.call(this, ctx.run, {
		method: 'GET',
		path: resourcePath(endpoint, id),
		qs: readListQuery.call(this, ctx, ENDPOINTS[endpoint].type, false),
		subjectUserId: ctx.subjectUserId,
		itemIndex: ctx.itemIndex,
	});
	return toItems(primaryResources(response.body), response.body, wantsOutput.call(this, ctx));
};

const getAll: ItemExecutor = async function (ctx) {
	const endpoint = endpointOf(ctx);
	const i = ctx.itemIndex;
	const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', i, 50) as number);
	if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
		fail(this, i, `Limit must be a whole number of at least 1 (got ${JSON.stringify(limit)})`);
	}
	const shape = wantsOutput.call(this, ctx);
	const out: INodeExecutionData[] = [];
	for await (const page of listPages.call(this, ctx.run, {
		path: collectionPath(endpoint),
		qs: readListQuery.call(this, ctx, ENDPOINTS[endpoint].type, true),
		subjectUserId: ctx.subjectUserId,
		itemIndex: i,
		limit,
	})) {
		for (const item of toItems(page.resources, page.document, shape)) out.push(item);
	}
	return out;
};

const update: ItemExecutor = async function (ctx) {
	const endpoint = endpointOf(ctx);
	const id = readRecordId.call(this, ctx);
	const { attributes, relationships } = readDocumentParts.call(this, ctx, 'update');
	if (!Object.keys(attributes).length && !Object.keys(relationships).length) {
		fail(this, ctx.itemIndex, 'Update Fields is empty', 'Add at least one field to change under Update Fields.');
	}
	return await patchRecord.call(this, ctx, endpoint, id, attributes, relationships);
};

/** PATCH one record and output what Synap answered (Update, and Create or Update's update). */
export async function patchRecord(
	this: IExecuteFunctions,
	ctx: ItemContext,
	endpoint: EndpointKey,
	id: string,
	attributes: IDataObject,
	relationships: Record<string, Relationship>,
): Promise<INodeExecutionData[]> {
	const response = await synapRequest.call(this, ctx.run, {
		method: 'PATCH',
		path: resourcePath(endpoint, id),
		body: buildDocument(ENDPOINTS[endpoint].type, attributes, relationships, id),
		subjectUserId: ctx.subjectUserId,
		itemIndex: ctx.itemIndex,
	});
	const resources = primaryResources(response.body);
	// Some JSON:API servers answer 204 to a PATCH; then echo what was sent.
	if (!resources.length) return [{ json: { id, type: ENDPOINTS[endpoint].type, ...attributes } as IDataObject }];
	return toItems(resources, response.body, wantsSimplify.call(this, ctx));
}

const remove: ItemExecutor = async function (ctx) {
	const id = readRecordId.call(this, ctx);
	await synapRequest.call(this, ctx.run, {
		method: 'DELETE',
		path: resourcePath(endpointOf(ctx), id),
		subjectUserId: ctx.subjectUserId,
		itemIndex: ctx.itemIndex,
	});
	return [{ json: { deleted: true, id } }];
};

export const STANDARD_EXECUTORS: Record<Exclude<OperationKind, 'custom' | 'upsert'>, ItemExecutor> = {
	create,
	get,
	getAll,
	update,
	delete: remove,
};
