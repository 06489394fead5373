#!/usr/bin/env node
'use strict';
/**
 * npm start [-- options]: try the package by hand, in one command.
 *
 *  1. installs the project's dev dependencies when node_modules is missing (npm ci)
 *  2. installs n8n into the cache outside the clone (once; ~3–7 min, with progress), or reuses it
 *  3. builds and packs this repo, installs the tarball into a local n8n home as a community package
 *  4. starts the Synap sandbox (a local emulator of Synap's API with a seeded portal) on 127.0.0.1:4010
 *     — or, with SYNAP_TOKEN set, uses your real portal instead (SYNAP_BASE_URL for a non-production
 *     API root) and starts no sandbox
 *  5. starts n8n on 127.0.0.1, creates the owner account, a "Synap Sandbox" credential and example
 *     workflows, and prints the URL and the login
 * Ctrl-C stops everything it started (n8n and the sandbox).
 *
 * Options:
 *   --n8n=<version>        n8n version (default 2.8.4, or $SYNAP_N8N_VERSION)
 *   --port=<port>          editor port (default 5678 when free, else a free one)
 *   --sandbox-port=<port>  sandbox port (default 4010, or $SYNAP_SANDBOX_PORT; a free one if 4010 is taken)
 *   --extra-users=<n>      generated students in the sandbox (default 250: Return All reads 3 pages)
 *   --fresh                wipe the n8n home first (owner, credential, workflows, executions)
 *   --no-build             pack without `npm run build`
 *   --exit-when-ready      set everything up, print the login, then stop again (for CI smoke runs)
 *   --home=<dir>           use this n8n home instead of the one in the cache (the e2e test uses a temp dir)
 * $SYNAP_E2E_TARBALL: install this tarball instead of building and packing (set by `npm run test:e2e`).
 *
 * The n8n home is persistent: <cache>/dev-home-<version> (sandbox) or <cache>/dev-home-<version>-portal
 * (SYNAP_TOKEN), <cache> = $SYNAP_N8N_CACHE or ~/.cache/n8n-nodes-synap. The package is re-packed and
 * re-installed on every start; the credential is refreshed; example workflows are created once (edit
 * them freely, a later start leaves them alone).
 */
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const LABEL = 'npm start (n8n-nodes-synap)';

function log(msg) {
	process.stderr.write(`[npm start] ${msg}\n`);
}

