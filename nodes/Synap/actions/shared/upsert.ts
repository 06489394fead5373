/**
 * Create or Update, for any resource that declares `upsert` (./spec.ts UpsertSpec).
 *
 * 1. Find the record: GET the list with `filter[<key>]=<value>` (INFERRED filter names), and keep
 *    only records whose attribute really equals the value (email addresses without regard to
 *    case). If the answer holds records that do not match and there are more pages, Synap did not
 *    apply the filter as expected: the item fails rather than risk a duplicate.
 * 2. One match: update it (PATCH); relationships in `mergeOnUpdate` are added to, not replaced.
 *    None: create it (the create operation's endpoint), then set the fields only the update takes
 *    (a user's External ID) with a second request. Several: the item fails, naming them.
 * 3. Items of one execution with the same key run one after another (a lock per key), whatever
 *    the concurrency, and a record created by an earlier item is remembered: the second item
 *    updates it even if Synap's list does not show it yet. Items with different keys still run
 *    concurrently.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { ENDPOINTS, PAGE_SIZE_PARAM, type EndpointKey } from '../../transport/endpoints';
import {
	buildDocument,
	buildRelationship,
	primaryResources,
	type JsonApiResource,
	type ResourceIdentifier,
} from '../../transport/jsonApi';
import { collectionPath, resourcePath } from '../../transport/paths';
import { synapRequest } from '../../transport/request';
import type { RunContext } from '../../transport/runContext';
import { patchRecord, toItems, wantsSimplify } from './standardExecutors';
import { fail, readDocumentParts, readParameter, setOwn } from './readParameters';
import type { ItemContext, ItemExecutor, UpsertKey } from './spec';
import { keyHasOwnField, upsertPlan, type UpsertPlan } from './upsertFields';

/** Records asked for when looking one up: enough to name the duplicates. */
const LOOKUP_PAGE_SIZE = 10;

type Outcome = 'created' | 'updated';

interface RunState {
	locks: Map<string, Promise<void>>;
	/** Key → ID of the record an earlier item of this execution created. */
	created: Map<string, string>;
}

/** Per execution: the RunContext is created once per execution by the router. */
const states = new WeakMap<RunContext, RunState>();

function stateOf(run: RunContext): RunState {
	let state = states.get(run);
	if (!state) {
		state = { locks: new Map(), created: new Map() };
		states.set(run, state);
	}
	return state;
}

/** Runs `task` after every earlier task with the same key has finished (successfully or not). */
async function withKeyLock<T>(state: RunState, key: string, task: () => Promise<T>): Promise<T> {
	const previous = state.locks.get(key) ?? Promise.resolve();
	let release = () => {};
	const mine = new Promise<void>((resolve) => {
		release = resolve;
	});
	const tail = previous.then(() => mine);
	state.locks.set(key, tail);
	await previous;
	try {
		return await task();
	} finally {
		release();
		if (state.locks.get(key) === tail) state.locks.delete(key);
	}
}

const pick = <T>(from: Record<string, T>, keep: (name: string) => boolean): Record<string, T> => {
	const out: Record<string, T> = {};
	for (const name of Object.keys(from)) if (keep(name)) setOwn(out as IDataObject, name, from[name]);
	return out;
};

const isEmpty = (o: object) => Object.keys(o).length === 0;

function withOutcome(items: INodeExecutionData[], operation: Outcome): INodeExecutionData[] {
	for (const item of items) item.json = { ...item.json, operation };
	return items;
}

function describeRecord(ctx: ItemContext, r: JsonApiResource): string {
	const title = ctx.resource.titleAttribute ? r.attributes?.[ctx.resource.titleAttribute] : undefined;
	return typeof title === 'string' && title ? `${title} (${r.id})` : r.id;
}

