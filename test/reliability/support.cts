/**
 * Shared helpers of the reliability & security tests: a deep text dump of anything (so a secret
 * hidden in an Error's non-enumerable fields, its `cause`, a Map or a nested object is found), a
 * capture of everything n8n logs or prints while a run is in progress, figures printed to stdout,
 * and an `unhandledRejection` counter.
 */
import { Container } from '@n8n/di';
import { Logger } from '@n8n/backend-common';
import { LoggerProxy } from 'n8n-workflow';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

/**
 * Every string reachable from `value`: own properties (enumerable or not, so Error.message,
 * .stack and .cause are included), prototype-less objects, arrays, Maps, Sets, Buffers; cycles
 * are cut. Joined with newlines, so a scan for a secret sees every place it could hide.
 */
export function deepText(value: unknown, maxNodes = 2_000_000): string {
	const out: string[] = [];
	const seen = new WeakSet<object>();
	const stack: unknown[] = [value];
	let nodes = 0;
	while (stack.length && nodes++ < maxNodes) {
		const v = stack.pop();
		if (v === null || v === undefined) continue;
		if (typeof v === 'string') {
			out.push(v);
			continue;
		}
		if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') {
			out.push(String(v));
			continue;
		}
		if (typeof v === 'function' || typeof v === 'symbol') continue;
		const o = v as object;
		if (seen.has(o)) continue;
		seen.add(o);
		if (Buffer.isBuffer(o) || o instanceof Uint8Array) {
			out.push(Buffer.from(o as Uint8Array).toString('utf8'));
			continue;
		}
		if (o instanceof Map) {
			for (const [k, x] of o) stack.push(k, x);
			continue;
		}
		if (o instanceof Set) {
			for (const x of o) stack.push(x);
			continue;
		}
		for (const key of Reflect.ownKeys(o)) {
			if (typeof key === 'string') out.push(key);
			let child: unknown;
			try {
				child = (o as Record<string | symbol, unknown>)[key];
			} catch {
				continue;
			}
			stack.push(child);
		}
	}
	return out.join('\n');
}

/** How many times `needle` occurs in `haystack` (non-overlapping). */
export function occurrences(haystack: string, needle: string): number {
	if (!needle) return 0;
	let count = 0;
	for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) count++;
	return count;
}

/** Prints a line of figures so it shows in `npm test` output (jest keeps process.stdout). */
export function print(line: string): void {
	process.stdout.write(`${line}\n`);
}

/**
 * Captures what n8n logs (the DI Logger n8n-core's contexts use, and LoggerProxy used by
 * WorkflowExecute), what is written to console.*, and what goes to stdout/stderr, while active.
 */
export class LogCapture {
	readonly entries: unknown[] = [];
	private restoreFns: Array<() => void> = [];

	start(): this {
		const record =
			(level: string) =>
			(message: unknown, meta?: unknown): void => {
				this.entries.push({ level, message, meta });
			};
		const fake = {
			error: record('error'),
			warn: record('warn'),
			info: record('info'),
			debug: record('debug'),
			verbose: record('verbose'),
			scoped() {
				return fake;
			},
		};
		const hadLogger = Container.has(Logger);
		const previous = hadLogger ? Container.get(Logger) : undefined;
		Container.set(Logger, fake as unknown as Logger);
		LoggerProxy.init(fake as never);
		this.restoreFns.push(() => {
			if (previous) Container.set(Logger, previous);
			LoggerProxy.init({ error() {}, warn() {}, info() {}, debug() {}, verbose() {} } as never);
		});
		for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
			const original = console[method];
			console[method] = (...args: unknown[]) => {
				this.entries.push({ console: method, args });
			};
			this.restoreFns.push(() => {
				console[method] = original;
			});
		}
		for (const streamName of ['stdout', 'stderr'] as const) {
			const stream = process[streamName];
			const original = stream.write.bind(stream);
			stream.write = ((chunk: unknown, ...rest: unknown[]) => {
				this.entries.push({ [streamName]: typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8') });
				return original(chunk as string, ...(rest as []));
			}) as typeof stream.write;
			this.restoreFns.push(() => {
				stream.write = original as typeof stream.write;
			});
		}
		return this;
	}

	stop(): void {
		for (const fn of this.restoreFns.reverse()) fn();
		this.restoreFns = [];
	}

	text(): string {
		return deepText(this.entries);
	}
}

/** Counts unhandled rejections and uncaught exceptions while installed. */
export class CrashCounter {
	unhandledRejections = 0;
	uncaughtExceptions = 0;
	readonly reasons: unknown[] = [];
	private readonly onRejection = (reason: unknown) => {
		this.unhandledRejections++;
		this.reasons.push(reason);
	};
	private readonly onException = (error: unknown) => {
		this.uncaughtExceptions++;
		this.reasons.push(error);
	};

