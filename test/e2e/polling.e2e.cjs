'use strict';
/**
 * The Synap Polling Trigger in a REAL running n8n (`n8n start`, 2.8.4 unless SYNAP_N8N_VERSION is
 * set), polling the Synap sandbox over 127.0.0.1 on n8n's own Poll Times schedule:
 *
 *   public API: credential + workflow "Synap Polling Trigger (New User, every minute) → Synap User
 *   Get of {{ $json.synap.userId }}", activate
 *   → activation polled once: the sandbox got one GET /v3/users, newest first; no execution (no flood
 *     of the seeded users)
 *   → a real registration through the sandbox's API
 *   → within n8n's next minute tick, one execution: the trigger item has the record and the
 *     normalised `synap` fields; the Synap node downstream read the same user
 *   → the sandbox got GET /v3/users oldest first from the cursor (filter[createdAt][gte])
 *   → the following tick starts nothing (the user is not output twice)
 * n8n's shortest Poll Times is every minute (it refuses a cron whose seconds field is "*"), so the
 * test waits up to about 70 s for a tick.
 */
const { describe, before, after, test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./support/n8n-harness.cjs');
const { startSandbox } = require('./support/sandbox-process.cjs');
const w = require('./support/workflows.cjs');

const VERSION = h.DEFAULT_N8N_VERSION;

function tail(text, lines = 40) {
	return String(text || '').trim().split('\n').slice(-lines).join('\n');
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what, fn, { timeoutMs = 30_000, everyMs = 500 } = {}) {
	const t0 = Date.now();
	for (;;) {
		const last = await fn();
		if (last) return last;
		if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await sleep(everyMs);
	}
}

describe(`Synap Polling Trigger in n8n ${VERSION} (n8n start) polling the sandbox`, { timeout: 10 * 60_000 }, () => {
	let home;
	let sb;
	let srv;
	let api;
	let wf;
	let activated = false;
	let newUser;
	let execution;

	before(async () => {
		const t0 = Date.now();
		await h.ensureN8n(VERSION);
		[home, sb] = await Promise.all([h.createN8nHome({ version: VERSION, tarball: h.getTarball() }), startSandbox({ port: 0 })]);
		({ srv, api } = await h.startWithPublicApi(home));
		process.stderr.write(`[polling.e2e] n8n ready in ${srv.readyMs} ms (setup ${Date.now() - t0} ms)\n`);
	});

	after(async () => {
		if (srv) await srv.stop();
		if (home) await home.cleanup();
		if (sb) await sb.stop();
	});

	const executions = async () => (await api.listExecutions({ workflowId: wf.id })).data || [];

	test('activate a New User polling workflow → one poll at activation, newest first, and no execution', async () => {
		const credential = await api.createCredential({
			name: 'Synap Sandbox',
			type: h.CREDENTIAL_TYPE,
			data: { accessToken: sb.adminToken, environment: 'custom', baseUrl: sb.baseUrl },
		});
		const cred = { id: credential.id, name: credential.name };
		wf = await api.createWorkflow(
			w.workflow(
				'Poll Synap for new users → read each one',
				[
					w.synapPollingTrigger('New Synap User', 'user.registered', cred),
					w.synap('Get User', { resource: 'user', operation: 'get', userId: w.rl('={{ $json.synap.userId }}') }, cred),
				],
				[['New Synap User', 'Get User']],
			),
		);
		await sb.clearRequests();
		await api.activateWorkflow(wf.id);
		activated = true;
		const polls = await waitFor('the activation poll', async () => {
			const r = (await sb.requests()).filter((x) => x.method === 'GET' && x.path === '/v3/users');
			return r.length ? r : null;
		});
		assert.equal(polls.length, 1, JSON.stringify(polls.map((r) => r.query)));
		assert.equal(polls[0].query.sort, '-createdAt,-id');
		assert.equal(polls[0].status, 200);
		assert.equal(polls[0].headers.authorization, `Bearer ${sb.adminToken}`);
		await sleep(1000);
		assert.deepEqual(await executions(), [], 'the seeded users start nothing');
	});

	test('a registration in Synap → the next minute poll starts one execution with the record and the synap fields', async () => {
		assert.ok(activated, 'activated');
		const reg = await sb.api('POST', '/user-registrations', {
			data: {
				type: 'UserRegistration',
				attributes: { name: 'Dorothy Vaughan', emailAddress: 'dorothy.vaughan@example.com' },
				relationships: { userGroups: { data: [{ type: 'UserGroup', id: sb.seeded.groups.chemistryClass }] } },
			},
		});
		assert.equal(reg.status, 201, JSON.stringify(reg.body));
		newUser = reg.body.data.id;

		const t0 = Date.now();
		const summary = await waitFor(
			'an execution started by the poll',
			async () => {
				const done = (await executions()).filter((e) => e.finished || (e.status && e.status !== 'running' && e.status !== 'new'));
				return done.length ? done : null;
			},
			{ timeoutMs: 75_000, everyMs: 1000 },
		);
		process.stderr.write(`[polling.e2e] execution ${Math.round((Date.now() - t0) / 1000)} s after the registration\n`);
		assert.equal(summary.length, 1);
		execution = await api.getExecution(summary[0].id);
		assert.equal(execution.status, 'success', `${JSON.stringify(execution.data?.resultData?.error)}\n${tail(srv.logs())}`);

		const items = h.nodeOutput(execution, 'New Synap User');
		assert.equal(items.length, 1);
		const item = items[0];
		assert.equal(item.id, newUser);
		assert.equal(item.type, 'User');
		assert.equal(item.emailAddress, 'dorothy.vaughan@example.com');
		assert.equal(item.synap.event, 'user.registered');
		assert.equal(item.synap.userId, newUser);
		assert.equal(item.synap.userEmail, 'dorothy.vaughan@example.com');
		assert.equal(item.synap.portalId, null);
		assert.equal(item.synap.occurredAt, item.createdAt);
		assert.ok(!Number.isNaN(Date.parse(item.synap.receivedAt)));

		const got = h.nodeOutput(execution, 'Get User');
		assert.equal(got.length, 1);
		assert.equal(got[0].id, newUser, 'the downstream Synap node read the user from synap.userId');

		const poll = (await sb.requests()).filter((r) => r.method === 'GET' && r.path === '/v3/users' && r.query['filter[createdAt][gte]']);
		assert.ok(poll.length >= 1, 'polled from the cursor');
		assert.equal(poll[0].query.sort, 'createdAt,id');
	});

	test('the next tick outputs nothing new; deactivate stops polling', async () => {
		assert.ok(execution, 'the workflow ran');
		await sb.clearRequests();
		await waitFor(
			'the next poll',
			async () => (await sb.requests()).some((r) => r.method === 'GET' && r.path === '/v3/users'),
			{ timeoutMs: 75_000, everyMs: 1000 },
		);
		await sleep(2000);
		assert.equal((await executions()).length, 1, 'the user is not output twice');

		await api.deactivateWorkflow(wf.id);
		activated = false;
	});
});
