/**
 * The Synap Trigger against the sandbox's REAL webhook delivery.
 *
 * n8n is emulated only where a full server would sit around the node, and each step mirrors what
 * n8n 2.8 does (packages/cli: WebhookService, ActiveWorkflowManager, TestWebhooks, webhook-helpers):
 *   - activation: n8n-core's real HookContext; checkExists, then create if it said false; the
 *     static data is "saved to the database" (serialised) only when n8n would save it
 *     (`staticData.__dataChanged`), and every later call starts from that saved copy;
 *   - "Listen for test event": HookContext with the test URL, static data cached like
 *     TestWebhooks does (`setTestStaticData` on receipt; `workflow.staticData = cached` on delete),
 *     test webhooks removed after the first started run;
 *   - receipt: a local HTTP server at webhookBaseUrl hands each request to the node's webhook()
 *     through n8n-core's real WebhookContext, after n8n's body handling (parseIncomingMessage,
 *     rawBody, JSON/text parsing, 422 for unparsable JSON), and answers as webhook-helpers does.
 * Requests to Synap go through n8n-core's real httpRequestWithAuthentication and the real
 * SynapApi credential class.
 */
import '../harness/env.cjs';

// Every log line the node writes is recorded (and checked for secrets), debug included. The
// setting is read when n8n-core's logger is first used (beforeAll) and restored afterwards, as
// jest may run other test files in this process.
const previousLogLevel = process.env.N8N_LOG_LEVEL;
process.env.N8N_LOG_LEVEL = 'debug';

import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { HookContext, parseIncomingMessage, WebhookContext } from 'n8n-core';
import { jsonParse, NodeHelpers, Workflow } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeTypes,
	IWebhookData,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { credentialsHelper } from '../harness/workflow.cjs';
import { SynapTrigger } from '../../nodes/SynapTrigger/SynapTrigger.node';
import type { ResourceRecord, Sandbox } from '../sandbox/index.cjs';
import { json, startScriptedServer, type ScriptedServer } from '../support/scriptedServer.cjs';

const { startSandbox } = require('../sandbox') as typeof import('../sandbox/index.cjs');

const TRIGGER_TYPE = 'n8n-nodes-synap.synapTrigger';
const WORKFLOW_ID = 'wf-synap-trigger';
const trigger = new SynapTrigger();
const nodeTypes = {
	getByName: () => trigger,
	getByNameAndVersion: () => trigger,
	getKnownTypes: () => ({}),
} as unknown as INodeTypes;
const methods = trigger.webhookMethods.default;

type Credentials = ICredentialDataDecryptedObject & { accessToken: string; environment: 'custom'; baseUrl: string };


const clone = <T,>(value: T): T => JSON.parse(JSON.stringify(value ?? {})) as T;

interface Reply {
	status: number;
	body: string;
	headers: Record<string, string>;
}

interface Received {
	mode: 'production' | 'test';
	reply: Reply;
	items?: IDataObject[];
}

/** One n8n instance with one workflow holding a Synap Trigger. */
class N8nEmulation {
	origin = '';
	/** The workflow's static data as the database holds it. */
	savedStaticData: IDataObject = {};
	/** What TestWebhooks caches while listening for a test event. */
	testStaticData: IDataObject | undefined;
	/** Every request the webhook endpoint answered, in order. */
	readonly received: Received[] = [];
	readonly node: INode;
	private server!: Server;
	private readonly pending = new Set<Promise<void>>();
	private additionalData!: IWorkflowExecuteAdditionalData;

	constructor(
		private readonly credentials: Credentials,
		events: string[],
		name = 'Synap Trigger',
	) {
		this.node = {
			id: 'trigger-node',
			name,
			type: TRIGGER_TYPE,
			typeVersion: 1,
			position: [0, 0],
			webhookId: `hook-${Math.random().toString(36).slice(2, 10)}`,
			parameters: { events },
			credentials: { synapApi: { id: 'cred-1', name: 'Synap account' } },
		};
	}

	async start(): Promise<void> {
		this.server = createServer((req, res) => {
			const handling = this.onRequest(req, res).finally(() => this.pending.delete(handling));
			this.pending.add(handling);
		});
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
		this.additionalData = {
			credentialsHelper: credentialsHelper(this.credentials),
			restApiUrl: `${this.origin}/rest`,
			instanceBaseUrl: `${this.origin}/`,
			formWaitingBaseUrl: `${this.origin}/form-waiting`,
			webhookBaseUrl: `${this.origin}/webhook`,
			webhookWaitingBaseUrl: `${this.origin}/webhook-waiting`,
			webhookTestBaseUrl: `${this.origin}/webhook-test`,
			currentNodeExecutionIndex: 0,
			variables: {},
		} as unknown as IWorkflowExecuteAdditionalData;
	}

	async stop(): Promise<void> {
		await new Promise<void>((resolve) => {
			this.server.closeAllConnections();
			this.server.close(() => resolve());
		});
	}

	/** Resolves when every request has been handled completely (incl. work after the answer). */
	async idle(): Promise<void> {
		while (this.pending.size) await Promise.allSettled([...this.pending]);
	}

	get productionUrl() {
		return `${this.origin}/webhook/${this.node.webhookId}/webhook`;
	}

	get testUrl() {
		return `${this.origin}/webhook-test/${this.node.webhookId}/webhook`;
	}

