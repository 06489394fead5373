/**
 * Issue 12 — the attacks an independent review made on the transport, each replayed against the
 * node in n8n-core's real engine; the property suite (test/property) generates the wider families
 * these are members of.
 *
 * 1. unbounded retries on Retry-After 0 / -1 / fractions / past dates;  2. a 503 asking for weeks;
 * 3. the token shown when stored unclean, encoded, or echoed in a successful answer;
 * 4. the credential sending the token to any https host;  5. pagination and size bombs.
 */
import type { ServerResponse } from 'node:http';

import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

import { SynapApi } from '../../credentials/SynapApi.credentials';
import { runSynapNode, shutdownEngine, type SynapCredentials } from '../harness/workflow.cjs';
import { json, raw, startScriptedServer, type Recorded, type ScriptedServer } from '../support/scriptedServer.cjs';
import { deepText } from './support.cjs';

const TOKEN = 'p:AttackClassToken+With/Slash=0123456789abcdef';
let server: ScriptedServer;
let credentials: SynapCredentials;

const userDoc = (id: string, attributes: Record<string, unknown> = { name: 'Ada' }) => ({ data: { type: 'User', id, attributes } });
const getUser = (extra: Record<string, unknown> = {}) => ({
	resource: 'user',
	operation: 'get',
	userId: { __rl: true, mode: 'id', value: 'QsogF1GDFZ' },
	...extra,
});
const createGroup = (extra: Record<string, unknown> = {}) => ({ resource: 'userGroup', operation: 'create', name: 'Class 7B', ...extra });
const getAllUsers = (extra: Record<string, unknown> = {}) => ({ resource: 'user', operation: 'getAll', returnAll: true, ...extra });

/** Request times as the server saw them. */
const timed = (times: number[], responder: (req: Recorded, res: ServerResponse) => void) => (req: Recorded, res: ServerResponse) => {
	times.push(Date.now());
	responder(req, res);
};

beforeAll(async () => {
	server = await startScriptedServer();
	credentials = { accessToken: TOKEN, environment: 'custom', baseUrl: server.baseUrl };
});
afterAll(async () => {
	await server.close();
	await shutdownEngine();
});

describe('1. retries are bounded in count and time, whatever Retry-After says', () => {
	const tooMany = (retryAfter: string) => json(429, { errors: [{ status: '429', title: 'Too Many Requests' }] }, { 'Retry-After': retryAfter });

	test.each(['0', '-1', '0.0001', 'Thu, 01 Jan 1970 00:00:00 GMT'])(
		'429 with Retry-After %j: at least a second between attempts, then the item fails inside Max Rate-Limit Wait',
		async (retryAfter) => {
			const times: number[] = [];
			server.script(timed(times, tooMany(retryAfter)));
			const started = Date.now();
			const result = await runSynapNode({ parameters: getUser({ requestOptions: { maxRateLimitWait: 2 } }), credentials });
			const took = Date.now() - started;
			expect(result.error?.message).toMatch(/rate-limiting/);
			expect(result.error?.description).toMatch(/Max Rate-Limit Wait/);
			expect(times.length).toBeGreaterThanOrEqual(2);
			expect(times.length).toBeLessThanOrEqual(4);
			for (let k = 1; k < times.length; k++) expect(times[k] - times[k - 1]).toBeGreaterThanOrEqual(950);
			expect(took).toBeLessThan(6_000);
		},
		15_000,
	);

	test('a create answered 429 with Retry-After 0 is sent a bounded number of times', async () => {
		const times: number[] = [];
		server.script(timed(times, tooMany('0')));
		const result = await runSynapNode({ parameters: createGroup({ requestOptions: { maxRateLimitWait: 2 } }), credentials });
		expect(result.error).toBeDefined();
		expect(times.length).toBeLessThanOrEqual(4);
		expect(server.requests.every((r) => r.method === 'POST')).toBe(true);
	}, 15_000);
});

