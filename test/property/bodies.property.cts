/**
 * Property "bodies": whatever a successful answer's body is — `data` null, a number, text, a list
 * holding null or numbers, a top-level list, a bare number or null, errors in a 200, resources
 * without type or id, deep nesting, several MiB, or a body that never stops coming — for every
 * operation kind:
 *
 *   - n8n-core never fails the run as a whole; every input item ends exactly once (Get, Create,
 *     Update, Delete: one item or one error), every output item's json is an object with its
 *     pairedItem;
 *   - a body larger than the response size cap is not read to the end: the server manages to
 *     write at most 4 × (the cap plus 16 MiB), and memory grows by at most 128 MiB + 3 × the cap;
 *     (that case runs with Timeout 20 s, so the cap and not the deadline has to stop it);
 *   - ≤ 10 requests per item, ≤ 15 s per case, heap + Buffers ≤ 128 MiB + 6 × the body size.
 */
import fc from 'fast-check';
import type { ServerResponse } from 'node:http';

import { HostileServer, type HostileRequest } from './hostileServer.cjs';
import { runCase } from './engine.cjs';
import {
	credentialsFor,
	dirtArb,
	inputItems,
	ONE_PER_ITEM,
	onErrorArb,
	operationArb,
	parametersFor,
	REQUEST_OPTIONS,
	send,
	successBody,
	tokenArb,
	user,
} from './generators.cjs';
import { checkBounds, checkItems, checkToken } from './invariants.cjs';
import { runProperty } from './runProperty.cjs';

/**
 * The response size cap the node is expected to hold to by default (README: Request Options →
 * Max Response Size, default 16 MB). A body this much larger must fail the item, not exhaust memory.
 */
const RESPONSE_CAP_BYTES = 16 * 1048576;
const MiB = 1048576;

const SHAPES = [
	'data null',
	'data number',
	'data text',
	'data list with null',
	'data list mixed',
	'top-level list of resources',
	'top-level list of numbers',
	'bare number',
	'bare null',
	'bare text',
	'empty object',
	'errors in a 200',
	'resource without type or id',
	'included not a list',
	'relationship data a number',
	'deep nesting 1000',
	'deep nesting 20000',
	'1 MiB',
	'8 MiB',
	'endless body',
] as const;
type Shape = (typeof SHAPES)[number];

const caseArb = fc.record({
	op: operationArb,
	shape: fc.oneof({ arbitrary: fc.constantFrom(...SHAPES.slice(0, 17)), weight: 5 }, { arbitrary: fc.constantFrom(...SHAPES.slice(17)), weight: 1 }),
	items: fc.integer({ min: 1, max: 2 }),
	token: tokenArb,
	dirt: dirtArb,
	onError: onErrorArb,
});
type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

let server: HostileServer;

const nested = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;
const bodySize = (shape: Shape) => (shape === '1 MiB' ? MiB : shape === '8 MiB' ? 8 * MiB : 0);

