/**
 * Issue 8.5 — a cross-check of the Synap Trigger's secrets, with this suite's stricter scan
 * (test/trigger/synapTrigger.test.cts has the trigger's own).
 *
 * The trigger sends two secrets to Synap: the PAT (Authorization) and, in the body of
 * POST /webhook-subscriptions, the Basic-auth password it generated for Synap's deliveries. Here a
 * server answers every lifecycle request (create, check, delete) by ECHOING both back — in
 * JSON:API error fields, plain text, and a 201 whose attributes repeat the body — and activation,
 * "check exists" and deactivation run through n8n-core's real HookContext. Neither secret, nor any
 * 12-character piece of one, may appear in the thrown errors (deep walk, non-enumerable fields
 * included, and JSON), the workflow's static data (saved unencrypted with the workflow) or
 * anything n8n logged.
 */
import '../harness/env.cjs';

import { startBodyServer, type BodyServer } from '../support/bodyServer.cjs';

import type { IncomingMessage, ServerResponse } from 'node:http';

import type { IDataObject } from 'n8n-workflow';

import { triggerLifecycle, webhookMethods as methods } from '../harness/triggerHooks.cjs';
import { deepText, LogCapture, print } from './support.cjs';

const TOKEN = 'p:TriggerCrossCheckToken0123456789abcdefXYZ';
const FRAGMENT = 12;

/** 1 when the secret, or any 12 consecutive characters of it, occurs in the text. */
const leaks = (text: string, secret: string) => {
	for (let k = 0; k + FRAGMENT <= secret.length; k++) if (text.includes(secret.slice(k, k + FRAGMENT))) return 1;
	return 0;
};

let origin = '';
/** Every password the trigger sent in a subscription body. */
const passwordsSent: string[] = [];
type Mode = { status: number; kind: 'jsonapi' | 'text' | 'created-echo' };
let mode: Mode = { status: 400, kind: 'jsonapi' };

function respond(req: IncomingMessage, res: ServerResponse, body: string) {
	let password = '';
	try {
		password = (JSON.parse(body) as { data: { attributes: { basicAuth: { password: string } } } }).data.attributes.basicAuth.password;
		passwordsSent.push(password);
	} catch {
		// GET and DELETE have no body
	}
	const auth = String(req.headers.authorization);
	const echo = `request ${req.method} ${req.url} with Authorization: ${auth} (token ${auth.slice(9)}) and body ${body} password=${password}`;
	if (mode.kind === 'created-echo' && req.method === 'POST') {
		const sent = JSON.parse(body) as { data: { attributes: IDataObject } };
		res.writeHead(201, { 'Content-Type': 'application/vnd.api+json' });
		res.end(JSON.stringify({ data: { type: 'WebhookSubscription', id: `WhSub${passwordsSent.length.toString().padStart(5, '0')}`, attributes: { ...sent.data.attributes, note: echo } }, meta: { echo } }));
		return;
	}
	if (mode.kind === 'created-echo') {
		// GET / DELETE after an echoing create: fail, echoing too.
		res.writeHead(500, { 'Content-Type': 'application/vnd.api+json' });
		res.end(JSON.stringify({ errors: [{ status: '500', title: echo, detail: echo, meta: { traceId: password || auth } }] }));
		return;
	}
	if (mode.kind === 'text') {
		res.writeHead(mode.status, { 'Content-Type': 'text/plain' });
		res.end(echo);
		return;
	}
	res.writeHead(mode.status, { 'Content-Type': 'application/vnd.api+json' });
	res.end(
		JSON.stringify({
			errors: [
				{
					status: String(mode.status),
					title: `Rejected ${auth}`,
					detail: echo,
					code: password,
					source: { pointer: `/data/attributes/basicAuth/password/${password}` },
					meta: { traceId: password || auth, request: body, headers: req.headers },
				},
			],
		}),
	);
}

let server: BodyServer;
beforeAll(async () => {
	server = await startBodyServer((req, res, body) => respond(req, res, body));
	origin = server.origin;
});
afterAll(async () => server.close());

const lifecycle = (events: string[]) =>
	triggerLifecycle({ workflowId: 'wf-cross-check', events, credentials: { accessToken: TOKEN, environment: 'custom', baseUrl: `${origin}/v3` } });

test('activation, check and deactivation against a server that echoes the token and the generated password', async () => {
	const scenarios: Array<{ name: string; mode: Mode; steps: Array<'create' | 'checkExists' | 'delete'> }> = [
		...[400, 401, 403, 404, 409, 422, 500].map((status) => ({ name: `create → ${status} JSON:API echo`, mode: { status, kind: 'jsonapi' as const }, steps: ['create' as const] })),
		{ name: 'create → 502 text echo', mode: { status: 502, kind: 'text' }, steps: ['create'] },
		{ name: 'create → 400 text echo', mode: { status: 400, kind: 'text' }, steps: ['create'] },
		{ name: 'create → 201 echoing the body; then check and delete fail echoing', mode: { status: 201, kind: 'created-echo' }, steps: ['create', 'checkExists', 'delete'] },
	];
	let tokenHits = 0;
	let passwordHits = 0;
	const rows: string[] = [];
	for (const s of scenarios) {
		mode = s.mode;
		passwordsSent.length = 0;
		const { workflow, ctx } = lifecycle(['user.registered', 'user.updated']);
		const logs = new LogCapture().start();
		const errors: unknown[] = [];
		try {
			for (const step of s.steps) {
				try {
					if (step === 'create') await methods.create.call(ctx('trigger'));
					else if (step === 'checkExists') await methods.checkExists.call(ctx('trigger'));
					else await methods.delete.call(ctx('internal'));
				} catch (error) {
					errors.push(error);
				}
			}
		} finally {
			logs.stop();
		}
		expect(passwordsSent.length).toBeGreaterThan(0);
		const places: Record<string, string> = {
			errors: deepText(errors) + JSON.stringify(errors.map((e) => ({ ...(e as object), message: (e as Error).message, description: (e as { description?: string }).description }))),
			'static data': JSON.stringify(workflow.staticData) + deepText(workflow.staticData),
			logs: logs.text(),
		};
		const found: string[] = [];
		for (const [place, text] of Object.entries(places)) {
			const t = leaks(text, TOKEN.slice(2));
			const p = passwordsSent.reduce((n, pw) => n + leaks(text, pw), 0);
			tokenHits += t;
			passwordHits += p;
			if (t || p) found.push(`${place}: token ${t}, password ${p}`);
		}
		const first = errors[0] as Error | undefined;
		rows.push(`${s.name}: ${errors.length} error(s)${first ? ` ("${first.message.slice(0, 70)}")` : ''}${found.length ? ` LEAK ${found.join('; ')}` : ''}`);
	}
	for (const row of rows) print(`[trigger] ${row}`);
	print(`[trigger] ${scenarios.length} lifecycle scenarios against an echoing server: token found ${tokenHits} times, generated password found ${passwordHits} times (errors, static data, logs)`);
	expect(tokenHits).toBe(0);
	expect(passwordHits).toBe(0);
});
