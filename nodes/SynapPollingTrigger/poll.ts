/**
 * One poll of the Synap Polling Trigger.
 *
 *   first poll of an activation without a cursor (or after the event was changed):
 *       reads the newest record and starts the cursor there; outputs nothing, so activating
 *       never floods a workflow with the portal's history ("starts from now", in Synap's clock)
 *   later polls:
 *       reads the records at or after the cursor, oldest first, at most MAX_PAGES_PER_POLL pages
 *       of PAGE_SIZE; outputs the new ones (one item each) and moves the cursor past them.
 *       When more arrived than that bound, the rest is left for the next poll, which continues
 *       from the cursor: nothing is lost, only delayed by one poll interval.
 *   a poll that starts while the same trigger's previous poll still runs: does nothing (below)
 *   manual run ("Fetch Test Event" in the editor):
 *       outputs the newest record, leaves the cursor alone, and fails with a readable message
 *       when there is none.
 *
 * Each page is a fresh request from the cursor (keyset paging) rather than "page N" of one
 * listing: a user updated while the trigger pages through the list moves to its end, which would
 * shift page offsets and make the trigger skip a record. Only while the cursor's time stays the
 * same (many records sharing one timestamp) does it ask for a later page number of the same
 * query, skipping straight past the records it has handed over at that time. Known limit: a
 * record that appears later with exactly the cursor's timestamp, an ID sorting before those
 * handed over, and more than a page of records at that timestamp can be skipped.
 *
 * Every request goes through the package's transport (synapRequest / listPages): the token,
 * retries, rate limits and error wording are the Synap node's. Requests run as the token's
 * administrator: Act As (Subject-User) does not apply to a trigger.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { MAX_PAGE_SIZE } from '../Synap/transport/endpoints';
import { indexIncluded, primaryResources, simplifyResource, type JsonApiDocument, type JsonApiResource } from '../Synap/transport/jsonApi';
import { listPages } from '../Synap/transport/pagination';
import { collectionPath } from '../Synap/transport/paths';
import { synapRequest } from '../Synap/transport/request';
import { RUN_PROFILES, runContextFor, type RunContext } from '../Synap/transport/runContext';
import { toItemJson } from '../shared/eventItem';
import { advance, alreadySeen, compareToCursor, readCursor, writeCursor, type Cursor } from './cursor';
import { findPollEvent, type PollEvent } from './events';
import { describeQuery, newestFirst, oldestFirst } from './query';

/** Records asked for per request: the largest page size the package asks Synap for (INFERRED limit). */
export const PAGE_SIZE = MAX_PAGE_SIZE;
/** Requests per poll at most: with PAGE_SIZE, up to 1,000 records per poll. */
export const MAX_PAGES_PER_POLL = 10;
/** Records read to start the cursor: enough to see every record sharing the newest timestamp. */
const START_PAGE_SIZE = 20;

function selectedEvent(ctx: IPollFunctions): PollEvent {
	const value = ctx.getNodeParameter('event', '') as string;
	const event = findPollEvent(value);
	if (!event) {
		throw new NodeOperationError(ctx.getNode(), `"${value}" is not an event the Synap Polling Trigger knows`, {
			description: 'Choose the event in the Event field.',
		});
	}
	return event;
}


const timeOf = (event: PollEvent, resource: JsonApiResource): string | undefined => {
	const value = resource.attributes?.[event.timeField];
	return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? value : undefined;
};

function toItem(event: PollEvent, resource: JsonApiResource, included: ReturnType<typeof indexIncluded>, receivedAt: string): INodeExecutionData {
	const record = simplifyResource(resource, included);
	const user = event.userOf(record);
	return {
		json: toItemJson(record, {
			event: event.value,
			userId: user.userId,
			userEmail: user.userEmail,
			// List records do not name their portal (the token's portal is implied).
			portalId: null,
			occurredAt: new Date(Date.parse(timeOf(event, resource) as string)).toISOString(),
			receivedAt,
		}),
	};
}

/**
 * Makes a 400 about the query readable: the parameters the trigger sends are INFERRED (Synap
 * does not publish its list parameters), so say which ones and what to do.
 */
function explain(ctx: IPollFunctions, event: PollEvent, error: unknown, query: IDataObject): unknown {
	const e = error as NodeApiError;
	if (!(error instanceof NodeApiError) || String(e.httpCode) !== '400') return error;
	return new NodeOperationError(
		ctx.getNode(),
		`Synap did not accept the list query the Synap Polling Trigger uses for "${event.name}": ${e.message}`,
		{
			description: [
				`The trigger reads ${collectionPath(event.endpoint)} with ${describeQuery(query)}. Synap does not publish its list parameters, so these names are inferred from JSON:API (see the README, "Synap Polling Trigger").`,
				'Use the Synap Trigger (webhooks) for this event instead, or report the error to the node\'s maintainers with the details below.',
				'',
				// Synap's answer without the generic hint that heads it ("Correct the value(s)…").
				(e.description ?? '').split('\n\n').slice(1).join('\n\n') || (e.description ?? ''),
			]
				.join('\n')
				.trim(),
		},
	);
}

/** The newest records, newest first (one page). */
async function newest(ctx: IPollFunctions, run: RunContext, event: PollEvent, count: number): Promise<JsonApiResource[]> {
	const query = newestFirst(event);
	try {
		for await (const page of listPages.call(ctx, run, { path: collectionPath(event.endpoint), qs: query, limit: count })) {
			return page.resources;
		}
		return [];
	} catch (error) {
		throw explain(ctx, event, error, query);
	}
}

