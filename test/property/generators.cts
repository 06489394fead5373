/**
 * What the property suite generates, from the threat model: tokens (with "+", "/", "=") stored
 * dirty, every operation kind of the node, Retry-After values an attacker or a broken proxy sends,
 * status codes, and the server's success answer for each operation.
 */
import fc from 'fast-check';
import type { ServerResponse } from 'node:http';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { SynapCredentials } from '../harness/workflow.cjs';
import type { HostileRequest } from './hostileServer.cjs';

// ------------------------------------------------------------------------------------------
// tokens

const TOKEN_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_-';

/** mulberry32: a token per seed, so shrinking changes the seed, never the token's randomness. */
function pseudoRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** A Synap-style token "p:…" of 30–46 random characters that always holds "+", "/" and "=" (they change under URL-encoding). */
export const tokenArb = fc.nat().map((seed) => {
	const next = pseudoRandom(seed);
	const pick = (n: number) => Array.from({ length: n }, () => TOKEN_CHARS[Math.floor(next() * 62)]).join('');
	return `p:${pick(6)}+${pick(8)}/${pick(10 + Math.floor(next() * 16))}${TOKEN_CHARS[Math.floor(next() * TOKEN_CHARS.length)]}==`;
});

/** How a person may have pasted it into the credential. */
export const DIRT = ['clean', 'trailing newline', 'Bearer prefix', 'spaces around', 'bearer + CRLF', 'tab before'] as const;
export type Dirt = (typeof DIRT)[number];
export const dirtArb = fc.constantFrom(...DIRT);
export function stored(token: string, dirt: Dirt): string {
	switch (dirt) {
		case 'clean':
			return token;
		case 'trailing newline':
			return `${token}\n`;
		case 'Bearer prefix':
			return `Bearer ${token}`;
		case 'spaces around':
			return `  ${token}  `;
		case 'bearer + CRLF':
			return `bearer ${token}\r\n`;
		case 'tab before':
			return `\t${token}`;
	}
}

export const credentialsFor = (baseUrl: string, token: string, dirt: Dirt): SynapCredentials => ({
	accessToken: stored(token, dirt),
	environment: 'custom',
	baseUrl,
});

// ------------------------------------------------------------------------------------------
// Retry-After

const httpDate = (offsetMs: number) => new Date(Date.now() + offsetMs).toUTCString();

/** Values of Retry-After, as generated: a label (shown in counterexamples) and a maker (dates are made when sent). */
export const RETRY_AFTER: Record<string, () => string | undefined> = {
	absent: () => undefined,
	'0': () => '0',
	'-1': () => '-1',
	'0.0001': () => '0.0001',
	'-0': () => '-0',
	'1': () => '1',
	' 1 ': () => ' 1 ',
	'1.5': () => '1.5',
	'+1': () => '+1',
	'1e3': () => '1e3',
	'0x10': () => '0x10',
	'2000000': () => '2000000',
	'99999999999999999999': () => '99999999999999999999',
	Infinity: () => 'Infinity',
	NaN: () => 'NaN',
	garbage: () => 'soon, maybe',
	empty: () => '',
	'past HTTP date': () => httpDate(-3_600_000),
	'HTTP date 1 s ahead': () => httpDate(1_000),
	'HTTP date 10 days ahead': () => httpDate(10 * 86_400_000),
	'year 1970': () => 'Thu, 01 Jan 1970 00:00:00 GMT',
	'ISO date': () => new Date(Date.now() + 1_000).toISOString(),
};
/** The values that once made the node loop (no delay) or sleep for days come up three times as often. */
const DANGEROUS_RETRY_AFTER = ['0', '-1', '0.0001', '-0', 'past HTTP date', 'year 1970', '2000000', '99999999999999999999', 'HTTP date 10 days ahead', 'Infinity'];
export const retryAfterArb = fc.oneof(
	{ arbitrary: fc.constantFrom(...DANGEROUS_RETRY_AFTER), weight: 3 },
	{ arbitrary: fc.constantFrom(...Object.keys(RETRY_AFTER).filter((k) => !DANGEROUS_RETRY_AFTER.includes(k))), weight: 1 },
);

// ------------------------------------------------------------------------------------------
// operations

export const OPERATIONS = [
	'get',
	'getAll (Limit)',
	'getAll (Return All)',
	'create',
	'update',
	'delete',
	'custom GET (split)',
	'custom GET (whole)',
	'custom GET Return All',
	'custom POST',
	'custom DELETE',
] as const;
export type Operation = (typeof OPERATIONS)[number];
export const operationArb = fc.constantFrom(...OPERATIONS);

