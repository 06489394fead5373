'use strict';
/**
 * Runs the packed n8n-nodes-synap inside a REAL n8n, headless.
 *
 *   const h = require('./test/e2e/support/n8n-harness.cjs');
 *   const tarball = h.packPackage();                       // npm run build + npm pack
 *   const home = await h.createN8nHome({ version: '2.8.4', tarball });
 *   await h.importCredentials(home, [{ id, name, type: 'synapApi', data: {...} }]);
 *   const id = await h.importWorkflow(home, workflowJson);
 *   const { code, json } = await h.executeWorkflow(home, id);
 *   const srv = await h.startN8n(home);                     // { url, stop() }
 *   const owner = await h.setupOwner(srv.url);              // { cookie, email, password }
 *   const key = await h.createApiKey(srv.url, owner.cookie);
 *   const api = h.publicApi(srv.url, key);                  // api.createWorkflow(), api.activateWorkflow(id) …
 *   await srv.stop(); await home.cleanup();
 *
 * The package is installed as a real community package in <home>/.n8n/nodes (node type
 * `n8n-nodes-synap.synap`, credential `synapApi`); N8N_CUSTOM_EXTENSIONS is never set.
 * Every child process is tracked and killed when this process exits.
 */
const fs = require('node:fs');
const os = require('node:os');
const net = require('node:net');
const path = require('node:path');
const crypto = require('node:crypto');
const { spawn, spawnSync } = require('node:child_process');
const runtime = require('../../../scripts/n8n-runtime.cjs');

const REPO_ROOT = path.resolve(__dirname, '../../..');
const PACKAGE_NAME = 'n8n-nodes-synap';
const NODE_TYPE = `${PACKAGE_NAME}.synap`;
const CREDENTIAL_TYPE = 'synapApi';
const ENCRYPTION_KEY = 'synap-e2e-encryption-key-0123456789abcdef';
const DEFAULT_OWNER = Object.freeze({
	email: 'owner@example.com',
	firstName: 'Synap',
	lastName: 'Owner',
	password: 'Synap-E2e-Passw0rd!',
});

// ---------------------------------------------------------------------------------------------
// child-process bookkeeping: nothing may be left running after tests, also on failure.

const liveChildren = new Set();

function killTree(child, signal) {
	if (!child || child.exitCode !== null || child.signalCode !== null) return;
	try {
		// children are spawned detached (own process group): signal the whole group,
		// which includes n8n's task-runner child processes.
		process.kill(-child.pid, signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			/* already gone */
		}
	}
}