	setEvents(events: string[]) {
		this.node.parameters = { events };
	}

	/** Registrations as saved in the database (static data, node scope). */
	registrations(staticData: IDataObject = this.savedStaticData): Record<string, IDataObject> {
		const nodeData = staticData[`node:${this.node.name}`] as IDataObject | undefined;
		return (nodeData?.registrations as Record<string, IDataObject>) ?? {};
	}

	private workflow(staticData: IDataObject): Workflow {
		return new Workflow({
			id: WORKFLOW_ID,
			name: 'Synap Trigger test',
			nodes: [this.node],
			connections: {},
			active: true,
			nodeTypes,
			staticData: clone(staticData),
			settings: {},
		});
	}

	private webhookData(isTest: boolean): IWebhookData {
		return {
			httpMethod: 'POST',
			node: this.node.name,
			path: NodeHelpers.getNodeWebhookPath(WORKFLOW_ID, this.node, 'webhook', false),
			webhookDescription: trigger.description.webhooks![0],
			workflowId: WORKFLOW_ID,
			workflowExecuteAdditionalData: this.additionalData,
			webhookId: this.node.webhookId,
			isTest,
		};
	}

	hookContext(workflow: Workflow, isTest: boolean, mode: 'trigger' | 'manual' | 'internal', activation: 'activate' | 'manual' | 'update') {
		return new HookContext(workflow, this.node, this.additionalData, mode, activation, this.webhookData(isTest));
	}

	/** ActiveWorkflowManager: add the webhooks; on failure clear them (from the database copy). */
	async activate(): Promise<void> {
		const workflow = this.workflow(this.savedStaticData);
		const ctx = this.hookContext(workflow, false, 'trigger', 'activate');
		try {
			if (!(await methods.checkExists.call(ctx))) await methods.create.call(ctx);
		} catch (error) {
			const cleanup = this.workflow(this.savedStaticData);
			await methods.delete.call(this.hookContext(cleanup, false, 'internal', 'update'));
			throw error;
		}
		this.save(workflow);
	}

	/** ActiveWorkflowManager.clearWebhooks: delete, then save the static data. */
	async deactivate(): Promise<void> {
		const workflow = this.workflow(this.savedStaticData);
		await methods.delete.call(this.hookContext(workflow, false, 'internal', 'update'));
		this.save(workflow);
	}

	/** TestWebhooks.needsWebhook. */
	async listenForTestEvent(): Promise<void> {
		const workflow = this.workflow(this.savedStaticData);
		const ctx = this.hookContext(workflow, true, 'manual', 'manual');
		this.testStaticData = {};
		try {
			if (!(await methods.checkExists.call(ctx))) await methods.create.call(ctx);
		} catch (error) {
			await this.stopListening();
			throw error;
		}
		this.testStaticData = clone(workflow.staticData as IDataObject);
	}

	/** TestWebhooks.deactivateWebhooks. */
	async stopListening(): Promise<void> {
		if (!this.testStaticData) return;
		const workflow = this.workflow(this.savedStaticData);
		if (Object.keys(this.testStaticData).length) workflow.staticData = this.testStaticData as Workflow['staticData'];
		await methods.delete.call(this.hookContext(workflow, true, 'internal', 'update'));
		this.testStaticData = undefined;
	}

	private save(workflow: Workflow) {
		if ((workflow.staticData as { __dataChanged?: boolean }).__dataChanged) this.savedStaticData = clone(workflow.staticData as IDataObject);
	}

	private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const rawBody = Buffer.concat(chunks);
		const url = new URL(req.url ?? '/', this.origin);
		const mode = url.pathname === new URL(this.productionUrl).pathname ? 'production' : url.pathname === new URL(this.testUrl).pathname ? 'test' : undefined;
		const answer = (status: number, body: unknown) => {
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(JSON.stringify(body));
		};
		const record = (items?: IDataObject[]) =>
			new Promise<void>((resolve) => {
				if (res.writableFinished) resolve();
				else res.on('finish', () => resolve());
			}).then(() => {
				const reply = {
					status: res.statusCode,
					body: (res as unknown as { __body?: string }).__body ?? '',
					headers: Object.fromEntries(Object.entries(res.getHeaders()).map(([k, v]) => [k, String(v)])),
				};
				this.received.push({ mode: mode ?? 'production', reply, items });
			});
		// keep what was written, for the assertions
		const end = res.end.bind(res);
		(res as unknown as { end: (body?: string) => void }).end = (body?: string) => {
			(res as unknown as { __body?: string }).__body = typeof body === 'string' ? body : '';
			end(body);
		};

		if (req.method !== 'POST' || mode === undefined || (mode === 'test' && !this.testStaticData)) {
			answer(404, { message: 'The requested webhook is not registered.' });
			return;
		}

		// n8n's rawBodyReader + parseBody (webhook node version 1 parses every body)
		parseIncomingMessage(req);
		const request = req as IncomingMessage & { body?: unknown; rawBody?: Buffer; query?: IDataObject; params?: IDataObject; contentType?: string };
		request.rawBody = rawBody;
		request.query = Object.fromEntries(url.searchParams);
		request.params = {};
		if (rawBody.length) {
			if (request.contentType === 'application/json') {
				try {
					request.body = jsonParse(rawBody.toString('utf8'));
				} catch {
					answer(422, { message: 'Failed to parse request body' });
					await record();
					return;
				}
			} else if (request.contentType === 'text/plain') {
				request.body = rawBody.toString('utf8');
			}
		}

