/**
 * Runs the chosen operation for every input item.
 *
 * - Items run concurrently under the limiter shared with this process's other executions on the
 *   same credential (adaptive by default; Request Options → Max Concurrency fixes this execution's
 *   cap, 1 = strictly one after another); output keeps input order and every output item has
 *   `pairedItem`.
 * - Each item is in its own try/catch. With Continue On Fail, a failed item becomes one output
 *   item carrying the error and its details (routed to the error output when that is chosen);
 *   no item is dropped or duplicated.
 * - Without it, no new item starts after the first failure; items already in flight finish, and
 *   the error (of the lowest failing item) says which later items had already been sent.
 */
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { AUTO_CEILING } from '../transport/limiter';
import { DEFAULT_RUN_OPTIONS, runContextFor } from '../transport/runContext';
import { checkSubjectUser } from '../transport/validate';
import { RESOURCES } from './registry';
import { STANDARD_EXECUTORS } from './shared/standardExecutors';
import { upsert } from './shared/upsert';
import { fail, readParameter } from './shared/readParameters';
import type { ItemExecutor } from './shared/spec';

type NodeError = NodeApiError | NodeOperationError;

const ACT_AS = 'Act As (Subject-User ID)';

function readSubjectUser(this: IExecuteFunctions, itemIndex: number): string | undefined {
	const raw = readParameter(this, 'subjectUserId', itemIndex, ACT_AS, '', { rawExpressions: true });
	const wasExpression = typeof raw === 'string' && raw.startsWith('=');
	const value = wasExpression ? readParameter(this, 'subjectUserId', itemIndex, ACT_AS, '') : raw;
	const check = checkSubjectUser(value, wasExpression);
	if (!check.ok) fail(this, itemIndex, check.message, check.description);
	return check.value;
}

function asNodeError(this: IExecuteFunctions, error: unknown, itemIndex: number): NodeError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(this.getNode(), error as Error, { itemIndex });
}

/**
 * A failed item under Continue On Fail. `error` carries the whole NodeError (message, description
 * with the how-to-fix, httpCode, item index): n8n shows it on the item and routes the item to the
 * error output when that is chosen; n8n itself sets the item's JSON to `{ error: message }`.
 */
function errorItem(error: NodeError, itemIndex: number): INodeExecutionData {
	return { json: { error: error.message }, error, pairedItem: { item: itemIndex } };
}

/**
 * Starts items one per turn of n8n's event loop once the first `concurrency` are under way, when
 * Synap's answers take long enough for that to matter.
 *
 * Without it, each answer's callback went straight on to prepare the worker's next item (its
 * expression, n8n's request helper: about 2 ms), so n8n's thread ran in long blocks (in a CPU
 * profile, 27 blocks of 40–140 ms covered three quarters of its busy time) during which the
 * connections and answers of the requests already in flight waited their turn. A request then spent
 * about 70 of its 125 ms inside n8n, and 32 in flight were only 18 at Synap. Taking turns, answers
 * are handled between starts. Measured in a real n8n, 1,000 Gets at 50 ms, Max Concurrency 32:
 * 2.5–2.8 s instead of 3.6–3.9 s, with 20–24 requests at Synap instead of 14–17. The wait is one
 * timer tick (n8n-workflow's sleep; nodes may not use timers directly).
 *
 * When even the fastest answer takes under TURNS_FROM_MS, the run is bound by n8n's own CPU, not by
 * waiting: turns left its time unchanged there and cost timer ticks (the zero-latency benchmark's CPU
 * per item rose from about 2.3 to 2.5 ms), so items then start as soon as a worker is free.
 */
const TURNS_FROM_MS = 5;

class StartTurns {
	private last: Promise<void> = Promise.resolve();
	private started = 0;

	constructor(
		private readonly concurrency: number,
		private readonly fastestAnswerMs: () => number,
	) {}

	async take(): Promise<void> {
		// The first wave starts at once; one at a time needs no turns.
		if (this.started++ < this.concurrency || this.concurrency <= 1) return;
		if (this.fastestAnswerMs() < TURNS_FROM_MS) return;
		const mine = this.last.then(async () => await sleep(0));
		this.last = mine;
		await mine;
	}
}

const ranges = (indexes: number[]) => {
	const parts: string[] = [];
	for (let k = 0; k < indexes.length; k++) {
		const start = indexes[k];
		while (k + 1 < indexes.length && indexes[k + 1] === indexes[k] + 1) k++;
		parts.push(start === indexes[k] ? `${start}` : `${start}–${indexes[k]}`);
	}
	return parts.join(', ');
};

