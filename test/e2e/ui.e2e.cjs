'use strict';
/* global document, getComputedStyle, localStorage -- these run inside the page (page.evaluate) */
/**
 * What a person sees: the n8n editor (2.8.4 unless SYNAP_N8N_VERSION is set) in headless Chromium
 * (Debian's `chromium`, installed with apt-get when missing; driven by playwright-core), with the
 * packed package installed as a community package and a credential pointing at the Synap sandbox.
 *
 *   canvas      the example workflow "Synap Trigger → Synap" in the light and the dark theme: the
 *               node icons render, and the dark theme uses the dark icon file
 *   node panel  "+" → search "Synap" → the Synap entry → its actions (one per operation)
 *   parameters  adding "Get many users" opens the node: Resource "User", Operation "Get Many";
 *               the Resource list shows every resource (e.g. "User Group", "Webhook Subscription")
 *   credential  the credential dialog shows "Personal Access Token", and n8n's credential test
 *               against the sandbox succeeds
 *
 * Screenshots go to $SYNAP_UI_OUT (`npm run test:ui` sets docs/screenshots), else to a temp dir.
 * Under `npm run test:e2e` the file skips (with the reason) when Chromium is missing and cannot be
 * installed (no root, no password-less sudo, no apt-get); `npm run test:ui` (SYNAP_E2E_UI_REQUIRED=1)
 * fails instead.
 */
const { describe, before, after, test: nodeTest } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const h = require('./support/n8n-harness.cjs');
const { startSandbox } = require('./support/sandbox-process.cjs');
const { ensureChromium, launch } = require('./support/chromium.cjs');
const w = require('./support/workflows.cjs');

const VERSION = h.DEFAULT_N8N_VERSION;
const OUT_GIVEN = process.env.SYNAP_UI_OUT ? path.resolve(h.REPO_ROOT, process.env.SYNAP_UI_OUT) : null;
const KEEP = process.env.SYNAP_E2E_KEEP === '1';
let OUT = OUT_GIVEN;
const T = 60_000; // generous per-step timeout: the editor loads ~900 node types on first open

