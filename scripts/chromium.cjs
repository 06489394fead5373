'use strict';
/**
 * Headless Chromium for the UI test (`npm run test:ui`): Debian's `chromium` package driven by
 * playwright-core (a devDependency; no browser download from Playwright's CDN).
 *
 *   const { ensureChromium, launch } = require('./scripts/chromium.cjs');
 *   const exe = ensureChromium();                 // installs it with apt-get when missing
 *   const ctx = await launch({ baseURL, colorScheme: 'dark' });
 *
 * $SYNAP_CHROMIUM points at another Chromium/Chrome binary.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const DEFAULT_PATH = '/usr/bin/chromium';
const PACKAGES = ['chromium', 'fonts-liberation'];

function log(msg) {
	process.stderr.write(`[chromium] ${msg}\n`);
}

function has(cmd) {
	return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

/**
 * The Chromium executable; on a Debian/Ubuntu machine without one, `apt-get update` and
 * `apt-get install -y --no-install-recommends chromium fonts-liberation` (as root, or with
 * password-less sudo). About 25 s and 290 MB on Debian 12.
 */
function ensureChromium() {
	const exe = process.env.SYNAP_CHROMIUM || DEFAULT_PATH;
	if (fs.existsSync(exe)) return exe;
	if (process.env.SYNAP_CHROMIUM) throw new Error(`SYNAP_CHROMIUM=${exe} does not exist`);
	if (process.platform !== 'linux' || !has('apt-get')) {
		throw new Error(`${exe} is missing and apt-get is not available: install Chromium and set SYNAP_CHROMIUM to its path`);
	}
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	const sudo = isRoot ? [] : spawnSync('sudo', ['-n', 'true']).status === 0 ? ['sudo', '-n'] : null;
	if (!sudo) throw new Error(`${exe} is missing; install it with: sudo apt-get install -y --no-install-recommends ${PACKAGES.join(' ')}`);
	const run = (args) => {
		const [cmd, ...rest] = [...sudo, ...args];
		log(`$ ${[cmd, ...rest].join(' ')}`);
		const r = spawnSync(cmd, rest, {
			stdio: ['ignore', 'inherit', 'inherit'],
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		});
		if (r.status !== 0) throw new Error(`${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
	};
	log(`${exe} is missing: installing Debian's ${PACKAGES.join(' + ')} (about 25 s, 290 MB) …`);
	const t0 = Date.now();
	run(['apt-get', 'update']);
	run(['apt-get', 'install', '-y', '--no-install-recommends', ...PACKAGES]);
	if (!fs.existsSync(exe)) throw new Error(`apt-get installed ${PACKAGES.join(', ')} but ${exe} is still missing`);
	log(`installed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
	return exe;
}

/**
 * A fresh persistent browser context (own profile dir, removed on close).
 * @returns {Promise<import('playwright-core').BrowserContext>}
 */
async function launch({ baseURL, viewport = { width: 1200, height: 750 }, colorScheme = 'light', executablePath = ensureChromium() } = {}) {
	const { chromium } = require('playwright-core');
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'synap-chromium-'));
	const ctx = await chromium.launchPersistentContext(profile, {
		executablePath,
		headless: true,
		viewport,
		deviceScaleFactor: 1,
		colorScheme,
		baseURL,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--disable-dev-shm-usage',
		],
	});
	const close = ctx.close.bind(ctx);
	ctx.close = async () => {
		await close().catch(() => undefined);
		fs.rmSync(profile, { recursive: true, force: true });
	};
	return ctx;
}

module.exports = { ensureChromium, launch, DEFAULT_PATH };
