'use strict';
/**
 * `npm start` (scripts/start-n8n.cjs) end to end, as a person uses it: start it, read the URL and
 * the login it prints, log in to n8n's REST API with them, find the "Synap Sandbox" credential and
 * the five example workflows, run "Register students from a list into a group" the way the
 * editor's "Execute workflow" button does, see the active trigger example run once per new
 * student (acting as them, in the sandbox), press the polling example's "Fetch Test Event" (the
 * request the editor sends) and get the newest user, then Ctrl-C (SIGINT) and check that n8n and
 * the sandbox are gone and their ports closed.
 *
 * It uses a temporary n8n home (--home) and free ports, so a developer's own `npm start` is not
 * touched, and the tarball `npm run test:e2e` packed ($SYNAP_E2E_TARBALL).
 */
const { describe, before, after, test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');
const h = require('./support/n8n-harness.cjs');

const VERSION = h.DEFAULT_N8N_VERSION;
const EXAMPLES = [
	'Register students from a list into a group',
	'Get all users (Return All)',
	'When a student registers → update their profile acting as them',
	'Every minute: new Synap users → sheet rows',
	'Sync learners from a sheet (Create or Update)',
];

/** n8n's REST API stores execution data with `flatted` (strings and objects referenced by index). */
function unflatten(text) {
	const input = JSON.parse(text);
	const revived = new Map();
	const revive = (index) => {
		const value = input[index];
		if (typeof value !== 'object' || value === null) return value;
		if (revived.has(index)) return revived.get(index);
		const out = Array.isArray(value) ? [] : {};
		revived.set(index, out);
		for (const key of Object.keys(value)) out[key] = typeof value[key] === 'string' ? revive(Number(value[key])) : value[key];
		return out;
	};
	return revive(0);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function portOpen(port) {
	return new Promise((resolve) => {
		const s = net.connect(port, '127.0.0.1');
		s.once('connect', () => {
			s.destroy();
			resolve(true);
		});
		s.once('error', () => resolve(false));
	});
}

async function waitFor(what, fn, timeoutMs = 30_000) {
	const t0 = Date.now();
	for (;;) {
		const v = await fn();
		if (v) return v;
		if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
		await sleep(300);
	}
}

describe(`npm start (n8n ${VERSION}): what it prints works, Ctrl-C stops everything`, { timeout: 10 * 60_000 }, () => {
	let child;
	let out = '';
	let homeDir;
	let printed;
	let cookie;
	const rest = (method, p, body) => h.request(method, `${printed.url}/rest${p}`, { body, headers: { cookie } });

	before(async () => {
		const tarball = h.getTarball(); // $SYNAP_E2E_TARBALL under `npm run test:e2e`; packed here when run directly
		homeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'synap-start-home-'));
		const [port, sandboxPort] = [await h.getFreePort(), await h.getFreePort()];
		const env = { ...h.baseEnv(), SYNAP_E2E_TARBALL: tarball };
		delete env.SYNAP_TOKEN;
		child = h.spawnTracked(
			process.execPath,
			[path.join(h.REPO_ROOT, 'scripts', 'start-n8n.cjs'), `--n8n=${VERSION}`, `--home=${homeDir}`, `--port=${port}`, `--sandbox-port=${sandboxPort}`, '--extra-users=0'],
			{ cwd: h.REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
		);
		child.stdout.on('data', (d) => (out += d));
		child.stderr.on('data', (d) => (out += d));
		const t0 = Date.now();
		await waitFor('"Ready in" from npm start', () => /Ready in \d+ s/.test(out) || child.exitCode !== null, 180_000);
		assert.equal(child.exitCode, null, `npm start exited early:\n${out}`);
		const m = (re) => (re.exec(out) || [])[1];
		printed = {
			url: m(/^\s+Open\s+(http:\/\/127\.0\.0\.1:\d+)\s*$/m),
			email: m(/^\s+Log in\s+(\S+)\s+\/\s+\S+\s*$/m),
			password: m(/^\s+Log in\s+\S+\s+\/\s+(\S+)\s*$/m),
			sandbox: m(/^\s+Synap\s+sandbox (http:\/\/127\.0\.0\.1:\d+\/v3)/m),
			token: m(/admin token (p:[A-Za-z0-9_-]+)\)/),
			port,
			sandboxPort,
		};
		process.stderr.write(`[start.e2e] ready after ${Date.now() - t0} ms: ${JSON.stringify({ ...printed, token: '…' })}\n`);
	});

	after(async () => {
		if (child && child.exitCode === null && child.signalCode === null) await h.terminate(child, 20_000);
		if (homeDir && process.env.SYNAP_E2E_KEEP !== '1') fs.rmSync(homeDir, { recursive: true, force: true });
	});

	test('it prints the editor URL, the login and the sandbox it started', () => {
		assert.equal(printed.url, `http://127.0.0.1:${printed.port}`, out);
		assert.ok(printed.email && printed.password, 'login printed');
		assert.equal(printed.sandbox, `http://127.0.0.1:${printed.sandboxPort}/v3`);
		assert.ok(printed.token, 'sandbox admin token printed');
	});

	test('the printed login works; the "Synap Sandbox" credential and the five examples exist', async () => {
		cookie = await h.login(printed.url, { email: printed.email, password: printed.password });
		const creds = (await rest('GET', '/credentials')).body.data;
		const cred = creds.find((c) => c.name === 'Synap Sandbox');
		assert.ok(cred, JSON.stringify(creds.map((c) => c.name)));
		assert.equal(cred.type, h.CREDENTIAL_TYPE);
		const wfs = (await rest('GET', '/workflows')).body.data;
		for (const name of EXAMPLES) assert.ok(wfs.some((w) => w.name === name), `workflow "${name}"`);
		const trigger = wfs.find((w) => w.name === EXAMPLES[2]);
		assert.equal(trigger.active, true, 'the trigger example is active');
		assert.equal(wfs.find((w) => w.name === EXAMPLES[3]).active, true, 'the polling example is active');
	});

	test('running "Register students…" registers three students; the active trigger example updates each acting as them', async () => {
		assert.ok(cookie, 'logged in');
		const wfs = (await rest('GET', '/workflows')).body.data;
		const register = wfs.find((w) => w.name === EXAMPLES[0]);
		const trigger = wfs.find((w) => w.name === EXAMPLES[2]);
		const full = (await rest('GET', `/workflows/${register.id}`)).body.data;
		// what the editor's "Execute workflow" button sends
		const run = await rest('POST', `/workflows/${register.id}/run`, { workflowData: full, triggerToStartFrom: { name: 'Manual Trigger' } });
		assert.equal(run.status, 200, JSON.stringify(run.body));
		const sandboxRequests = async () => (await h.request('GET', `${printed.sandbox.replace(/\/v3$/, '')}/__sandbox/requests`)).body;
		const patches = await waitFor('three PATCHes from the trigger workflow', async () => {
			const p = (await sandboxRequests()).filter((r) => r.method === 'PATCH');
			return p.length >= 3 ? p : null;
		});
		const regs = (await sandboxRequests()).filter((r) => r.method === 'POST' && r.path === '/v3/user-registrations');
		assert.equal(regs.length, 3);
		assert.equal(patches.length, 3);
		for (const p of patches) {
			assert.equal(p.status, 200);
			assert.equal(p.headers['subject-user'], p.path.split('/').pop(), 'each student updated acting as themself');
		}
		const execs = await waitFor('three trigger executions', async () => {
			const r = (await rest('GET', `/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: trigger.id }))}`)).body.data;
			const list = (r.results || r).filter((e) => e.status === 'success');
			return list.length >= 3 ? list : null;
		});
		assert.equal(execs.length, 3);
	});

	test('"Fetch Test Event" on the polling example returns the newest user, as the editor shows it', async () => {
		assert.ok(cookie, 'logged in');
		const wfs = (await rest('GET', '/workflows')).body.data;
		const polling = wfs.find((w) => w.name === EXAMPLES[3]);
		const full = (await rest('GET', `/workflows/${polling.id}`)).body.data;
		// what the editor sends for the trigger's "Fetch Test Event" button
		const run = await rest('POST', `/workflows/${polling.id}/run`, {
			workflowData: full,
			triggerToStartFrom: { name: 'New Synap User' },
			destinationNode: { nodeName: 'New Synap User', mode: 'inclusive' },
		});
		assert.equal(run.status, 200, JSON.stringify(run.body));
		const executionId = run.body.data?.executionId;
		assert.ok(executionId, JSON.stringify(run.body));
		const execution = await waitFor('the test event', async () => {
			const r = await rest('GET', `/executions/${executionId}`);
			return r.status === 200 && r.body.data?.finished !== undefined && r.body.data.status !== 'running' && r.body.data.status !== 'new' ? r.body.data : null;
		});
		assert.equal(execution.status, 'success', String(execution.data).slice(0, 2000));
		const item = unflatten(execution.data).resultData.runData['New Synap User'][0].data.main[0][0].json;
		const users = (await h.request('GET', `${printed.sandbox.replace(/\/v3$/, '')}/__sandbox/state/User`)).body;
		const newest = [...users].sort((a, b) => (a.attributes.createdAt < b.attributes.createdAt ? 1 : a.attributes.createdAt > b.attributes.createdAt ? -1 : a.id < b.id ? 1 : -1))[0];
		assert.equal(item.id, newest.id);
		assert.equal(item.synap.event, 'user.registered');
		assert.equal(item.synap.userEmail, newest.attributes.emailAddress);
	});

	test('Ctrl-C (SIGINT) stops n8n and the sandbox; their ports close', async () => {
		assert.equal(await portOpen(printed.port), true);
		assert.equal(await portOpen(printed.sandboxPort), true);
		child.kill('SIGINT');
		const code = await new Promise((resolve) => {
			if (child.exitCode !== null) return resolve(child.exitCode);
			const t = setTimeout(() => resolve('timeout'), 30_000);
			child.once('exit', (c, sig) => {
				clearTimeout(t);
				resolve(c ?? sig);
			});
		});
		assert.notEqual(code, 'timeout', 'npm start exited within 30 s');
		assert.match(out, /SIGINT: stopping 2 child process\(es\)/);
		assert.doesNotMatch(out, /exited unexpectedly/);
		assert.equal(await portOpen(printed.port), false, 'n8n port closed');
		assert.equal(await portOpen(printed.sandboxPort), false, 'sandbox port closed');
	});
});
