/**
 * The adaptive number of requests in flight: TCP Vegas, as Netflix's concurrency-limits library
 * applies it to request concurrency (its VegasLimit), with one change in how fast it grows.
 *
 * Each answer's latency is compared with the lowest latency seen. The queue the limit builds up
 * at Synap is estimated as `limit × (1 − lowest / latency)`: under ALPHA the limit grows, above
 * BETA it shrinks by one. Vegas grows once per round trip; here, once per `limit` answers (the
 * same thing counted in answers), by one, or by two while latency shows no queue at all: fast
 * enough to reach the ceiling within a few hundred answers, slow enough that when a rate limit
 * shows up only the few requests already in flight meet it. A 429 or 503 halves it. While fewer
 * than half the permitted requests are in flight nothing changes (the demand, not Synap, is the
 * limit then). The lowest latency is re-measured now and then (every 15–30 × limit answers), so a
 * Synap that became slower for good is not judged against an old best.
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
/** Latency jitter (ms) not counted as queueing: timer granularity and event-loop noise. */
const NOISE_MS = 2;
const PROBE_MULTIPLIER = 30;

export class VegasLimit {
	limit = AUTO_INITIAL;
	peak = AUTO_INITIAL;
	private minRtt = Infinity;
	private samples = 0;
	private probeAt = this.nextProbe();
	private answersSinceChange = 0;

	private nextProbe(): number {
		return Math.ceil((0.5 + Math.random() / 2) * PROBE_MULTIPLIER * this.limit);
	}

	/** One answer that took `rttMs`, sent while `inFlight` requests were out. True when it grew. */
	onSample(rttMs: number, inFlight: number): boolean {
		const rtt = Math.max(1, rttMs);
		if (++this.samples >= this.probeAt) {
			this.samples = 0;
			this.probeAt = this.nextProbe();
			this.minRtt = rtt;
			return false;
		}
		if (rtt < this.minRtt) this.minRtt = rtt;
		if (inFlight * 2 < this.limit) return false;
		const queue = (this.limit * Math.max(0, rtt - this.minRtt - NOISE_MS)) / rtt;
		if (queue > BETA) {
			this.limit = Math.max(1, this.limit - 1);
			this.answersSinceChange = 0;
			return false;
		}
		if (queue >= ALPHA || this.limit >= AUTO_CEILING) return false;
		this.answersSinceChange += queue <= 1 ? 2 : 1;
		if (this.answersSinceChange < this.limit) return false;
		this.answersSinceChange = 0;
		this.limit++;
		this.peak = Math.max(this.peak, this.limit);
		return true;
	}

	onCongestion(): void {
		this.limit = Math.max(1, Math.floor(this.limit / 2));
		this.answersSinceChange = 0;
	}
}
