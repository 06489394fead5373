'use strict';
/**
 * `npm run test:e2e:queue`: the scenarios of n8n's queue mode against the Synap sandbox, one line
 * each on stdout (PASS/FAIL, name, what was measured), then `N passed, N failed`.
 * Everything started here (Redis, PostgreSQL, the sandbox, five n8n processes) is stopped at the
 * end, after a failure too; on SIGINT/SIGTERM the harness stops them before exiting.
 */
const fs = require('node:fs');
const path = require('node:path');
const h = require('../n8n-harness.cjs');
const { startSandbox } = require('../sandbox-process.cjs');
const { startQueueCluster } = require('./cluster.cjs');

const SCENARIOS = [
	...require('./scenarios/returnAll.cjs'),
	...require('./scenarios/trigger.cjs'),
	...require('./scenarios/stop.cjs'),
	...require('./scenarios/bulkRegister.cjs'),
	...require('./scenarios/burst.cjs'),
	// last: it leaves one worker dead
	...require('./scenarios/workerCrash.cjs'),
];

/** Users the sandbox generates on top of its seed: 2,007 users = 21 pages of 100. */
const EXTRA_USERS = 2000;

const log = (m) => process.stderr.write(`[queue] ${m}\n`);
const out = (m) => process.stdout.write(`${m}\n`);
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

/**
 * @param {{version?: string, build?: boolean, only?: string[]}} opts
 * @returns {Promise<number>} the exit code
 */
async function runQueueE2e({ version = h.DEFAULT_N8N_VERSION, build = true, only = [] } = {}) {
	const t0 = Date.now();
	const unknown = only.filter((n) => !SCENARIOS.some((s) => s.name === n));
	if (unknown.length) throw new Error(`unknown scenario(s) ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
	const selected = only.length ? SCENARIOS.filter((s) => only.includes(s.name)) : SCENARIOS;

	const rt = await h.ensureN8n(version);
	log(`n8n ${rt.version} ${rt.cached ? '(cached)' : `installed in ${rt.seconds} s`}`);
	const given = process.env.SYNAP_E2E_TARBALL;
	const tarball = given && fs.existsSync(given) ? given : h.packPackage({ build });
	let passed = 0;
	let failed = 0;
	let sb;
	let cluster;
	try {
		const ts = Date.now();
		// both at once; if one fails, the other is still stopped below
		const [sbStarted, clusterStarted] = await Promise.allSettled([startSandbox({ port: 0, extraUsers: EXTRA_USERS }), startQueueCluster({ tarball, version })]);
		sb = sbStarted.value;
		cluster = clusterStarted.value;
		for (const r of [sbStarted, clusterStarted]) if (r.status === 'rejected') throw r.reason;
		const credential = await cluster.api.createCredential({
			name: 'Synap Sandbox',
			type: h.CREDENTIAL_TYPE,
			data: { accessToken: sb.adminToken, environment: 'custom', baseUrl: sb.baseUrl },
		});
		log(`ready in ${secs(Date.now() - ts)} (sandbox ${sb.baseUrl}, ${EXTRA_USERS} extra users)`);
		const ctx = { cluster, api: cluster.api, sb, cred: { id: credential.id, name: credential.name } };
		for (const s of selected) {
			const started = Date.now();
			try {
				await sb.setOptions({ latencyMs: 0, rateLimit: null });
				const summary = await s.run(ctx);
				passed++;
				out(`PASS  ${s.name.padEnd(13)} ${summary} (${secs(Date.now() - started)})`);
			} catch (e) {
				failed++;
				out(`FAIL  ${s.name.padEnd(13)} ${String(e.message).split('\n').slice(0, 6).join(' | ')} (${secs(Date.now() - started)})`);
				if (process.env.SYNAP_E2E_VERBOSE === '1') log(e.stack);
			}
		}
	} catch (e) {
		const notRun = selected.length - passed - failed;
		failed += notRun;
		out(`FAIL  setup         ${String(e.message).split('\n').slice(0, 12).join(' | ')} (${notRun} scenario(s) not run)`);
	} finally {
		if (cluster) {
			const mem = cluster.peakMemoryMb();
			const total = Object.values(mem).reduce((a, b) => a + b, 0);
			log(`peak RSS (MB): ${Object.entries(mem).map(([k, v]) => `${k} ${v}`).join(', ')}; total ${total}`);
			await cluster.stop();
		}
		if (sb) await sb.stop();
		if (tarball !== given) fs.rmSync(path.dirname(tarball), { recursive: true, force: true });
	}
	if (cluster) log(`stopped everything in ${secs(cluster.timings.stopMs)}; total ${secs(Date.now() - t0)}`);
	out(`${passed} passed, ${failed} failed`);
	return failed ? 1 : 0;
}

module.exports = { runQueueE2e, SCENARIOS };
