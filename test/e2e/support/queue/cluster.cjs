'use strict';
/**
 * A real n8n in queue mode on 127.0.0.1: Redis, PostgreSQL, `n8n start` (main), N × `n8n worker
 * --concurrency=C` and one `n8n webhook` (webhook processor), each n8n process with its own user
 * folder holding the packed package as a community package, its own ports, and the same
 * encryption key, database and queue.
 *
 *   const cluster = await startQueueCluster({ tarball });
 *   cluster.main.url, cluster.webhook.url, cluster.workers[i].url (health port)
 *   cluster.api            // n8n's public API on main (owner's API key)
 *   cluster.workerOf(executionId)   // 'worker1' | 'worker2' | undefined, from the workers' logs
 *   await cluster.kill('worker1')   // SIGKILL the worker and its task runner
 *   await cluster.stop()            // everything it started, also after a failure
 *
 * The recipe, its pitfalls and its timings were measured first (see the README's "Running at
 * scale"): main runs the migrations, so it starts first; WEBHOOK_URL on every process points at
 * the webhook processor, because the Synap Trigger's subscriptions are created on main.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const h = require('../n8n-harness.cjs');
const { ensureServices, startRedis, startPostgres } = require('./services.cjs');
const { patientApi, whileDbNotReady } = require('./executions.cjs');

const log = (m) => process.stderr.write(`[queue] ${m}\n`);

/** Environment every process of the cluster shares. */
function sharedEnv({ redis, pg, mainUrl, webhookUrl }) {
	return {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(pg.port),
		DB_POSTGRESDB_DATABASE: pg.database,
		DB_POSTGRESDB_USER: pg.user,
		DB_POSTGRESDB_PASSWORD: pg.password,
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		WEBHOOK_URL: `${webhookUrl}/`,
		N8N_EDITOR_BASE_URL: `${mainUrl}/`,
		N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
		N8N_LOG_LEVEL: 'info',
	};
}

/**
 * @param {{tarball: string, version?: string, workers?: number, concurrency?: number, env?: object}} opts
 */
