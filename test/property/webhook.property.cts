/**
 * Property "trigger deliveries": deliveries to the Synap Trigger's webhook through n8n-core's real
 * WebhookContext, production ("webhook" mode) or test ("manual" mode), with both URLs registered.
 * Generated: the Authorization header (this URL's secret, the OTHER URL's secret, a wrong password,
 * a swapped user name, none, malformed, a Bearer token), the event code in `meta.eventName` and/or
 * `?event=` (chosen, known but not chosen, the alias `assignment.complete`, unknown codes,
 * `__proto__`, `constructor`, upper case, blank, absent, the two disagreeing), and the body (a JSON
 * object, a list, text, invalid JSON, empty).
 *
 * The oracle, from the threat model: a run starts exactly when the secret is the one registered for
 * the URL that was called, the body is a JSON object, and the event (`meta.eventName` if it names
 * one, else `?event=`) is one the trigger knows and was set up for. A wrong secret always gets 401
 * whatever else is wrong; the webhook method never throws; the generated password is never echoed.
 */
import '../harness/env.cjs';

import fc from 'fast-check';
import { WebhookContext } from 'n8n-core';
import { NodeHelpers, Workflow } from 'n8n-workflow';
import type { INodeTypes, IWebhookData, IWorkflowExecuteAdditionalData } from 'n8n-workflow';

import { generateSecret } from '../../nodes/SynapTrigger/auth';
import { SYNAP_EVENTS } from '../../nodes/shared/webhookEvents';
import { SynapTrigger } from '../../nodes/SynapTrigger/SynapTrigger.node';
import { synapTriggerNode } from '../harness/triggerHooks.cjs';
import { runProperty } from './runProperty.cjs';

const trigger = new SynapTrigger();
const nodeTypes = { getByName: () => trigger, getByNameAndVersion: () => trigger, getKnownTypes: () => ({}) } as unknown as INodeTypes;
const BASE = 'http://127.0.0.1:5678';
const WORKFLOW_ID = 'wf-deliveries';

/** The codes the trigger knows: its table of events and their other spellings. */
const KNOWN = new Map<string, string>();
for (const e of SYNAP_EVENTS) for (const code of [e.value, ...e.subscribeAs, ...(e.aliases ?? [])]) KNOWN.set(code, e.value);

const CODES = ['user.registered', 'flag.planted', 'assignment.completed', 'assignment.complete', 'exam.completed', 'evil.event', '__proto__', 'constructor', 'toString', 'USER.REGISTERED', ' user.registered ', '', 'hasOwnProperty'];
const AUTH = ['own secret', "the other URL's secret", 'wrong password', 'swapped user name', 'none', 'malformed', 'Bearer'] as const;
const BODIES = ['object', 'list', 'text', 'invalid JSON', 'empty'] as const;

const caseArb = fc.record({
	mode: fc.constantFrom('production' as const, 'test' as const),
	chosen: fc.uniqueArray(fc.constantFrom('user.registered', 'assignment.completed', 'exam.completed'), { minLength: 1, maxLength: 3 }),
	auth: fc.constantFrom(...AUTH),
	metaEvent: fc.option(fc.constantFrom(...CODES), { nil: undefined }),
	queryEvent: fc.option(fc.constantFrom(...CODES), { nil: undefined }),
	body: fc.oneof({ arbitrary: fc.constant('object' as const), weight: 4 }, { arbitrary: fc.constantFrom(...BODIES), weight: 1 }),
});
type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

function expectedRun(c: Case): boolean {
	if (c.auth !== 'own secret' || c.body !== 'object') return false;
	const named = typeof c.metaEvent === 'string' && c.metaEvent !== '' ? c.metaEvent : c.queryEvent;
	const event = named === undefined ? undefined : KNOWN.get(named.trim());
	return event !== undefined && (c.chosen as string[]).includes(event);
}