/** `npm ci` on a fresh clone: the build (tsc, gulp) and the sandbox (typescript) need the dev dependencies. */
function ensureDependencies() {
	const needed = ['typescript', 'gulp', 'n8n-workflow'].map((m) => path.join(ROOT, 'node_modules', m, 'package.json'));
	if (needed.every((p) => fs.existsSync(p))) return;
	log('node_modules is missing: installing the dev dependencies with `npm ci` (about 1–2 minutes) …');
	const t0 = Date.now();
	const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
		cwd: ROOT,
		stdio: 'inherit',
		env: { ...process.env, npm_config_yes: 'true' },
	});
	if (r.status !== 0) throw new Error(`npm ci failed (exit ${r.status ?? r.signal})`);
	log(`dev dependencies installed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

function portFree(port) {
	return new Promise((resolve) => {
		const s = net.createServer();
		s.once('error', () => resolve(false));
		s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
	});
}

function parseArgs(argv) {
	const opt = (name) => {
		const a = argv.find((x) => x.startsWith(`--${name}=`));
		return a ? a.slice(name.length + 3) : undefined;
	};
	const known = ['n8n', 'port', 'sandbox-port', 'extra-users', 'home'];
	const flags = ['--fresh', '--no-build', '--exit-when-ready'];
	for (const a of argv) {
		if (!flags.includes(a) && !known.some((k) => a.startsWith(`--${k}=`))) throw new Error(`unknown option ${a} (see scripts/start-n8n.cjs)`);
	}
	return {
		version: opt('n8n'),
		port: opt('port') ? Number(opt('port')) : undefined,
		sandboxPort: opt('sandbox-port') ?? process.env.SYNAP_SANDBOX_PORT,
		extraUsers: Number(opt('extra-users') ?? 250),
		fresh: argv.includes('--fresh'),
		build: !argv.includes('--no-build'),
		exitWhenReady: argv.includes('--exit-when-ready'),
		home: opt('home'),
	};
}

/** The Synap connection: the sandbox (started here) or the real portal from SYNAP_TOKEN. */
async function synapTarget(opts, h) {
	const token = (process.env.SYNAP_TOKEN || '').trim();
	if (token) {
		const baseUrl = (process.env.SYNAP_BASE_URL || '').trim();
		return {
			mode: 'portal',
			credentialName: 'Synap (your portal)',
			data: baseUrl ? { accessToken: token, environment: 'custom', baseUrl } : { accessToken: token, environment: 'production' },
			describe: `your portal via ${baseUrl || 'https://api.synap.ac/v3'} (SYNAP_TOKEN)`,
		};
	}
	const { startSandbox } = require('../test/e2e/support/sandbox-process.cjs');
	let port = opts.sandboxPort !== undefined ? Number(opts.sandboxPort) : 4010;
	if (!(await portFree(port))) {
		if (opts.sandboxPort !== undefined) throw new Error(`sandbox port ${port} is in use`);
		const free = await h.getFreePort();
		log(`port ${port} is in use: the sandbox takes ${free} instead`);
		port = free;
	}
	log(`starting the Synap sandbox on 127.0.0.1:${port} (seeded portal "Northbridge Academy", ${opts.extraUsers} generated students) …`);
	const sb = await startSandbox({ port, seed: 1, extraUsers: opts.extraUsers });
	return {
		mode: 'sandbox',
		sandbox: sb,
		credentialName: 'Synap Sandbox',
		data: { accessToken: sb.adminToken, environment: 'custom', baseUrl: sb.baseUrl },
		describe: `sandbox ${sb.baseUrl} (admin token ${sb.adminToken})`,
	};
}

/**
 * One read-only request with SYNAP_TOKEN, the one the credential test makes (docs/synap-api.md
 * §2.4), so a wrong token shows now: a 401 means Synap did not accept it, any other JSON:API answer
 * that it did.
 */
async function checkPortalToken(h, data) {
	const base = (data.baseUrl || 'https://api.synap.ac/v3').replace(/\/+$/, '');
	try {
		const r = await h.request('GET', `${base}/user-accounts/n8n-credential-test`, {
			headers: { authorization: `Bearer ${data.accessToken}`, accept: 'application/vnd.api+json' },
			timeoutMs: 15_000,
		});
		if (r.status !== 401 && Array.isArray(r.body?.errors)) log(`SYNAP_TOKEN works: ${base} accepted it`);
		else log(`warning: ${base} answered ${r.status} to SYNAP_TOKEN; the credential is created anyway, check the token`);
	} catch (e) {
		log(`warning: could not reach ${base} (${e.cause?.code || e.message}); the credential is created anyway`);
	}
}

/** The example workflows for a credential ({ id, name }); the sandbox's seeded ids where they need one. */
function exampleWorkflows(target, cred) {
	const w = require('../test/e2e/support/workflows.cjs');
	const list = [];
	if (target.mode === 'sandbox') {
		const { groups } = target.sandbox.seeded;
		list.push({
			workflow: w.workflow(
				'Register students from a list into a group',
				[
					w.manualTrigger(),
					w.code(
						'Students',
						[
							'// One item per student. The stamp keeps the emails new, so the workflow can run again.',
							'const stamp = Date.now().toString(36);',
							'return [',
							"  { name: 'Ada Lovelace', email: `ada.lovelace+${stamp}@example.com` },",
							"  { name: 'Grace Hopper', email: `grace.hopper+${stamp}@example.com` },",
							"  { name: 'Alan Turing', email: `alan.turing+${stamp}@example.com` },",
							'].map((json) => ({ json }));',
						].join('\n'),
					),
					w.synap(
						'Register into Year 10 Chemistry',
						{
							resource: 'user',
							operation: 'create',
							name: '={{ $json.name }}',
							emailAddress: '={{ $json.email }}',
							additionalFields: { userGroupId: groups.chemistryClass, welcomeEmailDisabled: true },
						},
						cred,
					),
				],
				[
					['Manual Trigger', 'Students'],
					['Students', 'Register into Year 10 Chemistry'],
				],
			),
		});
	}
	list.push({
		workflow: w.workflow(
			'Get all users (Return All)',
			[w.manualTrigger(), w.synap('Get All Users', { resource: 'user', operation: 'getAll', returnAll: true }, cred)],
			[['Manual Trigger', 'Get All Users']],
		),
	});
	list.push({
		// active in the sandbox: registering students (above, or through the sandbox's API) runs it
		activate: target.mode === 'sandbox',
		workflow: w.profileAsStudentExample(cred, {
			profilePicture: JSON.stringify({ __type: 'File', name: 'welcome.png', url: 'https://files.example.com/welcome.png' }),
		}),
	});
	list.push({
		// reads only; active in the sandbox, where it polls every minute (a real portal: activate it by hand)
		activate: target.mode === 'sandbox',
		workflow: w.newUsersToSheetExample(cred),
	});
	if (target.mode === 'sandbox') {
		const { groups } = target.sandbox.seeded;
		list.push({
			workflow: w.workflow(
				'Sync learners from a sheet (Create or Update)',
				[
					w.manualTrigger(),
					w.code(
						'Sheet Rows',
						[
							'// Rows as a spreadsheet would give them; Ada is listed twice. Run it twice: the first run',
							'// registers (operation "created"), the second updates (operation "updated"), never a duplicate.',
							'return [',
							"  { employeeId: 'EMP-1001', name: 'Ada Lovelace', email: 'ada.lovelace@example.com' },",
							"  { employeeId: 'EMP-1002', name: 'Edsger Dijkstra', email: 'edsger.dijkstra@example.com' },",
							"  { employeeId: 'EMP-1001', name: 'Ada King', email: 'ada.lovelace@example.com' },",
							'].map((json) => ({ json }));',
						].join('\n'),
					),
					w.synap(
						'Create or Update Learner',
						{
							resource: 'user',
							operation: 'upsert',
							matchOn: 'externalId',
							externalId: '={{ $json.employeeId }}',
							name: '={{ $json.name }}',
							emailAddress: '={{ $json.email }}',
							additionalFields: { userGroupId: groups.corporateOnboarding, welcomeEmailDisabled: true },
						},
						cred,
						{ typeVersion: 1.1 },
					),
				],
				[
					['Manual Trigger', 'Sheet Rows'],
					['Sheet Rows', 'Create or Update Learner'],
				],
			),
		});
	}
	return list;
}

/** A fresh public-API key for this run; keys from earlier runs (same label) are deleted. */
async function apiKeyFor(h, url, cookie) {
	const rest = h.restClient(url, cookie);
	const existing = await rest.request('GET', '/api-keys');
	for (const k of Array.isArray(existing.body?.data) ? existing.body.data : []) {
		if (k.label === LABEL) await rest.request('DELETE', `/api-keys/${k.id}`);
	}
	return h.createApiKey(url, cookie, { label: LABEL });
}

/**
 * The credential: created once, its data refreshed on every start. Listed through the REST API
 * (n8n 1.x's public API cannot list credentials); updated through the public API (2.x) or, where
 * that has no PATCH (1.x), the REST API.
 */
async function upsertCredential(h, api, rest, name, data) {
	const list = await rest.request('GET', '/credentials');
	if (list.status !== 200) throw new Error(`GET /rest/credentials → ${list.status}`);
	const found = (list.body?.data || []).find((c) => c.name === name && c.type === h.CREDENTIAL_TYPE);
	if (!found) return api.createCredential({ name, type: h.CREDENTIAL_TYPE, data });
	try {
		await api.request('PATCH', `/credentials/${found.id}`, { data: { allowedHttpRequestDomains: 'all', ...data } });
	} catch (e) {
		if (e.status !== 404 && e.status !== 405) throw e;
		const r = await rest.request('PATCH', `/credentials/${found.id}`, { name, type: h.CREDENTIAL_TYPE, data });
		if (r.status !== 200) throw new Error(`PATCH /rest/credentials/${found.id} → ${r.status}: ${JSON.stringify(r.body)}`);
	}
	return found;
}

async function listAll(api, p) {
	const out = [];
	let cursor;
	do {
		const page = await api.request('GET', `${p}${p.includes('?') ? '&' : '?'}limit=250${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
		out.push(...(page.data || []));
		cursor = page.nextCursor;
	} while (cursor);
	return out;
}

