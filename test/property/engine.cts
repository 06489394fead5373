/**
 * Runs one generated case in n8n-core's real engine (WorkflowExecute, the real SynapApi
 * credential class, n8n's own request helpers) and measures it: wall time, peak heap growth,
 * everything logged or printed, and the run itself.
 *
 * A case never hangs the suite. Past its wall-time bound the execution is cancelled and every
 * timer the case created is cleared (a node sleeping 23 days on a `Retry-After` would otherwise
 * keep jest alive); the case is reported as a violation of "wall time bounded".
 */
import '../harness/env.cjs';

import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData, INodeParameters, INodeType, IRun } from 'n8n-workflow';

import { additionalDataFor, inputWorkflow, manualHooks, registerNodeType, SYNAP_TYPE, type SynapCredentials } from '../harness/workflow.cjs';
import { WorkflowExecute } from 'n8n-core';
import { createRunExecutionData } from 'n8n-workflow';
import { LogCapture } from '../reliability/support.cjs';

export const ATTACKER_TYPE = 'test.attacker';

/**
 * Another node that uses the Synap API credential for a URL of its own choosing, as n8n's HTTP
 * Request node or AI HTTP Request Tool with a predefined credential type does. Outputs, per
 * item, whether the request was refused and what came back.
 */
class AttackerNode implements INodeType {
	description = {
		displayName: 'Attacker',
		name: ATTACKER_TYPE,
		group: ['transform'],
		version: 1,
		description: 'Uses the Synap credential for any URL',
		defaults: { name: 'Attacker' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'synapApi', required: true }],
		properties: [{ displayName: 'URL', name: 'url', type: 'string', default: '' }],
	} as unknown as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const out: INodeExecutionData[] = [];
		const items = this.getInputData();
		for (let i = 0; i < items.length; i++) {
			const target = items[i].json as { url?: string; baseURL?: string; path?: string };
			try {
				const body: unknown = await this.helpers.httpRequestWithAuthentication.call(this, 'synapApi', {
					method: 'GET',
					url: target.url ?? target.path ?? '',
					...(target.baseURL !== undefined ? { baseURL: target.baseURL } : {}),
					json: true,
					timeout: 2000,
				});
				out.push({ json: { refused: false, body: body as IDataObject }, pairedItem: { item: i } });
			} catch (error) {
				out.push({ json: { refused: true, message: String((error as Error)?.message ?? error) }, pairedItem: { item: i } });
			}
		}
		return [out];
	}
}

registerNodeType(new AttackerNode());

export interface CaseRun {
	items: INodeExecutionData[];
	errorItems: INodeExecutionData[];
	error?: Error & { description?: string | null; context?: IDataObject };
	run?: IRun;
	/** The run did not end within the wall-time bound and was abandoned. */
	abandoned: boolean;
	wallMs: number;
	/** Peak growth of heap + Buffers during the case, sampled on every request and every 25 ms. */
	peakHeapGrowth: number;
	logs: LogCapture;
}

export interface CaseOptions {
	nodeType?: typeof SYNAP_TYPE | typeof ATTACKER_TYPE;
	parameters: INodeParameters;
	items: IDataObject[];
	credentials: SynapCredentials;
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
	wallBoundMs: number;
}

const realSetTimeout = global.setTimeout;
const realClearTimeout = global.clearTimeout;

/** Timers created while a case runs, so an abandoned case leaves none behind. */
class TimerJail {
	private readonly live = new Set<ReturnType<typeof setTimeout>>();

	lock(): void {
		const live = this.live;
		const realSet = realSetTimeout;
		const realClear = realClearTimeout;
		global.setTimeout = ((fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
			const handle = realSet(
				(...a: unknown[]) => {
					live.delete(handle);
					fn(...a);
				},
				ms,
				...args,
			);
			live.add(handle);
			return handle;
		}) as typeof setTimeout;
		global.clearTimeout = ((handle: ReturnType<typeof setTimeout>) => {
			live.delete(handle);
			realClear(handle);
		}) as typeof clearTimeout;
	}

