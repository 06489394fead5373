/**
 * The per-process limiter registry: executions on the same credential share one limiter (keyed by
 * a digest, never the token), a Retry-After seen by one pauses the others, and the limiter is
 * dropped when the last execution using it closes.
 */
import { AUTO_CEILING, createLimiter, sharedLimiterKeys } from '../../nodes/Synap/transport/limiter';
import { AUTO_INITIAL, MIN_ROUND_MS, VegasLimit } from '../../nodes/Synap/transport/concurrencyLimit';
import { CubicPace } from '../../nodes/Synap/transport/pace';

const ORIGIN = 'https://api.synap.ac';
const TOKEN = 'p:limiterTestToken0123456789abcdef';

/** Whether the promise settles within `ms` (used only with a margin of 10× or more). */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<boolean>((resolve) => {
		timer = setTimeout(() => resolve(false), ms);
	});
	const result = await Promise.race([promise.then(() => true), timeout]);
	clearTimeout(timer);
	return result;
}

afterEach(() => expect(sharedLimiterKeys()).toEqual([]));

test('executions on the same origin and token share one limiter, keyed by a digest of both', () => {
	const a = createLimiter({ shared: { origin: ORIGIN, token: TOKEN } });
	const b = createLimiter({ shared: { origin: ORIGIN, token: TOKEN } });
	const otherToken = createLimiter({ shared: { origin: ORIGIN, token: `${TOKEN}x` } });
	const otherOrigin = createLimiter({ shared: { origin: 'https://sandbox.synap.ac', token: TOKEN } });
	const keys = sharedLimiterKeys();
	expect(keys).toHaveLength(3);
	for (const key of keys) {
		expect(key).not.toContain(TOKEN);
		expect(key).not.toContain(TOKEN.slice(2, 12));
		expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
	}
	for (const l of [a, b, otherToken, otherOrigin]) l.close();
});

test('the shared limiter is dropped when the last execution using it closes, not before', () => {
	const a = createLimiter({ shared: { origin: ORIGIN, token: TOKEN } });
	const b = createLimiter({ shared: { origin: ORIGIN, token: TOKEN } });
	a.close();
	a.close(); // closing twice counts once
	expect(sharedLimiterKeys()).toHaveLength(1);
	b.close();
	expect(sharedLimiterKeys()).toHaveLength(0);
});

test('a Retry-After seen by one execution pauses the others on the same credential, and only them', async () => {
	const a = createLimiter({ shared: { origin: ORIGIN, token: TOKEN } });
	const b = createLimiter({ shared: { origin: ORIGIN, token: TOKEN } });
	const stranger = createLimiter({ shared: { origin: ORIGIN, token: `${TOKEN}x` } });
	const permit = await a.acquire();
	a.release(permit);
	a.onRateLimited(1500, permit);
	const waiting = b.acquire();
	expect(await settlesWithin(waiting, 100)).toBe(false);
	const strangerPermit = stranger.acquire();
	expect(await settlesWithin(strangerPermit, 1000)).toBe(true);
	stranger.release(await strangerPermit);
	b.release(await waiting);
	// The wait counts against each execution's own rate-limit budget: A's (the 429's request waits
	// it out itself) and B's.
	expect(a.pausedMs).toBeGreaterThanOrEqual(1500);
	expect(b.pausedMs).toBeGreaterThan(1000);
	expect(stranger.pausedMs).toBe(0);
	for (const l of [a, b, stranger]) l.close();
	// Dropped once the pause is over and no one uses it.
	createLimiter({ shared: { origin: 'https://other.example', token: TOKEN } }).close();
});

test('Max Concurrency set: exactly that many in flight for the execution, above the adaptive limit', async () => {
	const fixed = createLimiter({ concurrency: 12, shared: { origin: ORIGIN, token: TOKEN } });
	const permits = await Promise.all(Array.from({ length: 12 }, () => fixed.acquire()));
	const thirteenth = fixed.acquire().then((p) => fixed.release(p));
	expect(await settlesWithin(thirteenth, 100)).toBe(false);
	// An Auto execution on the same credential counts them against the shared adaptive limit.
	const auto = createLimiter({ shared: { origin: ORIGIN, token: TOKEN } });
	const autoPermit = auto.acquire();
	expect(await settlesWithin(autoPermit, 100)).toBe(false);
	for (const p of permits) fixed.release(p);
	auto.release(await autoPermit);
	await thirteenth;
	fixed.close();
	auto.close();
});

test('an Auto execution is capped by the adaptive limit, which starts low', async () => {
	expect(AUTO_INITIAL).toBeLessThanOrEqual(4);
	const auto = createLimiter({ shared: { origin: ORIGIN, token: TOKEN } });
	const permits = await Promise.all(Array.from({ length: AUTO_INITIAL }, () => auto.acquire()));
	const next = auto.acquire();
	expect(await settlesWithin(next, 100)).toBe(false);
	auto.release(permits[0]);
	expect(await settlesWithin(next, 1000)).toBe(true);
	for (const p of [...permits.slice(1), await next]) auto.release(p);
	auto.close();
});

