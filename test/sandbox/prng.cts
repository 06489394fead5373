// Deterministic pseudo-random numbers (mulberry32). Every random choice of the sandbox (ids, tokens,
// generated users, faults, trace ids) comes from a Prng derived from options.seed, so a run is
// reproducible from its seed.

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export class Prng {
	private state: number;

	constructor(seed: number) {
		this.state = seed >>> 0 || 0x9e3779b9;
	}

	next(): number {
		let t = (this.state = (this.state + 0x6d2b79f5) | 0);
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	int(n: number): number {
		return Math.floor(this.next() * n);
	}

	pick<T>(items: readonly T[]): T {
		return items[this.int(items.length)];
	}

	chars(length: number, alphabet = ID_ALPHABET): string {
		let out = '';
		for (let i = 0; i < length; i++) out += alphabet[this.int(alphabet.length)];
		return out;
	}

	/** A Synap-style id: 10 alphanumeric characters (e.g. `QsogF1GDFZ`). */
	id(): string {
		return this.chars(10);
	}

	hex(length: number): string {
		return this.chars(length, '0123456789abcdef');
	}
}

/** FNV-1a of `${seed}:${stream}`: independent, reproducible streams from one seed. */
export function deriveSeed(seed: number, stream: string): number {
	let h = 0x811c9dc5;
	const s = `${seed}:${stream}`;
	for (let i = 0; i < s.length; i++) {
		h ^= s.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

export const SYNAP_ID = /^[A-Za-z0-9]{10}$/;
