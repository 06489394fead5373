/**
 * The adaptive number of requests in flight: TCP Vegas, as Linux's tcp_vegas and Netflix's
 * concurrency-limits library (VegasLimit) apply it, with TCP's slow start in front.
 *
 * Answers are counted in rounds: a round ends once `limit` answers have come back and at least
 * one lowest latency and MIN_ROUND_MS have passed (about one round trip). At the end of a round
 * the fastest answer of the round is compared with the lowest latency seen, and the queue the
 * limit builds up at Synap is estimated as `limit × (1 − lowest / fastest)`. The fastest answer of
 * a round, not each answer, because a single late answer is as often n8n's own event loop being
 * busy as Synap queueing; when even the fastest answer of a round is late, the queue is real.
 *
 * - Slow start: while no round has shown a queue, the limit doubles each round (2, 4, 8, 16, 32).
 * - Then, under ALPHA the limit grows by one a round, above BETA it shrinks by one.
 * - A 429 or 503 halves it and ends slow start.
 * - A round in which fewer than half the permitted requests were in flight changes nothing:
 *   the demand, not Synap, was the limit then.
 * - The lowest latency is re-measured now and then (from the fastest answer of a round, every
 *   15–30 rounds, as Netflix's limiter does every 15–30 × limit answers), so a Synap that became
 *   slower for good is not judged against an old best.
 * - Sends are spread over a round trip (sendGap), not released in one burst.
 *
 * MIN_ROUND_MS is what keeps a surprise rate limit cheap: against a server that answers in a few
 * milliseconds the limit still doubles at most every 50 ms, so when a rate limit is met only the
 * few requests then in flight meet it (at 5 ms per answer, 2 in flight is already 400 requests/s).
 */

/**
 * The most requests in flight the node chooses by itself. At Synap's 50–300 ms per request, 32 in
 * flight is 100–640 requests per second: more than an API with an unpublished rate limit should
 * get unasked, and more than n8n's request helper sustains on one core. A user who knows Synap
 * allows more sets Max Concurrency.
 */
export const AUTO_CEILING = 32;
/** Where it starts: few enough that a surprise rate limit costs few 429s. */
export const AUTO_INITIAL = 2;
const ALPHA = 3;
const BETA = 6;
/** The shortest round (see above). */
export const MIN_ROUND_MS = 50;
/** Latency jitter (ms) not counted as queueing: timer granularity and event-loop noise. */
const NOISE_MS = 2;
/** Rounds between re-measurements of the lowest latency: 15 to 30, drawn each time. */
const PROBE_ROUNDS = 30;

export class VegasLimit {
	limit = AUTO_INITIAL;
	peak = AUTO_INITIAL;
	private slowStart = true;
	private minRtt = Infinity;
	private rounds = 0;
	private probeAt = this.nextProbe();
	/** The round in progress: when it began, its answers, its fastest, the most in flight. */
	private roundStart = -Infinity;
	private roundAnswers = 0;
	private roundFastest = Infinity;
	private roundInFlight = 0;

	private nextProbe(): number {
		return Math.ceil((0.5 + Math.random() / 2) * PROBE_ROUNDS);
	}

	private newRound(now: number): void {
		this.roundStart = now;
		this.roundAnswers = 0;
		this.roundFastest = Infinity;
		this.roundInFlight = 0;
	}

	/**
	 * One answer that took `rttMs`, sent while `inFlight` requests were out, arriving at `now`.
	 * Returns by how much the limit grew (0 when it did not).
	 */
	onSample(rttMs: number, inFlight: number, now: number): number {
		const rtt = Math.max(1, rttMs);
		// The first round starts when its first request was sent.
		if (this.roundStart === -Infinity) this.roundStart = now - rtt;
		if (rtt < this.minRtt) this.minRtt = rtt;
		this.roundAnswers++;
		this.roundFastest = Math.min(this.roundFastest, rtt);
		this.roundInFlight = Math.max(this.roundInFlight, inFlight);
		if (this.roundAnswers < this.limit || now - this.roundStart < Math.max(MIN_ROUND_MS, this.minRtt)) return 0;

		const fastest = this.roundFastest;
		const demandLimited = this.roundInFlight * 2 < this.limit;
		this.newRound(now);
		if (++this.rounds >= this.probeAt) {
			// Re-measure the lowest latency from this round, and judge from the next one.
			this.rounds = 0;
			this.probeAt = this.nextProbe();
			this.minRtt = fastest;
			return 0;
		}
		const queue = (this.limit * Math.max(0, fastest - this.minRtt - NOISE_MS)) / fastest;
		if (queue > BETA) {
			this.slowStart = false;
			this.limit = Math.max(1, this.limit - 1);
			return 0;
		}
		if (queue >= ALPHA) this.slowStart = false;
		if (queue >= ALPHA || demandLimited || this.limit >= AUTO_CEILING) return 0;
		const before = this.limit;
		this.limit = Math.min(AUTO_CEILING, this.slowStart ? 2 * this.limit : this.limit + 1);
		this.peak = Math.max(this.peak, this.limit);
		return this.limit - before;
	}

	/** The fastest answer seen (re-measured now and then); Infinity before the first. */
	get fastestAnswerMs(): number {
		return this.minRtt;
	}

	/**
	 * The time (ms) between two sends that spreads `limit` requests over one lowest latency
	 * (0 before any answer). Sent all at once, the requests a round adds go through n8n's request
	 * helper in lockstep: each waits for the others' preparation, every answer of the round looks
	 * late by that much, and the limit stops growing on n8n's own CPU time, not Synap's.
	 */
	get sendGap(): number {
		return Number.isFinite(this.minRtt) ? this.minRtt / this.limit : 0;
	}

	/** A 429 or 503 at `now`: halve, and leave slow start. */
	onCongestion(now: number): void {
		this.slowStart = false;
		this.limit = Math.max(1, Math.floor(this.limit / 2));
		this.newRound(now);
	}
}