describe('2. a wait Synap asks for that does not fit the budget fails at once', () => {
	test.each([429, 503])('%s with Retry-After: 2000000 (23 days) fails the item in well under a second, saying why', async (status) => {
		server.script(json(status, { errors: [{ status: String(status), title: 'Later' }] }, { 'Retry-After': '2000000' }));
		const started = Date.now();
		const result = await runSynapNode({ parameters: getUser(), credentials });
		expect(Date.now() - started).toBeLessThan(3_000);
		expect(server.requests).toHaveLength(1);
		expect(result.error?.description).toMatch(/Synap asked to wait 86401 s .*Max Rate-Limit Wait leaves 300 s/);
	});

	test('a 503 Retry-After inside the budget is honoured (and counted), then the item succeeds', async () => {
		const times: number[] = [];
		server.script(
			timed(times, json(503, { errors: [{ status: '503' }] }, { 'Retry-After': '1' })),
			timed(times, json(200, userDoc('QsogF1GDFZ'))),
		);
		const result = await runSynapNode({ parameters: getUser(), credentials });
		expect(result.error).toBeUndefined();
		expect(times[1] - times[0]).toBeGreaterThanOrEqual(950);
	});
});

describe('3. the token appears nowhere, in any form, on any path', () => {
	const lowerHex = (encoded: string) => encoded.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase());
	const forms = (token: string) => {
		const bare = token.replace(/^p:/, '');
		return [
			bare,
			encodeURIComponent(token),
			encodeURIComponent(bare),
			lowerHex(encodeURIComponent(token)),
			Buffer.from(token).toString('base64').slice(0, -4),
			Buffer.from(`Bearer ${token}`).toString('base64').slice(4, -4),
			Buffer.from(`Authorization: Bearer ${token}`).toString('base64url').slice(4, -4),
		];
	};
	const leakIn = (text: string, token: string) => forms(token).filter((f) => text.includes(f));

	/** Echoes the Authorization header in many encodings. */
	const echo = (status: number) => (req: Recorded, res: ServerResponse) => {
		const auth = String(req.headers.authorization ?? '');
		const token = auth.replace(/^Bearer /, '');
		const shapes = {
			raw: auth,
			token,
			bare: token.replace(/^p:/, ''),
			url: encodeURIComponent(auth),
			urlLower: lowerHex(encodeURIComponent(token)),
			b64: Buffer.from(auth).toString('base64'),
			b64token: Buffer.from(token).toString('base64'),
			b64url: Buffer.from(`x-${auth}`).toString('base64url'),
			headers: req.headers,
		};
		const body =
			status < 300
				? { data: { type: 'User', id: 'QsogF1GDFZ', attributes: { name: 'Mirror', echo: shapes, note: `you sent ${auth}` } } }
				: { errors: [{ status: String(status), title: 'Rejected', detail: `token ${token} / ${shapes.url}`, meta: shapes }] };
		res.writeHead(status, { 'Content-Type': 'application/vnd.api+json', 'X-Echo': shapes.b64 });
		res.end(JSON.stringify(body));
	};

	test.each([
		['with a trailing line break', `${TOKEN}\n`],
		['with a "Bearer " prefix', `Bearer ${TOKEN}`],
		['with spaces around it', `  ${TOKEN}  `],
		['as pasted', TOKEN],
	])('stored %s: a 401 echoing it in every encoding shows none of them', async (_how, stored) => {
		server.script(echo(401));
		const result = await runSynapNode({ parameters: getUser(), credentials: { ...credentials, accessToken: stored }, onError: 'continueRegularOutput' });
		expect(server.requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
		const text = `${JSON.stringify(result.run)}\n${deepText(result.run)}`;
		expect(text).toMatch(/did not accept the Personal Access Token/);
		expect(leakIn(text, TOKEN)).toEqual([]);
	});

	test('a successful answer that mirrors the request puts no form of the token into the items', async () => {
		server.script(echo(200));
		const result = await runSynapNode({ parameters: getUser({ simplify: false }), credentials: { ...credentials, accessToken: `Bearer ${TOKEN}\n` } });
		expect(result.error).toBeUndefined();
		const text = `${JSON.stringify(result.items)}\n${deepText(result.run)}`;
		expect(text).toContain('Mirror');
		expect(text).toContain('[redacted]');
		expect(leakIn(text, TOKEN)).toEqual([]);
	});

	test('an answer spelling the token with JSON escapes is scrubbed too', async () => {
		const escaped = [...TOKEN].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
		server.script(raw(200, `{"data":{"type":"User","id":"QsogF1GDFZ","attributes":{"name":"x","t":"${escaped}"}}}`));
		const result = await runSynapNode({ parameters: getUser({ simplify: false }), credentials });
		expect(JSON.stringify(result.items)).not.toContain(TOKEN.slice(2));
	});
});

