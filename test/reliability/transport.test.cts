/**
 * Issue 8.4 — transport safety, through n8n-core's real engine and HTTP stack.
 *
 * - An http:// base URL is refused unless the host is loopback, including look-alikes such as
 *   http://127.0.0.1.evil.com: every hostname is resolved to a local catch-all server during
 *   these tests, so anything sent would be seen there.
 * - A redirect (301/302/307/308, to another host and to the same host) never carries the
 *   Authorization header anywhere, neither from the node nor from the credential test.
 * - Timeouts are set on every request, and a server that never answers (or trickles its answer
 *   forever) makes the item fail within the timeout instead of hanging.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import * as v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { isIP, type AddressInfo, type Socket } from 'node:net';

import axios from 'axios';
import type { INodeParameters } from 'n8n-workflow';

// The module object itself (an ES namespace import would be read-only): net.connect reads
// dns.lookup from it at connect time.
const dns = require('node:dns') as typeof import('node:dns');

import { runSynapNode } from '../harness/workflow.cjs';
import { runCredentialTest } from './credentialTest.cjs';
import { deepText, occurrences, print } from './support.cjs';
import { SynapApi } from '../../credentials/SynapApi.credentials';

const TOKEN = 'p:TransportSafetyToken0123456789abcdefXYZ';
const USER_DOC = { data: { type: 'User', id: 'QsogF1GDFZ', attributes: { name: 'Ada' } } };

interface Seen {
	method: string;
	url: string;
	host: string;
	authorization?: string;
}

interface TestServer {
	origin: string;
	port: number;
	seen: Seen[];
	handle: (req: IncomingMessage, res: ServerResponse) => void;
	close(): Promise<void>;
}

async function startServer(host: string, handle: (req: IncomingMessage, res: ServerResponse) => void, listenOn = host): Promise<TestServer> {
	const seen: Seen[] = [];
	const sockets = new Set<Socket>();
	const state: TestServer = {
		origin: '',
		port: 0,
		seen,
		handle,
		close: () =>
			new Promise<void>((resolve) => {
				for (const s of sockets) s.destroy();
				server.close(() => resolve());
			}),
	};
	const server: Server = createServer((req, res) => {
		req.resume();
		seen.push({ method: req.method ?? '', url: req.url ?? '', host: String(req.headers.host), authorization: req.headers.authorization });
		state.handle(req, res);
	});
	server.on('connection', (s) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
	});
	await new Promise<void>((resolve) => server.listen(0, listenOn, resolve));
	state.port = (server.address() as AddressInfo).port;
	state.origin = `http://${host}:${state.port}`;
	return state;
}

const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => (_req: IncomingMessage, res: ServerResponse) => {
	res.writeHead(status, { 'Content-Type': 'application/vnd.api+json', ...headers });
	res.end(body === undefined ? '' : JSON.stringify(body));
};

const getUser = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'user',
	operation: 'get',
	userId: { __rl: true, mode: 'id', value: 'QsogF1GDFZ' },
	...extra,
});
const registerUser = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'user',
	operation: 'create',
	name: 'Ada Lovelace',
	emailAddress: 'ada@example.com',
	...extra,
});

let catchAll: TestServer;
let realLookup: typeof dns.lookup;
/** Every axios request n8n makes in this file: its timeout, redirect setting and URL. */
const axiosConfigs: Array<{ url?: string; baseURL?: string; timeout?: number; maxRedirects?: number; signal?: unknown }> = [];
let interceptor: number;

