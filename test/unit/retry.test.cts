import { decideRetry, DEFAULT_RETRY_LIMITS, mayHaveBeenApplied, parseRetryAfter, type Method } from '../../nodes/Synap/transport/retry';
import type { Failure } from '../../nodes/Synap/transport/errors';

const http = (statusCode: number, retryAfterMs?: number): Failure => ({ kind: 'http', statusCode, body: {}, retryAfterMs });
const net = (code: string): Failure => ({ kind: 'network', code, message: code });
const cut: Failure = { kind: 'invalidBody', statusCode: 200, preview: '{"da' };

describe('retry policy', () => {
	test.each<[Method, Failure, boolean]>([
		['POST', http(429, 2000), true],
		['POST', http(503), true],
		['POST', net('ECONNREFUSED'), true],
		['POST', http(500), false],
		['POST', http(502), false],
		['POST', http(504), false],
		['POST', net('ECONNRESET'), false],
		['POST', net('ECONNABORTED'), false],
		['POST', cut, false],
		['PATCH', http(500), true],
		['PATCH', http(502), true],
		['PATCH', net('ECONNRESET'), true],
		['DELETE', http(504), true],
		['GET', cut, true],
		['GET', http(400), false],
		['GET', http(401), false],
		['GET', http(403), false],
		['GET', http(404), false],
	])('%s after %j: retry=%s', (method, failure, expected) => {
		expect(decideRetry(method, failure, 1).retry).toBe(expected);
	});

	test('a create is never re-sent when it may have been applied', () => {
		for (const f of [http(500), http(502), http(504), net('ECONNRESET'), net('ETIMEDOUT'), net('ECONNABORTED'), cut]) {
			const d = decideRetry('POST', f, 1);
			expect(d.retry).toBe(false);
			expect(mayHaveBeenApplied(f)).toBe(true);
		}
	});

	test('429 waits as long as Retry-After says, and counts against the wait budget', () => {
		expect(decideRetry('GET', http(429, 7000), 1)).toMatchObject({ retry: true, delayMs: 7000, serverWait: true });
	});

	test.each([0, 1, 999])('a 429 or 503 asking for %s ms still waits at least a second', (retryAfterMs) => {
		for (const status of [429, 503]) {
			const d = decideRetry('POST', http(status, retryAfterMs), 1);
			expect(d).toMatchObject({ retry: true, serverWait: true });
			expect((d as { delayMs: number }).delayMs).toBeGreaterThanOrEqual(DEFAULT_RETRY_LIMITS.minServerWaitMs);
		}
	});

	test('a 429 without Retry-After waits at least a second; a 503 without it backs off like other transient errors', () => {
		expect(decideRetry('GET', http(429), 1)).toMatchObject({ retry: true, serverWait: true, delayMs: 1000 });
		expect(decideRetry('GET', http(503), 1)).toMatchObject({ retry: true, serverWait: false, delayMs: 500 });
	});

	test('every kind of failure stops being retried after a bounded number of attempts', () => {
		const failures = [http(429, 0), http(503, 0), http(500), http(502), http(504), net('ECONNREFUSED'), net('ECONNRESET'), cut];
		for (const method of ['GET', 'PATCH', 'DELETE', 'POST'] as Method[]) {
			for (const f of failures) {
				let attempt = 1;
				while (decideRetry(method, f, attempt).retry) attempt++;
				expect(attempt).toBeLessThanOrEqual(DEFAULT_RETRY_LIMITS.maxRateLimitedAttempts);
			}
		}
	});

	test('500 is retried once, transient errors up to the limit, with growing backoff', () => {
		expect(decideRetry('GET', http(500), 1).retry).toBe(true);
		expect(decideRetry('GET', http(500), 2).retry).toBe(false);
		const delays = [1, 2, 3].map((a) => (decideRetry('GET', http(502), a) as { delayMs: number }).delayMs);
		expect(delays).toEqual([500, 1000, 2000]);
		expect(decideRetry('GET', http(502), DEFAULT_RETRY_LIMITS.maxTransientAttempts).retry).toBe(false);
	});

	test('Retry-After as whole seconds or an HTTP date', () => {
		expect(parseRetryAfter('3')).toBe(3000);
		expect(parseRetryAfter(['2'])).toBe(2000);
		expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
		expect(parseRetryAfter('Sunday, 06-Nov-94 08:49:37 GMT', Date.UTC(1994, 10, 6, 8, 49, 30))).toBe(7000);
		expect(parseRetryAfter('Sun Nov  6 08:49:37 1994', Date.UTC(1994, 10, 6, 8, 49, 30))).toBe(7000);
	});

	test.each(['-1', '0.0001', '0.5', '1e3', '+5', 'soon', '', '-1 ', 'Infinity', 'NaN', '0x10'])(
		'Retry-After %j is not a wait (Date.parse would read some of these as years)',
		(value) => {
			expect(parseRetryAfter(value)).toBeUndefined();
		},
	);

	test('a date in the past is no wait; an absurd wait is capped just past a day, beyond any budget', () => {
		expect(parseRetryAfter(new Date(1_000).toUTCString(), 60_000)).toBe(0);
		expect(parseRetryAfter('2000000')).toBe(86_401_000);
		expect(parseRetryAfter('99999999999999999999')).toBe(86_401_000);
		expect(parseRetryAfter(undefined)).toBeUndefined();
	});
});