/**
 * Operations that output exactly one item per input item when they succeed. (Custom API Request
 * with Split Into Items outputs one item per resource Synap answers with, whatever the method.)
 */
export const ONE_PER_ITEM = new Set<Operation>(['get', 'create', 'update', 'delete', 'custom GET (whole)']);
export const isList = (op: Operation) => op.startsWith('getAll') || op === 'custom GET Return All';

const rl = (value: string) => ({ __rl: true, mode: 'id', value }) as unknown as INodeParameters[string];

/** The node's parameters for an operation; Act As carries the item's key so the server knows the item. */
export function parametersFor(op: Operation, requestOptions: IDataObject, limit = 3): INodeParameters {
	const common = { subjectUserId: '={{ $json.actor }}', requestOptions } as INodeParameters;
	switch (op) {
		case 'get':
			return { resource: 'user', operation: 'get', userId: rl('={{ $json.id }}'), ...common };
		case 'getAll (Limit)':
			return { resource: 'user', operation: 'getAll', returnAll: false, limit, ...common };
		case 'getAll (Return All)':
			return { resource: 'user', operation: 'getAll', returnAll: true, ...common };
		case 'create':
			return { resource: 'user', operation: 'create', name: 'Ada Lovelace', emailAddress: '={{ $json.id }}@example.com', ...common };
		case 'update':
			return { resource: 'user', operation: 'update', userId: rl('={{ $json.id }}'), updateFields: { externalId: 'SIS-1' }, ...common };
		case 'delete':
			return { resource: 'user', operation: 'delete', userId: rl('={{ $json.id }}'), ...common };
		case 'custom GET (split)':
			return { resource: 'custom', operation: 'apiRequest', method: 'GET', path: '=/things/{{ $json.id }}', splitItems: true, ...common };
		case 'custom GET (whole)':
			return { resource: 'custom', operation: 'apiRequest', method: 'GET', path: '=/things/{{ $json.id }}', splitItems: false, ...common };
		case 'custom GET Return All':
			return { resource: 'custom', operation: 'apiRequest', method: 'GET', path: '/things', returnAll: true, splitItems: true, ...common };
		case 'custom POST':
			return {
				resource: 'custom',
				operation: 'apiRequest',
				method: 'POST',
				path: '/things',
				body: '{"data": {"type": "Thing", "attributes": {"name": "x"}}}',
				splitItems: true,
				...common,
			};
		case 'custom DELETE':
			return { resource: 'custom', operation: 'apiRequest', method: 'DELETE', path: '=/things/{{ $json.id }}', splitItems: true, ...common };
	}
}

/** Input items: item i acts as "actor<i>" (the server reads the item from Subject-User). */
export const inputItems = (n: number): IDataObject[] => Array.from({ length: n }, (_, i) => ({ id: `Rec${i}x${'0'.repeat(4)}`, actor: `actor${i}` }));
export const itemOf = (req: HostileRequest): number => {
	const m = /^actor(\d+)$/.exec(String(req.headers['subject-user'] ?? ''));
	return m ? Number(m[1]) : -1;
};

export const user = (id: string, extra: IDataObject = {}) => ({ type: 'User', id, attributes: { name: `User ${id}`, emailAddress: `${id}@example.com`, ...extra } });

/** A correct answer to `op` (no next link). */
export function successBody(op: Operation, req: HostileRequest, extra: IDataObject = {}): { status: number; body?: IDataObject } {
	const id = `U${itemOf(req)}a${req.index}`;
	if (req.method === 'DELETE') return { status: 204 };
	if (req.method === 'POST') return { status: 201, body: { data: user(id, extra) } };
	if (isListRequest(req)) return { status: 200, body: { data: [user(`${id}a`, extra), user(`${id}b`, extra)], links: {} } };
	return { status: 200, body: { data: user(id, extra) } };
}

export const isListRequest = (req: HostileRequest) => req.method === 'GET' && (/\/users$/.test(req.path) || /\/things$/.test(req.path));

export function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	if (res.destroyed) return;
	const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
	try {
		res.writeHead(status, { 'Content-Type': 'application/vnd.api+json', ...headers });
		res.end(text);
	} catch {
		res.destroy();
	}
}

/** The Request Options of every generated workflow: small Timeout and Max Rate-Limit Wait keep each case short. */
export const REQUEST_OPTIONS = { timeout: 1, maxRateLimitWait: 2, concurrency: 10 };
export const onErrorArb = fc.constantFrom('continueRegularOutput', 'continueErrorOutput', 'stopWorkflow') as fc.Arbitrary<
	'continueRegularOutput' | 'continueErrorOutput' | 'stopWorkflow'
>;