beforeAll(async () => {
	catchAll = await startServer('127.0.0.1', answer(200, USER_DOC));
	// Resolve every name to 127.0.0.1: a request the node should refuse would reach catchAll.
	realLookup = dns.lookup;
	(dns as { lookup: unknown }).lookup = (hostname: string, options: unknown, callback?: unknown) => {
		if (isIP(hostname) || hostname === 'localhost') return (realLookup as (...args: unknown[]) => void)(hostname, options, callback);
		const cb = (typeof options === 'function' ? options : callback) as (...args: unknown[]) => void;
		const all = typeof options === 'object' && options !== null && (options as { all?: boolean }).all;
		if (all) cb(null, [{ address: '127.0.0.1', family: 4 }]);
		else cb(null, '127.0.0.1', 4);
	};
	interceptor = axios.interceptors.request.use((config) => {
		axiosConfigs.push({ url: config.url, baseURL: config.baseURL, timeout: config.timeout, maxRedirects: config.maxRedirects, signal: config.signal });
		return config;
	});
});
afterAll(async () => {
	(dns as { lookup: unknown }).lookup = realLookup;
	axios.interceptors.request.eject(interceptor);
	await catchAll.close();
});

test('the DNS redirection used by this file works (a refused URL would really have reached the catch-all)', async () => {
	const before = catchAll.seen.length;
	const response = await axios.get(`http://some-host.evil.example:${catchAll.port}/probe`);
	expect(response.status).toBe(200);
	expect(catchAll.seen.length).toBe(before + 1);
	expect(catchAll.seen[catchAll.seen.length - 1].host).toBe(`some-host.evil.example:${catchAll.port}`);
});

describe('plain http:// is refused unless the host is loopback', () => {
	const refused = () => [
		`http://synap.example.com:${catchAll.port}/v3`,
		`http://127.0.0.1.evil.com:${catchAll.port}/v3`,
		`http://localhost.evil.com:${catchAll.port}/v3`,
		`http://127.0.0.1.nip.io:${catchAll.port}/v3`,
		`http://localhost.:${catchAll.port}/v3`,
		`http://0.0.0.0:${catchAll.port}/v3`,
		`http://10.0.0.1:${catchAll.port}/v3`,
		`http://[::ffff:127.0.0.1]:${catchAll.port}/v3`,
		`HTTP://EVIL.COM:${catchAll.port}/v3`,
		`http://evil.com:${catchAll.port}\\@127.0.0.1/v3`,
		`http://127.0.0.1@evil.com:${catchAll.port}/v3`,
		`http://user:pass@127.0.0.1:${catchAll.port}/v3`,
		`http://127.0.0.1:${catchAll.port}/v3?x=1`,
		`ws://127.0.0.1:${catchAll.port}/v3`,
		`ftp://127.0.0.1:${catchAll.port}/v3`,
		'file:///etc/passwd',
		'javascript:alert(1)',
		`//127.0.0.1:${catchAll.port}/v3`,
		'',
	];
	const allowed = () => [`http://127.0.0.1:${catchAll.port}/v3`, `http://localhost:${catchAll.port}/v3`, `http://LOCALHOST:${catchAll.port}/v3/`];

	test('the node refuses before anything is sent; loopback works', async () => {
		let refusedCount = 0;
		for (const baseUrl of refused()) {
			const before = catchAll.seen.length;
			const result = await runSynapNode({ parameters: getUser(), credentials: { accessToken: TOKEN, environment: 'custom', baseUrl } });
			expect({ baseUrl, sent: catchAll.seen.length - before }).toEqual({ baseUrl, sent: 0 });
			expect(result.error?.message).toMatch(/Base URL|Refusing to send/);
			expect(deepText(result.run)).not.toContain(TOKEN);
			refusedCount++;
		}
		for (const baseUrl of allowed()) {
			const before = catchAll.seen.length;
			const result = await runSynapNode({ parameters: getUser(), credentials: { accessToken: TOKEN, environment: 'custom', baseUrl } });
			expect(result.error).toBeUndefined();
			expect(catchAll.seen.length).toBe(before + 1);
			expect(catchAll.seen[catchAll.seen.length - 1].authorization).toBe(`Bearer ${TOKEN}`);
		}
		print(`[transport] node: ${refusedCount} non-loopback/invalid base URLs refused with nothing sent, ${allowed().length} loopback URLs allowed`);
	});

	test('the credential test refuses the same URLs before anything is sent', async () => {
		let refusedCount = 0;
		for (const baseUrl of refused()) {
			const before = catchAll.seen.length;
			const { result, reported } = await runCredentialTest({ accessToken: TOKEN, environment: 'custom', baseUrl });
			expect({ baseUrl, sent: catchAll.seen.length - before }).toEqual({ baseUrl, sent: 0 });
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/Base URL|Refusing to send/);
			expect(result.message).not.toContain(TOKEN);
			expect(occurrences(deepText(reported), TOKEN)).toBe(0);
			refusedCount++;
		}
		// A loopback sandbox is allowed: the test request is sent there (what the catch-all answers,
		// a user document for any path, is not Synap's answer to the test, so it is not "connected").
		const before = catchAll.seen.length;
		const ok = await runCredentialTest({ accessToken: TOKEN, environment: 'custom', baseUrl: `http://127.0.0.1:${catchAll.port}/v3` });
		expect(catchAll.seen.length).toBe(before + 1);
		expect(catchAll.seen[catchAll.seen.length - 1].authorization).toBe(`Bearer ${TOKEN}`);
		expect(ok.result.message).not.toMatch(/Refusing|Base URL in the Synap API credential/);
		print(`[transport] credential test: ${refusedCount} base URLs refused with nothing sent; loopback sandbox accepted`);
	});

	test("the credential's authenticate is the last line: it will not attach the token to http:// off loopback", async () => {
		const credential = new SynapApi();
		const data = { accessToken: TOKEN, environment: 'custom' };
		for (const url of ['http://evil.com/v3/users', 'http://127.0.0.1.evil.com/v3/users', 'http://localhost.evil.com/v3/users', 'ftp://127.0.0.1/x', 'not a url']) {
			await expect(credential.authenticate(data, { url })).rejects.toThrow(/Refusing to send the Synap Personal Access Token/);
		}
		await expect(credential.authenticate(data, { baseURL: 'http://evil.com/v3', url: '/users' })).rejects.toThrow(/Refusing/);
		const ok = await credential.authenticate({ accessToken: TOKEN, environment: 'production' }, { url: 'https://api.synap.ac/v3/users' });
		expect(ok.headers).toMatchObject({ Authorization: `Bearer ${TOKEN}` });
	});
});