	install(): this {
		process.on('unhandledRejection', this.onRejection);
		process.on('uncaughtException', this.onException);
		return this;
	}

	uninstall(): void {
		process.off('unhandledRejection', this.onRejection);
		process.off('uncaughtException', this.onException);
	}
}

/** The NodeError an error item carries (n8n keeps it beside `json`). */
export function errorOf(item: INodeExecutionData): { message: string; description?: string | null; context?: IDataObject & { itemIndex?: number } } | undefined {
	return item.error as never;
}

export interface Accounting {
	itemsIn: number;
	succeeded: number;
	failedWithError: number;
	lost: number;
	duplicated: number;
	/** failed items whose error has no message or names no reason */
	unclearErrors: number;
	/** the first few of them, to say which in a failing test */
	unclearSamples: string[];
	/** output index → input index, for items that succeeded */
	successes: Map<number, INodeExecutionData>;
	failures: Map<number, INodeExecutionData>;
}

/** Each input index must be covered by exactly one output item (via pairedItem). */
export function accountFor(itemsIn: number, output: INodeExecutionData[]): Accounting {
	const seen = new Array<number>(itemsIn).fill(0);
	const successes = new Map<number, INodeExecutionData>();
	const failures = new Map<number, INodeExecutionData>();
	let unclear = 0;
	const unclearSamples: string[] = [];
	let outOfRange = 0;
	for (const item of output) {
		const paired = item.pairedItem as { item?: number } | Array<{ item?: number }> | number | undefined;
		const index = typeof paired === 'number' ? paired : Array.isArray(paired) ? paired[0]?.item : paired?.item;
		if (typeof index !== 'number' || index < 0 || index >= itemsIn) {
			outOfRange++;
			continue;
		}
		seen[index]++;
		const json = item.json as IDataObject;
		if (json.error !== undefined) {
			failures.set(index, item);
			// n8n-core replaces the json of an item that carries `error` with { error: message }; the
			// details (description, item index, HTTP code) travel on the item's NodeError.
			const itemIndex = errorOf(item)?.context?.itemIndex ?? (json.details as IDataObject | undefined)?.itemIndex;
			if (typeof json.error !== 'string' || json.error.trim().length < 10 || itemIndex !== index) {
				unclear++;
				if (unclearSamples.length < 5) {
					const error = errorOf(item);
					unclearSamples.push(
						`item ${index} (error says item ${String(itemIndex)}): ${JSON.stringify(json.error)} — ${JSON.stringify(error?.description ?? null)}`,
					);
				}
			}
		} else successes.set(index, item);
	}
	return {
		itemsIn,
		succeeded: successes.size,
		failedWithError: failures.size,
		lost: seen.filter((n) => n === 0).length,
		duplicated: seen.filter((n) => n > 1).length + outOfRange,
		unclearErrors: unclear,
		unclearSamples,
		successes,
		failures,
	};
}

/** Parses the router's "(items 3, 5–7)" list back into indexes. */
export function parseRanges(text: string): number[] {
	const out: number[] = [];
	for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
		const m = /^(\d+)(?:[–-](\d+))?$/.exec(part);
		if (!m) continue;
		const start = Number(m[1]);
		const end = m[2] === undefined ? start : Number(m[2]);
		for (let k = start; k <= end; k++) out.push(k);
	}
	return out;
}
