#!/usr/bin/env node
'use strict';
/**
 * npm run test:e2e [-- options] [test files…]
 *
 * Installs real n8n into the cache (once), packs this repo once, then runs the e2e test files
 * (test/e2e/**\/*.e2e.cjs) with Node's built-in test runner, once per n8n version.
 *
 * Options:
 *   --n8n=<v>[,<v>…]  n8n version(s) to test (default 2.8.4, or $SYNAP_N8N_VERSION)
 *   --matrix          also the newest 1.123.x and the newest installable 2.x (on Node 24);
 *                     the first run of each installs ~2-3 GB and takes 7-9 minutes
 *   --install-only    only make sure n8n is installed
 *   --no-build        pack without running `npm run build` first
 *   --keep            keep the temporary n8n homes (SYNAP_E2E_KEEP=1)
 *   --verbose         echo n8n CLI output and server logs (SYNAP_E2E_VERBOSE=1)
 *   --ui              only the editor UI test (test/e2e/ui.e2e.cjs), Chromium required (installed with
 *                     apt-get when missing), screenshots written to docs/screenshots (`npm run test:ui`)
 *   --screenshots=<dir>  where ui.e2e.cjs writes its screenshots (default: a temp dir; with --ui docs/screenshots)
 * Each test file runs in its own `node --test` process (one n8n home each); the summary gives
 * every file's result and wall time.
 * Exit code: non-zero when any run fails.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const runtime = require('./n8n-runtime.cjs');
const harness = require('../test/e2e/support/n8n-harness.cjs');

const ROOT = harness.REPO_ROOT;
const E2E_DIR = path.join(ROOT, 'test', 'e2e');

function parseArgs(argv) {
	const o = { versions: [], matrix: false, installOnly: false, build: true, files: [], testArgs: [] };
	for (const a of argv) {
		if (a === '--matrix') o.matrix = true;
		else if (a === '--ui') {
			o.files.push(path.join(E2E_DIR, 'ui.e2e.cjs'));
			process.env.SYNAP_E2E_UI_REQUIRED = '1';
			process.env.SYNAP_UI_OUT = process.env.SYNAP_UI_OUT || path.join(ROOT, 'docs', 'screenshots');
		} else if (a.startsWith('--screenshots=')) process.env.SYNAP_UI_OUT = path.resolve(a.slice('--screenshots='.length));
		else if (a === '--install-only') o.installOnly = true;
		else if (a === '--no-build') o.build = false;
		else if (a === '--keep') process.env.SYNAP_E2E_KEEP = '1';
		else if (a === '--verbose') process.env.SYNAP_E2E_VERBOSE = '1';
		else if (a.startsWith('--n8n=')) o.versions.push(...a.slice(6).split(',').filter(Boolean));
		else if (a.startsWith('--test-')) o.testArgs.push(a); // e.g. --test-name-pattern=…
		else if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
		else o.files.push(path.resolve(a));
	}
	return o;
}

function findTests(dir) {
	const out = [];
	for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, e.name);
		if (e.isDirectory()) out.push(...findTests(p));
		else if (/\.e2e\.c?js$/.test(e.name)) out.push(p);
	}
	return out.sort();
}

function fmt(ms) {
	return `${(ms / 1000).toFixed(1)} s`;
}

async function resolveRuntimes(opts) {
	const wanted = opts.versions.length ? opts.versions : [runtime.DEFAULT_N8N_VERSION];
	const rts = [];
	for (const v of wanted) rts.push(await runtime.ensureN8n(v));
	if (opts.matrix) {
		const versions = runtime.listN8nVersions();
		const v1 = runtime.newestVersion('1.123.', versions);
		if (v1 && !rts.some((r) => r.version === v1)) rts.push(await runtime.ensureN8n(v1));
		const v2 = await runtime.ensureNewestInstallable('2.', { versions });
		if (!rts.some((r) => r.version === v2.version)) rts.push(v2);
	}
	return rts;
}

async function main() {
	const opts = parseArgs(process.argv.slice(2));
	const t0 = Date.now();
	const rts = await resolveRuntimes(opts);
	for (const rt of rts) {
		runtime.log(`n8n ${rt.version} ready${rt.cached ? ' (cached)' : ` (installed in ${rt.seconds} s)`} — ${rt.nodeBin}`);
	}
	if (opts.installOnly) return 0;

	const files = opts.files.length ? opts.files : findTests(E2E_DIR);
	if (!files.length) throw new Error(`no *.e2e.cjs files under ${E2E_DIR}`);

	// Pack once for all versions and test files.
	const tp = Date.now();
	const tarball = harness.packPackage({ build: opts.build });
	runtime.log(`packed ${path.relative(ROOT, tarball) || tarball} in ${fmt(Date.now() - tp)}`);

	const results = [];
	try {
		for (const rt of rts) {
			runtime.log(`running ${files.length} e2e file(s) against n8n ${rt.version} …`);
			for (const file of files) {
				const ts = Date.now();
				const r = spawnSync(process.execPath, ['--test', ...opts.testArgs, file], {
					cwd: ROOT,
					stdio: 'inherit',
					env: { ...process.env, SYNAP_N8N_VERSION: rt.version, SYNAP_E2E_TARBALL: tarball },
				});
				results.push({ version: rt.version, file: path.relative(ROOT, file), code: r.status ?? 1, ms: Date.now() - ts });
			}
		}
	} finally {
		fs.rmSync(path.dirname(tarball), { recursive: true, force: true });
	}

	for (const r of results) {
		runtime.log(`n8n ${r.version}  ${r.file.padEnd(32)} ${r.code === 0 ? 'PASS' : `FAIL (exit ${r.code})`}  ${fmt(r.ms)}`);
	}
	for (const rt of rts) {
		const mine = results.filter((r) => r.version === rt.version);
		const ok = mine.every((r) => r.code === 0);
		runtime.log(`n8n ${rt.version}: ${ok ? 'PASS' : 'FAIL'} in ${fmt(mine.reduce((n, r) => n + r.ms, 0))}`);
	}
	runtime.log(`total ${fmt(Date.now() - t0)}`);
	return results.every((r) => r.code === 0) ? 0 : 1;
}

main().then(
	(code) => process.exit(code),
	(e) => {
		runtime.log(e.stack || String(e));
		process.exit(1);
	},
);