function respond(c: Case) {
	return async (req: HostileRequest, res: ServerResponse) => {
		const ok = successBody(c.op, req);
		const status = ok.status === 204 ? 200 : ok.status;
		const one = user(`B${req.index}x`);
		const text = (body: string) => send(res, status, body);
		switch (c.shape) {
			case 'data null':
				return send(res, status, { data: null });
			case 'data number':
				return send(res, status, { data: 42 });
			case 'data text':
				return send(res, status, { data: 'hello' });
			case 'data list with null':
				return send(res, status, { data: [one, null] });
			case 'data list mixed':
				return send(res, status, { data: [one, 7, 'x', [1, 2], true] });
			case 'top-level list of resources':
				return send(res, status, [one, user(`B${req.index}y`)]);
			case 'top-level list of numbers':
				return send(res, status, [1, 2, 3]);
			case 'bare number':
				return text('42');
			case 'bare null':
				return text('null');
			case 'bare text':
				return text('"just text"');
			case 'empty object':
				return send(res, status, {});
			case 'errors in a 200':
				return send(res, status, { errors: [{ status: '400', title: 'Bad', detail: 'an error in a 200' }] });
			case 'resource without type or id':
				return send(res, status, { data: { attributes: { name: 'nameless' } } });
			case 'included not a list':
				return send(res, status, { data: one, included: 5 });
			case 'relationship data a number':
				return send(res, status, { data: { ...one, relationships: { userGroups: { data: 5 }, subPortal: { data: 'x' } } } });
			case 'deep nesting 1000':
				return text(`{"data": {"type": "User", "id": "D1x", "attributes": {"deep": ${nested(1000)}}}}`);
			case 'deep nesting 20000':
				return text(`{"data": {"type": "User", "id": "D2x", "attributes": {"deep": ${nested(20000)}}}}`);
			case '1 MiB':
			case '8 MiB': {
				const size = bodySize(c.shape);
				res.writeHead(status, { 'Content-Type': 'application/vnd.api+json' });
				return server.stream(res, `{"data": {"type": "User", "id": "L${req.index}x", "attributes": {"blob": "`, 'abcdefgh', size, '"}}}');
			}
			case 'endless body':
				res.writeHead(status, { 'Content-Type': 'application/vnd.api+json' });
				return server.stream(res, '{"data": {"type": "User", "id": "Hx", "attributes": {"blob": "', 'abcdefgh', 8 * RESPONSE_CAP_BYTES, '"}}}');
		}
	};
}

/** property bodies: any body shape or size ends each item once, as objects, within memory. */
export async function propertyBodies(hostile: HostileServer): Promise<void> {
	server = hostile;
	await runProperty<Case>({
		name: 'bodies',
		arbitrary: caseArb,
		numRuns: 20,
		examples: [
			// issue 12 class 5 (no size cap) and class 7 (Split Into Items), and a Get whose item vanished
			{ op: 'get', shape: 'endless body', items: 1, token: 'p:QANJch+mockPG4Z/oxmjHOyUFw4idWGugMIUPX==', dirt: 'clean', onError: 'continueRegularOutput' },
			{ op: 'custom GET (split)', shape: 'data list with null', items: 2, token: 'p:QANJch+mockPG4Z/oxmjHOyUFw4idWGugMIUPX==', dirt: 'clean', onError: 'continueRegularOutput' },
			{ op: 'custom GET (split)', shape: 'top-level list of numbers', items: 1, token: 'p:QANJch+mockPG4Z/oxmjHOyUFw4idWGugMIUPX==', dirt: 'clean', onError: 'stopWorkflow' },
			{ op: 'get', shape: 'data null', items: 1, token: 'p:QANJch+mockPG4Z/oxmjHOyUFw4idWGugMIUPX==', dirt: 'clean', onError: 'continueRegularOutput' },
		],
		timeLimitMs: 35_000,
		show: (c) => JSON.stringify(c),
		check: async (c) => {
			server.reset(respond(c), 60 * c.items);
			const result = await runCase({
				// A long Timeout for the endless body: the size cap, not the deadline, must stop it.
				parameters: parametersFor(c.op, c.shape === 'endless body' ? { ...REQUEST_OPTIONS, timeout: 20 } : REQUEST_OPTIONS),
				items: inputItems(c.items),
				credentials: credentialsFor(server.baseUrl, c.token, c.dirt),
				onError: c.onError,
				wallBoundMs: 18_000,
			});
			server.quiesce();
			const endless = c.shape === 'endless body';
			const violations = [
				...checkItems(result, { itemsIn: c.items, onError: c.onError, onePerItem: ONE_PER_ITEM.has(c.op) }),
				...checkBounds(result, server, {
					requests: 10 * c.items,
					wallMs: 15_000,
					heapBytes: endless ? 128 * MiB + 3 * RESPONSE_CAP_BYTES : 128 * MiB + 6 * bodySize(c.shape) * c.items,
				}),
				...checkToken(result, c.token),
			];
			if (endless && server.bytesWritten > c.items * 4 * (RESPONSE_CAP_BYTES + 16 * MiB)) {
				violations.push(`an endless body was read on: the server wrote ${(server.bytesWritten / MiB).toFixed(0)} MiB (cap ${RESPONSE_CAP_BYTES / MiB} MiB)`);
			}
			return violations;
		},
	});
}
