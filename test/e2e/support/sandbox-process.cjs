'use strict';
/**
 * The Synap sandbox (test/sandbox, a local emulator of Synap's v3 API) as a child process, for the
 * end-to-end tests and `npm start`:
 *
 *   const { startSandbox } = require('./test/e2e/support/sandbox-process.cjs');
 *   const sb = await startSandbox({ port: 0, extraUsers: 450 });
 *   sb.baseUrl, sb.origin, sb.adminToken, sb.tokens, sb.seeded      // from SYNAP_SANDBOX_READY
 *   await sb.requests({ since })       // GET /__sandbox/requests (every /v3 request, in order)
 *   await sb.clearRequests()           // DELETE /__sandbox/requests
 *   await sb.state('User')             // GET /__sandbox/state/User
 *   await sb.emit('user.registered', { … })  // POST /__sandbox/events
 *   await sb.deliveries({ wait: true })       // GET /__sandbox/deliveries?wait=1
 *   await sb.api('POST', '/user-registrations', doc, { token, subjectUser })  // a /v3 call (JSON:API)
 *   await sb.stop()
 *
 * It runs `node -r test/support/register.cjs test/sandbox/cli.cts --json …` (the same program as
 * `npm run sandbox`) in its own process group; the harness stops it with the n8n processes when this
 * process exits or gets SIGINT/SIGTERM.
 */
const path = require('node:path');
const h = require('./n8n-harness.cjs');

const ROOT = h.REPO_ROOT;
const MEDIA_TYPE = 'application/vnd.api+json';

/**
 * @param {{port?: number, seed?: number, extraUsers?: number, latencyMs?: number, args?: string[],
 *          echo?: boolean, timeoutMs?: number}} [opts]
 */
async function startSandbox({ port = 0, seed = 1, extraUsers = 0, latencyMs, args = [], echo = false, timeoutMs = 60_000 } = {}) {
	const argv = [
		'-r',
		path.join(ROOT, 'test', 'support', 'register.cjs'),
		path.join(ROOT, 'test', 'sandbox', 'cli.cts'),
		'--json',
		'--port',
		String(port),
		'--seed',
		String(seed),
		'--extra-users',
		String(extraUsers),
		...(latencyMs ? ['--latency', String(latencyMs)] : []),
		...args,
	];
	const env = h.baseEnv();
	// the sandbox's own env knobs must not leak in from the caller's shell
	for (const k of Object.keys(env)) if (k.startsWith('SYNAP_SANDBOX_')) delete env[k];
	const child = h.spawnTracked(process.execPath, argv, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
	let out = '';
	let err = '';
	const info = await new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			h.terminate(child, 2000);
			reject(new Error(`Synap sandbox did not start within ${timeoutMs} ms:\n${out}\n${err}`));
		}, timeoutMs);
		child.stdout.on('data', (d) => {
			out += d;
			if (echo) process.stderr.write(d);
			const m = /^SYNAP_SANDBOX_READY (.*)$/m.exec(out);
			if (m) {
				clearTimeout(timer);
				try {
					resolve(JSON.parse(m[1]));
				} catch (e) {
					reject(e);
				}
			}
		});
		child.stderr.on('data', (d) => {
			err += d;
			if (echo) process.stderr.write(d);
		});
		child.once('exit', (code, signal) => {
			clearTimeout(timer);
			reject(new Error(`Synap sandbox exited (${code ?? signal}) before it was ready:\n${out}\n${err}`));
		});
	});

	const control = async (method, p, body) => {
		const r = await h.request(method, `${info.origin}/__sandbox${p}`, { body, timeoutMs: 60_000 });
		if (r.status !== 200) throw new Error(`${method} /__sandbox${p} → ${r.status}: ${JSON.stringify(r.body)}`);
		return r.body;
	};

	const sb = {
		...info,
		pid: child.pid,
		process: child,
		logs: () => `${out}\n${err}`,
		control,
		/** Every recorded /v3 request (method, path, query, headers (lower-case), body, status). */
		requests: () => control('GET', '/requests'),
		clearRequests: () => control('DELETE', '/requests'),
		reset: (options = false) => control('POST', '/reset', options ? { options: true } : undefined),
		state: (type) => control('GET', `/state/${encodeURIComponent(type)}`),
		counts: () => control('GET', '/state'),
		emit: (eventName, data) => control('POST', '/events', { eventName, data }),
		deliveries: ({ wait = false } = {}) => control('GET', `/deliveries${wait ? '?wait=1' : ''}`),
		clearDeliveries: () => control('DELETE', '/deliveries'),
		setOptions: (o) => control('PATCH', '/options', o),
		/** A /v3 request as a Synap client sends it: Bearer token (admin by default), JSON:API media type. */
		api: (method, p, body, { token = info.adminToken, subjectUser } = {}) =>
			h.request(method, `${info.baseUrl}${p}`, {
				body,
				headers: {
					authorization: `Bearer ${token}`,
					accept: MEDIA_TYPE,
					...(body !== undefined ? { 'content-type': MEDIA_TYPE } : {}),
					...(subjectUser ? { 'subject-user': subjectUser } : {}),
				},
			}),
		async stop() {
			await h.terminate(child, 5000);
		},
	};
	return sb;
}

module.exports = { startSandbox, MEDIA_TYPE };
