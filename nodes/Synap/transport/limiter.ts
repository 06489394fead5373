/**
 * How many requests go to Synap at once, and how fast: one limiter per n8n process and credential.
 *
 * Every execution of the Synap node in this process that uses the same credential (same API
 * origin and token) shares one SharedLimiter, held in module memory under a keyed digest of
 * origin and token (the token itself is never a key). Each execution holds an ExecutionLimiter:
 * its own cap (Max Concurrency) on top of the shared budget. Shared are:
 *
 * - the adaptive number of requests in flight (./concurrencyLimit.ts: slow start from 2, then
 *   Vegas; 1 to 32), and the spacing of Auto sends over a round trip;
 * - the Retry-After pause: a 429 seen by one execution pauses every execution's requests;
 * - the pace learned from 429s (./pace.ts, CUBIC as in the AWS SDKs' adaptive retry mode).
 *
 * A 429 or 503 counts once per congestion event: answers to requests sent before the limiter
 * reacted belong to the same event. An execution whose Max Concurrency is set keeps exactly that
 * many requests in flight (the adaptive limit does not hold it back, though its requests count in
 * it) and still honours the pause and the pace. The shared limiter is dropped when the last
 * execution using it closes (reference count) and no pause is running; one left behind is dropped
 * on a later lookup once idle. Sleeping uses n8n-workflow's `sleep` (nodes may not use timers).
 */
import { createHmac, randomBytes } from 'crypto';
import { sleep } from 'n8n-workflow';

import { AUTO_CEILING, VegasLimit } from './concurrencyLimit';
import { CubicPace } from './pace';

export { AUTO_CEILING } from './concurrencyLimit';

const IDLE_DROP_MS = 10 * 60_000;

export interface Permit {
	sentAt: number;
	/** Requests in flight (this one included) when it was sent. */
	inFlightAtSend: number;
	released: boolean;
	rttMs: number;
}

export interface LimiterStats {
	/** The adaptive limit now, and the highest it reached. */
	limit: number;
	peakLimit: number;
	/** Requests per second allowed to start now; undefined before any 429. */
	rate?: number;
	rateLimitedEvents: number;
}

/** A FIFO of waiting acquirers. */
class Gate {
	private readonly queue: Array<() => void> = [];
	async wait(): Promise<void> {
		await new Promise<void>((resolve) => this.queue.push(resolve));
	}
	wakeOne(): void {
		this.queue.shift()?.();
	}
}

export class SharedLimiter {
	inFlight = 0;
	users = 0;
	lastActive = Date.now();
	readonly gate = new Gate();
	private readonly vegas = new VegasLimit();
	private readonly pace = new CubicPace();
	private pausedUntil = 0;
	private lastCutAt = -Infinity;
	private rateLimitedEvents = 0;
	/** Requests waiting for their turn (pause or pace), chained one after another. */
	private turns: Promise<void> = Promise.resolve();
	private queued = 0;
	private spreadUntil = 0;

	get limit(): number {
		return this.vegas.limit;
	}

	get stats(): LimiterStats {
		const rate = this.pace.rate(Date.now());
		return {
			limit: this.vegas.limit,
			peakLimit: this.vegas.peak,
			rate: Number.isFinite(rate) ? Math.round(rate * 10) / 10 : undefined,
			rateLimitedEvents: this.rateLimitedEvents,
		};
	}

	get fastestAnswerMs(): number {
		return this.vegas.fastestAnswerMs;
	}

	hasRoom(): boolean {
		return this.inFlight < this.vegas.limit;
	}

	/** Auto sends are spread over a round trip (VegasLimit.sendGap); resolves at this send's turn. */
	async spread(): Promise<void> {
		const now = Date.now();
		const at = Math.max(now, this.spreadUntil);
		this.spreadUntil = at + this.vegas.sendGap;
		if (at - now >= 1) await sleep(at - now);
	}

	/**
	 * Waits out a Retry-After pause and the pace; resolves when the request may be sent. Paced
	 * requests take their turn one after another, each booking its start at the pace of that
	 * moment (booking far ahead would freeze the pace while it should be growing back).
	 */
	async clear(onPause: (now: number, until: number) => void): Promise<void> {
		const now = Date.now();
		if (this.pausedUntil > now) onPause(now, this.pausedUntil);
		else if (!this.pace.paced && this.queued === 0) return;
		this.queued++;
		const turn = this.turns.then(async () => await this.waitTurn(onPause));
		this.turns = turn;
		try {
			await turn;
		} finally {
			this.queued--;
		}
	}

	private async waitTurn(onPause: (now: number, until: number) => void): Promise<void> {
		for (;;) {
			const now = Date.now();
			if (this.pausedUntil > now) {
				onPause(now, this.pausedUntil);
				await sleep(this.pausedUntil - now);
				continue;
			}
			const wait = this.pace.due(now);
			if (wait < 1) {
				this.pace.take(now);
				return;
			}
			await sleep(wait);
		}
	}

	/** An answer other than 429/503: a latency sample and a data point for the pace. */
	onAnswer(permit: Permit): void {
		const now = Date.now();
		this.lastActive = now;
		this.pace.onAnswer(now);
		for (let grew = this.vegas.onSample(permit.rttMs, permit.inFlightAtSend, now); grew > 0; grew--) this.gate.wakeOne();
	}

