/**
 * Property "token echo": a server that echoes the Authorization header it received — raw, trimmed,
 * without "Bearer", without "p:", URL-encoded, base64 of the token and of "Bearer <token>" — in
 * error bodies AND successful ones, in JSON:API members, plain text, cut-off JSON and response
 * headers, for every operation kind, with the token stored dirty (trailing newline, "Bearer "
 * prefix, spaces) and holding "+", "/" and "=". No form of the token may then appear in the output
 * items, the errors, JSON.stringify or a deep walk of the run, or anything n8n logged or printed.
 *
 * Bounds: ≤ 10 requests per item, ≤ 12 s per case, ≤ 128 MiB heap growth; items accounted.
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
import { checkBounds, checkItems, checkOrigin, checkToken } from './invariants.cjs';
import { runProperty } from './runProperty.cjs';

const ENCODINGS = ['raw header', 'trimmed', 'without Bearer', 'without p:', 'URL-encoded', 'base64(token)', 'base64(Bearer token)', 'quoted'] as const;
type Encoding = (typeof ENCODINGS)[number];

function encode(header: string, how: Encoding): string {
	const token = header.replace(/^Bearer\s+/i, '');
	switch (how) {
		case 'raw header':
			return header;
		case 'trimmed':
			return header.trim();
		case 'without Bearer':
			return token;
		case 'without p:':
			return token.replace(/^p:/, '');
		case 'URL-encoded':
			return encodeURIComponent(token);
		case 'base64(token)':
			return Buffer.from(token).toString('base64');
		case 'base64(Bearer token)':
			return Buffer.from(`Bearer ${token}`).toString('base64');
		case 'quoted':
			return `Bearer "${token}"`;
	}
}

/** Where the echo goes, and how the answer is dressed. */
const SHAPES = ['jsonapi error', 'plain text error', 'html error', 'cut-off json error', 'success attributes', 'success meta + links', 'success included', 'header only'] as const;
const STATUSES = [400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 200] as const;

const caseArb = fc.record({
	op: operationArb,
	token: tokenArb,
	dirt: dirtArb,
	onError: onErrorArb,
	items: fc.integer({ min: 1, max: 2 }),
	encodings: fc.uniqueArray(fc.constantFrom(...ENCODINGS), { minLength: 1, maxLength: ENCODINGS.length }),
	shape: fc.constantFrom(...SHAPES),
	status: fc.constantFrom(...STATUSES),
	echoHeader: fc.boolean(),
});
type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

const TOKEN = 'p:QANJch+mockPG4Z/oxmjHOyUFw4idWGugMIUPX==';

let server: HostileServer;

function respond(c: Case) {
	return (req: HostileRequest, res: ServerResponse) => {
		const echoes = c.encodings.map((e) => encode(req.authorization, e));
		const text = echoes.join(' | ');
		const headers: Record<string, string> = {};
		if (c.echoHeader || c.shape === 'header only') {
			c.encodings.forEach((e, k) => {
				const value = encode(req.authorization, e);
				if (!/[\r\n]/.test(value)) headers[`X-Echo-${k}`] = value;
			});
			headers['WWW-Authenticate'] = `Bearer error="invalid_token", token="${encode(req.authorization, 'without Bearer')}"`;
		}
		const success = c.shape.startsWith('success') || c.shape === 'header only';
		if (success) {
			const ok = successBody(c.op, req, c.shape === 'success attributes' ? { note: text, echo: echoes } : {});
			let body = ok.body;
			if (body && c.shape === 'success meta + links') body = { ...body, meta: { received: req.headers, echo: text }, links: { self: `${server.baseUrl}/users?t=${encodeURIComponent(text)}` } };
			if (body && c.shape === 'success included') body = { ...body, included: [user('Inc1', { note: text })] };
			// a 204 carries no body, so its echo goes in the headers
			if (ok.status === 204) headers['X-Echo-Note'] = encode(req.authorization, 'base64(Bearer token)');
			return send(res, ok.status, body, headers);
		}
		const status = c.status === 200 ? 400 : c.status;
		if (status === 429) headers['Retry-After'] = '30';
		const document = {
			errors: [
				{
					status: String(status),
					title: `Rejected ${text}`,
					detail: `Authorization was ${text}`,
					code: echoes[0],
					source: { header: req.authorization, pointer: `/data/${echoes[0]}` },
					meta: { traceId: `trace-${echoes[echoes.length - 1]}`, received: req.headers, echo: echoes },
				},
			],
			meta: { echo: echoes },
		};
		switch (c.shape) {
			case 'plain text error':
				return send(res, status, text, { ...headers, 'Content-Type': 'text/plain' });
			case 'html error':
				return send(res, status, `<html><body><h1>${status}</h1><pre>${text}</pre></body></html>`, { ...headers, 'Content-Type': 'text/html' });
			case 'cut-off json error':
				return send(res, status, JSON.stringify(document).slice(0, 300), headers);
			default:
				return send(res, status, document, headers);
		}
	};
}

/** property token echo: no form of the token shows anywhere, whatever the server echoes. */
export async function propertyTokenEcho(hostile: HostileServer): Promise<void> {
	server = hostile;
	await runProperty<Case>({
		name: 'token echo',
		arbitrary: caseArb,
		numRuns: 30,
		examples: [
			// found by this property on the transport of issue 12: a JSON:API source.pointer holding the
			// token (which contains "/") must not become the error's "(field: …)" with a fragment unredacted
			{ op: 'get', token: TOKEN, dirt: 'clean', onError: 'continueRegularOutput', items: 1, encodings: ['raw header'], shape: 'jsonapi error', status: 400, echoHeader: false },
			// a body the server cut mid-token: the URL-encoded or base64 prefix of the token must go too
			{ op: 'get', token: TOKEN, dirt: 'clean', onError: 'continueRegularOutput', items: 1, encodings: ['URL-encoded'], shape: 'cut-off json error', status: 400, echoHeader: false },
			{ op: 'get', token: TOKEN, dirt: 'clean', onError: 'continueRegularOutput', items: 1, encodings: ['base64(token)'], shape: 'cut-off json error', status: 400, echoHeader: false },
			// a success whose link carries the token URL-encoded twice
			{ op: 'custom GET (whole)', token: TOKEN, dirt: 'clean', onError: 'continueRegularOutput', items: 1, encodings: ['URL-encoded'], shape: 'success meta + links', status: 200, echoHeader: false },
			// issue 12 class 3: stored dirty, echoed in a 401 detail and base64 in meta
			{ op: 'create', token: TOKEN, dirt: 'trailing newline', onError: 'continueRegularOutput', items: 1, encodings: ['raw header', 'base64(Bearer token)'], shape: 'jsonapi error', status: 401, echoHeader: true },
		],
		timeLimitMs: 30_000,
		show: (c) => JSON.stringify(c),
		check: async (c) => {
			server.reset(respond(c), 60 * c.items);
			const result = await runCase({
				parameters: parametersFor(c.op, REQUEST_OPTIONS),
				items: inputItems(c.items),
				credentials: credentialsFor(server.baseUrl, c.token, c.dirt),
				onError: c.onError,
				wallBoundMs: 15_000,
			});
			server.quiesce();
			return [
				...checkToken(result, c.token),
				...checkBounds(result, server, { requests: 10 * c.items, wallMs: 12_000, heapBytes: 128 * 1048576 }),
				...checkItems(result, { itemsIn: c.items, onError: c.onError, onePerItem: ONE_PER_ITEM.has(c.op) }),
				...checkOrigin(server, c.token),
			];
		},
	});
}