process.on('exit', () => {
	for (const c of liveChildren) killTree(c, 'SIGKILL');
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	// First signal: stop our n8n processes gracefully (they run in their own process groups,
	// so a terminal Ctrl-C does not reach them), then exit. A second signal kills at once
	// (the 'exit' hook above SIGKILLs what is left).
	process.once(sig, () => {
		const code = 128 + (os.constants.signals[sig] || 1);
		if (liveChildren.size === 0) process.exit(code);
		process.stderr.write(`\n[n8n-harness] ${sig}: stopping ${liveChildren.size} child process(es) (n8n, sandbox) …\n`);
		Promise.all([...liveChildren].map((c) => terminate(c, 10_000))).finally(() => process.exit(code));
	});
}

function spawnTracked(cmd, args, opts) {
	const child = spawn(cmd, args, { ...opts, detached: true });
	liveChildren.add(child);
	child.on('exit', () => liveChildren.delete(child));
	child.on('error', () => liveChildren.delete(child));
	return child;
}

function waitForExit(child, ms) {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
	return new Promise((resolve) => {
		const t = setTimeout(() => resolve(false), ms);
		child.once('exit', () => {
			clearTimeout(t);
			resolve(true);
		});
	});
}

/** SIGTERM, wait up to graceMs, then SIGKILL the process group. */
async function terminate(child, graceMs = 20_000) {
	if (!child) return;
	killTree(child, 'SIGTERM');
	if (!(await waitForExit(child, graceMs))) {
		killTree(child, 'SIGKILL');
		await waitForExit(child, 5000);
	}
}

// ---------------------------------------------------------------------------------------------
// small utilities

function sleep(ms) {
	return new Promise((r) => setTimeout(r, ms));
}

/** A free TCP port on 127.0.0.1 (asks the kernel for an ephemeral one). */
function getFreePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

/** n8n ids: alphanumeric, at most 21 characters for workflows. */
function randomId(len = 16) {
	const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	const bytes = crypto.randomBytes(len);
	let s = '';
	for (let i = 0; i < len; i++) s += abc[bytes[i] % abc.length];
	return s;
}

/** Environment without npm-run / node-test leftovers that would confuse child n8n or npm processes. */
function baseEnv() {
	const env = { ...process.env };
	for (const k of Object.keys(env)) {
		if (k.startsWith('npm_') || k.startsWith('N8N_') || k === 'NODE_TEST_CONTEXT' || k === 'NODE_OPTIONS') {
			delete env[k];
		}
	}
	delete env.DB_TYPE;
	delete env.WEBHOOK_URL;
	return env;
}

function run(cmd, args, { cwd, env, timeoutMs = 10 * 60_000, label } = {}) {
	const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
	if (r.error) throw new Error(`${label || cmd} failed to run: ${r.error.message}`);
	if (r.status !== 0) {
		const out = `${r.stdout || ''}\n${r.stderr || ''}`.trim().split('\n').slice(-60).join('\n');
		throw new Error(`${label || `${cmd} ${args.join(' ')}`} exited ${r.status ?? r.signal}:\n${out}`);
	}
	return r;
}

// ---------------------------------------------------------------------------------------------
// packing

/**
 * `npm run build` (unless build === false) then `npm pack` of the repo into a fresh temp dir.
 * @returns {string} absolute path of the .tgz
 */
function packPackage({ cwd = REPO_ROOT, build = true, outDir } = {}) {
	const env = baseEnv();
	if (build) run('npm', ['run', 'build'], { cwd, env, label: 'npm run build' });
	const dest = outDir || fs.mkdtempSync(path.join(os.tmpdir(), 'synap-pack-'));
	fs.mkdirSync(dest, { recursive: true });
	run('npm', ['pack', '--pack-destination', dest, '--loglevel=warn'], { cwd, env, label: 'npm pack' });
	const tgz = fs.readdirSync(dest).filter((f) => f.endsWith('.tgz'));
	if (tgz.length !== 1) throw new Error(`npm pack: expected one .tgz in ${dest}, found ${tgz.join(', ') || 'none'}`);
	return path.join(dest, tgz[0]);
}

let packedHere = null;
/**
 * The tarball under test: $SYNAP_E2E_TARBALL (set by scripts/e2e.cjs, which packs once for all
 * files and versions) or, when run directly with `node --test`, packPackage() once per process
 * (removed again when the process exits).
 */
function getTarball() {
	const env = process.env.SYNAP_E2E_TARBALL;
	if (env && fs.existsSync(env)) return env;
	if (!packedHere) {
		packedHere = packPackage();
		const dir = path.dirname(packedHere);
		process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
	}
	return packedHere;
}

/** File list of a tarball (`tar -tzf`), without the leading "package/". */
function tarballFiles(tarball) {
	const r = run('tar', ['-tzf', tarball], { label: 'tar -tzf' });
	return r.stdout
		.split('\n')
		.filter(Boolean)
		.map((f) => f.replace(/^package\//, ''));
}

// ---------------------------------------------------------------------------------------------
// n8n home

/**
 * A fresh N8N_USER_FOLDER with the tarball installed as a community package.
 * @param {{version?: string, node?: 'system'|'24', tarball?: string, userFolder?: string, env?: object, keep?: boolean}} [opts]
 * @returns {Promise<N8nHome>}
 *
 * @typedef {object} N8nHome
 * @property {string} version
 * @property {object} runtime    result of ensureN8n()
 * @property {string} dir        N8N_USER_FOLDER
 * @property {string} n8nDir     <dir>/.n8n (sqlite db, config, nodes/)
 * @property {number} port       N8N_PORT
 * @property {number} brokerPort N8N_RUNNERS_BROKER_PORT
 * @property {string} url        http://127.0.0.1:<port>
 * @property {object} env        environment for n8n processes
 * @property {() => Promise<void>} cleanup  stops servers started from this home and removes dir (unless SYNAP_E2E_KEEP=1)
 */
async function createN8nHome({ version = runtime.DEFAULT_N8N_VERSION, node, tarball, userFolder, env: extraEnv, keep } = {}) {
	const rt = await runtime.ensureN8n(version, { node });
	const dir = userFolder ? path.resolve(userFolder) : fs.mkdtempSync(path.join(os.tmpdir(), 'synap-n8n-home-'));
	const n8nDir = path.join(dir, '.n8n');
	fs.mkdirSync(n8nDir, { recursive: true });
	const port = await getFreePort();
	let brokerPort = await getFreePort();
	while (brokerPort === port) brokerPort = await getFreePort();

	const env = {
		...baseEnv(),
		PATH: [...rt.pathPrefix, process.env.PATH].join(path.delimiter),
		N8N_USER_FOLDER: dir,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		DB_TYPE: 'sqlite',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_PORT: String(port),
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_SECURE_COOKIE: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		...extraEnv,
	};
	const home = {
		version,
		runtime: rt,
		dir,
		n8nDir,
		port,
		brokerPort,
		url: `http://127.0.0.1:${port}`,
		env,
		servers: new Set(),
		async cleanup() {
			for (const s of [...home.servers]) await s.stop();
			if (!(keep || process.env.SYNAP_E2E_KEEP === '1')) fs.rmSync(dir, { recursive: true, force: true });
		},
	};
	if (tarball) installPackage(home, tarball);
	return home;
}

/**
 * Installs a tarball into <home>/.n8n/nodes the way n8n's community-package installer lays it
 * out (node_modules/<name>), without pulling the n8n-workflow peer dependency.
 */
function installPackage(home, tarball) {
	const nodesDir = path.join(home.n8nDir, 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	const pj = path.join(nodesDir, 'package.json');
	if (!fs.existsSync(pj)) {
		fs.writeFileSync(pj, JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2) + '\n');
	}
	// a reused home: replace whatever version was there
	fs.rmSync(path.join(nodesDir, 'node_modules', PACKAGE_NAME), { recursive: true, force: true });
	run(
		'npm',
		[
			'install',
			path.resolve(tarball),
			'--legacy-peer-deps',
			'--ignore-scripts',
			'--package-lock=false',
			'--install-strategy=shallow',
			'--bin-links=false',
			'--no-audit',
			'--no-fund',
			'--loglevel=warn',
		],
		{ cwd: nodesDir, env: { ...baseEnv(), npm_config_yes: 'true' }, label: 'npm install <tarball> into .n8n/nodes' },
	);
	const installed = path.join(nodesDir, 'node_modules', PACKAGE_NAME, 'package.json');
	if (!fs.existsSync(installed)) throw new Error(`package not found after install: ${installed}`);
	return path.dirname(installed);
}

// ---------------------------------------------------------------------------------------------
// n8n CLI

/**
 * Runs `n8n <args…>` for a home. Resolves { code, stdout, stderr, signal, ms } (never rejects on a
 * non-zero exit; rejects only if the process cannot be started).
 */
function runN8n(home, args, { timeoutMs = 180_000 } = {}) {
	const [nodeBin, n8nBin] = home.runtime.command;
	return new Promise((resolve, reject) => {
		const t0 = Date.now();
		const child = spawnTracked(nodeBin, [n8nBin, ...args], {
			cwd: home.dir,
			env: home.env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			terminate(child, 5000);
		}, timeoutMs);
		child.on('error', (e) => {
			clearTimeout(timer);
			reject(e);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			const ms = Date.now() - t0;
			if (process.env.SYNAP_E2E_VERBOSE === '1') {
				process.stderr.write(`[n8n ${args.join(' ')}] rc=${code} ${ms} ms\n${stdout}\n${stderr}\n`);
			}
			resolve({
				code: timedOut ? 124 : code === null ? 128 : code,
				signal,
				stdout,
				stderr,
				ms,
				timedOut,
			});
		});
	});
}

function assertOk(res, what) {
	if (res.code !== 0) {
		const out = `${res.stdout}\n${res.stderr}`.trim().split('\n').slice(-40).join('\n');
		throw new Error(`${what} exited ${res.code}${res.timedOut ? ' (timed out)' : ''}:\n${out}`);
	}
	return res;
}

/**
 * `n8n import:credentials`. Each credential: { id?, name, type, data } with plain `data`
 * (n8n encrypts it on import). Missing ids are generated. Returns the credentials with ids.
 */
async function importCredentials(home, creds) {
	const list = creds.map((c) => ({ id: c.id || randomId(16), ...c }));
	const file = path.join(home.dir, `credentials-${randomId(6)}.json`);
	fs.writeFileSync(file, JSON.stringify(list, null, 2));
	assertOk(await runN8n(home, ['import:credentials', `--input=${file}`]), 'n8n import:credentials');
	return list;
}

/**
 * `n8n import:workflow`. Fills in id (≤ 21 chars), name, active:false, settings, connections.
 * @returns {Promise<string>} the workflow id
 */
async function importWorkflow(home, workflow) {
	const [id] = await importWorkflows(home, [workflow]);
	return id;
}

/**
 * Several workflows with ONE `n8n import:workflow` call (the file holds an array): one n8n
 * bootstrap instead of one per workflow. Fills in ids like importWorkflow().
 * @returns {Promise<string[]>} the workflow ids, in order
 */
async function importWorkflows(home, workflows) {
	const list = workflows.map((workflow) => ({
		name: 'synap e2e',
		active: false,
		settings: {},
		connections: {},
		...workflow,
		id: workflow.id || randomId(16),
	}));
	for (const wf of list) if (wf.id.length > 21) throw new Error(`workflow id "${wf.id}" is longer than 21 characters`);
	const file = path.join(home.dir, `workflows-${randomId(6)}.json`);
	fs.writeFileSync(file, JSON.stringify(list, null, 2));
	assertOk(await runN8n(home, ['import:workflow', `--input=${file}`]), 'n8n import:workflow');
	return list.map((wf) => wf.id);
}

/**
 * Finds JSON values in mixed log output: every position where a line starts with `{` or `[`,
 * scanned to its matching bracket (string-aware) and parsed. Returns the parsed values in order.
 */
function extractJsonValues(text) {
	const out = [];
	const re = /^[ \t]*[[{]/gm;
	let m;
	let skipUntil = -1;
	while ((m = re.exec(text))) {
		const start = m.index + m[0].length - 1;
		if (start < skipUntil) continue;
		const end = matchBracket(text, start);
		if (end < 0) continue;
		try {
			out.push(JSON.parse(text.slice(start, end + 1)));
			skipUntil = end + 1;
		} catch {
			/* not JSON: keep looking */
		}
	}
	return out;
}

function matchBracket(text, start) {
	let depth = 0;
	let inStr = false;
	for (let i = start; i < text.length; i++) {
		const ch = text[i];
		if (inStr) {
			if (ch === '\\') i++;
			else if (ch === '"') inStr = false;
			continue;
		}
		if (ch === '"') inStr = true;
		else if (ch === '{' || ch === '[') depth++;
		else if (ch === '}' || ch === ']') {
			depth--;
			if (depth === 0) return i;
		}
	}
	return -1;
}

/** The execution result among the JSON values of `n8n execute --rawOutput`. */
function extractExecutionJson(stdout) {
	const values = extractJsonValues(stdout).filter((v) => v && typeof v === 'object' && !Array.isArray(v));
	const isRun = (v) => v.data && typeof v.data === 'object' && ('resultData' in v.data || 'executionData' in v.data);
	return values.find(isRun) || values.find((v) => 'status' in v || 'finished' in v) || values[values.length - 1] || null;
}

/**
 * `n8n execute --id=<id> --rawOutput`.
 * @returns {Promise<{code:number, json:object|null, stdout:string, stderr:string, ms:number}>}
 *   json is the execution (IRun: { data: { resultData: { runData, error? } }, status, … }).
 */
async function executeWorkflow(home, id, { timeoutMs = 180_000 } = {}) {
	const res = await runN8n(home, ['execute', `--id=${id}`, '--rawOutput'], { timeoutMs });
	return { ...res, json: extractExecutionJson(res.stdout) };
}

/** Output items (json only) of a node in an execution result, run 0, output 0. */
function nodeOutput(execJson, nodeName, { run = 0, output = 0 } = {}) {
	const runs = execJson && execJson.data && execJson.data.resultData && execJson.data.resultData.runData;
	const r = runs && runs[nodeName] && runs[nodeName][run];
	const items = r && r.data && r.data.main && r.data.main[output];
	return items ? items.map((i) => i.json) : undefined;
}

/** The error of an execution, if any (message string), else undefined. */
function executionError(execJson) {
	const e = execJson && execJson.data && execJson.data.resultData && execJson.data.resultData.error;
	return e ? e.message || JSON.stringify(e) : undefined;
}

// ---------------------------------------------------------------------------------------------
// n8n server

async function httpGet(url, timeoutMs = 3000) {
	const ctl = new AbortController();
	const t = setTimeout(() => ctl.abort(), timeoutMs);
	try {
		const r = await fetch(url, { signal: ctl.signal });
		await r.arrayBuffer();
		return r.status;
	} catch {
		return 0;
	} finally {
		clearTimeout(t);
	}
}

/**
 * `n8n start` in the background. Resolves once BOTH /healthz/readiness and /rest/settings
 * answer 200 (on 2.8.4 readiness is 200 seconds before the REST routes are mounted).
 * Options: timeoutMs (180 s), args (extra CLI args), echo (stream n8n's log to stderr),
 * command ('start', or 'worker' / 'webhook' for queue mode) and readyPaths (what must answer 200
 * on home.url; for 'worker' and 'webhook' only /healthz/readiness, so a worker's home.port must be
 * its QUEUE_HEALTH_CHECK_PORT).
 * @returns {Promise<{url:string, pid:number, readyMs:number, logFile:string, logs:() => string, stop:() => Promise<void>}>}
 */
async function startN8n(
	home,
	{
		timeoutMs = 180_000,
		args = [],
		command = 'start',
		readyPaths = command === 'start' ? ['/healthz/readiness', '/rest/settings'] : ['/healthz/readiness'],
		echo = process.env.SYNAP_E2E_VERBOSE === '1',
	} = {},
) {
	const [nodeBin, n8nBin] = home.runtime.command;
	const logFile = path.join(home.dir, `n8n-${command}-${Date.now()}.log`);
	const logStream = fs.createWriteStream(logFile);
	let logText = '';
	const child = spawnTracked(nodeBin, [n8nBin, command, ...args], {
		cwd: home.dir,
		env: home.env,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const onData = (d) => {
		logStream.write(d);
		logText = (logText + d).slice(-200_000);
		if (echo) process.stderr.write(d);
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);
	let exited = false;
	child.on('exit', () => (exited = true));

	const server = {
		url: home.url,
		pid: child.pid,
		logFile,
		process: child,
		logs: () => logText,
		async stop() {
			home.servers.delete(server);
			await terminate(child, 20_000);
			await new Promise((r) => logStream.end(r));
		},
	};
	home.servers.add(server);

	const t0 = Date.now();
	for (;;) {
		if (exited) {
			await server.stop();
			throw new Error(`n8n ${command} exited early (code ${child.exitCode}):\n${logText.split('\n').slice(-40).join('\n')}`);
		}
		if (Date.now() - t0 > timeoutMs) {
			await server.stop();
			throw new Error(`n8n ${command}: not ready after ${timeoutMs} ms:\n${logText.split('\n').slice(-40).join('\n')}`);
		}
		const statuses = await Promise.all(readyPaths.map((p) => httpGet(`${home.url}${p}`)));
		if (statuses.every((s) => s === 200)) break;
		await sleep(500);
	}
	server.readyMs = Date.now() - t0;
	return server;
}

/**
 * JSON request helper. Resolves { status, headers, body } (body parsed as JSON when possible).
 */
async function request(method, url, { body, headers = {}, timeoutMs = 30_000 } = {}) {
	const ctl = new AbortController();
	const t = setTimeout(() => ctl.abort(), timeoutMs);
	try {
		const r = await fetch(url, {
			method,
			headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
			body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
			signal: ctl.signal,
		});
		const text = await r.text();
		let parsed = text;
		try {
			parsed = text ? JSON.parse(text) : undefined;
		} catch {
			/* keep text */
		}
		return { status: r.status, headers: r.headers, body: parsed };
	} finally {
		clearTimeout(t);
	}
}

function authCookieFrom(headers) {
	const all = typeof headers.getSetCookie === 'function' ? headers.getSetCookie() : [headers.get('set-cookie') || ''];
	const c = all.map((s) => s.split(';')[0]).find((s) => s.startsWith('n8n-auth='));
	return c || null;
}

/** Cookie-authenticated client for n8n's internal REST API (/rest/...). */
function restClient(url, cookie) {
	return {
		cookie,
		request: (method, p, body) => request(method, `${url}/rest${p}`, { body, headers: { cookie } }),
	};
}

/** Logs in; works with 1.x (email) and 2.x (emailOrLdapLoginId). Returns the n8n-auth cookie. */
async function login(url, { email, password } = DEFAULT_OWNER) {
	const r = await request('POST', `${url}/rest/login`, { body: { emailOrLdapLoginId: email, email, password } });
	const cookie = authCookieFrom(r.headers);
	if (r.status !== 200 || !cookie) throw new Error(`POST /rest/login → ${r.status}: ${JSON.stringify(r.body)}`);
	return cookie;
}

/**
 * Creates the owner account (POST /rest/owner/setup); logs in instead if an owner exists.
 * @returns {Promise<{cookie:string, email:string, password:string, user:object, rest:object}>}
 */
async function setupOwner(url, owner = {}) {
	const o = { ...DEFAULT_OWNER, ...owner };
	const r = await request('POST', `${url}/rest/owner/setup`, { body: o });
	let cookie = authCookieFrom(r.headers);
	let user = r.body && r.body.data;
	if (r.status !== 200 || !cookie) {
		// already set up (e.g. a reused home): log in
		cookie = await login(url, o);
		user = (await restClient(url, cookie).request('GET', '/login')).body?.data;
	}
	return { cookie, email: o.email, password: o.password, user, rest: restClient(url, cookie) };
}

/**
 * Creates a public-API key. 2.x needs scopes: by default all scopes the owner may grant.
 * @returns {Promise<string>} the raw API key
 */
async function createApiKey(url, cookie, { label = `synap-e2e-${randomId(6)}`, scopes } = {}) {
	const rest = restClient(url, cookie);
	let useScopes = scopes;
	if (!useScopes) {
		const s = await rest.request('GET', '/api-keys/scopes');
		if (s.status === 200 && Array.isArray(s.body?.data)) useScopes = s.body.data;
	}
	const body = { label, expiresAt: null, ...(useScopes ? { scopes: useScopes } : {}) };
	const r = await rest.request('POST', '/api-keys', body);
	const key = r.body?.data?.rawApiKey || r.body?.data?.apiKey;
	if (r.status !== 200 || !key) throw new Error(`POST /rest/api-keys → ${r.status}: ${JSON.stringify(r.body)}`);
	return key;
}

/** Starts n8n in `home`, creates its owner and an API key: the server, the owner and a public API client. */
async function startWithPublicApi(home) {
	const srv = await startN8n(home);
	const owner = await setupOwner(srv.url);
	const api = publicApi(srv.url, await createApiKey(srv.url, owner.cookie));
	return { srv, owner, api };
}

/** Client for n8n's public API (/api/v1) with an API key. Methods throw on non-2xx. */
function publicApi(url, apiKey) {
	const call = async (method, p, body) => {
		const r = await request(method, `${url}/api/v1${p}`, { body, headers: { 'X-N8N-API-KEY': apiKey } });
		if (r.status < 200 || r.status >= 300) {
			const err = new Error(`${method} /api/v1${p} → ${r.status}: ${JSON.stringify(r.body)}`);
			err.status = r.status;
			err.body = r.body;
			throw err;
		}
		return r.body;
	};
	return {
		request: call,
		/** Only name, nodes, connections, settings are accepted by the public API. */
		createWorkflow: (wf) =>
			call('POST', '/workflows', {
				name: wf.name || 'synap e2e',
				nodes: wf.nodes,
				connections: wf.connections || {},
				settings: wf.settings || {},
			}),
		getWorkflow: (id) => call('GET', `/workflows/${id}`),
		activateWorkflow: (id) => call('POST', `/workflows/${id}/activate`),
		deactivateWorkflow: (id) => call('POST', `/workflows/${id}/deactivate`),
		deleteWorkflow: (id) => call('DELETE', `/workflows/${id}`),
		/** `allowedHttpRequestDomains: 'all'` is added to data (2.x schema requires it). */
		createCredential: (c) =>
			call('POST', '/credentials', { ...c, data: { allowedHttpRequestDomains: 'all', ...c.data } }),
		listExecutions: (query = {}) => call('GET', `/executions?${new URLSearchParams({ includeData: 'true', ...query })}`),
		getExecution: (id) => call('GET', `/executions/${id}?includeData=true`),
	};
}

/**
 * Calls a production webhook (`<url>/webhook/<path>`), retrying while n8n answers 404 "not
 * registered": on 2.41 activation registers webhooks asynchronously (~1 s after the activate
 * call returns). Resolves { status, headers, body } of the first registered answer.
 */
async function callWebhook(url, webhookPath, { method = 'GET', body, headers, timeoutMs = 15_000 } = {}) {
	const t0 = Date.now();
	for (;;) {
		const r = await request(method, `${url}/webhook/${webhookPath.replace(/^\/+/, '')}`, { body, headers });
		const notRegistered = r.status === 404 && /not registered/i.test(JSON.stringify(r.body));
		if (!notRegistered || Date.now() - t0 > timeoutMs) return r;
		await sleep(250);
	}
}

/**
 * Loaded node and credential type descriptions of a running n8n (/types/*.json; 2.x wants a
 * logged-in cookie for them, so pass setupOwner()'s cookie).
 */
async function loadedTypes(url, cookie) {
	const headers = cookie ? { cookie } : {};
	const [nodes, creds] = await Promise.all([
		request('GET', `${url}/types/nodes.json`, { headers }),
		request('GET', `${url}/types/credentials.json`, { headers }),
	]);
	if (nodes.status !== 200 || !Array.isArray(nodes.body)) throw new Error(`GET /types/nodes.json → ${nodes.status}`);
	if (creds.status !== 200 || !Array.isArray(creds.body)) throw new Error(`GET /types/credentials.json → ${creds.status}`);
	return { nodes: nodes.body, credentials: creds.body };
}

module.exports = {
	REPO_ROOT,
	PACKAGE_NAME,
	NODE_TYPE,
	CREDENTIAL_TYPE,
	ENCRYPTION_KEY,
	DEFAULT_OWNER,
	DEFAULT_N8N_VERSION: runtime.DEFAULT_N8N_VERSION,
	ensureN8n: runtime.ensureN8n,
	packPackage,
	getTarball,
	tarballFiles,
	createN8nHome,
	installPackage,
	runN8n,
	importCredentials,
	importWorkflow,
	importWorkflows,
	executeWorkflow,
	extractJsonValues,
	extractExecutionJson,
	nodeOutput,
	executionError,
	startN8n,
	request,
	login,
	setupOwner,
	restClient,
	createApiKey,
	publicApi,
	startWithPublicApi,
	loadedTypes,
	callWebhook,
	getFreePort,
	randomId,
	terminate,
	baseEnv,
	spawnTracked,
};
