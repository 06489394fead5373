// The sandbox HTTP server (Node's own http module): /v3 JSON:API plus /__sandbox control endpoints.
//
// Order of processing for a /v3 request:
//   1. body read, request recorded          5. authentication (401/400/403), routing (404/405),
//   2. options.latencyMs                       role check (403), Content-Type (415), JSON (400)
//   3. rate limit (429, nothing applied)    6. handler (the write is applied here)
//   4. fault drawn; 429/503/500 faults      7. post-handler faults: 502/504 (HTML), reset, truncate, slow
//      answer now (nothing applied)
// Authentication comes before routing: an unauthenticated request to an unknown path gets 401.
//
// Control endpoints (no auth; loopback only):
//   POST /__sandbox/reset [{"options":true}]   GET|DELETE /__sandbox/requests   GET /__sandbox/state[/<Type>]
//   POST /__sandbox/events {eventName, data?}   GET|DELETE /__sandbox/deliveries (GET ?wait=1 waits for pending)
//   GET|PATCH /__sandbox/options   GET /__sandbox/info   GET|DELETE /__sandbox/writes   GET /__sandbox/routes
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Ctx, Resp } from './api.cjs';
import type { ApiError as ApiErrorT } from './jsonapi.cjs';
import type { Store } from './store.cjs';
import type { ApiVariant, Delivery, FaultKind, RecordedRequest, ResourceRecord, Sandbox, SandboxOptions, SeededIds } from './types.cjs';
const { ApiError, apiError, errorObject, isPlainObject, writeKey, MEDIA_TYPE } = require('./jsonapi') as typeof import('./jsonapi.cjs');
const { Prng, deriveSeed } = require('./prng') as typeof import('./prng.cjs');
const { seedStore } = require('./seed') as typeof import('./seed.cjs');
const { authenticate } = require('./auth') as typeof import('./auth.cjs');
const { matchRoute, ROUTES } = require('./routes') as typeof import('./routes.cjs');
const { forbidden } = require('./policy') as typeof import('./policy.cjs');
const { FAULT_APPLIES_WRITE, GATEWAY_HTML, RateLimiter, pickFault } = require('./realism') as typeof import('./realism.cjs');
const wh = require('./webhooks') as typeof import('./webhooks.cjs');

const VERBS: Record<string, string> = { GET: 'read', POST: 'create', PATCH: 'update', DELETE: 'delete' };
const WRITE_METHODS = new Set(['POST', 'PATCH', 'DELETE']);

interface Pending {
	timer: NodeJS.Timeout;
	resolve: () => void;
}