async function main() {
	const opts = parseArgs(process.argv.slice(2));
	ensureDependencies();
	// loaded after `npm ci`: the harness itself needs nothing from node_modules, the sandbox does
	const runtime = require('./n8n-runtime.cjs');
	const h = require('../test/e2e/support/n8n-harness.cjs');
	const version = opts.version || runtime.DEFAULT_N8N_VERSION;

	const t0 = Date.now();
	const rt = await runtime.ensureN8n(version, { quiet: true });
	log(`n8n ${version} ${rt.cached ? 'is in the cache' : `installed in ${rt.seconds} s`} (${rt.dir})`);

	const given = process.env.SYNAP_E2E_TARBALL && fs.existsSync(process.env.SYNAP_E2E_TARBALL) ? process.env.SYNAP_E2E_TARBALL : null;
	if (!given) log(opts.build ? 'building and packing n8n-nodes-synap …' : 'packing n8n-nodes-synap …');
	const tarball = given || h.packPackage({ build: opts.build });

	const target = await synapTarget(opts, h);
	if (target.mode === 'portal') await checkPortalToken(h, target.data);

	const userFolder = opts.home
		? path.resolve(opts.home)
		: path.join(runtime.cacheRoot(), `dev-home-${version}${target.mode === 'portal' ? '-portal' : ''}`);
	if (opts.fresh) fs.rmSync(userFolder, { recursive: true, force: true });
	const home = await h.createN8nHome({ version, tarball, userFolder, keep: true });
	if (!given) fs.rmSync(path.dirname(tarball), { recursive: true, force: true });

	let port = opts.port || 5678;
	if (!opts.port && !(await portFree(port))) port = await h.getFreePort();
	home.port = port;
	home.url = `http://127.0.0.1:${port}`;
	home.env.N8N_PORT = String(port);

	log(`starting n8n ${version} on ${home.url} (home ${userFolder}) …`);
	const srv = await h.startN8n(home, { echo: false });
	log(`n8n is up in ${(srv.readyMs / 1000).toFixed(1)} s (log: ${srv.logFile})`);
	const owner = await h.setupOwner(srv.url);
	const api = h.publicApi(srv.url, await apiKeyFor(h, srv.url, owner.cookie));

	const credential = await upsertCredential(h, api, owner.rest, target.credentialName, target.data);
	const cred = { id: credential.id, name: credential.name };

	const existing = await listAll(api, '/workflows');
	const made = [];
	for (const { workflow, activate } of exampleWorkflows(target, cred)) {
		let wf = existing.find((x) => x.name === workflow.name);
		const isNew = !wf;
		if (!wf) wf = await api.createWorkflow(workflow);
		if (activate) {
			// re-activate: the sandbox is new on every start, so its webhook subscriptions are too
			if (!isNew) await api.deactivateWorkflow(wf.id).catch(() => undefined);
			try {
				await api.activateWorkflow(wf.id);
			} catch (e) {
				log(`could not activate "${workflow.name}": ${e.message}`);
			}
		}
		made.push({ name: workflow.name, id: wf.id, isNew, active: Boolean(activate) });
	}

	const sb = target.sandbox;
	const lines = [
		'',
		`  n8n ${version} is running with n8n-nodes-synap installed as a community package.`,
		'',
		`  Open       ${srv.url}`,
		`  Log in     ${owner.email}  /  ${owner.password}`,
		'',
		`  Synap      ${target.describe}`,
		...(sb
			? [
					`             seeded portal "Northbridge Academy": users admin ${sb.seeded.users.admin}, student ${sb.seeded.users.student}, educator ${sb.seeded.users.educator};`,
					`             group "Year 10 Chemistry" ${sb.seeded.groups.chemistryClass}; control endpoints ${sb.origin}/__sandbox/info`,
				]
			: []),
		`  Credential "${cred.name}" (${cred.id})`,
		'  Workflows',
		...made.map((m) => `    • ${m.name}  ${srv.url}/workflow/${m.id}${m.active ? '  (active)' : ''}${m.isNew ? '' : '  (kept from an earlier start)'}`),
		'',
		...(sb
			? [
					'  Try it: open "Register students from a list into a group" and click "Execute workflow".',
					'  Each new student makes the sandbox send a user.registered webhook to the active trigger',
					'  workflow, which sets their profile picture acting as them (see its Executions tab).',
					'  Within a minute the active polling workflow "Every minute: new Synap users → sheet rows"',
					'  picks them up too, without webhooks; open it and click "Fetch Test Event" to see the newest user.',
					'  Then run "Sync learners from a sheet (Create or Update)" twice: "created", then "updated".',
					'',
				]
			: ['  Examples that would change data in your portal are not created.', '']),
		`  Ready in ${((Date.now() - t0) / 1000).toFixed(0)} s. Ctrl-C stops n8n${sb ? ' and the sandbox' : ''}.`,
		'',
	];
	process.stdout.write(`${lines.join('\n')}\n`);

	if (opts.exitWhenReady) {
		await srv.stop();
		if (sb) await sb.stop();
		return 0;
	}
	// Ctrl-C: the harness's signal handler stops n8n and the sandbox (both tracked) and exits.
	let stopping = false;
	for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(sig, () => (stopping = true));
	const exited = await Promise.race([
		new Promise((resolve) => srv.process.once('exit', () => resolve('n8n'))),
		...(sb ? [new Promise((resolve) => sb.process.once('exit', () => resolve('sandbox')))] : []),
	]);
	if (stopping) return new Promise(() => undefined); // the harness exits once both are down
	log(`${exited} exited unexpectedly; stopping the rest`);
	await srv.stop();
	if (sb) await sb.stop();
	return 1;
}

main().then(
	(code) => process.exit(code),
	(e) => {
		log(e.stack || String(e));
		process.exit(1);
	},
);
