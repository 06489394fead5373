/**
 * When a failed request is sent again, and after how long. Pure functions, unit-tested.
 *
 * The rule that matters most: a write that may already have been applied is never re-sent.
 *
 * | outcome                                  | GET          | PATCH, DELETE (idempotent) | POST (creates)   |
 * |------------------------------------------|--------------|----------------------------|------------------|
 * | 429 Too Many Requests                    | wait, retry  | wait, retry                | wait, retry      |
 * | 503 with Retry-After                     | wait, retry  | wait, retry                | wait, retry      |
 * | 503 without Retry-After                  | backoff      | backoff                    | backoff          |
 * | connection refused (never connected)     | backoff      | backoff                    | backoff          |
 * | 502, 504, connection reset, timeout,     | backoff      | backoff                    | NEVER re-sent    |
 * |   cut-off / non-JSON 2xx body            |              |                            |                  |
 * | 500 Internal Server Error                | once         | once                       | NEVER re-sent    |
 * | other 4xx                                | no           | no                         | no               |
 *
 * Why: 429 and 503 mean the server did not process the request, and a refused connection never
 * reached it, so even a create is safe to send again. After a 500, 502, 504, a reset, a timeout
 * or a cut-off answer the write may have been applied. Sending a PATCH or DELETE again gives the
 * same end state, so they are retried (Synap asks for 500s to be retried at least once); sending a
 * POST again could register the same student twice, so it is not, and the error says to check.
 *
 * Bounds: every row has a cap on attempts (maxRateLimitedAttempts for 429, maxTransientAttempts or
 * maxServerErrorAttempts for the rest). "wait" means Retry-After, held to at least minServerWaitMs
 * (a `Retry-After: 0` must not become an instant retry loop) and counted against the execution's
 * Max Rate-Limit Wait by request.ts; a wait that does not fit there fails the item at once.
 */
import type { Failure } from './errors';

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface RetryLimits {
	/** Attempts for transient failures (502/503/504/network/unreadable body), including the first. */
	maxTransientAttempts: number;
	/** Attempts when answered 500, including the first (Synap: "retry at least once"). */
	maxServerErrorAttempts: number;
	/** Attempts when answered 429, including the first. The wait budget usually ends it sooner. */
	maxRateLimitedAttempts: number;
	/** Base and cap of the exponential backoff. */
	baseDelayMs: number;
	maxDelayMs: number;
	/**
	 * Shortest wait before a request answered 429 or 503 is sent again, whatever Retry-After says:
	 * a `Retry-After: 0` (or a date in the past) would otherwise make every answer an instant retry.
	 */
	minServerWaitMs: number;
}

export const DEFAULT_RETRY_LIMITS: RetryLimits = {
	maxTransientAttempts: 4,
	maxServerErrorAttempts: 2,
	maxRateLimitedAttempts: 30,
	baseDelayMs: 500,
	maxDelayMs: 8000,
	minServerWaitMs: 1000,
};

export type RetryDecision =
	| { retry: false; reason: string }
	/** `serverWait`: Synap asked to wait (429, 503); it counts against Max Rate-Limit Wait. */
	| { retry: true; delayMs: number; serverWait: boolean; reason: string };

const NEVER_CONNECTED = new Set(['ECONNREFUSED']);

/** Exponential backoff, capped. */
export function backoffMs(attempt: number, limits: RetryLimits): number {
	const exp = limits.baseDelayMs * 2 ** Math.max(0, attempt - 1);
	return Math.min(limits.maxDelayMs, exp);
}

/** Longest Retry-After read as such (a day); anything longer is taken as a wait no budget allows. */
const MAX_RETRY_AFTER_MS = 86_400_000;

// The three date forms HTTP allows (RFC 9110 §5.6.7): IMF-fixdate, RFC 850 and asctime. Date.parse
// alone reads "-1" or "0.0001" as years, which made a 429 an instant retry.
const HTTP_DATE = [
	/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/,
	/^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \d{2}-(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-\d{2} \d{2}:\d{2}:\d{2} GMT$/,
	/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/,
];

/**
 * `Retry-After` as whole seconds (`delay-seconds`) or an HTTP date, in ms from `now`; undefined
 * when absent or not one of those forms (negative or fractional seconds, other date shapes).
 * A date in the past gives 0. Values past a day are capped at a day plus one second, which no
 * wait budget allows, so the item fails with a message instead of sleeping for weeks.
 */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (typeof text !== 'string' && typeof text !== 'number') return undefined;
	const s = String(text).trim();
	if (/^\d+$/.test(s)) return Math.min(MAX_RETRY_AFTER_MS + 1000, Number(s) * 1000);
	if (!HTTP_DATE.some((form) => form.test(s))) return undefined;
	const date = Date.parse(s);
	if (Number.isNaN(date)) return undefined;
	return Math.min(MAX_RETRY_AFTER_MS + 1000, Math.max(0, date - now));
}