/** Manual run: the newest record as the test event. */
async function testEvent(ctx: IPollFunctions, run: RunContext, event: PollEvent): Promise<INodeExecutionData[][]> {
	const query = newestFirst(event);
	let found: { resource: JsonApiResource; included: ReturnType<typeof indexIncluded> } | undefined;
	try {
		for await (const page of listPages.call(ctx, run, { path: collectionPath(event.endpoint), qs: query, limit: START_PAGE_SIZE })) {
			const resource = page.resources.find((r) => timeOf(event, r) && (event.accept?.(r) ?? true));
			if (resource) found = { resource, included: indexIncluded(page.document.included) };
			break;
		}
	} catch (error) {
		throw explain(ctx, event, error, query);
	}
	if (!found) {
		throw new NodeOperationError(ctx.getNode(), `No ${event.noun} found in Synap to use as a test event`, {
			description: `The test event is the newest ${event.noun} in the portal, and there is none yet. Create one in Synap and fetch the test event again; the active workflow does not need one to start.`,
		});
	}
	return [[toItem(event, found.resource, found.included, new Date().toISOString())]];
}

/** First poll: start the cursor at the newest record (every record sharing its timestamp counts as seen). */
async function startCursor(ctx: IPollFunctions, run: RunContext, event: PollEvent): Promise<Cursor> {
	const resources = await newest(ctx, run, event, START_PAGE_SIZE);
	const cursor: Cursor = { event: event.value, time: null, ids: [], since: new Date().toISOString() };
	for (const resource of resources) {
		const time = timeOf(event, resource);
		if (!time) continue;
		if (cursor.time !== null && compareToCursor(cursor, time) !== 0) break;
		advance(cursor, time, resource.id);
	}
	return cursor;
}

/**
 * The static data of the triggers polling right now. n8n does not wait for a poll before starting
 * the next (its cron does not await the tick), and two Poll Times entries can fire in the same
 * second: two polls reading the same cursor would both output the same records. A poll that starts
 * while the same trigger's previous one is still running does nothing; the running one moves the
 * cursor, and the next tick goes on from there.
 */
const polling = new WeakSet<object>();

export async function poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const event = selectedEvent(this);
	if (this.getMode() === 'manual') return await testEvent(this, await runContextFor(this, RUN_PROFILES.poll), event);

	const staticData = this.getWorkflowStaticData('node');
	if (polling.has(staticData)) {
		this.logger.debug('Synap Polling Trigger: the previous poll is still running; this one is skipped');
		return null;
	}
	polling.add(staticData);
	try {
		return await pollFromCursor(this, event);
	} finally {
		polling.delete(staticData);
	}
}

async function pollFromCursor(ctx: IPollFunctions, event: PollEvent): Promise<INodeExecutionData[][] | null> {
	const run = await runContextFor(ctx, RUN_PROFILES.poll);
	const cursor = readCursor(ctx, event.value);
	if (!cursor) {
		writeCursor(ctx, await startCursor(ctx, run, event));
		return null;
	}

	const receivedAt = new Date().toISOString();
	const items: INodeExecutionData[] = [];
	let pageNumber = 1;
	for (let request = 0; request < MAX_PAGES_PER_POLL; request++) {
		const since = cursor.time;
		const query = oldestFirst(event, since, PAGE_SIZE, pageNumber);
		let document: JsonApiDocument;
		try {
			document = (await synapRequest.call(ctx, run, { method: 'GET', path: collectionPath(event.endpoint), qs: query })).body ?? {};
		} catch (error) {
			// What was read before the failure is handed over (the cursor kept past it); the next poll
			// goes on from there.
			if (items.length) {
				ctx.logger.warn(
					`Synap Polling Trigger: a page request failed after ${items.length} new record(s); they are handed over and the next poll continues: ${(error as Error).message}`,
				);
				break;
			}
			throw explain(ctx, event, error, query);
		}
		const resources = primaryResources(document);
		const included = indexIncluded(document.included);
		let moved = false;
		let older = 0;
		for (const resource of resources) {
			const time = timeOf(event, resource);
			if (!time) continue;
			if (alreadySeen(cursor, time, resource.id)) {
				if (compareToCursor(cursor, time) < 0) older++;
				continue;
			}
			advance(cursor, time, resource.id);
			moved = true;
			if (event.accept?.(resource) ?? true) items.push(toItem(event, resource, included, receivedAt));
		}
		const full = resources.length > 0 && (resources.length >= PAGE_SIZE || typeof document.links?.next === 'string');
		if (!moved && older === resources.length && full) {
			// A whole page before the cursor: Synap ignored the time filter (or the sort), and reading on
			// would never reach new records.
			throw new NodeOperationError(ctx.getNode(), `Synap returned ${event.noun}s older than the trigger's cursor for "${event.name}"`, {
				description: `The trigger reads ${collectionPath(event.endpoint)} with ${describeQuery(query)}, expecting records at or after ${cursor.time}, oldest first. Synap appears not to support this filter or sort (their names are inferred). Use the Synap Trigger (webhooks) for this event instead.`,
			});
		}
		if (!full) break;
		if (cursor.time !== since) pageNumber = 1;
		else {
			// The same query goes on. Its first `ids.length` records (those at the cursor's time) are
			// handed over already: go to the page after them rather than read them again page by page.
			const skip = cursor.time === null ? 0 : Math.floor(cursor.ids.length / resources.length) + 1;
			pageNumber = Math.max(pageNumber + 1, skip);
		}
	}
	writeCursor(ctx, cursor);
	return items.length ? [items] : null;
}