export async function router(this: IExecuteFunctions, continueOnFail: boolean): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resourceValue = this.getNodeParameter('resource', 0) as string;
	const operationValue = this.getNodeParameter('operation', 0) as string;
	const resource = RESOURCES.find((r) => r.value === resourceValue);
	const operation = resource?.operations.find((o) => o.value === operationValue);
	if (!resource || !operation) {
		throw new NodeOperationError(this.getNode(), `The operation "${operationValue}" is not supported for resource "${resourceValue}"`);
	}
	const executor: ItemExecutor | undefined =
		operation.kind === 'custom' ? operation.execute : operation.kind === 'upsert' ? upsert : STANDARD_EXECUTORS[operation.kind];
	if (!executor) throw new NodeOperationError(this.getNode(), `No executor for ${resourceValue}/${operationValue}`);

	const options = this.getNodeParameter('requestOptions', 0, {}) as IDataObject;
	// Max Concurrency: 0 or absent = Auto (the shared adaptive limit decides, up to AUTO_CEILING).
	const setConcurrency = Math.floor(Number(options.concurrency ?? 0)) || 0;
	const fixedConcurrency = setConcurrency >= 1 ? setConcurrency : undefined;
	const concurrency = fixedConcurrency ?? AUTO_CEILING;
	const run = await runContextFor(this, {
		concurrency: fixedConcurrency,
		shareLimiter: true,
		timeoutMs: Number(options.timeout ?? DEFAULT_RUN_OPTIONS.timeoutMs / 1000) * 1000,
		maxRateLimitWaitMs: Number(options.maxRateLimitWait ?? DEFAULT_RUN_OPTIONS.maxRateLimitWaitMs / 1000) * 1000,
		maxResponseBytes: Number(options.maxResponseSize ?? DEFAULT_RUN_OPTIONS.maxResponseBytes / 1_048_576) * 1_048_576,
	});

	const results: Array<INodeExecutionData[] | undefined> = new Array(items.length);
	// In an object so TypeScript sees the workers' writes.
	const stop: { failure?: { index: number; error: NodeError } } = {};
	let next = 0;
	const failedIndexes: number[] = [];
	const recordFailure = (index: number, error: NodeError) => {
		failedIndexes.push(index);
		if (!stop.failure || index < stop.failure.index) stop.failure = { index, error };
	};

	const turns = new StartTurns(concurrency, () => run.limiter.fastestAnswerMs);
	const worker = async () => {
		for (;;) {
			if (stop.failure || next >= items.length) return;
			await turns.take();
			if (stop.failure) return;
			const itemIndex = next++;
			if (itemIndex >= items.length) return;
			try {
				const subjectUserId = readSubjectUser.call(this, itemIndex);
				const output = await executor.call(this, { itemIndex, run, resource, operation, subjectUserId });
				if (!output.length && (operation.kind === 'get' || operation.kind === 'create')) {
					// A 2xx with no record in it (data null, a number, a bare list, no body) otherwise ended
					// the item with neither output nor error: it vanished from the run.
					fail(
						this,
						itemIndex,
						`Synap's answer held no ${resource.name} record`,
						operation.kind === 'create'
							? `The ${resource.name} may have been created all the same: check in Synap before running this item again.`
							: 'The answer is not a JSON:API record. Check the ID, and the Base URL in the Synap API credential (the API root ending in /v3).',
					);
				}
				// Set in place: a Get Many can return tens of thousands of items.
				for (const o of output) o.pairedItem = { item: itemIndex };
				results[itemIndex] = output;
			} catch (error) {
				const nodeError = asNodeError.call(this, error, itemIndex);
				if (continueOnFail) {
					results[itemIndex] = [errorItem(nodeError, itemIndex)];
				} else {
					recordFailure(itemIndex, nodeError);
				}
			}
		}
	};
	try {
		await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
	} finally {
		run.limiter.close();
	}

	const failure = stop.failure;
	if (failure) {
		// Items after the failing one that were already in flight (concurrency > 1) are not lost
		// silently: the error says which completed and which failed too.
		const done = results.map((r, k) => (r && k > failure.index ? k : -1)).filter((k) => k >= 0);
		const failedLater = failedIndexes.filter((k) => k > failure.index).sort((a, b) => a - b);
		const notes: string[] = [];
		if (done.length) {
			notes.push(`${done.length} later item(s) had already been sent and completed (items ${ranges(done)}); their results are not in the output.`);
		}
		if (failedLater.length) {
			notes.push(
				`${failedLater.length} later item(s) had already been sent and failed too (items ${ranges(failedLater)})${operation.kind === 'create' || operation.kind === 'upsert' || operation.kind === 'custom' ? '; a create among them may have been applied, so check in Synap before re-running them' : ''}.`,
			);
		}
		if (notes.length) {
			const note = `The node stopped at item ${failure.index}. ${notes.join(' ')}`;
			failure.error.description = failure.error.description ? `${failure.error.description}\n${note}` : note;
		}
		throw failure.error;
	}
	if (results.length === 1) return [results[0] ?? []];
	const out: INodeExecutionData[] = [];
	for (const r of results) if (r) for (const item of r) out.push(item);
	return [out];
}
