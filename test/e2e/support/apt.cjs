'use strict';
/**
 * Installs Debian packages the end-to-end tests need when they are missing (Chromium for the UI
 * test; Redis and PostgreSQL for the queue-mode test): `apt-get update`, then
 * `apt-get install -y --no-install-recommends <packages>`, as root or with password-less sudo,
 * waiting up to 5 minutes for dpkg's lock when another apt-get holds it.
 *
 *   const { aptInstall, has } = require('./apt.cjs');
 *   if (!has('redis-server')) aptInstall(['redis-server'], { log, what: 'Redis (about 12 s)' });
 */
const { spawnSync } = require('node:child_process');

/** Whether a command is on PATH. */
function has(cmd) {
	return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

function isRoot() {
	return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** [] as root, ['sudo', '-n'] with password-less sudo, else null. */
function privilege() {
	if (isRoot()) return [];
	return spawnSync('sudo', ['-n', 'true']).status === 0 ? ['sudo', '-n'] : null;
}

/**
 * apt-get update && apt-get install -y --no-install-recommends <packages>. Throws with the command
 * to run by hand when apt-get or the privilege is missing, or when apt-get fails.
 */
function aptInstall(packages, { log = (m) => process.stderr.write(`[apt] ${m}\n`), what = packages.join(' + ') } = {}) {
	const manual = `sudo apt-get install -y --no-install-recommends ${packages.join(' ')}`;
	if (process.platform !== 'linux' || !has('apt-get')) throw new Error(`${what} is missing and apt-get is not available; install it (${manual})`);
	const sudo = privilege();
	if (!sudo) throw new Error(`${what} is missing; install it with: ${manual}`);
	const run = (args) => {
		const [cmd, ...rest] = [...sudo, ...args];
		log(`$ ${[cmd, ...rest].join(' ')}`);
		const r = spawnSync(cmd, rest, {
			stdio: ['ignore', 'inherit', 'inherit'],
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		});
		if (r.status !== 0) throw new Error(`${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
	};
	log(`installing Debian's ${what} …`);
	const t0 = Date.now();
	// another apt-get (an unattended upgrade, a parallel test run) may hold dpkg's lock: wait for it
	const wait = ['-o', 'DPkg::Lock::Timeout=300'];
	run(['apt-get', ...wait, 'update']);
	run(['apt-get', ...wait, 'install', '-y', '--no-install-recommends', ...packages]);
	log(`installed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

module.exports = { aptInstall, has, isRoot, privilege };