		const workflow = this.workflow(this.savedStaticData);
		if (mode === 'test' && this.testStaticData) workflow.setTestStaticData(this.testStaticData as Workflow['staticData']);
		const additionalData = { ...this.additionalData, httpRequest: request, httpResponse: res } as unknown as IWorkflowExecuteAdditionalData;
		const ctx = new WebhookContext(workflow, this.node, additionalData, mode === 'test' ? 'manual' : 'webhook', this.webhookData(mode === 'test'), [], null);
		let result;
		try {
			result = await trigger.webhook.call(ctx);
		} catch (error) {
			answer(500, { message: `Error in workflow: ${(error as Error).message}` });
			await record();
			return;
		}
		if (result.noWebhookResponse) {
			if (!res.writableEnded) answer(500, { message: 'the node claimed the response but sent none' });
			await record();
			return;
		}
		if (result.workflowData === undefined) {
			answer(200, result.webhookResponse ?? { message: 'Webhook call received' });
			await record();
			return;
		}
		const items = result.workflowData[0].map((i) => i.json);
		answer(200, { message: 'Workflow was started' });
		await record(items);
		// TestWebhooks: the test webhooks are removed once a run has started.
		if (mode === 'test') await this.stopListening();
	}

	/** Items of the runs that were started, in order. */
	get runs(): Array<{ mode: string; items: IDataObject[] }> {
		return this.received.filter((r) => r.items).map((r) => ({ mode: r.mode, items: r.items! }));
	}
}

// ---------------------------------------------------------------------------------------------

