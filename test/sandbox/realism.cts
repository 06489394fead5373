// Realism knobs: latency, a token-bucket rate limit, and injected faults.
//
// Whether a WRITE is applied before an injected fault (fixed per kind, so deterministic):
//
// | kind                 | applied? | what the client sees                                                       |
// |----------------------|----------|----------------------------------------------------------------------------|
// | '429'                | no       | 429 JSON:API error, `Retry-After: 1`                                       |
// | '429-no-retry-after' | no       | 429 JSON:API error without Retry-After                                     |
// | '503'                | no       | 503 JSON:API error (overloaded; nothing done)                              |
// | '500'                | no       | 500 JSON:API error with traceId (errors[0].meta.traceId and top-level meta) |
// | '502'                | YES      | 502 with an HTML body, as a load balancer sends: the upstream did the work  |
// | '504'                | YES      | 504 with an HTML body: the upstream finished after the gateway gave up      |
// | 'reset'              | YES      | the socket is destroyed after the work, no response at all                  |
// | 'truncate'           | YES      | the real status (200/201, 200 for a 204) with the JSON body cut in half    |
// | 'slow'               | YES      | the real response, after options.faults.slowMs (default 65 s)              |
//
// The real rate limit (options.rateLimit) never applies a refused request either. Synap's Rate
// Limits page could not be read (NOT FOUND): numbers and headers here are sandbox choices.
import type { FaultKind, SandboxOptions } from './types.cjs';
import type { Prng } from './prng.cjs';

export const ALL_FAULT_KINDS: readonly FaultKind[] = [
	'500',
	'502',
	'503',
	'504',
	'reset',
	'truncate',
	'429',
	'429-no-retry-after',
	'slow',
];

/** Does a write reach the application (and get applied) before this fault is shown to the client? */
export const FAULT_APPLIES_WRITE: Record<FaultKind, boolean> = {
	'429': false,
	'429-no-retry-after': false,
	'503': false,
	'500': false,
	'502': true,
	'504': true,
	reset: true,
	truncate: true,
	slow: true,
};

export class TokenBucket {
	private tokens: number;
	private last: number;
	readonly capacity: number;

	constructor(
		readonly rate: number,
		burst: number | undefined,
		now = Date.now(),
	) {
		this.capacity = Math.max(1, burst ?? Math.ceil(rate));
		this.tokens = this.capacity;
		this.last = now;
	}

	/** Take one token; when none is left, say after how many seconds one will be (>= 1). */
	take(now = Date.now()): { ok: true } | { ok: false; retryAfterSeconds: number } {
		const elapsed = Math.max(0, now - this.last) / 1000;
		this.last = now;
		this.tokens = Math.min(this.capacity, this.tokens + elapsed * this.rate);
		if (this.tokens >= 1) {
			this.tokens -= 1;
			return { ok: true };
		}
		const wait = this.rate > 0 ? (1 - this.tokens) / this.rate : 60;
		return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(wait)) };
	}
}

export class RateLimiter {
	private bucket: TokenBucket | undefined;
	private key = '';

	check(options: SandboxOptions): { ok: true } | { ok: false; retryAfterSeconds: number; sendRetryAfter: boolean } {
		const rl = options.rateLimit;
		if (!rl || !(rl.requestsPerSecond > 0)) {
			this.bucket = undefined;
			this.key = '';
			return { ok: true };
		}
		const key = `${rl.requestsPerSecond}/${rl.burst ?? ''}`;
		if (!this.bucket || key !== this.key) {
			this.bucket = new TokenBucket(rl.requestsPerSecond, rl.burst);
			this.key = key;
		}
		const r = this.bucket.take();
		if (r.ok) return r;
		return { ok: false, retryAfterSeconds: r.retryAfterSeconds, sendRetryAfter: rl.sendRetryAfter !== false };
	}

	reset(): void {
		this.bucket = undefined;
		this.key = '';
	}
}

/** Draws faults from a seeded stream: the n-th /v3 request of a run always gets the same fate. */
export function pickFault(rng: Prng, options: SandboxOptions): FaultKind | undefined {
	const f = options.faults;
	if (!f || !(f.rate > 0)) return undefined;
	const roll = rng.next();
	const kinds = f.kinds && f.kinds.length > 0 ? f.kinds : ALL_FAULT_KINDS;
	const kind = kinds[rng.int(kinds.length)];
	return roll < f.rate ? kind : undefined;
}

export const GATEWAY_HTML: Record<number, string> = {
	502: '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n',
	504: '<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body>\r\n<center><h1>504 Gateway Time-out</h1></center>\r\n</body>\r\n</html>\r\n',
};
