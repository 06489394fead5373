/**
 * How many requests one execution has in flight, adapted to Synap's rate limit (AIMD):
 * - a 429 halves the limit (at most once per second, so a burst of 429s from requests that were
 *   already in flight counts once) and pauses every request until Retry-After has passed;
 * - each run of `limit` successes raises it by one, back up to the configured maximum.
 * Sleeping uses n8n-workflow's `sleep` (community nodes may not use timers directly).
 */
import { sleep } from 'n8n-workflow';

export class AdaptiveLimiter {
	private limit: number;
	private inFlight = 0;
	private waiters: Array<() => void> = [];
	private pausedUntil = 0;
	private successStreak = 0;
	private lastDecreaseAt = 0;
	/** Wall time requests were held back by rate-limit pauses (overlapping pauses count once). */
	private paused = 0;

	constructor(private readonly max: number) {
		this.limit = Math.max(1, Math.floor(max));
	}

	get currentLimit(): number {
		return this.limit;
	}

	get pausedMs(): number {
		return this.paused;
	}

	async acquire(): Promise<void> {
		for (;;) {
			const pause = this.pausedUntil - Date.now();
			if (pause > 0) {
				await sleep(pause);
				continue;
			}
			if (this.inFlight < this.limit) {
				this.inFlight++;
				return;
			}
			await new Promise<void>((resolve) => this.waiters.push(resolve));
		}
	}

	release(): void {
		this.inFlight = Math.max(0, this.inFlight - 1);
		// Waiters re-check the limit themselves; waking them all keeps this simple and fair enough
		// for the few dozen workers one execution has.
		const waiting = this.waiters;
		this.waiters = [];
		for (const wake of waiting) wake();
	}

	onSuccess(): void {
		if (this.limit >= this.max) return;
		this.successStreak++;
		if (this.successStreak >= this.limit) {
			this.limit++;
			this.successStreak = 0;
		}
	}

	onRateLimited(retryAfterMs: number): void {
		const now = Date.now();
		if (now - this.lastDecreaseAt >= 1000) {
			this.limit = Math.max(1, Math.floor(this.limit / 2));
			this.lastDecreaseAt = now;
		}
		this.successStreak = 0;
		const until = now + retryAfterMs;
		if (until > this.pausedUntil) {
			this.paused += until - Math.max(this.pausedUntil, now);
			this.pausedUntil = until;
		}
	}
}
