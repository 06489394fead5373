'use strict';
/**
 * The Synap API credential's "Test" button in a REAL running n8n (`n8n start`): the message a person
 * sees for each common mistake, through n8n's own credential tester (`POST /rest/credentials/test`),
 * against the sandbox. (n8n 2.8's tester never applies `responseCode` rules, which is why the
 * credential maps Synap's JSON:API error status with `responseSuccessBody` rules instead.)
 */
const { describe, before, after, test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./support/n8n-harness.cjs');
const { startSandbox } = require('./support/sandbox-process.cjs');

const VERSION = h.DEFAULT_N8N_VERSION;

describe(`Synap API credential test in n8n ${VERSION}`, { timeout: 5 * 60_000 }, () => {
	let home;
	let sb;
	let srv;
	let owner;

	before(async () => {
		await h.ensureN8n(VERSION);
		[home, sb] = await Promise.all([h.createN8nHome({ version: VERSION, tarball: h.getTarball() }), startSandbox({ port: 0 })]);
		srv = await h.startN8n(home);
		owner = await h.setupOwner(srv.url);
	});

	after(async () => {
		await srv?.stop();
		await sb?.stop();
		home?.cleanup();
	});

	/** Saves a credential in n8n, then presses its Test button. */
	async function testCredential(name, data) {
		const headers = { cookie: owner.cookie };
		const created = await h.request('POST', `${srv.url}/rest/credentials`, { headers, body: { name, type: h.CREDENTIAL_TYPE, data } });
		const id = (created.body?.data ?? created.body)?.id;
		assert.ok(id, `credential created: ${JSON.stringify(created.body).slice(0, 300)}`);
		const tested = await h.request('POST', `${srv.url}/rest/credentials/test`, {
			headers,
			body: { credentials: { id, name, type: h.CREDENTIAL_TYPE, data } },
		});
		return tested.body?.data ?? tested.body;
	}

	test('a valid token: "Connection successful!"', async () => {
		const result = await testCredential('good', { accessToken: sb.adminToken, environment: 'custom', baseUrl: sb.baseUrl });
		assert.deepEqual(result, { status: 'OK', message: 'Connection successful!' });
	});

	test('a valid token connects to a Synap whose /users list is renamed and that rejects page[size]', async () => {
		await h.request('PATCH', `${sb.origin}/__sandbox/options`, {
			body: { variant: { renamedPaths: { users: 'people' }, rejectedQueryParams: ['page[size]'] } },
		});
		try {
			const result = await testCredential('good, other shape', { accessToken: sb.adminToken, environment: 'custom', baseUrl: sb.baseUrl });
			assert.deepEqual(result, { status: 'OK', message: 'Connection successful!' });
			const wrong = await testCredential('wrong, other shape', { accessToken: 'p:notARealToken123', environment: 'custom', baseUrl: sb.baseUrl });
			assert.equal(wrong.status, 'Error');
			assert.match(wrong.message, /^Synap rejected this token/);
		} finally {
			await h.request('PATCH', `${sb.origin}/__sandbox/options`, { body: { variant: null } });
		}
	});

	for (const [label, data, message] of [
		['a wrong token', (s) => ({ accessToken: 'p:notARealToken123', baseUrl: s.baseUrl }), /^Synap rejected this token\. Paste the whole Personal Access Token/],
		['a revoked token', (s) => ({ accessToken: s.tokens.revoked, baseUrl: s.baseUrl }), /^Synap rejected this token/],
		['a Base URL without /v3', (s) => ({ accessToken: s.adminToken, baseUrl: s.origin }), /^The Base URL in the Synap API credential has no API path/],
		['a Base URL that is not Synap', () => ({ accessToken: 'p:whatever12345', baseUrl: `${srv.url}/v3` }), /^The Base URL did not answer like Synap's API/],
		['a plain-http remote Base URL', () => ({ accessToken: 'p:whatever12345', baseUrl: 'http://synap.example.com/v3' }), /^Refusing to send the Personal Access Token over plain http:\/\//],
	]) {
		test(`${label}: a message that says what to fix`, async () => {
			const result = await testCredential(label, { environment: 'custom', ...data(sb) });
			assert.equal(result.status, 'Error');
			assert.match(result.message, message);
		});
	}
});