describe('4. the credential attaches the token only under its own Base URL', () => {
	const api = new SynapApi();
	const production: ICredentialDataDecryptedObject = { accessToken: TOKEN, environment: 'production' };
	const custom: ICredentialDataDecryptedObject = { accessToken: TOKEN, environment: 'custom', baseUrl: 'https://staging.example.com/synap/v3/' };
	/** `uri` is how n8n's older request helper (used by the HTTP Request node) names the address. */
	const attach = async (creds: ICredentialDataDecryptedObject, options: Partial<IHttpRequestOptions> & { uri?: string }) =>
		await api.authenticate(creds, { url: '', ...options } as IHttpRequestOptions);

	test.each([
		['another host', production, { url: 'https://attacker.example.com/v3/users' }],
		['another port', production, { url: 'https://api.synap.ac:8443/v3/users' }],
		['another path', production, { url: 'https://api.synap.ac/v2/users' }],
		['a path that climbs out', production, { url: 'https://api.synap.ac/v3/../admin' }],
		['an encoded climb', production, { url: 'https://api.synap.ac/v3/%2e%2e/admin' }],
		['a prefix that is not a folder', production, { url: 'https://api.synap.ac/v3x/users' }],
		['a look-alike host', production, { url: 'https://api.synap.ac.attacker.example/v3/users' }],
		['user info before the host', production, { url: 'https://api.synap.ac@attacker.example/v3/users' }],
		['a baseURL of another host', production, { baseURL: 'https://attacker.example.com/v3', url: '/users' }],
		['a protocol-relative url after the right baseURL', production, { baseURL: 'https://api.synap.ac/v3', url: '//attacker.example.com/v3/users' }],
		['the production API from a custom credential', custom, { url: 'https://api.synap.ac/v3/users' }],
		['http to the right host', production, { url: 'http://api.synap.ac/v3/users' }],
		['another host named as `uri` (n8n\'s older request helper, used by the HTTP Request node)', production, { uri: 'https://attacker.example.com/v3/users' }],
	])('refuses %s', async (_what, creds, options) => {
		await expect(attach(creds, options)).rejects.toThrow(/Refusing to send the Synap Personal Access Token/);
	});

	test.each([
		[production, { url: 'https://api.synap.ac/v3/users?page[size]=1' }],
		[production, { url: 'https://API.SYNAP.AC:443/v3/users' }],
		[production, { baseURL: 'https://api.synap.ac/v3', url: '/users' }],
		[custom, { url: 'https://staging.example.com/synap/v3/portals/abc' }],
		[custom, { url: 'https://staging.example.com/synap/v3' }],
		[production, { uri: 'https://api.synap.ac/v3/users' }],
	])('attaches it under the Base URL: %j %j', async (creds, options) => {
		const out = await attach(creds, options);
		expect((out.headers as Record<string, string>).Authorization).toBe(`Bearer ${TOKEN}`);
	});
});