async function startQueueCluster({ tarball, version = h.DEFAULT_N8N_VERSION, workers = 2, concurrency = 5, env = {} }) {
	const started = [];
	const cluster = {
		version,
		workers: [],
		servers: {},
		homes: {},
		timings: {},
		async stop() {
			const t0 = Date.now();
			// n8n first (webhook processor, workers, main together), then what they use
			const n8n = Object.values(cluster.servers);
			await Promise.all(n8n.map((s) => s.stop().catch(() => undefined)));
			for (const home of Object.values(cluster.homes)) await home.cleanup().catch(() => undefined);
			for (const s of started.reverse()) await s.stop().catch(() => undefined);
			cluster.timings.stopMs = Date.now() - t0;
		},
	};
	try {
		let t = Date.now();
		const { postgresBin } = ensureServices();
		const [redis, pg] = await Promise.all([startRedis(), startPostgres({ bin: postgresBin })]);
		started.push(redis, pg);
		cluster.redis = redis;
		cluster.pg = pg;
		cluster.timings.servicesMs = Date.now() - t;

		t = Date.now();
		const roles = ['main', ...Array.from({ length: workers }, (_, i) => `worker${i + 1}`), 'webhook'];
		for (const role of roles) {
			// npm installs the tarball into main's user folder; the others get a copy of that folder's
			// nodes/ (the same files: one npm run instead of four, 4-20 s saved on a busy machine)
			const home = (cluster.homes[role] = await h.createN8nHome({ version, tarball: role === 'main' ? tarball : undefined }));
			if (role !== 'main') fs.cpSync(path.join(cluster.homes.main.n8nDir, 'nodes'), path.join(home.n8nDir, 'nodes'), { recursive: true });
			// also after a signal or a crash (cleanup() runs only on the normal path)
			if (process.env.SYNAP_E2E_KEEP !== '1') process.on('exit', () => fs.rmSync(home.dir, { recursive: true, force: true }));
		}
		const shared = sharedEnv({ redis, pg, mainUrl: cluster.homes.main.url, webhookUrl: cluster.homes.webhook.url });
		for (const role of roles) {
			Object.assign(cluster.homes[role].env, shared, env);
			// a worker serves only its health check: on the home's port
			if (role.startsWith('worker')) cluster.homes[role].env.QUEUE_HEALTH_CHECK_PORT = String(cluster.homes[role].port);
		}
		cluster.timings.homesMs = Date.now() - t;

		t = Date.now();
		cluster.servers.main = await h.startN8n(cluster.homes.main);
		cluster.timings.mainMs = Date.now() - t;
		t = Date.now();
		const rest = await Promise.all(
			roles
				.filter((r) => r !== 'main')
				.map((role) =>
					role === 'webhook'
						? h.startN8n(cluster.homes[role], { command: 'webhook' })
						: h.startN8n(cluster.homes[role], { command: 'worker', args: [`--concurrency=${concurrency}`] }),
				),
		);
		roles.filter((r) => r !== 'main').forEach((role, i) => (cluster.servers[role] = rest[i]));
		cluster.timings.workersMs = Date.now() - t;

		cluster.main = cluster.servers.main;
		cluster.webhook = cluster.servers.webhook;
		cluster.workerNames = roles.filter((r) => r.startsWith('worker'));
		cluster.workers = cluster.workerNames.map((r) => cluster.servers[r]);

		const owner = await h.setupOwner(cluster.main.url);
		const ownerRest = owner.rest;
		cluster.owner = { ...owner, rest: { ...ownerRest, request: (...a) => whileDbNotReady(() => ownerRest.request(...a)) } };
		cluster.api = patientApi(h.publicApi(cluster.main.url, await h.createApiKey(cluster.main.url, owner.cookie)));
	} catch (e) {
		await cluster.stop();
		throw e;
	}

	/** The whole log of one process (from its file: the in-memory tail is capped). */
	cluster.log = (role) => {
		const s = cluster.servers[role];
		return s && fs.existsSync(s.logFile) ? fs.readFileSync(s.logFile, 'utf8') : '';
	};
	/** Which worker ran an execution: the one whose log says "Worker started execution <id> (". */
	cluster.workerOf = (executionId) =>
		cluster.workerNames.find((r) => cluster.log(r).includes(`Worker started execution ${executionId} (`));
	/** Whether the webhook processor put an execution on the queue ("Enqueued execution <id> ("). */
	cluster.enqueuedByWebhook = (executionId) => cluster.log('webhook').includes(`Enqueued execution ${executionId} (`);
	/**
	 * Peak resident memory (VmHWM) per role in MB, summed over each process group (an n8n process
	 * and its task runner; PostgreSQL's server and backends, shared buffers counted in each).
	 */
	cluster.peakMemoryMb = () => {
		const groups = { ...Object.fromEntries(Object.entries(cluster.servers).map(([r, s]) => [r, s.pid])), redis: cluster.redis.pid, postgres: cluster.pg.pid };
		const out = {};
		for (const [role, pgid] of Object.entries(groups)) {
			const pids = spawnSync('pgrep', ['-g', String(pgid)], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
			let kb = 0;
			for (const pid of pids) {
				try {
					kb += Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
				} catch {
					/* gone */
				}
			}
			if (kb) out[role] = Math.round(kb / 1024);
		}
		return out;
	};
	/** SIGKILL a process and its task runner (its process group), as an out-of-memory kill would. */
	cluster.kill = async (role) => {
		const s = cluster.servers[role];
		try {
			process.kill(-s.pid, 'SIGKILL');
		} catch {
			/* already gone */
		}
		await new Promise((r) => (s.process.exitCode !== null || s.process.signalCode !== null ? r() : s.process.once('exit', r)));
	};
	log(
		`n8n ${version} in queue mode: main ${cluster.main.url}, webhook processor ${cluster.webhook.url}, ` +
			`${cluster.workerNames.length} workers (--concurrency=${concurrency}), Redis :${cluster.redis.port}, Postgres :${cluster.pg.port} ` +
			`(services ${cluster.timings.servicesMs} ms, homes ${cluster.timings.homesMs} ms, main ${cluster.timings.mainMs} ms, workers+webhook ${cluster.timings.workersMs} ms)`,
	);
	return cluster;
}

module.exports = { startQueueCluster, sharedEnv };