describe('Vegas limit (in rounds of answers)', () => {
	/** One round: `limit` answers of `rttMs` each, `roundMs` after the last round, all sent at the limit. */
	function round(v: VegasLimit, clock: { now: number }, rttMs: number, roundMs = rttMs, inFlight = v.limit): number {
		clock.now += roundMs;
		let grew = 0;
		const n = v.limit;
		for (let k = 0; k < n; k++) grew += v.onSample(rttMs, inFlight, clock.now);
		return grew;
	}

	test('slow start doubles it each round while latency stays at the lowest seen, up to the ceiling', () => {
		const v = new VegasLimit();
		const clock = { now: 1_000 };
		const seen = [v.limit];
		for (let r = 0; r < 6; r++) {
			const before = v.limit;
			expect(round(v, clock, 50)).toBe(v.limit - before);
			seen.push(v.limit);
		}
		expect(seen).toEqual([2, 4, 8, 16, 32, 32, 32]);
		expect(v.peak).toBe(AUTO_CEILING);
	});

	test('a round lasts at least 50 ms: answers of 2 ms do not double it faster', () => {
		const v = new VegasLimit();
		let now = 1_000;
		for (let k = 0; k < 40; k++) v.onSample(2, v.limit, (now += 1));
		expect(v.limit).toBe(AUTO_INITIAL);
		now += MIN_ROUND_MS;
		v.onSample(2, v.limit, now);
		expect(v.limit).toBe(2 * AUTO_INITIAL);
	});

	test('one late answer in a round is noise; a round whose fastest answer is late shrinks it by one', () => {
		const v = new VegasLimit();
		const clock = { now: 1_000 };
		while (v.limit < 16) round(v, clock, 50);
		// the event loop was busy for one answer: nothing changes but the growth of slow start
		clock.now += 50;
		const n = v.limit;
		for (let k = 0; k < n; k++) v.onSample(k === 3 ? 500 : 50, n, clock.now);
		expect(v.limit).toBe(AUTO_CEILING);
		// every answer of the round late: Synap queues them (queue 32 × 40/90 > 6)
		round(v, clock, 90);
		expect(v.limit).toBe(AUTO_CEILING - 1);
		round(v, clock, 90);
		expect(v.limit).toBe(AUTO_CEILING - 2);
	});

	test('after slow start it grows by one a round; a 429 or 503 halves it, never below 1', () => {
		const v = new VegasLimit();
		const clock = { now: 1_000 };
		while (v.limit < 16) round(v, clock, 50);
		v.onCongestion(clock.now);
		expect(v.limit).toBe(8);
		round(v, clock, 50);
		expect(v.limit).toBe(9);
		round(v, clock, 50);
		expect(v.limit).toBe(10);
		for (let k = 0; k < 10; k++) v.onCongestion(clock.now);
		expect(v.limit).toBe(1);
	});

	test('does not grow while the demand, not Synap, is the limit', () => {
		const v = new VegasLimit();
		const clock = { now: 1_000 };
		while (v.limit < 8) round(v, clock, 50);
		for (let r = 0; r < 50; r++) round(v, clock, 50, 50, 3);
		expect(v.limit).toBe(8);
	});
});

describe('pace after a 429', () => {
	test('a pace cut to its floor grows back once Synap accepts again (no answer-less window holds it there)', () => {
		const pace = new CubicPace();
		// an answer, then a 429, three times: each 429 takes 70% of the pace, which ends near 0.5/s
		let now = 10_000;
		for (let k = 0; k < 4; k++) {
			pace.onAnswer((now += 100));
			pace.onRateLimited((now += 100), now + 1000);
			now += 1000;
		}
		expect(pace.rate(now)).toBeLessThanOrEqual(0.75);
		// from here Synap answers every request: within 20 s the pace is at several per second
		const end = now + 20_000;
		while (now < end) {
			now += Math.max(pace.due(now), 1);
			pace.take(now);
			pace.onAnswer(now + 5);
		}
		expect(pace.rate(now)).toBeGreaterThan(4);
	});

	test('none before any 429; after one, 70% of what was answered in the last second, growing back', () => {
		const pace = new CubicPace();
		expect(pace.rate(0)).toBe(Infinity);
		for (let k = 0; k < 10; k++) pace.onAnswer(10_000 + k * 50);
		pace.onRateLimited(10_500, 11_500);
		expect(pace.rate(11_500)).toBeCloseTo(7, 0);
		expect(pace.due(10_600)).toBe(900);
		// It climbs back to where the 429 came (10/s) and flattens there.
		let now = 11_500;
		while (now < 16_000) {
			now += Math.max(pace.due(now), 1);
			pace.take(now);
			pace.onAnswer(now);
		}
		expect(pace.rate(13_500)).toBeGreaterThan(9.5);
		expect(pace.rate(13_500)).toBeLessThan(10.5);
	});
});

test('a 429 paces the shared limiter at 70% of what was answered in the last second (not of its last moments)', async () => {
	const limiter = createLimiter({ shared: { origin: ORIGIN, token: TOKEN } });
	// 10 answers within a few milliseconds, then a 429 with Retry-After: 1 s
	for (let k = 0; k < 10; k++) {
		const permit = await limiter.acquire();
		limiter.release(permit);
		limiter.onSuccess(permit);
	}
	const permit = await limiter.acquire();
	limiter.release(permit);
	limiter.onRateLimited(100, permit);
	await new Promise((resolve) => setTimeout(resolve, 120));
	// 10 answers in the last second: 7 per second when the pause ends, not 10 ÷ ¼ s × 0.7 = 28
	expect(limiter.stats.rate).toBeGreaterThanOrEqual(6.5);
	expect(limiter.stats.rate).toBeLessThanOrEqual(7.5);
	limiter.close();
});
