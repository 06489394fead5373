/**
 * Runs one property with fast-check and prints its figures in `npm test` output:
 *
 *   property <name>: <N> cases, <V> violations (<shrink runs> shrink runs, <s> s)
 *
 * A case "violates" when its check returns any violation text. On a failure the SHRUNK
 * counterexample is printed with what it violated and fast-check's seed and path to replay it;
 * the test then fails with the same text. The property is time-boxed (skipAllAfterTimeLimit: no
 * new case starts after the limit, the running one finishes), so a failing property cannot blow
 * the suite's time budget; the smallest counterexample found by then is shown.
 *
 * Each run tries the property's recorded counterexamples (`examples`), then draws new cases (a
 * random seed, printed). To replay or explore:
 *   PROPERTY_SEED=<seed>   the seed of a reported failure (with its path, fast-check replays it)
 *   PROPERTY_RUNS=<n>      n times as many cases per property (time limits scale too)
 */
import fc from 'fast-check';

import { print } from '../reliability/support.cjs';

export interface PropertyOptions<T> {
	name: string;
	arbitrary: fc.Arbitrary<T>;
	/** Runs one case; returns the violations (empty when every invariant holds). */
	check: (value: T) => Promise<string[]>;
	numRuns: number;
	/** Time box for the whole property, shrinking included. */
	timeLimitMs: number;
	/** How to show a case in the report (defaults to JSON). */
	show?: (value: T) => string;
	seed?: number;
	/**
	 * Cases always tried first, before the generated ones: the counterexamples found so far (the
	 * attacks of issue 12 and what this suite found since), so a regression is caught on every run
	 * and not only when the generator happens to draw it again.
	 */
	examples?: T[];
}

export async function runProperty<T>(options: PropertyOptions<T>): Promise<void> {
	let cases = 0;
	let violatingCases = 0;
	const started = Date.now();
	let lastViolations: string[] = [];
	const lastViolationsOf = new Map<T, string[]>();
	const property = fc.asyncProperty(options.arbitrary, async (value) => {
		cases++;
		const violations = await options.check(value);
		if (violations.length) {
			violatingCases++;
			lastViolations = violations;
			lastViolationsOf.set(value, violations);
			return false;
		}
		return true;
	});
	const scale = Math.max(1, Number(process.env.PROPERTY_RUNS) || 1);
	const seed = process.env.PROPERTY_SEED !== undefined ? Number(process.env.PROPERTY_SEED) : options.seed;
	const details = await fc.check(property, {
		numRuns: options.numRuns * scale,
		skipAllAfterTimeLimit: options.timeLimitMs * scale,
		maxSkipsPerRun: 10_000,
		seed,
		endOnFailure: false,
		examples: (options.examples ?? []).map((e) => [e] as [T]),
	});
	const seconds = ((Date.now() - started) / 1000).toFixed(1);
	const generated = details.numRuns;
	print(
		`property ${options.name}: ${cases} cases, ${violatingCases} violations` +
			` (${generated} generated${details.failed ? `, then ${cases - generated} while shrinking` : ''}${details.numSkips ? `, ${details.numSkips} skipped at the time limit` : ''}; seed ${details.seed}; ${seconds} s)`,
	);
	if (details.failed) {
		const counterexample = details.counterexample?.[0] as T;
		const shown = options.show ? options.show(counterexample) : JSON.stringify(counterexample);
		const violations = lastViolationsOf.get(counterexample) ?? lastViolations;
		const report = [
			`property ${options.name} FAILED — shrunk counterexample (seed ${details.seed}, path "${details.counterexamplePath}"):`,
			`  case: ${shown}`,
			...violations.slice(0, 12).map((v) => `  violated: ${v}`),
			...(violations.length > 12 ? [`  … and ${violations.length - 12} more`] : []),
			...(details.errorInstance ? [`  error: ${String((details.errorInstance as Error)?.message ?? details.errorInstance).slice(0, 300)}`] : []),
		].join('\n');
		print(report);
		throw new Error(report);
	}
	if (details.numRuns === 0) throw new Error(`property ${options.name}: no case ran`);
}