describe('5. lists and answers are bounded', () => {
	test('a links.last of page 50,000,000 builds nothing up front: the list ends at the first empty page', async () => {
		const base = server.baseUrl;
		server.script((req, res) => {
			const page = Number(req.query.get('page[number]') ?? 1);
			const body =
				page === 1
					? { data: [userDoc('First00001').data], links: { next: `${base}/users?page[number]=2`, last: `${base}/users?page[number]=50000000` } }
					: { data: [] };
			json(200, body)(req, res);
		});
		const result = await runSynapNode({ parameters: getAllUsers(), credentials });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(server.requests.length).toBeLessThanOrEqual(5);
	});

	test('two pages linking each other under different spellings give each record once', async () => {
		const base = server.baseUrl;
		let served = 0;
		server.script((req, res) => {
			const page = Number(req.query.get('page[number]') ?? 1);
			const other = page === 1 ? 2 : 1;
			const spelled = served++ % 2 ? `page%5Bnumber%5D=${other}` : `page[number]=${other}`;
			json(200, { data: [userDoc(`Record000${page}`).data], links: { next: `${base}/users?${spelled}&page%5Bsize%5D=100` } })(req, res);
		});
		const result = await runSynapNode({ parameters: getAllUsers(), credentials });
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json.id)).toEqual(['Record0001', 'Record0002']);
	});

	test('a list whose next link never ends stops at 5,000 pages with an error saying how far it got', async () => {
		const base = server.baseUrl;
		server.script((req, res) => {
			const page = Number(req.query.get('page[number]') ?? 1);
			res.writeHead(200, { 'Content-Type': 'application/vnd.api+json' });
			res.end(JSON.stringify({ data: [{ type: 'User', id: `U${page}`, attributes: {} }], links: { next: `${base}/users?page[number]=${page + 1}` } }));
		});
		const result = await runSynapNode({ parameters: getAllUsers(), credentials });
		expect(server.requests).toHaveLength(5_000);
		expect(result.error?.message).toBe('Stopped reading the list after 5,000 pages: 5000 pages, 5000 records read [item 0]');
		expect(result.error?.description).toMatch(/Narrow the list with filters, or turn off Return All and set a Limit/);
	}, 120_000);

	const big = (mb: number) => `{"data":{"type":"User","id":"QsogF1GDFZ","attributes":{"name":"${'x'.repeat(mb * 1_048_576)}"}}}`;

	test.each([
		['with a Content-Length', (req: Recorded, res: ServerResponse) => raw(200, big(20))(req, res)],
		[
			'streamed without a length',
			(_req: Recorded, res: ServerResponse) => {
				res.writeHead(200, { 'Content-Type': 'application/vnd.api+json', 'Transfer-Encoding': 'chunked' });
				const chunk = 'x'.repeat(1_048_576);
				let sent = 0;
				const pump = () => {
					while (sent < 40 && res.write(chunk)) sent++;
					if (sent < 40) res.once('drain', pump);
					else res.end();
				};
				res.write('{"data":{"type":"User","id":"QsogF1GDFZ","attributes":{"name":"');
				pump();
			},
		],
	])('an answer over Max Response Size (16 MB by default) fails its item with a plain message (%s)', async (_how, responder) => {
		server.script(responder as (req: Recorded, res: ServerResponse) => void);
		const result = await runSynapNode({ parameters: getUser(), credentials, onError: 'continueRegularOutput' });
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.error).toBe("Synap's answer was larger than 16 MB, so it was not read");
		expect(server.requests).toHaveLength(1);
	});

	test('Max Response Size can be raised for a large answer', async () => {
		server.script(raw(200, big(20)));
		const result = await runSynapNode({ parameters: getUser({ requestOptions: { maxResponseSize: 32 } }), credentials });
		expect(result.error).toBeUndefined();
		expect(String(result.items[0].json.name)).toHaveLength(20 * 1_048_576);
	});

	test('a create whose successful answer is too large says it was applied', async () => {
		server.script(raw(201, big(20)));
		const result = await runSynapNode({ parameters: createGroup(), credentials });
		expect(server.requests).toHaveLength(1);
		expect(result.error?.description).toMatch(/this write was applied: check in Synap/);
	});
});
