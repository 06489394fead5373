/**
 * Properties of the adaptive limits (./nodes/Synap/transport/concurrencyLimit.ts and pace.ts) over
 * generated histories, on a simulated clock: whatever answers, latencies, 429s and Retry-After
 * pauses came before,
 *
 *   - the number in flight stays within 1..32 and the send spacing and the pace's next start are
 *     finite and never negative;
 *   - once Synap answers every request at a flat latency, Auto comes back to 32 in flight;
 *   - once Synap accepts every request, the pace comes back above 4 requests/s within 30 s
 *     (a pace cut to its floor of 0.5/s once stayed there for good).
 *
 * The second and third are liveness: a limiter that only ever shrinks passes every bound and still
 * leaves a bulk job crawling.
 */
import fc from 'fast-check';

import { AUTO_CEILING, VegasLimit } from '../../nodes/Synap/transport/concurrencyLimit';
import { CubicPace } from '../../nodes/Synap/transport/pace';
import { runProperty } from './runProperty.cjs';

const sampleArb = fc.record({
	kind: fc.constantFrom('answer' as const, 'answer' as const, 'answer' as const, 'congestion' as const),
	gapMs: fc.integer({ min: 0, max: 400 }),
	rttMs: fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.constant(50)),
	inFlight: fc.integer({ min: 0, max: 40 }),
});

test('property limiter: bounded, and Auto comes back to 32 once latency is flat', async () => {
	await runProperty({
		name: 'limiter (Vegas)',
		arbitrary: fc.array(sampleArb, { maxLength: 300 }),
		numRuns: 200,
		timeLimitMs: 20_000,
		check: async (history) => {
			const violations: string[] = [];
			const v = new VegasLimit();
			let now = 1_000;
			const bounded = (when: string) => {
				if (!(v.limit >= 1 && v.limit <= AUTO_CEILING)) violations.push(`${when}: limit ${v.limit} outside 1..${AUTO_CEILING}`);
				if (!(Number.isFinite(v.sendGap) && v.sendGap >= 0)) violations.push(`${when}: send gap ${v.sendGap}`);
			};
			for (const s of history) {
				now += s.gapMs;
				if (s.kind === 'congestion') v.onCongestion(now);
				else v.onSample(s.rttMs, s.inFlight, now);
				bounded('history');
			}
			// Synap answers every request in 80 ms, the node keeps the limit busy: 200 round trips
			for (let round = 0; round < 200 && v.limit < AUTO_CEILING; round++) {
				now += 80;
				const n = v.limit;
				for (let k = 0; k < n; k++) v.onSample(80, n, now);
				bounded(`round ${round}`);
			}
			if (v.limit !== AUTO_CEILING) violations.push(`after 200 flat round trips the limit is ${v.limit}, not ${AUTO_CEILING}`);
			return violations;
		},
	});
});

const paceEventArb = fc.record({
	kind: fc.constantFrom('answer' as const, 'answer' as const, 'rateLimited' as const),
	gapMs: fc.integer({ min: 0, max: 2000 }),
	retryAfterMs: fc.constantFrom(1000, 2000, 5000),
});

test('property pace: bounded, and back above 4 requests/s within 30 s once Synap accepts everything', async () => {
	await runProperty({
		name: 'pace (CUBIC)',
		arbitrary: fc.array(paceEventArb, { maxLength: 60 }),
		numRuns: 200,
		timeLimitMs: 20_000,
		check: async (history) => {
			const violations: string[] = [];
			const pace = new CubicPace();
			let now = 10_000;
			const bounded = (when: string) => {
				const due = pace.due(now);
				const rate = pace.rate(now);
				if (!(Number.isFinite(due) && due >= 0)) violations.push(`${when}: next start in ${due} ms`);
				if (!(rate > 0)) violations.push(`${when}: rate ${rate}`);
			};
			for (const e of history) {
				now += e.gapMs;
				if (e.kind === 'answer') pace.onAnswer(now);
				else pace.onRateLimited(now, now + e.retryAfterMs);
				bounded('history');
			}
			if (violations.length) return violations;
			// From here a request is sent whenever the pace allows and answered 50 ms later.
			const end = now + 30_000;
			while (now < end && pace.rate(now) <= 4) {
				now += Math.max(pace.due(now), 1);
				pace.take(now);
				pace.onAnswer(now + 50);
				bounded('recovery');
				if (violations.length) return violations;
			}
			const rate = pace.rate(now);
			if (rate <= 4) violations.push(`30 s after the last 429 the pace is ${rate.toFixed(2)} requests/s`);
			return violations;
		},
	});
});
