'use strict';
/**
 * The token is bound to Synap's origin, in a REAL n8n (2.8.4 unless SYNAP_N8N_VERSION is set):
 * n8n's own HTTP Request node, with "Predefined Credential Type → Synap API" (as a user, or an AI
 * agent's HTTP tool, may set it up), is pointed at another server on this machine. The Synap
 * credential must refuse to attach the token there, with a message that says why, while the same
 * node reaching the credential's own Base URL gets it. The other server records every request it
 * receives: none may carry the token.
 */
const { describe, before, after, test } = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const h = require('./support/n8n-harness.cjs');
const { startSandbox } = require('./support/sandbox-process.cjs');
const w = require('./support/workflows.cjs');

const VERSION = h.DEFAULT_N8N_VERSION;
const CRED = { id: 'synapE2eSecCred001', name: 'Synap Sandbox (security e2e)' };
const WORKFLOW_ID = 'synapE2eSecurity01';

/** n8n's HTTP Request node using the Synap API credential. */
const httpRequest = (name, url) =>
	w.node(
		name,
		'n8n-nodes-base.httpRequest',
		4.2,
		{ method: 'GET', url, authentication: 'predefinedCredentialType', nodeCredentialType: h.CREDENTIAL_TYPE, options: {} },
		{ credentials: { [h.CREDENTIAL_TYPE]: CRED }, onError: 'continueRegularOutput' },
	);

describe(`The Synap API credential in n8n ${VERSION} sends the token only to its Base URL`, () => {
	let home;
	let sb;
	let other;
	const received = [];
	let execution;

	before(async () => {
		await h.ensureN8n(VERSION);
		other = http.createServer((req, res) => {
			received.push({ method: req.method, url: req.url, authorization: req.headers.authorization });
			res.writeHead(200, { 'Content-Type': 'application/json' });
			res.end('{"data":[]}');
		});
		await new Promise((resolve) => other.listen(0, '127.0.0.1', resolve));
		const otherUrl = `http://127.0.0.1:${other.address().port}`;
		[home, sb] = await Promise.all([h.createN8nHome({ version: VERSION, tarball: h.getTarball() }), startSandbox({ port: 0 })]);
		await h.importCredentials(home, [
			{ ...CRED, type: h.CREDENTIAL_TYPE, data: { accessToken: sb.adminToken, environment: 'custom', baseUrl: sb.baseUrl } },
		]);
		const nodes = [
			w.manualTrigger(),
			httpRequest('To Synap', `${sb.baseUrl}/users?page[size]=1`),
			httpRequest('To Another Port', `${otherUrl}/v3/users`),
			httpRequest('To Another Path', `${sb.baseUrl.replace(/\/v3$/, '')}/v2/users`),
		];
		await h.importWorkflow(home, {
			id: WORKFLOW_ID,
			...w.workflow('Synap e2e: token bound to Synap', nodes, [
				['Manual Trigger', 'To Synap'],
				['Manual Trigger', 'To Another Port'],
				['Manual Trigger', 'To Another Path'],
			]),
		});
		await sb.clearRequests();
		execution = await h.executeWorkflow(home, WORKFLOW_ID);
	});

	after(async () => {
		if (home) await home.cleanup();
		if (sb) await sb.stop();
		if (other) await new Promise((resolve) => other.close(resolve));
	});

	test('under the Base URL, the HTTP Request node gets the token and Synap answers', async () => {
		assert.ok(execution.json, `no execution JSON:\n${execution.stderr.slice(-2000)}`);
		const [item] = h.nodeOutput(execution.json, 'To Synap');
		// The HTTP Request node does not read application/vnd.api+json as JSON: it outputs the text.
		const document = typeof item.data === 'string' ? JSON.parse(item.data) : item;
		assert.ok(Array.isArray(document.data), `expected a JSON:API list, got ${JSON.stringify(item).slice(0, 300)}`);
		const toSandbox = (await sb.requests()).filter((r) => r.path === '/v3/users');
		assert.equal(toSandbox.length, 1);
		assert.equal(toSandbox[0].status, 200);
	});

	test('another port on the same host gets nothing, and the node says why', () => {
		assert.deepEqual(received, [], 'the other server was reached');
		const [item] = h.nodeOutput(execution.json, 'To Another Port');
		assert.match(JSON.stringify(item), /Refusing to send the Synap Personal Access Token to http:\/\/127\.0\.0\.1:\d+\/v3\/users: this credential sends it only to its Base URL/);
	});

	test('another path on Synap\'s own host is refused too', async () => {
		const [item] = h.nodeOutput(execution.json, 'To Another Path');
		assert.match(JSON.stringify(item), /Refusing to send the Synap Personal Access Token/);
		// The sandbox logs every request outside its control endpoints: none reached /v2.
		const offBase = (await sb.requests()).filter((r) => !r.path.startsWith('/v3/'));
		assert.deepEqual(offBase, []);
	});

	test('the token appears nowhere in the execution', () => {
		assert.equal(JSON.stringify(execution.json).includes(sb.adminToken), false);
		assert.equal(`${execution.stdout}${execution.stderr}`.includes(sb.adminToken), false);
	});
});
