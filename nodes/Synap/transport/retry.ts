/**
 * When a failed request is sent again, and after how long. Pure functions, unit-tested.
 *
 * The rule that matters most: a write that may already have been applied is never re-sent.
 *
 * | outcome                                  | GET          | PATCH, DELETE (idempotent) | POST (creates)   |
 * |------------------------------------------|--------------|----------------------------|------------------|
 * | 429 Too Many Requests                    | wait, retry  | wait, retry                | wait, retry      |
 * | 503 Service Unavailable                  | backoff      | backoff                    | backoff          |
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
 */
import type { Failure } from './errors';

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface RetryLimits {
	/** Attempts for transient failures (502/503/504/network), including the first. */
	maxTransientAttempts: number;
	/** Attempts when answered 500, including the first (Synap: "retry at least once"). */
	maxServerErrorAttempts: number;
	/** Base and cap of the exponential backoff. */
	baseDelayMs: number;
	maxDelayMs: number;
}

export const DEFAULT_RETRY_LIMITS: RetryLimits = {
	maxTransientAttempts: 4,
	maxServerErrorAttempts: 2,
	baseDelayMs: 500,
	maxDelayMs: 8000,
};

export type RetryDecision =
	| { retry: false; reason: string }
	| { retry: true; delayMs: number; rateLimited: boolean; reason: string };

const NEVER_CONNECTED = new Set(['ECONNREFUSED']);

/** Exponential backoff, capped. */
export function backoffMs(attempt: number, limits: RetryLimits): number {
	const exp = limits.baseDelayMs * 2 ** Math.max(0, attempt - 1);
	return Math.min(limits.maxDelayMs, exp);
}

/** `Retry-After` as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (typeof text !== 'string' && typeof text !== 'number') return undefined;
	const s = String(text).trim();
	if (/^\d+(\.\d+)?$/.test(s)) return Math.round(parseFloat(s) * 1000);
	const date = Date.parse(s);
	if (!Number.isNaN(date)) return Math.max(0, date - now);
	return undefined;
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
			// Bounded by the run's total rate-limit wait budget, not by a count (see RunContext).
			return { retry: true, delayMs: failure.retryAfterMs ?? backoffMs(attempt, limits), rateLimited: true, reason: '429' };
		}
		if (s === 503) {
			return transientLeft
				? { retry: true, delayMs: failure.retryAfterMs ?? backoffMs(attempt, limits), rateLimited: false, reason: '503' }
				: { retry: false, reason: `503 after ${attempt} attempts` };
		}
		if (s === 502 || s === 504) {
			if (isCreate) return { retry: false, reason: `${s} on a create may have been applied` };
			return transientLeft
				? { retry: true, delayMs: backoffMs(attempt, limits), rateLimited: false, reason: String(s) }
				: { retry: false, reason: `${s} after ${attempt} attempts` };
		}
		if (s === 500) {
			if (isCreate) return { retry: false, reason: '500 on a create may have been applied' };
			return attempt < limits.maxServerErrorAttempts
				? { retry: true, delayMs: backoffMs(attempt, limits), rateLimited: false, reason: '500' }
				: { retry: false, reason: `500 after ${attempt} attempts` };
		}
		return { retry: false, reason: `HTTP ${s}` };
	}
	if (failure.kind === 'network') {
		if (NEVER_CONNECTED.has(failure.code)) {
			return transientLeft
				? { retry: true, delayMs: backoffMs(attempt, limits), rateLimited: false, reason: failure.code }
				: { retry: false, reason: `${failure.code} after ${attempt} attempts` };
		}
		if (isCreate) return { retry: false, reason: `${failure.code} on a create may have been applied` };
		return transientLeft
			? { retry: true, delayMs: backoffMs(attempt, limits), rateLimited: false, reason: failure.code }
			: { retry: false, reason: `${failure.code} after ${attempt} attempts` };
	}
	// A 2xx whose body is cut off or not JSON.
	if (isCreate) return { retry: false, reason: 'unreadable answer to a create may have been applied' };
	return transientLeft
		? { retry: true, delayMs: backoffMs(attempt, limits), rateLimited: false, reason: 'invalid body' }
		: { retry: false, reason: `invalid body after ${attempt} attempts` };
}

/** Whether a failure leaves it unknown if a write was applied (used for DELETE's 404-after-retry). */
export function mayHaveBeenApplied(failure: Failure): boolean {
	if (failure.kind === 'http') return failure.statusCode === 500 || failure.statusCode === 502 || failure.statusCode === 504;
	if (failure.kind === 'network') return !NEVER_CONNECTED.has(failure.code);
	return true;
}