let sandbox: Sandbox;
let credentials: Credentials;
let n8n: N8nEmulation;
const logged: string[] = [];

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const subscriptions = () => sandbox.store.all('WebhookSubscription');
const basicAuthOf = (sub: ResourceRecord) => sub.attributes.basicAuth as { username: string; password: string };
const authHeader = (username: string, password: string) => `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

async function post(url: string, init: { auth?: string; body?: string; contentType?: string } = {}): Promise<Reply> {
	const headers: Record<string, string> = {};
	if (init.auth) headers.authorization = init.auth;
	if (init.contentType) headers['content-type'] = init.contentType;
	const res = await fetch(url, { method: 'POST', headers, body: init.body ?? '' });
	return { status: res.status, body: await res.text(), headers: Object.fromEntries(res.headers.entries()) };
}

async function registerUser(name: string, email: string): Promise<void> {
	const res = await fetch(`${sandbox.baseUrl}/user-registrations`, {
		method: 'POST',
		headers: { authorization: `Bearer ${sandbox.adminToken}`, 'content-type': 'application/vnd.api+json' },
		body: JSON.stringify({ data: { type: 'UserRegistration', attributes: { name, emailAddress: email, welcomeEmailDisabled: true } } }),
	});
	expect(res.status).toBeLessThan(300);
	await sandbox.waitForDeliveries();
}

/** Everything a user or an operator could see: items, answers, static data, errors, logs. */
function visibleText(n8nInstance: N8nEmulation, errors: unknown[] = []): string {
	return JSON.stringify([
		n8nInstance.received,
		n8nInstance.savedStaticData,
		n8nInstance.testStaticData ?? null,
		errors.map((e) => ({ ...(e as object), message: (e as Error)?.message, description: (e as { description?: string })?.description })),
		logged,
	]);
}

beforeAll(async () => {
	sandbox = await startSandbox({ seed: 11 });
	credentials = { accessToken: sandbox.adminToken, environment: 'custom', baseUrl: sandbox.baseUrl };
	// n8n-core's logger (one instance for every context): record and silence it.
	n8n = new N8nEmulation(credentials, []);
	await n8n.start();
	const logger = (n8n.hookContext(new Workflow({ id: 'x', nodes: [n8n.node], connections: {}, active: false, nodeTypes }), false, 'internal', 'update') as unknown as {
		logger: { internalLogger: { log: (...args: unknown[]) => void } };
	}).logger;
	jest.spyOn(logger.internalLogger, 'log').mockImplementation((...args: unknown[]) => {
		logged.push(JSON.stringify(args));
	});
	await n8n.stop();
});

afterAll(async () => {
	await sandbox.close();
	if (previousLogLevel === undefined) delete process.env.N8N_LOG_LEVEL;
	else process.env.N8N_LOG_LEVEL = previousLogLevel;
});

beforeEach(async () => {
	sandbox.reset();
	logged.length = 0;
});

afterEach(async () => {
	await n8n?.idle();
	await n8n?.stop();
});

async function startN8n(events: string[], creds: Credentials = credentials) {
	n8n = new N8nEmulation(creds, events);
	await n8n.start();
	return n8n;
}

describe('activation', () => {
	test('creates one subscription per event with the webhook URL, the event in the query and a generated Basic auth', async () => {
		await startN8n(['user.registered', 'attempt.completed', 'assignment.completed']);
		await n8n.activate();

		const subs = subscriptions();
		expect(subs.map((s) => s.attributes.eventName).sort()).toEqual(['assignment.completed', 'attempt.completed', 'user.registered']);
		for (const sub of subs) {
			const event = sub.attributes.eventName as string;
			expect(sub.attributes.targetUrl).toBe(`${n8n.productionUrl}?event=${encodeURIComponent(event)}`);
			expect(sub.attributes.active).toBe(true);
		}
		// one secret for the node, at least 128 bits of randomness
		const auths = subs.map(basicAuthOf);
		expect(new Set(auths.map((a) => `${a.username}:${a.password}`)).size).toBe(1);
		expect(Buffer.from(auths[0].password, 'base64url').length).toBeGreaterThanOrEqual(16);

		// the request Synap received: JSON:API, Bearer token
		const post = sandbox.requests.find((r) => r.method === 'POST' && r.path === '/v3/webhook-subscriptions')!;
		expect(post.headers.authorization).toBe(`Bearer ${sandbox.adminToken}`);
		expect(post.headers['content-type']).toBe('application/vnd.api+json');
		expect(post.body).toMatchObject({
			data: { type: 'WebhookSubscription', attributes: { eventName: 'user.registered', basicAuth: auths[0], active: true } },
		});

		// static data: the ids, the username and only a digest of the password
		const registration = n8n.registrations()[n8n.productionUrl];
		expect(registration).toMatchObject({ targetUrl: n8n.productionUrl, username: auths[0].username, passwordSha256: sha256(auths[0].password) });
		expect((registration.subscriptions as IDataObject[]).map((s) => s.id).sort()).toEqual(subs.map((s) => s.id).sort());
		expect(JSON.stringify(n8n.savedStaticData)).not.toContain(auths[0].password);
	});

	test('activating again keeps existing subscriptions (checkExists verifies each by GET)', async () => {
		await startN8n(['user.registered', 'flag.planted']);
		await n8n.activate();
		const before = subscriptions().map((s) => s.id).sort();
		sandbox.clearRequests();

		await n8n.activate();

		expect(subscriptions().map((s) => s.id).sort()).toEqual(before);
		const calls = sandbox.requests.filter((r) => r.path.startsWith('/v3/')).map((r) => `${r.method} ${r.path}`).sort();
		expect(calls).toEqual(before.map((id) => `GET /v3/webhook-subscriptions/${id}`).sort());
	});

	test('a subscription deleted in Synap (404) makes checkExists false: the rest are removed and a fresh set is created', async () => {
		await startN8n(['user.registered', 'flag.planted']);
		await n8n.activate();
		const [gone, kept] = subscriptions();
		sandbox.store.remove('WebhookSubscription', gone.id);
		const oldAuth = basicAuthOf(kept);

		await n8n.activate();

		const now = subscriptions();
		expect(now).toHaveLength(2);
		expect(now.map((s) => s.id)).not.toContain(kept.id);
		expect(basicAuthOf(now[0]).password).not.toBe(oldAuth.password);
		const registration = n8n.registrations()[n8n.productionUrl];
		expect((registration.subscriptions as IDataObject[]).map((s) => s.id).sort()).toEqual(now.map((s) => s.id).sort());
	});

	test('changing the events replaces the subscriptions', async () => {
		await startN8n(['user.registered']);
		await n8n.activate();
		n8n.setEvents(['user.updated', 'user.addedToGroup']);

		await n8n.activate();

		expect(subscriptions().map((s) => s.attributes.eventName).sort()).toEqual(['user.addedToGroup', 'user.updated']);
	});

	test('no event chosen: a plain error, nothing created', async () => {
		await startN8n([]);
		await expect(n8n.activate()).rejects.toThrow('Choose at least one event');
		expect(subscriptions()).toHaveLength(0);
	});
});

describe('receiving deliveries', () => {
	test('a real registration through the API reaches the workflow with normalised fields', async () => {
		await startN8n(['user.registered']);
		await n8n.activate();

		await registerUser('Ada Lovelace', 'ada.lovelace@example.com');

		expect(sandbox.deliveries.map((d) => [d.eventName, d.status])).toEqual([['user.registered', 200]]);
		expect(n8n.runs).toHaveLength(1);
		const [item] = n8n.runs[0].items;
		const user = sandbox.store.userByEmail('ada.lovelace@example.com')!;
		// Synap's payload as is …
		expect(item).toMatchObject({ name: 'Ada Lovelace', email: 'ada.lovelace@example.com', objectId: user.id });
		expect(item.timeRegistered).toBe(user.attributes.createdAt);
		// … plus the normalised fields
		expect(item.synap).toEqual({
			event: 'user.registered',
			userId: user.id,
			userEmail: 'ada.lovelace@example.com',
			portalId: null,
			occurredAt: user.attributes.createdAt,
			receivedAt: expect.any(String),
		});
	});

	test('wrapped, group and planter payloads are normalised from the right place', async () => {
		await startN8n(['attempt.completed', 'user.addedToGroup', 'flag.planted', 'exam.completed', 'user.registeredForExam']);
		await n8n.activate();
		const student = sandbox.store.find('User', sandbox.seeded.users.student)!;
		const student2 = sandbox.store.find('User', sandbox.seeded.users.student2)!;

		await sandbox.emitEvent('attempt.completed', { meta: { timestamp: '2026-03-01T10:00:00.000Z' } });
		await sandbox.emitEvent('user.addedToGroup', { meta: { timestamp: '2026-03-01T11:00:00.000Z' } });
		await sandbox.emitEvent('flag.planted', { createdAt: '2026-03-01T12:00:00.000Z' });
		await sandbox.emitEvent('exam.completed');
		await sandbox.emitEvent('user.registeredForExam');

		const byEvent = Object.fromEntries(n8n.runs.map((r) => [(r.items[0].synap as IDataObject).event, r.items[0]]));
		expect(Object.keys(byEvent).sort()).toEqual(['attempt.completed', 'exam.completed', 'flag.planted', 'user.addedToGroup', 'user.registeredForExam']);
		const portalId = sandbox.seeded.portalId;

		expect(byEvent['attempt.completed'].synap).toMatchObject({
			userId: student.id,
			userEmail: student.attributes.emailAddress,
			portalId,
			occurredAt: '2026-03-01T10:00:00.000Z',
		});
		// the GROUP's objectId stays at the top level; the user comes from user{}
		const added = byEvent['user.addedToGroup'];
		expect(added.objectId).toBe(sandbox.seeded.groups.chemistryClass);
		expect(added.synap).toMatchObject({ userId: student.id, userEmail: student.attributes.emailAddress, portalId, occurredAt: '2026-03-01T11:00:00.000Z' });
		expect(byEvent['flag.planted'].synap).toMatchObject({ userId: student.id, portalId, occurredAt: '2026-03-01T12:00:00.000Z' });
		expect(byEvent['exam.completed'].synap).toMatchObject({ userId: student2.id, portalId });
		expect((byEvent['exam.completed'].attempt as IDataObject).gradeCriteria).toBeDefined();
		expect(byEvent['user.registeredForExam'].synap).toMatchObject({ userId: student.id, portalId });
	});

	test('wrong or missing Basic auth: 401 and no run', async () => {
		await startN8n(['user.registered']);
		await n8n.activate();
		const { username, password } = basicAuthOf(subscriptions()[0]);
		const body = JSON.stringify({ objectId: 'QsogF1GDFZ', email: 'x@example.com' });
		const url = `${n8n.productionUrl}?event=user.registered`;

		const attempts = [
			await post(url, { body, contentType: 'application/json' }),
			await post(url, { body, contentType: 'application/json', auth: authHeader(username, `${password}x`) }),
			await post(url, { body, contentType: 'application/json', auth: authHeader(`${username}x`, password) }),
			await post(url, { body, contentType: 'application/json', auth: authHeader(username, password.slice(0, -1)) }),
			await post(url, { body, contentType: 'application/json', auth: `Bearer ${password}` }),
			await post(url, { body, contentType: 'application/json', auth: 'Basic !!!' }),
		];

		expect(attempts.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 401]);
		expect(attempts[0].headers['www-authenticate']).toMatch(/^Basic realm=/);
		expect(n8n.runs).toHaveLength(0);

		// the right credentials pass
		const ok = await post(url, { body, contentType: 'application/json', auth: authHeader(username, password) });
		expect(ok.status).toBe(200);
		expect(n8n.runs).toHaveLength(1);
	});

	test('a body that is not a JSON object: 400 and no run', async () => {
		await startN8n(['user.registered']);
		await n8n.activate();
		const { username, password } = basicAuthOf(subscriptions()[0]);
		const auth = authHeader(username, password);
		const url = `${n8n.productionUrl}?event=user.registered`;

		const replies = [
			await post(url, { auth, body: 'hello', contentType: 'text/plain' }),
			await post(url, { auth, body: '[1, 2]', contentType: 'application/json' }),
			await post(url, { auth, body: '"text"', contentType: 'application/json' }),
			await post(url, { auth, body: 'objectId=1', contentType: 'application/x-www-form-urlencoded' }),
			await post(url, { auth, body: '' }),
		];

		expect(replies.map((r) => r.status)).toEqual([400, 400, 400, 400, 400]);
		expect(JSON.parse(replies[0].body)).toEqual({ code: 400, message: 'The body must be a JSON object' });
		expect(n8n.runs).toHaveLength(0);
	});

	test('an oversized body: 413 and no run', async () => {
		await startN8n(['user.registered']);
		await n8n.activate();
		const { username, password } = basicAuthOf(subscriptions()[0]);
		const big = JSON.stringify({ objectId: 'QsogF1GDFZ', filler: 'x'.repeat(5 * 1024 * 1024) });

		const reply = await post(`${n8n.productionUrl}?event=user.registered`, { auth: authHeader(username, password), body: big, contentType: 'application/json' });

		expect(reply.status).toBe(413);
		expect(n8n.runs).toHaveLength(0);
	});

	test('assignment.complete and assignment.completed are one event; meta.eventName wins over the URL', async () => {
		await startN8n(['assignment.completed']);
		await n8n.activate();
		const { username, password } = basicAuthOf(subscriptions()[0]);
		const auth = authHeader(username, password);

		// the academy's spelling, through the sandbox's delivery
		await sandbox.emitEvent('assignment.completed');
		// the API sample's spelling, named by the payload itself
		await post(n8n.productionUrl, {
			auth,
			contentType: 'application/json',
			body: JSON.stringify({ meta: { eventName: 'assignment.complete', timestamp: '2026-01-01T00:00:00.000Z' }, user: { id: 'U1', email: 'u1@example.com' } }),
		});

		expect(n8n.runs.map((r) => (r.items[0].synap as IDataObject).event)).toEqual(['assignment.completed', 'assignment.completed']);
		const item = n8n.runs[0].items[0];
		expect(item.assignment).toMatchObject({ objectId: sandbox.seeded.assignments.studentOnboarding });
	});

	test('an event the trigger was not set up for is acknowledged without a run', async () => {
		await startN8n(['user.registered']);
		await n8n.activate();
		const { username, password } = basicAuthOf(subscriptions()[0]);

		const reply = await post(`${n8n.productionUrl}?event=flag.planted`, {
			auth: authHeader(username, password),
			contentType: 'application/json',
			body: JSON.stringify({ objectId: 'F1', planter: { id: 'U1' } }),
		});

		expect(reply.status).toBe(200);
		expect(JSON.parse(reply.body)).toMatchObject({ received: true });
		expect(n8n.runs).toHaveLength(0);
	});

	test('a payload key named "synap" is not overwritten', async () => {
		await startN8n(['user.updated']);
		await n8n.activate();
		const { username, password } = basicAuthOf(subscriptions()[0]);

		await post(`${n8n.productionUrl}?event=user.updated`, {
			auth: authHeader(username, password),
			contentType: 'application/json',
			body: JSON.stringify({ objectId: 'U1', email: 'u1@example.com', synap: 'theirs' }),
		});

		const [item] = n8n.runs[0].items;
		expect(item.synap).toBe('theirs');
		expect(item._synap).toMatchObject({ event: 'user.updated', userId: 'U1', userEmail: 'u1@example.com' });
	});
});

describe('deactivation', () => {
	test('deletes the subscriptions in Synap and clears the static data', async () => {
		await startN8n(['user.registered', 'exam.submitted']);
		await n8n.activate();
		expect(subscriptions()).toHaveLength(2);

		await n8n.deactivate();

		expect(subscriptions()).toHaveLength(0);
		expect(n8n.registrations()).toEqual({});
		await registerUser('After Deactivation', 'after@example.com');
		expect(sandbox.deliveries).toHaveLength(0);
	});

	test('a subscription already gone (404) is not an error', async () => {
		await startN8n(['user.registered', 'exam.submitted']);
		await n8n.activate();
		sandbox.store.remove('WebhookSubscription', subscriptions()[0].id);

		await n8n.deactivate();

		expect(subscriptions()).toHaveLength(0);
		expect(n8n.registrations()).toEqual({});
	});
});

describe('Listen for test event', () => {
	test('subscribes the test URL beside the production one, runs once, then removes only its own subscriptions', async () => {
		await startN8n(['user.registered']);
		await n8n.activate();
		const production = subscriptions()[0];

		await n8n.listenForTestEvent();

		const test = subscriptions().find((s) => s.id !== production.id)!;
		expect(test.attributes.targetUrl).toBe(`${n8n.testUrl}?event=user.registered`);
		expect(basicAuthOf(test).password).not.toBe(basicAuthOf(production).password);
		// nothing of the test registration reaches the database
		expect(Object.keys(n8n.registrations())).toEqual([n8n.productionUrl]);

		await registerUser('Test Event', 'test.event@example.com');
		await n8n.idle();

		expect(sandbox.deliveries.map((d) => [d.url.split('?')[0], d.status]).sort()).toEqual(
			[
				[n8n.productionUrl, 200],
				[n8n.testUrl, 200],
			].sort(),
		);
		expect(n8n.runs.map((r) => r.mode).sort()).toEqual(['production', 'test']);
		expect(n8n.runs.find((r) => r.mode === 'test')!.items[0].synap).toMatchObject({ event: 'user.registered', userEmail: 'test.event@example.com' });
		// the test subscription is gone, the production one stays
		expect(subscriptions().map((s) => s.id)).toEqual([production.id]);
	});

	test('stopping to listen without an event removes the test subscriptions', async () => {
		await startN8n(['user.registered', 'user.updated']);
		await n8n.listenForTestEvent();
		expect(subscriptions().map((s) => s.attributes.targetUrl as string).every((u) => u.startsWith(n8n.testUrl))).toBe(true);

		await n8n.stopListening();

		expect(subscriptions()).toHaveLength(0);
	});
});

describe('when Synap refuses', () => {
	let scripted: ScriptedServer;
	beforeAll(async () => {
		scripted = await startScriptedServer();
	});
	afterAll(async () => scripted.close());

	const scriptedCredentials = () => ({ accessToken: 'p:scriptedTriggerToken0123456789', environment: 'custom' as const, baseUrl: scripted.baseUrl });
	const refusal = (status: number, detail: string) => json(status, { errors: [{ status: String(status), title: status === 403 ? 'Forbidden' : 'Not Found', detail }] });

	test.each([
		[403, 'Webhooks are not available on your plan.'],
		[404, 'No route POST /v3/webhook-subscriptions.'],
	])('HTTP %i: says so in plain words and gives the manual route', async (status, detail) => {
		scripted.script(refusal(status, detail));
		await startN8n(['user.registered'], scriptedCredentials());

		const error = await n8n.activate().then(
			() => undefined,
			(e: unknown) => e as Error & { description?: string },
		);

		expect(error?.message).toMatch(new RegExp(`Synap refused to create the webhook subscription for "User Registered" \\(HTTP ${status}\\)`));
		expect(error?.message).toMatch(/plan may not include webhooks/);
		expect(error?.description).toContain('Synap portal → Settings → Integrations → Webhooks (Pro plan or higher)');
		expect(error?.description).toContain(detail);
		expect(n8n.registrations()).toEqual({});
		const sent = scripted.requests.find((r) => r.method === 'POST')!;
		const password = (JSON.parse(sent.body) as { data: { attributes: { basicAuth: { password: string } } } }).data.attributes.basicAuth.password;
		expect(visibleText(n8n, [error])).not.toContain(password);
		expect(visibleText(n8n, [error])).not.toContain('scriptedTriggerToken0123456789');
	});

	test('the inferred exam.resultsReleased code is refused by the sandbox: plain error, earlier subscriptions rolled back', async () => {
		await startN8n(['user.registered', 'exam.resultsReleased']);

		const error = await n8n.activate().then(
			() => undefined,
			(e: unknown) => e as Error & { description?: string },
		);

		expect(error?.message).toBe('Synap does not accept the event code "exam.resultsReleased" for "Exam Results Released"');
		expect(error?.description).toMatch(/inferred/);
		expect(subscriptions()).toHaveLength(0);
		expect(n8n.registrations()).toEqual({});
	});

	test('when one spelling of assignment completed is refused (400), the other is tried', async () => {
		scripted.script(
			refusal(400, 'Unknown eventName "assignment.completed".'),
			json(201, { data: { type: 'WebhookSubscription', id: 'WhSub00001', attributes: { eventName: 'assignment.complete' } } }),
		);
		await startN8n(['assignment.completed'], scriptedCredentials());

		await n8n.activate();

		const sent = scripted.requests.map((r) => (JSON.parse(r.body) as { data: { attributes: { eventName: string } } }).data.attributes.eventName);
		expect(sent).toEqual(['assignment.completed', 'assignment.complete']);
		const registration = n8n.registrations()[n8n.productionUrl];
		expect(registration.subscriptions).toEqual([{ id: 'WhSub00001', event: 'assignment.completed', eventName: 'assignment.complete' }]);
	});

	test('a revoked token fails activation with the credential message', async () => {
		await startN8n(['user.registered'], { ...credentials, accessToken: sandbox.tokens.revoked });
		await expect(n8n.activate()).rejects.toThrow(/Personal Access Token/);
		expect(subscriptions()).toHaveLength(0);
	});
});

test('the PAT and the generated password never appear in items, answers, static data, errors or logs', async () => {
	await startN8n(['user.registered', 'user.updated']);
	await n8n.activate();
	await registerUser('Secret Keeper', 'secret.keeper@example.com');
	const { username, password } = basicAuthOf(subscriptions()[0]);
	await post(`${n8n.productionUrl}?event=user.registered`, { auth: authHeader(username, 'wrong'), body: '{}', contentType: 'application/json' });
	await post(`${n8n.productionUrl}?event=user.registered`, { auth: authHeader(username, password), body: 'nope', contentType: 'text/plain' });
	await n8n.listenForTestEvent();
	await n8n.stopListening();
	await n8n.deactivate();

	expect(n8n.runs).toHaveLength(1);
	const text = visibleText(n8n);
	expect(text).not.toContain(password);
	expect(text).not.toContain(sandbox.adminToken);
	expect(text).not.toContain(sandbox.adminToken.replace(/^p:/, ''));
	// the log did record the lifecycle (ids, not secrets)
	expect(logged.join('\n')).toMatch(/created 2 webhook subscription/);
});

describe('issue 12, class 6: what the server and the caller send cannot steer the trigger', () => {
	let scripted: ScriptedServer;
	beforeAll(async () => {
		scripted = await startScriptedServer();
	});
	afterAll(async () => scripted.close());
	const scriptedCredentials = () => ({ accessToken: 'p:scriptedTriggerToken0123456789', environment: 'custom' as const, baseUrl: scripted.baseUrl });
	/** The only paths the trigger may ever request: the collection, or one subscription by a valid ID. */
	const SAFE_PATH = /^\/v3\/webhook-subscriptions(?:\/[A-Za-z0-9_-]{1,64})?$/;
	const unsafeRequests = () => scripted.requests.filter((r) => !SAFE_PATH.test(r.path)).map((r) => `${r.method} ${r.url}`);

	/** POSTs answered with the given IDs in turn (a valid one first); GET and DELETE with 204/200. */
	const subscriptionServer = (ids: unknown[]) => {
		let posts = 0;
		scripted.script((req, res) => {
			if (req.method === 'POST') {
				const id = ids[Math.min(posts++, ids.length - 1)];
				json(201, { data: { type: 'WebhookSubscription', id, attributes: {} } })(req, res);
			} else if (req.method === 'GET') json(200, { data: { type: 'WebhookSubscription', id: 'x', attributes: { active: true } } })(req, res);
			else json(204, undefined)(req, res);
		});
	};

	test.each(['.', '..', '../users', 'a/b', '/', '%2e%2e', '..%2F', 'Wh Sub', 'x'.repeat(65)])(
		'a subscription ID of %j from Synap never goes into a path: activation fails, names it, and rolls back',
		async (badId) => {
			subscriptionServer(['WhSub00001', badId]);
			await startN8n(['user.registered', 'user.updated'], scriptedCredentials());

			const error = await n8n.activate().then(
				() => undefined,
				(e: unknown) => e as Error & { description?: string },
			);
			await n8n.deactivate();

			expect(error?.message).toMatch(/not a valid Synap ID/);
			expect(`${error?.message}\n${error?.description}`).toContain('Synap portal → Settings → Integrations → Webhooks');
			expect(unsafeRequests()).toEqual([]);
			// the valid one created first was removed again
			expect(scripted.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toContain('/v3/webhook-subscriptions/WhSub00001');
			expect(n8n.registrations()).toEqual({});
		},
	);

	test('an invalid ID already in the static data is never requested: check and deactivation skip it and log it', async () => {
		subscriptionServer(['WhSub00001']);
		await startN8n(['user.registered', 'user.updated'], scriptedCredentials());
		const node = `node:${n8n.node.name}`;
		const stored = (ids: string[]) => ({
			[node]: {
				registrations: {
					[n8n.productionUrl]: {
						targetUrl: n8n.productionUrl,
						username: 'u',
						passwordSha256: sha256('p'),
						createdAt: '2026-01-01T00:00:00.000Z',
						subscriptions: ids.map((id, k) => ({ id, event: k ? 'user.updated' : 'user.registered', eventName: k ? 'user.updated' : 'user.registered' })),
					},
				},
			},
		});

		n8n.savedStaticData = stored(['..', 'WhSub00002']);
		await n8n.deactivate();
		expect(unsafeRequests()).toEqual([]);
		expect(scripted.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['DELETE /v3/webhook-subscriptions/WhSub00002']);
		// said in n8n's log (deactivation cannot show an error), and not kept: no retry could delete it,
		// and a thrown error would fail every later deactivation too
		expect(logged.join('\n')).toMatch(/has the ID \\"\.\.\\", which is not a valid Synap ID; it was dropped/);
		expect(n8n.registrations()).toEqual({});

		scripted.script(json(200, { data: { type: 'WebhookSubscription', id: 'WhSub00002', attributes: { active: true } } }));
		n8n.savedStaticData = stored(['.', 'WhSub00002']);
		await n8n.activate().catch(() => undefined);
		expect(unsafeRequests()).toEqual([]);
	});

	async function activatedWithTestListener() {
		await startN8n(['user.registered']);
		await n8n.activate();
		await n8n.listenForTestEvent();
		const production = subscriptions().find((s) => String(s.attributes.targetUrl).startsWith(n8n.productionUrl))!;
		const test = subscriptions().find((s) => String(s.attributes.targetUrl).startsWith(n8n.testUrl))!;
		return { production: basicAuthOf(production), test: basicAuthOf(test) };
	}
	const delivery = JSON.stringify({ objectId: 'QsogF1GDFZ', email: 'x@example.com' });

	test("the test URL's secret does not start a production run, nor the production secret a test run", async () => {
		const secrets = await activatedWithTestListener();

		const crossed = [
			await post(`${n8n.productionUrl}?event=user.registered`, { auth: authHeader(secrets.test.username, secrets.test.password), body: delivery, contentType: 'application/json' }),
			await post(`${n8n.testUrl}?event=user.registered`, { auth: authHeader(secrets.production.username, secrets.production.password), body: delivery, contentType: 'application/json' }),
		];
		expect(crossed.map((r) => r.status)).toEqual([401, 401]);
		expect(n8n.runs).toHaveLength(0);

		// each with its own secret still works
		const own = [
			await post(`${n8n.productionUrl}?event=user.registered`, { auth: authHeader(secrets.production.username, secrets.production.password), body: delivery, contentType: 'application/json' }),
			await post(`${n8n.testUrl}?event=user.registered`, { auth: authHeader(secrets.test.username, secrets.test.password), body: delivery, contentType: 'application/json' }),
		];
		expect(own.map((r) => r.status)).toEqual([200, 200]);
		expect(n8n.runs.map((r) => r.mode)).toEqual(['production', 'test']);
	});

	test.each([
		['?event=', 'evil.event', undefined],
		['?event=', 'user.registered ', 'evil.event'],
		['meta.eventName', undefined, 'constructor'],
		['meta.eventName', undefined, '__proto__'],
		['no event at all', undefined, undefined],
	])('an event code the trigger does not know (%s) starts no run and is acknowledged', async (_where, queryEvent, metaEvent) => {
		await startN8n(['user.registered']);
		await n8n.activate();
		const { username, password } = basicAuthOf(subscriptions()[0]);
		const url = queryEvent === undefined ? n8n.productionUrl : `${n8n.productionUrl}?event=${encodeURIComponent(queryEvent)}`;
		const body = JSON.stringify({ objectId: 'QsogF1GDFZ', email: 'x@example.com', ...(metaEvent !== undefined ? { meta: { eventName: metaEvent } } : {}) });

		const reply = await post(url, { auth: authHeader(username, password), body, contentType: 'application/json' });

		expect(reply.status).toBe(200);
		expect(JSON.parse(reply.body)).toMatchObject({ received: true, ignored: expect.stringMatching(/not an event this trigger knows|names no event/) });
		expect(n8n.runs).toHaveLength(0);
	});
});
