'use strict';
/**
 * Headless Chromium for the UI test (`npm run test:ui`): Debian's `chromium` package driven by
 * playwright-core (a devDependency; no browser download from Playwright's CDN).
 *
 *   const { ensureChromium, launch } = require('./test/e2e/support/chromium.cjs');
 *   const exe = ensureChromium();                 // installs it with apt-get when missing
 *   const ctx = await launch({ baseURL, colorScheme: 'dark' });
 *
 * $SYNAP_CHROMIUM points at another Chromium/Chrome binary.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { aptInstall } = require('./apt.cjs');

const DEFAULT_PATH = '/usr/bin/chromium';
const PACKAGES = ['chromium', 'fonts-liberation'];

function log(msg) {
	process.stderr.write(`[chromium] ${msg}\n`);
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
	aptInstall(PACKAGES, { log, what: `${PACKAGES.join(' + ')} for ${exe} (about 25 s, 290 MB)` });
	if (!fs.existsSync(exe)) throw new Error(`apt-get installed ${PACKAGES.join(', ')} but ${exe} is still missing`);
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
