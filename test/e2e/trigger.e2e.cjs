'use strict';
/**
 * The Synap Trigger in a REAL running n8n (`n8n start`, 2.8.4 unless SYNAP_N8N_VERSION is set),
 * with the Synap sandbox delivering real webhooks to it over 127.0.0.1:
 *
 *   public API: credential + workflow "Synap Trigger (user.registered) → Synap User Update acting
 *   as the new user" (Synap's own profile-picture example), activate
 *   → the sandbox holds one WebhookSubscription pointing at n8n's production webhook URL, with Basic auth
 *   → a real registration through the sandbox's API makes the sandbox deliver `user.registered`
 *   → n8n runs the workflow: the trigger item has the normalised `synap` fields, and the Update
 *     reached the sandbox with the Subject-User header of the new user
 *   → a delivery without the Basic auth gets 401 and starts nothing
 *   → deactivate: the subscription is deleted in the sandbox
 */
const { describe, before, after, test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./support/n8n-harness.cjs');
const { startSandbox } = require('./support/sandbox-process.cjs');
const w = require('./support/workflows.cjs');

const VERSION = h.DEFAULT_N8N_VERSION;
const PICTURE = { __type: 'File', name: 'welcome.png', url: 'https://files.example.com/welcome.png' };

function tail(text, lines = 40) {
	return String(text || '').trim().split('\n').slice(-lines).join('\n');
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what, fn, { timeoutMs = 30_000, everyMs = 250 } = {}) {
	const t0 = Date.now();
	let last;
	for (;;) {
		last = await fn();
		if (last) return last;
		if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await sleep(everyMs);
	}
}

describe(`Synap Trigger in n8n ${VERSION} (n8n start) with real webhook deliveries from the sandbox`, { timeout: 10 * 60_000 }, () => {
	let home;
	let sb;
	let srv;
	let api;
	let credential;
	let wf;
	let subscription;
	let subscriptions = [];
	const seenExecutions = new Set();
	let newUser;
	let execution;

	before(async () => {
		const t0 = Date.now();
		await h.ensureN8n(VERSION);
		[home, sb] = await Promise.all([h.createN8nHome({ version: VERSION, tarball: h.getTarball() }), startSandbox({ port: 0 })]);
		({ srv, api } = await h.startWithPublicApi(home));
		process.stderr.write(`[trigger.e2e] n8n ready in ${srv.readyMs} ms (setup ${Date.now() - t0} ms)\n`);
	});

	/** The next finished execution of the workflow not seen before (public API). */
	async function nextExecution() {
		return waitFor('the execution', async () => {
			const list = await api.listExecutions({ workflowId: wf.id });
			const done = (list.data || []).find(
				(e) => !seenExecutions.has(e.id) && (e.finished || (e.status && e.status !== 'running' && e.status !== 'new')),
			);
			if (!done) return null;
			seenExecutions.add(done.id);
			return api.getExecution(done.id);
		});
	}

	after(async () => {
		if (srv) await srv.stop();
		if (home) await home.cleanup();
		if (sb) await sb.stop();
	});

	test('public API: create the credential and the workflow, activate → one webhook subscription per event in Synap', async () => {
		credential = await api.createCredential({
			name: 'Synap Sandbox',
			type: h.CREDENTIAL_TYPE,
			data: { accessToken: sb.adminToken, environment: 'custom', baseUrl: sb.baseUrl },
		});
		assert.ok(credential.id);
		const cred = { id: credential.id, name: credential.name };
		wf = await api.createWorkflow(
			w.workflow(
				'When a student registers → set their profile picture as them',
				[
					w.synapTrigger('Synap Trigger', ['user.registered', 'attempt.completed'], cred),
					w.synap(
						'Set Profile Picture',
						{
							resource: 'user',
							operation: 'update',
							userId: w.rl('={{ $json.synap.userId }}'),
							subjectUserId: '={{ $json.synap.userId }}',
							updateFields: { profilePicture: JSON.stringify(PICTURE) },
						},
						cred,
					),
				],
				[['Synap Trigger', 'Set Profile Picture']],
			),
		);
		await sb.clearRequests();
		await api.activateWorkflow(wf.id);
		subscriptions = await waitFor('the webhook subscriptions', async () => {
			const s = await sb.state('WebhookSubscription');
			return s.length >= 2 ? s : null;
		});
		assert.deepEqual(subscriptions.map((x) => x.attributes.eventName).sort(), ['attempt.completed', 'user.registered']);
		subscription = subscriptions.find((x) => x.attributes.eventName === 'user.registered');
		for (const sub of subscriptions) {
			const target = new URL(sub.attributes.targetUrl);
			assert.equal(target.origin, srv.url, 'points at this n8n over 127.0.0.1');
			assert.match(target.pathname, /^\/webhook\/[0-9a-f-]+\/webhook$/);
			assert.equal(target.searchParams.get('event'), sub.attributes.eventName);
			assert.ok(sub.attributes.basicAuth?.username, 'protected by Basic auth');
		}
		const posts = (await sb.requests()).filter((r) => r.method === 'POST' && r.path === '/v3/webhook-subscriptions');
		assert.equal(posts.length, 2);
		for (const p of posts) {
			assert.equal(p.status, 201);
			assert.equal(p.headers.authorization, `Bearer ${sb.adminToken}`);
			assert.equal(p.body.data.attributes.basicAuth.password.length >= 20, true, 'a generated secret is sent');
		}
	});

	test('a real registration in Synap → delivered to n8n → an execution with the normalised synap fields', async () => {
		assert.ok(subscription, 'activated');
		await sb.clearDeliveries();
		const reg = await sb.api('POST', '/user-registrations', {
			data: {
				type: 'UserRegistration',
				attributes: { name: 'Katherine Johnson', emailAddress: 'katherine.johnson@example.com' },
				relationships: { userGroups: { data: [{ type: 'UserGroup', id: sb.seeded.groups.chemistryClass }] } },
			},
		});
		assert.equal(reg.status, 201, JSON.stringify(reg.body));
		newUser = reg.body.data.id;
		const deliveries = await sb.deliveries({ wait: true });
		const ours = deliveries.filter((d) => String(d.url).startsWith(srv.url));
		assert.equal(ours.length, 1, `one delivery to n8n: ${JSON.stringify(deliveries)}`);
		assert.equal(ours[0].status, 200, `n8n accepted the delivery: ${JSON.stringify(ours[0])}`);

		execution = await nextExecution();
		assert.equal(execution.status, 'success', `${JSON.stringify(execution.data?.resultData?.error)}\n${tail(srv.logs())}`);
		const item = h.nodeOutput(execution, 'Synap Trigger')[0];
		assert.equal(item.synap.event, 'user.registered');
		assert.equal(item.synap.userId, newUser);
		assert.equal(item.synap.userEmail, 'katherine.johnson@example.com');
		assert.equal(item.synap.portalId, null, 'user.registered payloads do not name the portal');
		assert.ok(!Number.isNaN(Date.parse(item.synap.occurredAt)), `occurredAt ${item.synap.occurredAt}`);
		assert.ok(!Number.isNaN(Date.parse(item.synap.receivedAt)), `receivedAt ${item.synap.receivedAt}`);
		assert.equal(item.objectId, newUser, "Synap's payload as sent is kept");
		assert.equal(item.email, 'katherine.johnson@example.com');
	});

	test('the next node updated the new user acting as them (Subject-User), in Synap', async () => {
		assert.ok(execution, 'the workflow ran');
		const out = h.nodeOutput(execution, 'Set Profile Picture');
		assert.equal(out.length, 1);
		assert.equal(out[0].id, newUser);
		const patch = (await sb.requests()).find((r) => r.method === 'PATCH' && r.path === `/v3/users/${newUser}`);
		assert.ok(patch, 'PATCH /v3/users/<new user> reached the sandbox');
		assert.equal(patch.headers['subject-user'], newUser);
		assert.equal(patch.status, 200);
		const user = (await sb.state('User')).find((u) => u.id === newUser);
		assert.deepEqual(user.attributes.profilePicture, PICTURE);
	});

	test('POST /__sandbox/events attempt.completed → an execution; a wrapped payload names the portal', async () => {
		assert.ok(subscription, 'activated');
		await sb.clearRequests();
		const fired = await sb.emit('attempt.completed');
		assert.equal(fired.deliveries.length, 1, JSON.stringify(fired));
		assert.equal(fired.deliveries[0].status, 200);
		const ex = await nextExecution();
		assert.equal(ex.status, 'success', JSON.stringify(ex.data?.resultData?.error));
		const item = h.nodeOutput(ex, 'Synap Trigger')[0];
		assert.equal(item.synap.event, 'attempt.completed');
		assert.equal(item.synap.userId, sb.seeded.users.student);
		assert.equal(item.synap.portalId, sb.seeded.portalId);
		assert.equal(item.synap.occurredAt, item.meta.timestamp, 'occurredAt from the payload');
		const patch = (await sb.requests()).find((r) => r.method === 'PATCH');
		assert.equal(patch?.headers['subject-user'], sb.seeded.users.student);
	});

	test('a delivery without the Basic auth gets 401 and starts nothing', async () => {
		assert.ok(subscription, 'activated');
		const target = new URL(subscription.attributes.targetUrl);
		const before = (await api.listExecutions({ workflowId: wf.id })).data.length;
		const r = await h.request('POST', target.toString(), { body: { objectId: 'AAAAAAAAAA', email: 'x@example.com' } });
		assert.equal(r.status, 401);
		const wrong = await h.request('POST', target.toString(), {
			body: { objectId: 'AAAAAAAAAA' },
			headers: { authorization: `Basic ${Buffer.from(`${subscription.attributes.basicAuth.username}:wrong`).toString('base64')}` },
		});
		assert.equal(wrong.status, 401);
		await sleep(500);
		assert.equal((await api.listExecutions({ workflowId: wf.id })).data.length, before);
	});

	test('deactivate → the webhook subscription is deleted in Synap', async () => {
		assert.ok(subscription, 'activated');
		await sb.clearRequests();
		await api.deactivateWorkflow(wf.id);
		await waitFor('the subscription to be deleted', async () => (await sb.state('WebhookSubscription')).length === 0);
		const del = (await sb.requests()).filter((r) => r.method === 'DELETE');
		assert.deepEqual(
			del.map((r) => [r.path, r.status]).sort(),
			subscriptions.map((x) => [`/v3/webhook-subscriptions/${x.id}`, 204]).sort(),
		);
		// and a new registration now reaches nobody
		await sb.clearDeliveries();
		const reg = await sb.api('POST', '/user-registrations', {
			data: { type: 'UserRegistration', attributes: { name: 'Mary Jackson', emailAddress: 'mary.jackson@example.com' } },
		});
		assert.equal(reg.status, 201);
		assert.deepEqual(await sb.deliveries({ wait: true }), []);
	});
});