	/** A 429 (pauses everyone for `pauseMs`) or a 503 on a request sent at `sentAt`. */
	onCongestion(sentAt: number, pauseMs: number, rateLimited: boolean): void {
		const now = Date.now();
		this.lastActive = now;
		if (pauseMs > 0) {
			this.pausedUntil = Math.max(this.pausedUntil, now + pauseMs);
			this.pace.pauseUntil(now, this.pausedUntil);
		}
		if (sentAt < this.lastCutAt) return;
		this.lastCutAt = now;
		this.vegas.onCongestion(now);
		if (!rateLimited) return;
		this.rateLimitedEvents++;
		this.pace.onRateLimited(now, this.pausedUntil);
	}

	idle(now: number): boolean {
		return this.inFlight === 0 && this.pausedUntil <= now;
	}
}

/** The per-execution side: its cap, its own pause accounting, and the shared budget. */
export class ExecutionLimiter {
	private inFlight = 0;
	private readonly gate = new Gate();
	private paused = 0;
	private pauseCountedUntil = 0;
	private closed = false;

	/**
	 * @param cap the most requests this execution has in flight at once
	 * @param fixed true when the user set Max Concurrency (the adaptive limit does not apply)
	 */
	constructor(
		private readonly shared: SharedLimiter,
		readonly cap: number,
		readonly fixed: boolean,
		private readonly onClose: () => void = () => undefined,
	) {
		shared.users++;
	}

	get stats(): LimiterStats {
		return this.shared.stats;
	}

	/** How fast Synap answers at best, from every execution sharing this limiter (Infinity before any answer). */
	get fastestAnswerMs(): number {
		return this.shared.fastestAnswerMs;
	}

	/** Wall time this execution's requests were held by Retry-After pauses (overlaps count once). */
	get pausedMs(): number {
		return this.paused;
	}

	async acquire(): Promise<Permit> {
		while (this.inFlight >= this.cap) await this.gate.wait();
		this.inFlight++;
		const shared = this.shared;
		while (!this.fixed && !shared.hasRoom()) await shared.gate.wait();
		shared.inFlight++;
		if (!this.fixed) await shared.spread();
		await shared.clear((now, until) => this.countPause(now, until));
		return { sentAt: Date.now(), inFlightAtSend: shared.inFlight, released: false, rttMs: 0 };
	}

	/** Adds a Retry-After pause to this execution's waiting time (overlapping pauses count once). */
	private countPause(now: number, until: number): void {
		const from = Math.max(now, this.pauseCountedUntil);
		if (until > from) {
			this.paused += until - from;
			this.pauseCountedUntil = until;
		}
	}

	release(permit: Permit): void {
		if (permit.released) return;
		permit.released = true;
		permit.rttMs = Date.now() - permit.sentAt;
		this.shared.inFlight--;
		this.shared.gate.wakeOne();
		this.inFlight--;
		this.gate.wakeOne();
		// A request that outlived its execution (a read-ahead page no one waits for).
		if (this.closed) this.onClose();
	}

	onSuccess(permit: Permit): void {
		this.shared.onAnswer(permit);
	}

	onRateLimited(retryAfterMs: number, permit?: Permit): void {
		// The request that met the 429 waits it out itself; the wait counts for this execution.
		this.countPause(Date.now(), Date.now() + retryAfterMs);
		this.shared.onCongestion(permit?.sentAt ?? Date.now(), retryAfterMs, true);
	}

	/** A 503: Synap is overloaded; shrink without pausing the others. */
	onOverloaded(permit?: Permit): void {
		this.shared.onCongestion(permit?.sentAt ?? Date.now(), 0, false);
	}

	/** The execution is done with Synap: the shared limiter is dropped once no one uses it. */
	close(): void {
		if (this.closed) return;
		this.closed = true;
		this.shared.users--;
		this.onClose();
	}
}

// ---------------------------------------------------------------------------------------------
// the per-process registry

const registry = new Map<string, SharedLimiter>();
let lastDropped: LimiterStats | undefined;
/** Keys are HMACs under a key that lives only in this process's memory. */
const registryKey = randomBytes(32);

function keyFor(origin: string, token: string): string {
	return createHmac('sha256', registryKey).update(origin).update('\n').update(token).digest('base64url');
}

function dropIdle(now: number): void {
	for (const [key, limiter] of registry) {
		if (limiter.idle(now) && (limiter.users <= 0 || now - limiter.lastActive > IDLE_DROP_MS)) registry.delete(key);
	}
}

export interface LimiterOptions {
	/** Max Concurrency when the user set it; undefined = adaptive (Auto). */
	concurrency?: number;
	/** Share the budget with other executions using the same origin and token. */
	shared: { origin: string; token: string } | undefined;
}

export function createLimiter(options: LimiterOptions): ExecutionLimiter {
	const fixed = options.concurrency !== undefined;
	const cap = fixed ? Math.max(1, Math.floor(options.concurrency as number)) : AUTO_CEILING;
	if (!options.shared) return new ExecutionLimiter(new SharedLimiter(), cap, fixed);
	const now = Date.now();
	dropIdle(now);
	const key = keyFor(options.shared.origin, options.shared.token);
	let shared = registry.get(key);
	if (!shared) {
		shared = new SharedLimiter();
		registry.set(key, shared);
	}
	const limiter = shared;
	return new ExecutionLimiter(limiter, cap, fixed, () => {
		if (limiter.users <= 0 && limiter.idle(Date.now()) && registry.get(key) === limiter) {
			registry.delete(key);
			lastDropped = limiter.stats;
		}
	});
}

/** The keys of the shared limiters this process holds (for tests: digests, never a token). */
export function sharedLimiterKeys(): string[] {
	return [...registry.keys()];
}

/** What the last dropped shared limiter had learned (for the benchmark to state the limit it chose). */
export function lastDroppedLimiterStats(): LimiterStats | undefined {
	return lastDropped;
}