describe('redirects never carry the token', () => {
	let target: TestServer;
	let origin: TestServer;
	beforeAll(async () => {
		// Another host: 127.0.0.2 is loopback on Linux but a different origin (listening on every
		// address, so a redirect by name, resolved to 127.0.0.1 in this file, reaches it too).
		target = await startServer('127.0.0.2', answer(200, USER_DOC), '0.0.0.0');
		origin = await startServer('127.0.0.1', answer(200, USER_DOC));
	});
	afterAll(async () => {
		await target.close();
		await origin.close();
	});

	const cases = () =>
		[301, 302, 307, 308].flatMap((status) => [
			{ status, where: 'another host', location: `${target.origin}/steal` },
			{ status, where: 'another host by name', location: `http://redirect-target.example:${target.port}/steal` },
			{ status, where: 'the same host', location: `${origin.origin}/v3/elsewhere` },
		]);

	test('the node does not follow any redirect, for reads and creates', async () => {
		let tried = 0;
		for (const c of cases()) {
			for (const parameters of [getUser(), registerUser()]) {
				origin.handle = (req, res) => {
					if (req.url?.startsWith('/v3/elsewhere')) return answer(200, USER_DOC)(req, res);
					return answer(c.status, { errors: [] }, { Location: c.location })(req, res);
				};
				origin.seen.length = 0;
				target.seen.length = 0;
				const result = await runSynapNode({ parameters, credentials: { accessToken: TOKEN, environment: 'custom', baseUrl: `${origin.origin}/v3` } });
				expect({ ...c, originRequests: origin.seen.length, targetRequests: target.seen.length }).toEqual({ ...c, originRequests: 1, targetRequests: 0 });
				expect(result.error?.message).toBe(`Synap answered with a redirect (HTTP ${c.status}), which the node does not follow`);
				expect(deepText(result.run)).not.toContain(TOKEN);
				tried++;
			}
		}
		print(`[transport] node: ${tried} redirects (301/302/307/308 × other host, other name, same host × GET/POST) — none followed, target received 0 requests`);
	});

	test('the credential test does not follow a redirect either (n8n would re-attach the token by default)', async () => {
		let tried = 0;
		for (const c of cases()) {
			origin.handle = (req, res) => {
				if (req.url?.startsWith('/v3/elsewhere')) return answer(200, { data: [] })(req, res);
				return answer(c.status, { errors: [] }, { Location: c.location })(req, res);
			};
			origin.seen.length = 0;
			target.seen.length = 0;
			const { result, reported } = await runCredentialTest({ accessToken: TOKEN, environment: 'custom', baseUrl: `${origin.origin}/v3` });
			const leaked = [...origin.seen.slice(1), ...target.seen].filter((s) => s.authorization !== undefined).length;
			expect({ ...c, followed: origin.seen.length - 1 + target.seen.length, leaked }).toEqual({ ...c, followed: 0, leaked: 0 });
			expect(result.status).toBe('Error');
			expect(occurrences(deepText([result, reported]), TOKEN)).toBe(0);
			tried++;
		}
		print(`[transport] credential test: ${tried} redirects — none followed, Authorization sent to a redirect target 0 times`);
	});
});