function readBody(req: http.IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

/**
 * The path under /v3 that an API variant serves for `sub`, or undefined when the variant has no
 * such path (a collection renamed away); throws 400 for a rejected query parameter.
 */
function applyVariant(variant: ApiVariant, method: string, sub: string, query: Record<string, string>): string | undefined {
	for (const name of variant.rejectedQueryParams ?? []) {
		if (name in query) throw apiError(400, `Unknown query parameter ${name}.`, { parameter: name, code: 'invalidQueryParameter' });
	}
	const renamed = variant.renamedPaths ?? {};
	const [, first = '', ...rest] = sub.split('/');
	if (Object.prototype.hasOwnProperty.call(renamed, first)) return undefined;
	const original = Object.keys(renamed).find((k) => renamed[k] === first);
	return original === undefined ? sub : ['', original, ...rest].join('/');
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = { ...base };
	for (const [k, v] of Object.entries(over)) {
		out[k] = isPlainObject(v) && isPlainObject(out[k]) ? deepMerge(out[k] as Record<string, unknown>, v) : v;
	}
	return out;
}

/** Is the Content-Type JSON:API's media type (parameters: only charset, ext, profile)? */
function isJsonApiMediaType(ct: string | undefined): boolean {
	if (!ct) return false;
	const [type, ...params] = ct.split(';').map((s) => s.trim());
	if (type.toLowerCase() !== MEDIA_TYPE) return false;
	return params.every((p) => p === '' || /^(charset|ext|profile)=/i.test(p));
}

class SandboxImpl implements Sandbox {
	baseUrl = '';
	origin = '';
	adminToken = '';
	tokens: { admin: string; secondAdmin: string; revoked: string };
	seeded: SeededIds;
	readonly requests: RecordedRequest[] = [];
	private inFlight = 0;
	readonly writes = new Map<string, number>();
	readonly writeAttempts = new Map<string, number>();
	readonly options: SandboxOptions;
	store: Store;
	readonly deliveries: Delivery[];

	private readonly initialOptions: SandboxOptions;
	private readonly server: http.Server;
	private readonly limiter = new RateLimiter();
	private readonly deliverer: InstanceType<typeof wh.WebhookDeliverer>;
	private readonly pending = new Set<Pending>();
	private faultRng!: InstanceType<typeof Prng>;
	private traceRng!: InstanceType<typeof Prng>;
	private runtimeRng!: InstanceType<typeof Prng>;
	private closed = false;

	constructor(options: SandboxOptions) {
		this.options = options;
		this.initialOptions = JSON.parse(JSON.stringify(options)) as SandboxOptions;
		const r = seedStore(this.seed, options.extraUsers ?? 0);
		this.store = r.store;
		this.seeded = r.seeded;
		this.tokens = r.tokens;
		this.adminToken = r.tokens.admin;
		this.resetRngs();
		this.deliverer = new wh.WebhookDeliverer(() => this.store);
		this.deliveries = this.deliverer.deliveries;
		this.server = http.createServer((req, res) => {
			this.onRequest(req, res).catch((e) => {
				process.stderr.write(`[synap-sandbox] unexpected error: ${String(e?.stack ?? e)}\n`);
				if (!res.headersSent) {
					res.writeHead(500, { 'content-type': MEDIA_TYPE });
					res.end(JSON.stringify({ errors: [errorObject(500, 'Sandbox failure.')] }));
				} else res.destroy();
			});
		});
		this.server.keepAliveTimeout = 5_000;
	}

	private get seed(): number {
		return this.options.seed ?? 1;
	}

	private resetRngs(): void {
		this.faultRng = new Prng(deriveSeed(this.seed, 'faults'));
		this.traceRng = new Prng(deriveSeed(this.seed, 'trace-ids'));
		this.runtimeRng = new Prng(deriveSeed(this.seed, 'runtime-data'));
	}

	listen(): Promise<void> {
		const host = this.options.host ?? '127.0.0.1';
		if (!wh.isLoopback(host)) {
			return Promise.reject(new Error(`The Synap sandbox only listens on loopback addresses, not ${host}.`));
		}
		return new Promise((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(this.options.port ?? 0, host, () => {
				const addr = this.server.address() as AddressInfo;
				const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
				this.origin = `http://${host}:${addr.port}`;
				this.baseUrl = `${this.origin}/v3`;
				resolve();
			});
		});
	}

	clearRequests(): void {
		this.requests.length = 0;
	}

	reset(opts: { options?: boolean } = {}): void {
		if (opts.options) {
			for (const k of Object.keys(this.options)) delete (this.options as Record<string, unknown>)[k];
			Object.assign(this.options, JSON.parse(JSON.stringify(this.initialOptions)));
		}
		const r = seedStore(this.seed, this.options.extraUsers ?? 0);
		this.store = r.store;
		this.seeded = r.seeded;
		this.tokens = r.tokens;
		this.adminToken = r.tokens.admin;
		this.resetRngs();
		this.limiter.reset();
		this.requests.length = 0;
		this.writes.clear();
		this.writeAttempts.clear();
		this.deliverer.clear();
	}

	waitForDeliveries(): Promise<void> {
		return this.deliverer.waitForIdle();
	}

	emitEvent(eventName: string, data: Record<string, unknown> = {}): Promise<Array<{ url: string; status: number }>> {
		let payload: Record<string, unknown>;
		try {
			payload = this.defaultPayload(eventName);
		} catch {
			payload = { portal: { id: this.seeded.portalId }, meta: { timestamp: new Date().toISOString() } };
		}
		return this.deliverer.emit(eventName, deepMerge(payload, data));
	}

	/** A realistic payload for `eventName` built from the seeded records (emitEvent's base). */
	private defaultPayload(eventName: string): Record<string, unknown> {
		const s = this.store;
		const find = (type: string, id: string) => {
			const r = s.find(type, id);
			if (!r) throw new Error('seeded record gone');
			return r;
		};
		const student = () => find('User', this.seeded.users.student);
		switch (wh.normalizeEventName(eventName)) {
			case 'user.registered':
				return wh.userRegisteredPayload(s, student());
			case 'user.updated': {
				const u = student();
				return wh.userUpdatedPayload(s, u, {
					name: u.attributes.name,
					email: u.attributes.emailAddress,
					preferences: u.attributes.preferences,
					customAttributes: u.attributes.attr,
				});
			}
			case 'user.addedToGroup':
				return wh.userAddedToGroupPayload(s, student(), find('UserGroup', this.seeded.groups.chemistryClass), new Date().toISOString());
			case 'user.registeredForExam':
				return wh.registeredForExamPayload(s, student(), find('Exam-V-2', this.seeded.exams.chemistryMock), this.origin);
			case 'attempt.submitted':
				return wh.attemptSubmittedPayload(s, find('Attempt', this.seeded.attempts.studentCompleted), false);
			case 'attempt.completed':
				return wh.attemptCompletedPayload(s, find('Attempt', this.seeded.attempts.studentCompleted), false);
			case 'exam.submitted':
				return wh.attemptSubmittedPayload(s, find('Attempt', this.seeded.attempts.student2Completed), true);
			case 'exam.completed':
				return wh.attemptCompletedPayload(s, find('Attempt', this.seeded.attempts.student2Completed), true);
			case 'assignment.completed':
				return wh.assignmentCompletedPayload(s, find('Assignment', this.seeded.assignments.studentOnboarding));
			case 'attemptOverride.created':
				return wh.attemptOverridePayload(s, find('Attempt', this.seeded.attempts.studentCompleted), this.runtimeRng.id());
			case 'flag.planted': {
				const flag: ResourceRecord = {
					id: this.runtimeRng.id(),
					type: 'Flag',
					attributes: { comment: 'Option C looks like a typo: "argon" is spelt "agron".', createdAt: new Date().toISOString() },
					relationships: { planter: { type: 'User', id: this.seeded.users.student }, question: { type: 'QuizQuestion', id: 'QqChem0017' } },
				};
				return wh.flagPlantedPayload(s, flag, this.origin);
			}
			default:
				return { portal: { id: this.seeded.portalId }, meta: { timestamp: new Date().toISOString() } };
		}
	}

	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		this.deliverer.close();
		for (const p of this.pending) {
			clearTimeout(p.timer);
			p.resolve();
		}
		this.pending.clear();
		await new Promise<void>((resolve) => {
			this.server.close(() => resolve());
			this.server.closeAllConnections();
		});
	}

	private sleep(ms: number): Promise<void> {
		if (!(ms > 0)) return Promise.resolve();
		return new Promise((resolve) => {
			const p: Pending = {
				timer: setTimeout(() => {
					this.pending.delete(p);
					resolve();
				}, ms),
				resolve,
			};
			this.pending.add(p);
		});
	}

	private count(map: Map<string, number>, key: string): void {
		map.set(key, (map.get(key) ?? 0) + 1);
	}

	private traceId(): string {
		return this.traceRng.hex(32);
	}

	// -----------------------------------------------------------------------------------------

	private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const rawUrl = req.url ?? '/';
		const url = new URL(rawUrl, this.origin || 'http://127.0.0.1');
		const rawBody = await readBody(req);
		if (url.pathname === '/__sandbox' || url.pathname.startsWith('/__sandbox/')) {
			return this.control(req, res, url, rawBody);
		}
		this.inFlight++;
		try {
			await this.onApiRequest(req, res, url, rawUrl, rawBody);
		} finally {
			this.inFlight--;
		}
	}

	private async onApiRequest(req: http.IncomingMessage, res: http.ServerResponse, url: URL, rawUrl: string, rawBody: string): Promise<void> {
		let parsedBody: unknown = undefined;
		let jsonOk = true;
		if (rawBody.length > 0) {
			try {
				parsedBody = JSON.parse(rawBody);
			} catch {
				jsonOk = false;
				parsedBody = rawBody;
			}
		}
		const query: Record<string, string> = {};
		for (const [k, v] of url.searchParams) query[k] = v;
		const record: RecordedRequest = {
			method: req.method ?? 'GET',
			path: rawUrl.split('?')[0],
			rawUrl,
			query,
			headers: { ...req.headers },
			body: parsedBody,
			status: 0,
			concurrent: this.inFlight,
		};
		this.requests.push(record);
		const cap = this.options.maxRecordedRequests ?? 50_000;
		if (this.requests.length > cap) this.requests.splice(0, this.requests.length - cap);

		await this.sleep(this.options.latencyMs ?? 0);
		if (this.closed) return;

		const rl = this.limiter.check(this.options);
		if (!rl.ok) {
			const headers: Record<string, string> = rl.sendRetryAfter ? { 'retry-after': String(rl.retryAfterSeconds) } : {};
			const detail = rl.sendRetryAfter
				? `Rate limit exceeded. Retry after ${rl.retryAfterSeconds} second(s).`
				: 'Rate limit exceeded. Slow down.';
			return this.send(res, record, this.errorResp(apiError(429, detail, { code: 'rateLimited' }), headers));
		}

		const fault = pickFault(this.faultRng, this.options);
		if (fault) {
			record.fault = fault;
			if (!FAULT_APPLIES_WRITE[fault]) return this.send(res, record, this.preFault(fault));
		}

		const resp = this.processApi(req, url, query, rawBody, parsedBody, jsonOk);
		if (!fault) return this.send(res, record, resp);
		switch (fault as FaultKind) {
			case '502':
			case '504': {
				const status = Number(fault);
				return this.send(res, record, { status, body: GATEWAY_HTML[status], headers: { 'content-type': 'text/html' } });
			}
			case 'reset':
				record.status = 0;
				req.socket.destroy();
				return;
			case 'truncate': {
				const full = JSON.stringify(resp.body ?? { data: null });
				const cut = full.slice(0, Math.max(1, Math.floor(full.length / 2)));
				const status = resp.status === 200 || resp.status === 201 ? resp.status : 200;
				return this.send(res, record, { status, body: cut, headers: { ...(resp.headers ?? {}), 'content-type': MEDIA_TYPE } });
			}
			case 'slow':
				await this.sleep(this.options.faults?.slowMs ?? 65_000);
				if (this.closed || res.destroyed) return;
				return this.send(res, record, resp);
			default:
				return this.send(res, record, resp);
		}
	}

	private preFault(fault: FaultKind): Resp {
		switch (fault) {
			case '429':
				return this.errorResp(apiError(429, 'Rate limit exceeded. Retry after 1 second(s).', { code: 'rateLimited' }), { 'retry-after': '1' });
			case '429-no-retry-after':
				return this.errorResp(apiError(429, 'Rate limit exceeded. Slow down.', { code: 'rateLimited' }));
			case '503':
				return this.errorResp(apiError(503, 'The service is temporarily unavailable. Please try again later.'));
			default:
				return this.errorResp(apiError(500, 'An unexpected error occurred. Please contact Synap support with the traceId.'));
		}
	}

	/** ApiError -> response; a 500 carries a traceId in each error's meta and in the top-level meta. */
	private errorResp(e: ApiErrorT, headers: Record<string, string> = {}): Resp {
		const body: Record<string, unknown> = { errors: e.errors };
		if (e.httpStatus === 500) {
			const traceId = this.traceId();
			body.errors = e.errors.map((x) => ({ ...x, meta: { ...(x.meta ?? {}), traceId } }));
			body.meta = { traceId };
		}
		return { status: e.httpStatus, body, headers: { ...e.headers, ...headers } };
	}

	private processApi(
		req: http.IncomingMessage,
		url: URL,
		query: Record<string, string>,
		rawBody: string,
		body: unknown,
		jsonOk: boolean,
	): Resp {
		const method = req.method ?? 'GET';
		const path = url.pathname;
		const isWrite = WRITE_METHODS.has(method);
		let ctx: Ctx | undefined;
		const key = writeKey(method, path, body);
		try {
			if (path !== '/v3' && !path.startsWith('/v3/')) {
				throw apiError(404, `No route ${method} ${path}. The API lives under /v3.`, { code: 'routeNotFound' });
			}
			const actor = authenticate(this.store, req.headers, this.options.subjectUserHeader ?? 'Subject-User');
			const variant = this.options.variant ?? undefined;
			const sub = variant ? applyVariant(variant, method, path.slice(3), query) : path.slice(3);
			const match = sub === undefined ? undefined : matchRoute(method, sub);
			if (!match || ('route' in match && variant?.missingRoutes?.includes(`${method} ${match.route.path}`))) {
				throw apiError(404, `No route ${method} ${path}.`, { code: 'routeNotFound' });
			}
			if ('allowed' in match) {
				throw new ApiError(
					405,
					[errorObject(405, `${method} is not allowed on ${path}. Allowed: ${match.allowed.join(', ')}.`, { code: 'methodNotAllowed' })],
					{ allow: match.allowed.join(', ') },
				);
			}
			const { route, id } = match;
			if (!route.roles.includes(actor.role)) throw forbidden(actor, `${VERBS[method] ?? method} ${route.type} resources (${method} /v3${route.path})`);
			if (method === 'POST' || method === 'PATCH') {
				const ct = req.headers['content-type'];
				if (!isJsonApiMediaType(ct)) {
					throw apiError(415, `Content-Type must be ${MEDIA_TYPE}${ct ? `, not ${ct}` : ''}.`, {
						header: 'Content-Type',
						code: 'unsupportedMediaType',
					});
				}
				if (rawBody.trim() === '') throw apiError(400, 'A JSON:API document is required in the request body.', { pointer: '', code: 'missingBody' });
				if (!jsonOk) throw apiError(400, 'The request body is not valid JSON.', { code: 'malformedJson' });
			}
			ctx = {
				store: this.store,
				actor,
				method,
				id,
				url,
				query,
				body,
				origin: this.origin,
				options: this.options,
				rng: this.runtimeRng,
				emit: (eventName, payload) => void this.deliverer.emit(eventName, payload),
			};
			if (isWrite) this.count(this.writeAttempts, key);
			const resp = route.handler(ctx);
			if (isWrite) this.count(this.writes, ctx.writeKey ?? key);
			return resp;
		} catch (e) {
			if (e instanceof ApiError) {
				if (isWrite && ctx?.countAsDuplicate) this.count(this.writes, ctx.writeKey ?? key);
				return this.errorResp(e);
			}
			process.stderr.write(`[synap-sandbox] handler error on ${method} ${path}: ${String((e as Error)?.stack ?? e)}\n`);
			return this.errorResp(apiError(500, 'An unexpected error occurred. Please contact Synap support with the traceId.'));
		}
	}

	private send(res: http.ServerResponse, record: RecordedRequest, resp: Resp): void {
		record.status = resp.status;
		if (res.destroyed || res.headersSent) return;
		const headers: Record<string, string> = { ...(resp.headers ?? {}) };
		if (resp.body === undefined || resp.status === 204) {
			res.writeHead(resp.status, headers);
			res.end();
			return;
		}
		const text = typeof resp.body === 'string' ? resp.body : JSON.stringify(resp.body);
		headers['content-type'] = headers['content-type'] ?? MEDIA_TYPE;
		headers['content-length'] = String(Buffer.byteLength(text));
		res.writeHead(resp.status, headers);
		res.end(text);
	}

	// -----------------------------------------------------------------------------------------
	// control endpoints

	private async control(req: http.IncomingMessage, res: http.ServerResponse, url: URL, rawBody: string): Promise<void> {
		const json = (status: number, body: unknown) => {
			const text = JSON.stringify(body);
			res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
			res.end(text);
		};
		let body: unknown = undefined;
		if (rawBody.trim() !== '') {
			try {
				body = JSON.parse(rawBody);
			} catch {
				return json(400, { error: 'body is not valid JSON' });
			}
		}
		const method = req.method ?? 'GET';
		const p = url.pathname.replace(/\/+$/, '');
		const route = `${method} ${p}`;
		if (route === 'POST /__sandbox/reset') {
			this.reset({ options: isPlainObject(body) && body.options === true });
			return json(200, this.info());
		}
		if (route === 'GET /__sandbox/info') return json(200, this.info());
		if (route === 'GET /__sandbox/requests') return json(200, this.requests);
		if (route === 'DELETE /__sandbox/requests') {
			this.clearRequests();
			return json(200, { ok: true });
		}
		if (route === 'GET /__sandbox/state') {
			return json(200, Object.fromEntries(this.store.types().map((t) => [t, this.store.count(t)])));
		}
		if (method === 'GET' && p.startsWith('/__sandbox/state/')) {
			const type = decodeURIComponent(p.slice('/__sandbox/state/'.length));
			return json(200, this.store.all(type));
		}
		if (route === 'POST /__sandbox/events') {
			if (!isPlainObject(body) || typeof body.eventName !== 'string') return json(400, { error: 'body must be {eventName, data?}' });
			const result = await this.emitEvent(body.eventName, isPlainObject(body.data) ? body.data : {});
			return json(200, { deliveries: result });
		}
		if (route === 'GET /__sandbox/deliveries') {
			if (url.searchParams.get('wait')) await this.waitForDeliveries();
			return json(200, this.deliveries);
		}
		if (route === 'DELETE /__sandbox/deliveries') {
			this.deliverer.clear();
			return json(200, { ok: true });
		}
		if (route === 'GET /__sandbox/options') return json(200, this.options);
		if (route === 'PATCH /__sandbox/options') {
			if (!isPlainObject(body)) return json(400, { error: 'body must be an object of options' });
			const allowed = ['latencyMs', 'rateLimit', 'faults', 'subjectUserHeader', 'maxPageSize', 'defaultPageSize', 'maxRecordedRequests', 'variant'];
			for (const [k, v] of Object.entries(body)) {
				if (!allowed.includes(k)) return json(400, { error: `option ${k} cannot be changed at run time (allowed: ${allowed.join(', ')})` });
				if (v === null) delete (this.options as Record<string, unknown>)[k];
				else (this.options as Record<string, unknown>)[k] = v;
			}
			return json(200, this.options);
		}
		if (route === 'GET /__sandbox/writes') {
			return json(200, { writes: Object.fromEntries(this.writes), writeAttempts: Object.fromEntries(this.writeAttempts) });
		}
		if (route === 'DELETE /__sandbox/writes') {
			this.writes.clear();
			this.writeAttempts.clear();
			return json(200, { ok: true });
		}
		if (route === 'GET /__sandbox/routes') {
			return json(
				200,
				ROUTES.map(({ method: m, path, type, source, roles, note }) => ({ method: m, path: `/v3${path}`, type, source, roles, note })),
			);
		}
		return json(404, { error: `unknown control endpoint ${route}` });
	}

	info() {
		return { baseUrl: this.baseUrl, origin: this.origin, adminToken: this.adminToken, tokens: this.tokens, seeded: this.seeded };
	}
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const sb = new SandboxImpl(options);
	await sb.listen();
	return sb;
}