	release(clearAll: boolean): void {
		global.setTimeout = realSetTimeout;
		global.clearTimeout = realClearTimeout;
		if (clearAll) for (const handle of this.live) realClearTimeout(handle);
		this.live.clear();
	}
}

let counter = 0;
let heapPeak = 0;
/** The JavaScript heap plus Buffers outside it (a response body is read into Buffers first). */
const memoryInUse = () => {
	const m = process.memoryUsage();
	return m.heapUsed + m.arrayBuffers;
};
export const sampleHeap = (): void => {
	const used = memoryInUse();
	if (used > heapPeak) heapPeak = used;
};

export async function runCase(options: CaseOptions): Promise<CaseRun> {
	const nodeType = options.nodeType ?? SYNAP_TYPE;
	const name = nodeType === SYNAP_TYPE ? 'Synap' : 'Attacker';
	const node: INode = {
		id: 'node-under-test',
		name,
		type: nodeType,
		typeVersion: 1,
		position: [200, 0],
		parameters: options.parameters,
		credentials: { synapApi: { id: 'cred-1', name: 'Synap account' } },
		...(options.onError ? { onError: options.onError } : {}),
	};
	const { workflow, input } = inputWorkflow(node, options.items, 'wf-property', 'property case');
	const executionId = `prop-${++counter}`;
	const hooks = manualHooks(workflow, executionId);

	const guarded = await runGuarded(async (onCancel) => {
		const execution = new WorkflowExecute(additionalDataFor(options.credentials, hooks, executionId), 'manual', createRunExecutionData());
		const pending = execution.run({ workflow, startNode: input });
		onCancel(() => pending.cancel());
		return await pending;
	}, options.wallBoundMs);
	const run = guarded.value;
	const thrown = guarded.thrown;
	const { abandoned } = guarded;
	const task = run?.data.resultData.runData[name]?.[0];
	return {
		items: task?.data?.main?.[0] ?? [],
		errorItems: task?.data?.main?.[1] ?? [],
		error: (task?.error ?? run?.data.resultData.error ?? (thrown as Error | undefined)) as CaseRun['error'],
		run,
		abandoned,
		wallMs: guarded.wallMs,
		peakHeapGrowth: guarded.peakHeapGrowth,
		logs: guarded.logs,
	};
}

export interface Guarded<T> {
	value?: T;
	thrown?: unknown;
	abandoned: boolean;
	wallMs: number;
	peakHeapGrowth: number;
	logs: LogCapture;
}

/**
 * Runs `work` with everything n8n logs or prints captured, memory sampled and a watchdog: past
 * `wallBoundMs` the work is abandoned (its cancel hook called, every timer it created cleared).
 */
export async function runGuarded<T>(work: (onCancel: (cancel: () => void) => void) => Promise<T>, wallBoundMs: number): Promise<Guarded<T>> {
	global.gc?.();
	const baseline = memoryInUse();
	heapPeak = baseline;
	const sampler = setInterval(sampleHeap, 25);
	const jail = new TimerJail();
	const logs = new LogCapture();
	const started = Date.now();
	let abandoned = false;
	let value: T | undefined;
	let thrown: unknown;
	let cancel: () => void = () => undefined;
	logs.start();
	jail.lock();
	try {
		const pending = work((fn) => {
			cancel = fn;
		});
		let watchdog: ReturnType<typeof setTimeout> | undefined;
		const timedOut = new Promise<'timeout'>((resolve) => {
			watchdog = realSetTimeout(() => resolve('timeout'), wallBoundMs);
		});
		const outcome = await Promise.race([pending.then((r) => ({ r }), (e: unknown) => ({ e })), timedOut]);
		realClearTimeout(watchdog);
		if (outcome === 'timeout') {
			abandoned = true;
			pending.catch(() => undefined);
			cancel();
		} else if ('r' in outcome) value = outcome.r;
		else thrown = outcome.e;
	} finally {
		jail.release(abandoned);
		logs.stop();
		clearInterval(sampler);
		sampleHeap();
	}
	return { value, thrown, abandoned, wallMs: Date.now() - started, peakHeapGrowth: Math.max(0, heapPeak - baseline), logs };
}
