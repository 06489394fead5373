'use strict';
/**
 * Redis and PostgreSQL for n8n's queue mode, from Debian's packages (installed with apt-get when
 * missing), each a private instance on 127.0.0.1 on a free port, in a temporary directory, run as
 * a child process of this one and stopped with it:
 *
 *   const { ensureServices, startRedis, startPostgres } = require('./services.cjs');
 *   ensureServices();                              // apt-get install redis-server postgresql if needed
 *   const redis = await startRedis();              // { port, stop() }
 *   const pg = await startPostgres();              // { port, database, user, password, stop() }
 *
 * PostgreSQL refuses to run as root, so as root initdb and postgres run as the `postgres` user
 * (`runuser -u postgres`), with a data directory that user owns. Durability is off (fsync,
 * synchronous_commit, full_page_writes): this database lives for one test run.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const h = require('../n8n-harness.cjs');
const { aptInstall, has, isRoot } = require('../apt.cjs');

const log = (m) => process.stderr.write(`[queue] ${m}\n`);

/** The newest /usr/lib/postgresql/<major>/bin that has initdb, or undefined. */
function postgresBin() {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return undefined;
	const majors = fs
		.readdirSync(root)
		.filter((d) => /^\d+$/.test(d) && fs.existsSync(path.join(root, d, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return majors.length ? path.join(root, majors[0], 'bin') : undefined;
}

/** Installs Debian's redis-server and postgresql when their programs are missing. */
function ensureServices() {
	const missing = [];
	if (!has('redis-server') || !has('redis-cli')) missing.push('redis-server');
	if (!postgresBin()) missing.push('postgresql');
	if (missing.length) aptInstall(missing, { log, what: `${missing.join(' + ')} for n8n's queue mode` });
	const bin = postgresBin();
	if (!bin) throw new Error('PostgreSQL is installed but no /usr/lib/postgresql/<version>/bin/initdb was found');
	return { postgresBin: bin };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Removes a temporary directory when this process exits (after a signal or a crash too); returns a remover. */
function removeOnExit(dir) {
	const rm = () => fs.rmSync(dir, { recursive: true, force: true });
	process.on('exit', rm);
	return () => {
		process.off('exit', rm);
		rm();
	};
}

function pipeLog(child, file) {
	const out = fs.createWriteStream(file);
	child.stdout?.pipe(out);
	child.stderr?.pipe(out);
	return out;
}

async function until(what, check, child, logFile, timeoutMs = 60_000) {
	const t0 = Date.now();
	for (;;) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(`${what} exited (${child.exitCode ?? child.signalCode}):\n${fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').slice(-3000) : ''}`);
		}
		if (await check()) return Date.now() - t0;
		if (Date.now() - t0 > timeoutMs) throw new Error(`${what} not ready after ${timeoutMs} ms`);
		await sleep(200);
	}
}

/** A private redis-server on 127.0.0.1 (no persistence). */
async function startRedis({ dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synap-redis-')) } = {}) {
	const port = await h.getFreePort();
	const remove = removeOnExit(dir);
	const logFile = path.join(dir, 'redis.log');
	const child = h.spawnTracked(
		'redis-server',
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--dir', dir],
		{ cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	pipeLog(child, logFile);
	const readyMs = await until(
		'redis-server',
		() => spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG',
		child,
		logFile,
	);
	return {
		port,
		pid: child.pid,
		readyMs,
		logFile,
		async stop() {
			await h.terminate(child, 5000);
			remove();
		},
	};
}

/**
 * A private PostgreSQL cluster on 127.0.0.1 (trust auth on loopback) with database `n8n` owned by
 * user `n8n`. The postgres server is a child of this process: stop() shuts it down (SIGINT = fast
 * shutdown) and removes the data directory.
 */
async function startPostgres({ bin = postgresBin() } = {}) {
	if (!bin) throw new Error('PostgreSQL is not installed (call ensureServices() first)');
	const port = await h.getFreePort();
	// its own temp dir: as root, the data directory and every directory above it must be usable by `postgres`
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synap-pg-'));
	const remove = removeOnExit(dir);
	const asRoot = isRoot();
	const as = (cmd, args) => (asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]);
	if (asRoot) spawnSync('chown', ['-R', 'postgres:postgres', dir]);
	fs.chmodSync(dir, 0o700);
	const data = path.join(dir, 'data');
	const logFile = path.join(dir, 'postgres.log');
	const [icmd, iargs] = as(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
	const init = spawnSync(icmd, iargs, { encoding: 'utf8' });
	if (init.status !== 0) throw new Error(`initdb failed (${init.status ?? init.signal}):\n${init.stdout}\n${init.stderr}`);
	const [pcmd, pargs] = as(path.join(bin, 'postgres'), [
		'-D', data, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-k', dir,
		'-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200',
	]);
	const child = h.spawnTracked(pcmd, pargs, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
	pipeLog(child, logFile);
	const psql = (sql, db = 'postgres') =>
		spawnSync(path.join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', db, '-v', 'ON_ERROR_STOP=1', '-qAtc', sql], { encoding: 'utf8' });
	const readyMs = await until('postgres', () => psql('SELECT 1').status === 0, child, logFile);
	for (const sql of ["CREATE USER n8n PASSWORD 'n8n'", 'CREATE DATABASE n8n OWNER n8n']) {
		const r = psql(sql);
		if (r.status !== 0) throw new Error(`psql ${sql}: ${r.stderr}`);
	}
	return {
		port,
		pid: child.pid,
		readyMs,
		logFile,
		database: 'n8n',
		user: 'n8n',
		password: 'n8n',
		psql,
		async stop() {
			// SIGINT is PostgreSQL's fast shutdown; runuser passes it on to the server
			if (child.exitCode === null && child.signalCode === null) {
				try {
					process.kill(-child.pid, 'SIGINT');
				} catch {
					/* gone */
				}
			}
			await h.terminate(child, 10_000);
			remove();
		},
	};
}

module.exports = { ensureServices, startRedis, startPostgres, postgresBin };
