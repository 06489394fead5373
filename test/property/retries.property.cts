/**
 * Property "retries": whatever status codes and Retry-After values a server answers with, for
 * every operation kind, the node sends a bounded number of requests, ends in bounded time, loses
 * and duplicates no item, and shows no token.
 *
 * Each case: an operation, 1–3 items run concurrently, and per item a script of 0–4 hostile
 * answers (429, 503, 500, 502, 504, 408, 404, 418, a redirect to another origin, a reset connection — each with a generated
 * Retry-After, from "0", "-1", "0.0001", HTTP dates past and far ahead, "2000000", garbage …)
 * followed either by a correct answer or by the last hostile answer FOREVER. Request Options:
 * Timeout 1 s, Max Rate-Limit Wait 2 s, Concurrency 10.
 *
 * Bounds (the numbers this property holds the node to):
 *   requests   ≤ 10 per item (a single-page operation: Get, Create, Update, Delete, one page)
 *   wall time  ≤ 15 s per case (2 s of rate-limit waiting + backoff + 1 s timeouts)
 *   heap       ≤ 128 MiB growth (heap + Buffers, garbage included: no forced GC)
 */
import fc from 'fast-check';

import { HostileServer, type HostileRequest } from './hostileServer.cjs';
import { runCase } from './engine.cjs';
import {
	credentialsFor,
	dirtArb,
	inputItems,
	itemOf,
	ONE_PER_ITEM,
	onErrorArb,
	operationArb,
	parametersFor,
	REQUEST_OPTIONS,
	RETRY_AFTER,
	retryAfterArb,
	send,
	successBody,
	tokenArb,
} from './generators.cjs';
import { checkBounds, checkItems, checkOrigin, checkToken } from './invariants.cjs';
import { runProperty } from './runProperty.cjs';

const REQUESTS_PER_ITEM = 10;
const TOKEN = 'p:QANJch+mockPG4Z/oxmjHOyUFw4idWGugMIUPX==';
const WALL_MS = 15_000;
const HEAP = 128 * 1048576;

/** 429 and 503 (the statuses that carry Retry-After) are drawn most often. */
const statusArb = fc.oneof(
	{ arbitrary: fc.constant(429 as const), weight: 5 },
	{ arbitrary: fc.constant(503 as const), weight: 4 },
	{ arbitrary: fc.constantFrom(500 as const, 502 as const, 504 as const, 408 as const, 404 as const, 418 as const, 'reset' as const), weight: 3 },
	{ arbitrary: fc.constantFrom(301 as const, 302 as const, 307 as const, 308 as const), weight: 1 },
);
const stepArb = fc.record({ status: statusArb, retryAfter: retryAfterArb });

const caseArb = fc.record({
	op: operationArb,
	token: tokenArb,
	dirt: dirtArb,
	onError: onErrorArb,
	scripts: fc.array(fc.record({ steps: fc.array(stepArb, { maxLength: 4 }), forever: fc.oneof({ arbitrary: fc.constant(true), weight: 2 }, { arbitrary: fc.constant(false), weight: 1 }) }), { minLength: 1, maxLength: 3 }),
});
type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

let server: HostileServer;

function respond(c: Case) {
	const served = new Map<number, number>();
	return (req: HostileRequest, res: import('node:http').ServerResponse) => {
		const item = itemOf(req);
		const script = c.scripts[item];
		if (!script) return send(res, 400, { errors: [{ status: '400', title: 'unknown item' }] });
		const n = served.get(item) ?? 0;
		served.set(item, n + 1);
		const step = n < script.steps.length ? script.steps[n] : script.forever && script.steps.length ? script.steps[script.steps.length - 1] : undefined;
		if (!step) {
			const ok = successBody(c.op, req);
			return send(res, ok.status, ok.body);
		}
		if (step.status === 'reset') return res.socket?.destroy();
		if (step.status >= 300 && step.status < 400) {
			// A redirect to another origin, the token in its query: never followed (checkOrigin sees the traps).
			return send(res, step.status, '', { Location: `${server.otherHostOrigin}/v3/steal?auth=${encodeURIComponent(req.authorization)}` });
		}
		const retryAfter = RETRY_AFTER[step.retryAfter]();
		send(res, step.status, { errors: [{ status: String(step.status), title: `hostile ${step.status}` }] }, retryAfter === undefined ? {} : { 'Retry-After': retryAfter });
	};
}

/** property retries: bounded requests and time, no item lost, no token, for any status and Retry-After. */
export async function propertyRetries(hostile: HostileServer): Promise<void> {
	server = hostile;
	await runProperty<Case>({
		name: 'retries',
		arbitrary: caseArb,
		numRuns: 8,
		examples: [
			// issue 12 class 1: a 429 retried with no delay and no cap; a 503 sleeping 23 days
			...['0', '-1', '0.0001', 'past HTTP date'].map((retryAfter) => ({
				op: 'create' as const,
				token: TOKEN,
				dirt: 'clean' as const,
				onError: 'continueRegularOutput' as const,
				scripts: [{ steps: [{ status: 429 as const, retryAfter }], forever: true }],
			})),
			{ op: 'get', token: TOKEN, dirt: 'clean', onError: 'continueRegularOutput', scripts: [{ steps: [{ status: 503, retryAfter: '2000000' }], forever: true }] },
		],
		timeLimitMs: 40_000,
		show: (c) => JSON.stringify(c),
		check: async (c) => {
			server.reset(respond(c), 60 * c.scripts.length);
			const result = await runCase({
				parameters: parametersFor(c.op, REQUEST_OPTIONS),
				items: inputItems(c.scripts.length),
				credentials: credentialsFor(server.baseUrl, c.token, c.dirt),
				onError: c.onError,
				wallBoundMs: WALL_MS + 3_000,
			});
			server.quiesce();
			return [
				...checkBounds(result, server, { requests: REQUESTS_PER_ITEM * c.scripts.length, wallMs: WALL_MS, heapBytes: HEAP }),
				...checkItems(result, { itemsIn: c.scripts.length, onError: c.onError, onePerItem: ONE_PER_ITEM.has(c.op) }),
				...checkToken(result, c.token),
				...checkOrigin(server, c.token),
				...perItemRequests(server.requests, c.scripts.length),
			];
		},
	});
}

/** The bound per item, so one item's loop is not hidden by another's few requests. */
function perItemRequests(requests: HostileRequest[], items: number): string[] {
	const out: string[] = [];
	for (let i = 0; i < items; i++) {
		const mine = requests.filter((r) => itemOf(r) === i);
		if (mine.length > REQUESTS_PER_ITEM) {
			const methods = [...new Set(mine.map((r) => r.method))].join('/');
			const span = mine.length > 1 ? mine[mine.length - 1].at - mine[0].at : 0;
			out.push(`item ${i}: ${mine.length} ${methods} requests in ${span} ms (bound ${REQUESTS_PER_ITEM})`);
		}
	}
	return out;
}