async function deliver(c: Case): Promise<{ status: number; body: string; started: boolean; threw?: string }> {
	const node = synapTriggerNode('hook-deliveries', c.chosen as string[]);
	const productionUrl = NodeHelpers.getNodeWebhookUrl(`${BASE}/webhook`, WORKFLOW_ID, node, 'webhook', false);
	const testUrl = NodeHelpers.getNodeWebhookUrl(`${BASE}/webhook-test`, WORKFLOW_ID, node, 'webhook', false);
	const production = generateSecret();
	const test = generateSecret();
	const registration = (url: string, s: ReturnType<typeof generateSecret>) => ({
		targetUrl: url,
		username: s.username,
		passwordSha256: s.passwordSha256,
		createdAt: '2026-01-01T00:00:00.000Z',
		subscriptions: [{ id: 'WhSub00001', event: 'user.registered', eventName: 'user.registered' }],
	});
	const staticData = { 'node:Synap Trigger': { registrations: { [productionUrl]: registration(productionUrl, production), [testUrl]: registration(testUrl, test) } } };
	const workflow = new Workflow({ id: WORKFLOW_ID, name: 'x', nodes: [node], connections: {}, active: true, nodeTypes, staticData, settings: {} });

	const own = c.mode === 'production' ? production : test;
	const other = c.mode === 'production' ? test : production;
	const authorization = {
		'own secret': basic(own.username, own.password),
		"the other URL's secret": basic(other.username, other.password),
		'wrong password': basic(own.username, `${own.password}x`),
		'swapped user name': basic(other.username, own.password),
		none: undefined,
		malformed: 'Basic !!!not-base64',
		Bearer: `Bearer ${own.password}`,
	}[c.auth];
	const payload = { objectId: 'QsogF1GDFZ', email: 'x@example.com', ...(c.metaEvent !== undefined ? { meta: { eventName: c.metaEvent } } : {}) };
	const text = { object: JSON.stringify(payload), list: '[1,2]', text: 'hello', 'invalid JSON': '{"a":', empty: '' }[c.body];
	let parsed: unknown;
	try {
		parsed = text ? JSON.parse(text) : undefined;
	} catch {
		parsed = undefined;
	}
	const request = {
		headers: { ...(authorization !== undefined ? { authorization } : {}), 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) },
		query: c.queryEvent !== undefined ? { event: c.queryEvent } : {},
		params: {},
		body: parsed,
		rawBody: Buffer.from(text),
	};
	const reply = { status: 0, body: '', headersSent: false };
	const response = {
		get headersSent() {
			return reply.headersSent;
		},
		writeHead(status: number) {
			reply.status = status;
			reply.headersSent = true;
			return response;
		},
		end(body: string) {
			reply.body = String(body ?? '');
			return response;
		},
	};
	const additionalData = {
		webhookBaseUrl: `${BASE}/webhook`,
		webhookTestBaseUrl: `${BASE}/webhook-test`,
		webhookWaitingBaseUrl: `${BASE}/webhook-waiting`,
		formWaitingBaseUrl: `${BASE}/form-waiting`,
		instanceBaseUrl: `${BASE}/`,
		restApiUrl: `${BASE}/rest`,
		variables: {},
		httpRequest: request,
		httpResponse: response,
	} as unknown as IWorkflowExecuteAdditionalData;
	const webhookData: IWebhookData = {
		httpMethod: 'POST',
		node: node.name,
		path: NodeHelpers.getNodeWebhookPath(WORKFLOW_ID, node, 'webhook', false),
		webhookDescription: trigger.description.webhooks![0],
		workflowId: WORKFLOW_ID,
		workflowExecuteAdditionalData: additionalData,
		webhookId: node.webhookId,
		isTest: c.mode === 'test',
	};
	const ctx = new WebhookContext(workflow, node, additionalData, c.mode === 'test' ? 'manual' : 'webhook', webhookData, [], null);
	try {
		const result = await trigger.webhook.call(ctx);
		const started = result.workflowData !== undefined;
		if (!result.noWebhookResponse) {
			reply.status = 200;
			reply.body = JSON.stringify(result.webhookResponse ?? {});
		}
		const leaked = [own.password, other.password].some((p) => reply.body.includes(p)) ? ' (a password in the answer)' : '';
		return { status: reply.status, body: reply.body + leaked, started };
	} catch (error) {
		return { status: 500, body: '', started: false, threw: String((error as Error)?.message ?? error) };
	}
}

/** A run starts exactly when secret, body and event are right; a wrong secret gets 401 first. */
export async function propertyTriggerDeliveries(): Promise<void> {
	await runProperty<Case>({
		name: 'trigger deliveries',
		arbitrary: caseArb,
		numRuns: 300,
		examples: [
			// issue 12 class 6: the test URL's secret on the production URL; no or unknown event codes
			{ mode: 'production', chosen: ['user.registered'], auth: "the other URL's secret", metaEvent: undefined, queryEvent: 'user.registered', body: 'object' },
			{ mode: 'test', chosen: ['user.registered'], auth: "the other URL's secret", metaEvent: undefined, queryEvent: 'user.registered', body: 'object' },
			{ mode: 'production', chosen: ['user.registered'], auth: 'own secret', metaEvent: undefined, queryEvent: undefined, body: 'object' },
			{ mode: 'production', chosen: ['user.registered'], auth: 'own secret', metaEvent: 'evil.event', queryEvent: 'user.registered', body: 'object' },
		],
		timeLimitMs: 20_000,
		show: (c) => JSON.stringify(c),
		check: async (c) => {
			const got = await deliver(c);
			const violations: string[] = [];
			const expected = expectedRun(c);
			if (got.threw) violations.push(`the webhook method threw: ${got.threw}`);
			if (got.started && !expected) violations.push(`a run started that must not (answer ${got.status})`);
			if (!got.started && expected) violations.push(`no run started (answer ${got.status} ${got.body.slice(0, 120)})`);
			if (c.auth !== 'own secret' && got.status !== 401) violations.push(`a delivery without this URL's secret was answered ${got.status}, not 401`);
			if (got.body.includes('a password in the answer')) violations.push('the generated password is in the answer');
			return violations;
		},
	});
}