/** The records whose key attribute equals the value; fails when Synap's filter cannot be trusted. */
async function findMatches(
	this: IExecuteFunctions,
	ctx: ItemContext,
	plan: UpsertPlan,
	endpoint: EndpointKey,
	key: UpsertKey,
	value: string,
): Promise<JsonApiResource[]> {
	const norm = (v: string) => (key.caseInsensitive ? v.trim().toLowerCase() : v.trim());
	const response = await synapRequest.call(this, ctx.run, {
		method: 'GET',
		path: collectionPath(endpoint),
		qs: { [`filter[${key.filter}]`]: value, [PAGE_SIZE_PARAM]: LOOKUP_PAGE_SIZE },
		subjectUserId: ctx.subjectUserId,
		itemIndex: ctx.itemIndex,
	});
	const found = primaryResources(response.body);
	const matches = found.filter((r) => typeof r.attributes?.[key.attribute] === 'string' && norm(r.attributes[key.attribute] as string) === norm(value));
	const unverifiable = found.some((r) => typeof r.attributes?.[key.attribute] !== 'string' && r.attributes?.[key.attribute] !== null);
	const morePages = typeof response.body?.links?.next === 'string';
	if (unverifiable || (matches.length < found.length && morePages)) {
		fail(
			this,
			ctx.itemIndex,
			`Could not look up the ${ctx.resource.name.toLowerCase()} by ${key.label}: Synap's answer to filter[${key.filter}] holds records whose ${key.label} is not "${value}"`,
			`Nothing was created or changed, to avoid a duplicate. The filter name filter[${key.filter}] is inferred from JSON:API conventions and Synap may not apply it; match on another field, or report it to the node's maintainers.`,
		);
	}
	if (matches.length > 1) {
		const many = matches.length === found.length && morePages ? `At least ${matches.length}` : `${matches.length}`;
		fail(
			this,
			ctx.itemIndex,
			`${many} ${ctx.resource.name.toLowerCase()} records have ${key.label} "${value}": ${matches.map((r) => describeRecord(ctx, r)).join(', ')}`,
			`Create or Update needs at most one match. Remove or merge the duplicates in Synap${plan.spec.keys.length > 1 ? ', or match on another field' : ''}. Nothing was changed.`,
		);
	}
	return matches;
}

/** The IDs of a to-many relationship of the record, reading the record when the list left them out. */
async function currentIds(
	this: IExecuteFunctions,
	ctx: ItemContext,
	endpoint: EndpointKey,
	record: JsonApiResource,
	name: string,
): Promise<string[]> {
	let data = record.relationships?.[name]?.data;
	if (data === undefined) {
		const response = await synapRequest.call(this, ctx.run, {
			method: 'GET',
			path: resourcePath(endpoint, record.id),
			subjectUserId: ctx.subjectUserId,
			itemIndex: ctx.itemIndex,
		});
		const [fresh] = primaryResources(response.body);
		data = fresh?.relationships?.[name]?.data;
	}
	return (Array.isArray(data) ? data : data ? [data] : []).map((r: ResourceIdentifier) => r.id);
}

/** The error of a second request, saying what the first one already did. */
function withNote(this: IExecuteFunctions, error: unknown, itemIndex: number, note: string): NodeApiError | NodeOperationError {
	const nodeError =
		error instanceof NodeApiError || error instanceof NodeOperationError ? error : new NodeOperationError(this.getNode(), error as Error, { itemIndex });
	nodeError.description = nodeError.description ? `${nodeError.description}\n${note}` : note;
	return nodeError;
}