describe(`What a person sees in the n8n ${VERSION} editor (headless Chromium)`, { timeout: 10 * 60_000 }, () => {
	let home;
	let sb;
	let srv;
	let owner;
	let ctx;
	let page;
	let credential;
	let example;
	let scratch;
	const shots = [];
	let skipReason;
	const test = (name, fn) =>
		nodeTest(name, async (t) => {
			if (skipReason) return t.skip(skipReason);
			return fn(t);
		});

	async function shot(name, target = page) {
		const file = path.join(OUT, name);
		await target.screenshot({ path: file, animations: 'disabled' });
		shots.push(`${name} (${Math.round(fs.statSync(file).size / 1024)} KB)`);
	}

	async function openWorkflow(id, theme) {
		await page.goto(`/workflow/${id}${theme ? `?theme=${theme}` : ''}`);
		await page.waitForSelector('[data-test-id="canvas-node"]', { timeout: T });
		await page.waitForTimeout(500); // zoom-to-fit animation
	}

	before(async () => {
		const t0 = Date.now();
		let exe;
		try {
			exe = ensureChromium();
		} catch (e) {
			if (process.env.SYNAP_E2E_UI_REQUIRED === '1') throw e;
			skipReason = `no Chromium: ${e.message}`;
			process.stderr.write(`[ui.e2e] skipped — ${skipReason}\n`);
			return;
		}
		await h.ensureN8n(VERSION);
		OUT = OUT_GIVEN || fs.mkdtempSync(path.join(os.tmpdir(), 'synap-ui-'));
		fs.mkdirSync(OUT, { recursive: true });
		[home, sb] = await Promise.all([h.createN8nHome({ version: VERSION, tarball: h.getTarball() }), startSandbox({ port: 0 })]);
		const started = await h.startWithPublicApi(home);
		({ srv, owner } = started);
		const api = started.api;
		credential = await api.createCredential({
			name: 'Synap Sandbox',
			type: h.CREDENTIAL_TYPE,
			data: { accessToken: sb.adminToken, environment: 'custom', baseUrl: sb.baseUrl },
		});
		const cred = { id: credential.id, name: credential.name };
		example = await api.createWorkflow(w.profileAsStudentExample(cred, { timeZone: 'Europe/London' }));
		scratch = await api.createWorkflow(w.workflow('Scratch', [w.manualTrigger()], []));
		ctx = await launch({ baseURL: srv.url, executablePath: exe });
		const login = await ctx.request.post('/rest/login', {
			data: { emailOrLdapLoginId: owner.email, email: owner.email, password: owner.password },
		});
		assert.equal(login.status(), 200, 'login');
		page = ctx.pages()[0] || (await ctx.newPage());
		process.stderr.write(`[ui.e2e] n8n + sandbox + browser ready in ${Date.now() - t0} ms; screenshots → ${OUT}\n`);
	});

	after(async () => {
		const temp = OUT && !OUT_GIVEN && !KEEP;
		if (shots.length) {
			const where = temp ? 'taken (temp dir removed; --screenshots=<dir> or --keep keeps them)' : `in ${OUT}`;
			process.stderr.write(`[ui.e2e] screenshots ${where}: ${shots.join(', ')}\n`);
		}
		if (temp) fs.rmSync(OUT, { recursive: true, force: true });
		if (ctx) await ctx.close();
		if (srv) await srv.stop();
		if (home) await home.cleanup();
		if (sb) await sb.stop();
	});

	test('canvas, light theme: both Synap nodes show the light icon', async () => {
		await openWorkflow(example.id, 'light');
		const icons = await page.$$eval('[data-test-id="canvas-node"] img', (els) => els.map((e) => e.getAttribute('src')));
		assert.equal(icons.length, 2, JSON.stringify(icons));
		for (const src of icons) assert.match(src, /\/icons\/n8n-nodes-synap\/dist\/icons\/synap\.svg$/);
		assert.equal(await page.evaluate(() => document.body.classList.contains('theme-dark') || document.documentElement.dataset.theme === 'dark'), false);
		await shot('canvas-light.png');
	});

	test('canvas, dark theme: the dark icon file is used', async () => {
		await openWorkflow(example.id, 'dark');
		const icons = await page.$$eval('[data-test-id="canvas-node"] img', (els) => els.map((e) => e.getAttribute('src')));
		assert.equal(icons.length, 2, JSON.stringify(icons));
		for (const src of icons) assert.match(src, /\/icons\/n8n-nodes-synap\/dist\/icons\/synap\.dark\.svg$/);
		// the body's background as RGB, whatever CSS colour syntax the version uses (2.41: oklch)
		const [bg, r, g, b] = await page.evaluate(() => {
			const css = getComputedStyle(document.body).backgroundColor;
			const c = document.createElement('canvas').getContext('2d');
			c.fillStyle = css;
			c.fillRect(0, 0, 1, 1);
			return [css, ...c.getImageData(0, 0, 1, 1).data.slice(0, 3)];
		});
		assert.ok(r + g + b < 3 * 110, `dark background, got ${bg} = rgb(${r}, ${g}, ${b})`);
		await shot('canvas-dark.png');
		// back to light for the rest (the editor remembers ?theme)
		await page.evaluate(() => localStorage.setItem('N8N_THEME', 'light'));
	});

	test('node panel: searching "Synap" finds the node; its entry lists the actions', async () => {
		await openWorkflow(scratch.id, 'light');
		// the "+" after the Manual Trigger: the new node is connected to it
		const plus = page.locator('[data-test-id="canvas-handle-plus"]').first();
		if (await plus.count()) await plus.click();
		else await page.click('[data-test-id="node-creator-plus-button"]');
		const search = page.getByPlaceholder('Search nodes...');
		await search.waitFor({ timeout: T });
		await search.fill('Synap');
		const item = page.locator('[data-test-id="node-creator-item-name"]', { hasText: /^Synap$/ });
		await item.waitFor({ timeout: T });
		await page.waitForTimeout(300);
		await shot('node-panel.png');
		await item.click();
		const heading = page.getByText(/^Actions \(\d+\)$/);
		await heading.waitFor({ timeout: T });
		const count = Number((await heading.textContent()).match(/\d+/)[0]);
		assert.ok(count >= 50, `${count} actions`);
		await page.getByText('Register a user', { exact: true }).waitFor({ timeout: T });
		await shot('node-actions.png');
	});

	test('parameters: "Get many users" opens the node; Resource lists User Group, Webhook Subscription, …', async () => {
		const action = page.getByText('Get many users', { exact: true });
		await action.scrollIntoViewIfNeeded();
		await action.click();
		await page.waitForSelector('[data-test-id="ndv"]', { timeout: T });
		const value = async (name) => page.locator(`[data-test-id="parameter-input-${name}"] input`).first().inputValue();
		assert.equal(await value('resource'), 'User');
		assert.equal(await value('operation'), 'Get Many');
		for (const name of ['returnAll', 'limit', 'output', 'subjectUserId']) {
			assert.ok(await page.locator(`[data-test-id="parameter-input-${name}"]`).count(), `parameter ${name} is shown`);
		}
		// A node added today is version 1.1: Output (Simplified by default) instead of version 1's Simplify.
		assert.equal(await page.locator('[data-test-id="parameter-input-simplify"]').count(), 0, 'Simplify is not shown');
		assert.equal(await value('output'), 'Simplified');
		assert.match(await page.locator('[data-test-id="node-credentials-select"] input').first().inputValue(), /Synap Sandbox/);
		await page.waitForTimeout(300);
		await shot('node-parameters.png');

		await page.click('[data-test-id="parameter-input-resource"]');
		const options = page.locator('.el-select-dropdown__item:visible');
		await options.first().waitFor({ timeout: T });
		const names = (await options.allTextContents()).map((s) => s.trim());
		for (const n of ['User', 'User Group', 'Webhook Subscription', 'Custom', 'Portal', 'Attempt']) assert.ok(names.includes(n), `"${n}" in ${JSON.stringify(names)}`);
		await page.locator('.el-select-dropdown__item:visible', { hasText: /^Webhook Subscription$/ }).scrollIntoViewIfNeeded();
		await page.locator('.el-select-dropdown__item:visible', { hasText: /^User Group$/ }).hover();
		await page.waitForTimeout(200);
		await shot('node-resource-dropdown.png');
		await page.keyboard.press('Escape');
	});

	test('credential dialog: "Personal Access Token", and the credential test against the sandbox succeeds', async () => {
		await page.click('[data-test-id="credential-edit-button"]');
		const modal = page.locator('[data-test-id="editCredential-modal"]');
		await modal.waitFor({ timeout: T });
		for (const label of ['Personal Access Token', 'Environment', 'Base URL']) {
			await modal.getByText(new RegExp(`^\\s*${label}`)).first().waitFor({ timeout: T });
		}
		await page.locator('[data-test-id="credentials-config-container-test-success"]').waitFor({ timeout: T });
		assert.match(await modal.textContent(), /Connection tested successfully/);
		await page.waitForTimeout(300);
		await shot('credential-dialog.png');
		const tested = (await sb.requests()).filter((r) => r.path === '/v3/user-accounts/n8n-credential-test');
		assert.ok(tested.length >= 1, 'the credential test reached the sandbox (GET /user-accounts/n8n-credential-test)');
		assert.equal(tested[tested.length - 1].headers.authorization, `Bearer ${sb.adminToken}`);
	});
});