/** A wait Synap asked for, held to the floor; without Retry-After, exponential backoff. */
function serverWait(failure: { retryAfterMs?: number }, attempt: number, limits: RetryLimits): number {
	return Math.max(limits.minServerWaitMs, failure.retryAfterMs ?? backoffMs(attempt, limits));
}

/**
 * @param attempt how many times the request has been sent so far (1 after the first try)
 */
export function decideRetry(method: Method, failure: Failure, attempt: number, limits = DEFAULT_RETRY_LIMITS): RetryDecision {
	const isCreate = method === 'POST';
	const transientLeft = attempt < limits.maxTransientAttempts;
	if (failure.kind === 'http') {
		const s = failure.statusCode;
		if (s === 429) {
			// Bounded by a count and by the execution's wait budget (Max Rate-Limit Wait, see request.ts).
			return attempt < limits.maxRateLimitedAttempts
				? { retry: true, delayMs: serverWait(failure, attempt, limits), serverWait: true, reason: '429' }
				: { retry: false, reason: `429 after ${attempt} attempts` };
		}
		if (s === 503) {
			// With Retry-After it is Synap pacing us, like a 429; without, an overloaded moment.
			if (!transientLeft) return { retry: false, reason: `503 after ${attempt} attempts` };
			return failure.retryAfterMs !== undefined
				? { retry: true, delayMs: serverWait(failure, attempt, limits), serverWait: true, reason: '503' }
				: { retry: true, delayMs: backoffMs(attempt, limits), serverWait: false, reason: '503' };
		}
		if (s === 502 || s === 504) {
			if (isCreate) return { retry: false, reason: `${s} on a create may have been applied` };
			return transientLeft
				? { retry: true, delayMs: backoffMs(attempt, limits), serverWait: false, reason: String(s) }
				: { retry: false, reason: `${s} after ${attempt} attempts` };
		}
		if (s === 500) {
			if (isCreate) return { retry: false, reason: '500 on a create may have been applied' };
			return attempt < limits.maxServerErrorAttempts
				? { retry: true, delayMs: backoffMs(attempt, limits), serverWait: false, reason: '500' }
				: { retry: false, reason: `500 after ${attempt} attempts` };
		}
		return { retry: false, reason: `HTTP ${s}` };
	}
	if (failure.kind === 'network') {
		if (NEVER_CONNECTED.has(failure.code)) {
			return transientLeft
				? { retry: true, delayMs: backoffMs(attempt, limits), serverWait: false, reason: failure.code }
				: { retry: false, reason: `${failure.code} after ${attempt} attempts` };
		}
		if (isCreate) return { retry: false, reason: `${failure.code} on a create may have been applied` };
		return transientLeft
			? { retry: true, delayMs: backoffMs(attempt, limits), serverWait: false, reason: failure.code }
			: { retry: false, reason: `${failure.code} after ${attempt} attempts` };
	}
	// Too large: the same request would bring the same answer.
	if (failure.kind === 'tooLarge') return { retry: false, reason: 'answer over Max Response Size' };
	// A 2xx whose body is cut off or not JSON.
	if (isCreate) return { retry: false, reason: 'unreadable answer to a create may have been applied' };
	return transientLeft
		? { retry: true, delayMs: backoffMs(attempt, limits), serverWait: false, reason: 'invalid body' }
		: { retry: false, reason: `invalid body after ${attempt} attempts` };
}

/** Whether a failure leaves it unknown if a write was applied (used for DELETE's 404-after-retry). */
export function mayHaveBeenApplied(failure: Failure): boolean {
	if (failure.kind === 'tooLarge') return false;
	if (failure.kind === 'http') return failure.statusCode === 500 || failure.statusCode === 502 || failure.statusCode === 504;
	if (failure.kind === 'network') return !NEVER_CONNECTED.has(failure.code);
	return true;
}