export const upsert: ItemExecutor = async function (ctx) {
	const i = ctx.itemIndex;
	const plan = upsertPlan(ctx.resource);
	const { keys } = plan.spec;
	const matchOn = keys.length > 1 ? readParameter(this, 'matchOn', i, 'Match On', keys[0].attribute) : keys[0].attribute;
	const key = keys.find((k) => k.attribute === matchOn);
	if (!key) return fail(this, i, `Match On "${String(matchOn)}" is not one of ${keys.map((k) => k.label).join(', ')}`, 'Choose a value from the list.');

	const { attributes, relationships } = readDocumentParts.call(this, { ...ctx, operation: plan.fields }, 'create');
	let value: unknown;
	if (keyHasOwnField(plan, key)) {
		value = readParameter(this, key.attribute, i, key.label, '');
		if (typeof value === 'string' && value.trim()) setOwn(attributes, key.attribute, value.trim());
	} else {
		value = attributes[key.attribute];
	}
	if (typeof value !== 'string' && typeof value !== 'number') {
		return fail(this, i, `${key.label} must be text to match on`, `Map a single value, not ${value === null || value === undefined ? 'an empty one' : 'an object or a list'}.`);
	}
	const keyValue = String(value).trim();
	if (!keyValue) return fail(this, i, `${key.label} is empty`, `Create or Update finds the ${ctx.resource.name.toLowerCase()} by ${key.label}; give every item a value.`);

	const updateEndpoint = (plan.update.endpoint ?? ctx.resource.endpoint) as EndpointKey;
	const createEndpoint = (plan.create.endpoint ?? ctx.resource.endpoint) as EndpointKey;
	const state = stateOf(ctx.run);
	const lockKey = `${ctx.resource.value}\u0000${key.attribute}\u0000${key.caseInsensitive ? keyValue.toLowerCase() : keyValue}`;

	return await withKeyLock(state, lockKey, async () => {
		const matches = await findMatches.call(this, ctx, plan, updateEndpoint, key, keyValue);
		const earlier = state.created.get(lockKey);
		const target: JsonApiResource | undefined = matches[0] ?? (earlier ? { id: earlier, type: ENDPOINTS[updateEndpoint].type } : undefined);

		if (target) {
			// Fields the update takes, and extra ones (Extra Attributes / Relationships) the create does not claim.
			const attrs = pick(attributes, (n) => plan.updateAttributes.has(n) || !plan.createAttributes.has(n));
			const rels = pick(relationships, (n) => plan.updateRelationships.has(n) || !plan.createRelationships.has(n));
			for (const name of plan.spec.mergeOnUpdate ?? []) {
				const wanted = rels[name]?.data;
				if (!Array.isArray(wanted)) continue;
				const current = await currentIds.call(this, ctx, updateEndpoint, target, name);
				const added = wanted.map((r) => r.id).filter((id) => !current.includes(id));
				if (!added.length) delete rels[name];
				else rels[name] = buildRelationship({ type: wanted[0].type, ids: [...current, ...added], toMany: true });
			}
			if (isEmpty(attrs) && isEmpty(rels)) {
				return withOutcome(toItems([target], undefined, wantsSimplify.call(this, ctx)), 'updated');
			}
			return withOutcome(await patchRecord.call(this, ctx, updateEndpoint, target.id, attrs, rels), 'updated');
		}

		const createAttrs = pick(attributes, (n) => plan.createAttributes.has(n) || !plan.updateAttributes.has(n));
		const createRels = pick(relationships, (n) => plan.createRelationships.has(n) || !plan.updateRelationships.has(n));
		const what = ctx.resource.name.toLowerCase();
		let response;
		try {
			response = await synapRequest.call(this, ctx.run, {
				method: 'POST',
				path: collectionPath(createEndpoint),
				body: buildDocument(ENDPOINTS[createEndpoint].type, createAttrs, createRels),
				subjectUserId: ctx.subjectUserId,
				itemIndex: i,
			});
		} catch (error) {
			// E.g. matched on External ID, but the email already belongs to another user.
			throw withNote.call(this, error, i, `No ${what} has ${key.label} "${keyValue}", so Create or Update tried to create one.`);
		}
		const resources = primaryResources(response.body);
		const newId = resources[0]?.id;
		if (newId) state.created.set(lockKey, newId);

		// Fields only the update takes (a user's External ID is not a registration attribute).
		const laterAttrs = pick(attributes, (n) => !plan.createAttributes.has(n) && plan.updateAttributes.has(n));
		const laterRels = pick(relationships, (n) => !plan.createRelationships.has(n) && plan.updateRelationships.has(n));
		if (isEmpty(laterAttrs) && isEmpty(laterRels)) {
			return withOutcome(toItems(resources, response.body, wantsSimplify.call(this, ctx)), 'created');
		}
		if (!newId) {
			return fail(this, i, `The ${what} was created, but Synap's answer has no ID to set ${[...Object.keys(laterAttrs), ...Object.keys(laterRels)].join(', ')} on`, `Find the new ${what} in Synap and set these fields with ${ctx.resource.name} → Update.`);
		}
		try {
			return withOutcome(await patchRecord.call(this, ctx, updateEndpoint, newId, laterAttrs, laterRels), 'created');
		} catch (error) {
			const note = `The ${what} was created (ID ${newId}), but setting ${[...Object.keys(laterAttrs), ...Object.keys(laterRels)].join(', ')} on it failed. Set them with ${ctx.resource.name} → Update.`;
			throw withNote.call(this, error, i, note);
		}
	});
};
