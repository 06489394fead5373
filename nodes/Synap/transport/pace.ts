/**
 * How many requests per second may start, learned from Synap's 429s. A concurrency limit alone
 * does not bound a rate when Synap answers fast, so after a 429 requests are paced.
 *
 * The rule is the client-side rate limiter of the AWS SDKs' "adaptive" retry mode (CUBIC, as TCP
 * CUBIC, with its constants β = 0.7 and C = 0.4): the first 429 sets the pace to β × the rate
 * Synap answered in the last second of sending, a later one to β × the pace of that moment. From
 * there, once the Retry-After pause is over, it grows back along a cubic curve that climbs quickly
 * towards the rate where the 429 came, flattens near it, and only then probes above it. Above that
 * rate it never runs more than twice ahead of what was answered in the last second, so a pace
 * learned while demand was low does not become a burst later. Before the first 429 there is no
 * pace, nor from a 429 with nothing answered since the last pause. The cost: a Synap that refuses a steady share of requests at random gets a low pace.
 */
const BETA = 0.7;
const C = 0.4;
const MIN_RATE = 0.5;
const WINDOW_MS = 1000;
const MIN_WINDOW_MS = 250;

export class CubicPace {
	/** The rate when the last 429 came; Infinity before any. */
	private wMax = Infinity;
	private cutAt = 0;
	private k = 0;
	private nextStartAt = 0;
	/** The end of the latest Retry-After pause (it may lie ahead), and of the one before it. */
	private pauseEnd = -Infinity;
	private previousPauseEnd = -Infinity;
	/** Completion times of recent successful answers (ring buffer). */
	private readonly done: number[] = new Array(1024).fill(-Infinity);
	private doneAt = 0;

	get paced(): boolean {
		return Number.isFinite(this.wMax);
	}

	/**
	 * Answers per second over the last `windowMs` of sending: since the last Retry-After pause
	 * ended when that is more recent (but over at least MIN_WINDOW_MS).
	 */
	private answeredPerSecond(now: number, windowMs = WINDOW_MS): number {
		// A pause that has not ended yet is not where sending resumed: measured against it, the
		// answers of the last moment before a 429 would count as the rate of a quarter second.
		const resumedAt = this.pauseEnd <= now ? this.pauseEnd : this.previousPauseEnd;
		const from = Math.max(now - windowMs, Math.min(resumedAt, now - MIN_WINDOW_MS));
		let n = 0;
		for (const t of this.done) if (t > from && t <= now) n++;
		return n / ((now - from) / 1000);
	}

	/** The pace now, requests per second (Infinity when unpaced). */
	rate(now: number): number {
		if (!this.paced) return Infinity;
		const t = (now - this.cutAt) / 1000;
		const cubic = C * (t - this.k) ** 3 + this.wMax;
		// What was answered is counted over at least three intervals of the pace: at under one
		// request a second, a one-second window is mostly empty when the next request is due, and
		// the pace could never climb above where the last 429 left it.
		const answered = this.answeredPerSecond(now, Math.max(WINDOW_MS, 3000 / this.wMax));
		return Math.max(MIN_RATE, Math.min(cubic, Math.max(this.wMax, 2 * answered)));
	}

	onAnswer(now: number): void {
		this.done[this.doneAt++ % this.done.length] = now;
	}

	onRateLimited(now: number, resumeAt: number): void {
		// With nothing answered since the last pause, a 429 says nothing about the rate Synap
		// accepts (it refuses everything for now): the Retry-After pause alone applies.
		const answered = this.answeredPerSecond(now);
		if (answered === 0) {
			this.pauseUntil(now, resumeAt);
			return;
		}
		// The first 429 is measured against what Synap answered; later ones against the pace.
		const base = this.paced ? this.rate(now) : answered;
		this.wMax = Math.max(MIN_RATE, base);
		this.k = Math.cbrt((this.wMax * (1 - BETA)) / C);
		// The curve starts where sending resumes: the Retry-After pause is no time to grow in.
		this.cutAt = Math.max(now, resumeAt);
		this.pauseUntil(now, resumeAt);
	}

	/** How long until the next request may start (0 when unpaced or due). */
	due(now: number): number {
		return this.paced ? Math.max(0, this.nextStartAt - now) : 0;
	}

	/** A request starts now: the next one is due one pace interval later. */
	take(now: number): void {
		if (this.paced) this.nextStartAt = Math.max(now, this.nextStartAt) + 1000 / this.rate(now);
	}

	/** Starts after a Retry-After pause are paced from its end. */
	pauseUntil(now: number, resumeAt: number): void {
		this.nextStartAt = Math.max(this.nextStartAt, resumeAt);
		if (resumeAt <= this.pauseEnd) return;
		// A new pause, or one extended while it runs.
		if (this.pauseEnd <= now) this.previousPauseEnd = this.pauseEnd;
		this.pauseEnd = resumeAt;
	}
}