describe('timeouts', () => {
	let silent: TestServer;
	let trickle: TestServer;
	/** Answers the trickling server is still sending. */
	let trickling = 0;
	beforeAll(async () => {
		silent = await startServer('127.0.0.1', () => undefined);
		// Sends the status line and headers, then one byte of body every 200 ms, forever.
		trickle = await startServer('127.0.0.1', (_req, res) => {
			trickling++;
			res.writeHead(200, { 'Content-Type': 'application/vnd.api+json' });
			res.write(' ');
			const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(' ')), 200);
			res.on('close', () => {
				trickling--;
				clearInterval(timer);
			});
		});
	});
	afterAll(async () => {
		await silent.close();
		await trickle.close();
	});

	test('every request the node makes has a timeout (default 60 s) and does not follow redirects', async () => {
		axiosConfigs.length = 0;
		const result = await runSynapNode({ parameters: getUser(), credentials: { accessToken: TOKEN, environment: 'custom', baseUrl: `http://127.0.0.1:${catchAll.port}/v3` } });
		expect(result.error).toBeUndefined();
		expect(axiosConfigs).toHaveLength(1);
		expect(axiosConfigs[0]).toMatchObject({ timeout: 60_000, maxRedirects: 0 });
		// …and a deadline for the whole exchange (joined to n8n's cancel signal), not only an idle timeout.
		expect(axiosConfigs[0].signal).toBeDefined();
		const nodeTimeout = axiosConfigs[0].timeout;
		axiosConfigs.length = 0;
		await runCredentialTest({ accessToken: TOKEN, environment: 'custom', baseUrl: `http://127.0.0.1:${catchAll.port}/v3` });
		expect(axiosConfigs).toHaveLength(1);
		print(`[transport] timeouts: node request ${nodeTimeout} ms (idle) + deadline signal, maxRedirects 0; credential test request ${axiosConfigs[0].timeout} ms, maxRedirects ${axiosConfigs[0].maxRedirects}`);
		expect(axiosConfigs[0].timeout).toBeGreaterThan(0);
		expect(axiosConfigs[0].maxRedirects).toBe(0);
	});

	const timed = async (baseUrl: string, parameters: INodeParameters) => {
		const started = Date.now();
		const result = await runSynapNode({ parameters, credentials: { accessToken: TOKEN, environment: 'custom', baseUrl } });
		return { result, ms: Date.now() - started };
	};

	test('a server that never answers: a create fails after one timeout, a read after its retries, not hanging', async () => {
		const create = await timed(`${silent.origin}/v3`, registerUser({ requestOptions: { timeout: 1 } }));
		expect(create.result.error?.message).toBe('Synap did not answer in time');
		expect(create.ms).toBeLessThan(5_000); // ~1 s; the bound leaves room for a loaded machine
		// A read is retried: 4 attempts of 1 s plus backoff 0.5 + 1 + 2 s.
		const read = await timed(`${silent.origin}/v3`, getUser({ requestOptions: { timeout: 1 } }));
		expect(read.result.error?.message).toBe('Synap did not answer in time');
		expect(read.ms).toBeLessThan(4 * 1_000 + 3_500 + 2_000);
		print(`[transport] never-answering server, Timeout 1 s: create failed after ${(create.ms / 1000).toFixed(1)} s (1 attempt), get after ${(read.ms / 1000).toFixed(1)} s (4 attempts)`);
	}, 30_000);

	test('a server that trickles its answer forever: the item still fails within the timeout', async () => {
		const create = await timed(`${trickle.origin}/v3`, registerUser({ requestOptions: { timeout: 1 } }));
		expect(create.result.error?.message).toBe('Synap did not answer in time');
		expect(create.result.error?.description).toContain('may already have been applied');
		expect(create.ms).toBeLessThan(5_000); // ~1 s; the bound leaves room for a loaded machine
		const read = await timed(`${trickle.origin}/v3`, getUser({ requestOptions: { timeout: 1 } }));
		expect(read.result.error?.message).toBe('Synap did not answer in time');
		expect(read.ms).toBeLessThan(4 * 1_000 + 3_500 + 2_000);
		// The request was aborted, not abandoned: the server sees every connection closed.
		await new Promise((resolve) => setTimeout(resolve, 100));
		print(
			`[transport] trickling server (a byte every 200 ms, forever), Timeout 1 s: create failed after ${(create.ms / 1000).toFixed(1)} s, ` +
				`get after ${(read.ms / 1000).toFixed(1)} s (4 attempts); connections left open ${trickling}`,
		);
		expect(trickling).toBe(0);
	}, 30_000);

	test('the deadline survives garbage collection during the request (Node 20 lets AbortSignal.any lose an unreferenced timeout signal)', async () => {
		// On Node 20, AbortSignal.timeout's timer and AbortSignal.any's composite hold the timeout
		// signal only weakly: a GC while the request waits collected it, the deadline never fired and
		// the item hung for as long as the server kept trickling. Only under memory pressure, so this
		// forces collections while the requests wait.
		v8.setFlagsFromString('--expose-gc');
		const collect = runInNewContext('gc') as () => void;
		let collections = 0;
		const collector = setInterval(() => {
			collect();
			collections++;
		}, 150);
		try {
			const create = await timed(`${trickle.origin}/v3`, registerUser({ requestOptions: { timeout: 1 } }));
			expect(create.result.error?.message).toBe('Synap did not answer in time');
			expect(create.ms).toBeLessThan(5_000); // ~1 s; the bound leaves room for a loaded machine
			const read = await timed(`${trickle.origin}/v3`, getUser({ requestOptions: { timeout: 1 } }));
			expect(read.result.error?.message).toBe('Synap did not answer in time');
			print(`[transport] trickling server with a forced GC every 150 ms (${collections} collections), Timeout 1 s: create failed after ${(create.ms / 1000).toFixed(1)} s, get after ${(read.ms / 1000).toFixed(1)} s`);
		} finally {
			clearInterval(collector);
		}
	}, 20_000);
});
