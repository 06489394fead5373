'use strict';
/**
 * The Synap Trigger in queue mode. Activation runs on main and must point Synap's subscriptions at
 * the webhook processor (WEBHOOK_URL); a real registration is delivered there, its Basic auth is
 * checked against what main stored, and the execution is queued and run on a worker. A wrong
 * Basic auth gets 401 and starts nothing; deactivation (main) deletes the subscriptions.
 */
const assert = require('node:assert/strict');
const h = require('../../n8n-harness.cjs');
const w = require('../../workflows.cjs');
const { waitFor, finishedExecutions, listExecutions, sleep } = require('../executions.cjs');

const state = { wf: undefined, subscriptions: [] };

async function activation({ cluster, api, sb, cred }) {
	state.wf = await api.createWorkflow(
		w.workflow(
			'Queue: when a student registers → get them',
			[
				w.synapTrigger('Synap Trigger', ['user.registered'], cred),
				w.synap('Get New User', { resource: 'user', operation: 'get', userId: w.rl('={{ $json.synap.userId }}') }, cred),
			],
			[['Synap Trigger', 'Get New User']],
		),
	);
	await sb.clearRequests();
	await api.activateWorkflow(state.wf.id);
	state.subscriptions = await waitFor('the webhook subscription', async () => {
		const s = await sb.state('WebhookSubscription');
		return s.length ? s : null;
	});
	assert.equal(state.subscriptions.length, 1);
	const target = new URL(state.subscriptions[0].attributes.targetUrl);
	assert.equal(target.origin, cluster.webhook.url, `points at the webhook processor (WEBHOOK_URL), not main ${cluster.main.url}`);
	assert.match(target.pathname, /^\/webhook\/[0-9a-f-]+\/webhook$/);

	await sb.clearDeliveries();
	const reg = await sb.api('POST', '/user-registrations', {
		data: { type: 'UserRegistration', attributes: { name: 'Dorothy Vaughan', emailAddress: 'dorothy.vaughan@example.com' } },
	});
	assert.equal(reg.status, 201, JSON.stringify(reg.body));
	const newUser = reg.body.data.id;
	const deliveries = (await sb.deliveries({ wait: true })).filter((d) => d.eventName === 'user.registered');
	assert.equal(deliveries.length, 1, JSON.stringify(deliveries));
	assert.ok(String(deliveries[0].url).startsWith(cluster.webhook.url), `delivered to the webhook processor: ${deliveries[0].url}`);
	assert.equal(deliveries[0].status, 200, JSON.stringify(deliveries[0]));

	const [done] = await finishedExecutions(api, state.wf.id, 1);
	const ex = await api.getExecution(done.id);
	assert.equal(ex.status, 'success', JSON.stringify(ex.data?.resultData?.error));
	assert.equal(h.nodeOutput(ex, 'Synap Trigger')[0].synap.userId, newUser);
	assert.equal(h.nodeOutput(ex, 'Get New User')[0].id, newUser, 'the next Synap node got the new user');
	const worker = cluster.workerOf(ex.id);
	assert.ok(worker, `a worker ran execution ${ex.id}`);
	assert.ok(cluster.enqueuedByWebhook(ex.id), 'the webhook processor queued it');
	const get = (await sb.requests()).find((r) => r.method === 'GET' && r.path === `/v3/users/${newUser}`);
	assert.equal(get?.status, 200);
	return `subscription → ${target.origin} (webhook processor); registration delivered (200), verified, queued, run on ${worker} (execution ${ex.id})`;
}

async function wrongAuth({ cluster, api }) {
	assert.ok(state.wf && state.subscriptions.length, 'the trigger was activated');
	const sub = state.subscriptions[0];
	const target = sub.attributes.targetUrl;
	const before = (await listExecutions(api, state.wf.id)).length;
	const enqueued = (cluster.log('webhook').match(/Enqueued execution/g) || []).length;
	const none = await h.request('POST', target, { body: { objectId: 'AAAAAAAAAA', email: 'x@example.com' } });
	const wrong = await h.request('POST', target, {
		body: { objectId: 'AAAAAAAAAA', email: 'x@example.com' },
		headers: { authorization: `Basic ${Buffer.from(`${sub.attributes.basicAuth.username}:wrong-password`).toString('base64')}` },
	});
	assert.equal(none.status, 401);
	assert.equal(wrong.status, 401);
	await sleep(1500);
	assert.equal((await listExecutions(api, state.wf.id)).length, before, 'no execution');
	assert.equal((cluster.log('webhook').match(/Enqueued execution/g) || []).length, enqueued, 'nothing queued');
	return `no auth → ${none.status}, wrong password → ${wrong.status}; 0 executions, 0 jobs queued`;
}

async function deactivation({ api, sb }) {
	assert.ok(state.wf && state.subscriptions.length, 'the trigger was activated');
	await sb.clearRequests();
	await api.deactivateWorkflow(state.wf.id);
	await waitFor('the subscription to be deleted', async () => (await sb.state('WebhookSubscription')).length === 0);
	const del = (await sb.requests()).filter((r) => r.method === 'DELETE');
	assert.deepEqual(
		del.map((r) => [r.path, r.status]),
		state.subscriptions.map((s) => [`/v3/webhook-subscriptions/${s.id}`, 204]),
	);
	return `DELETE /v3/webhook-subscriptions/${state.subscriptions[0].id} → 204; 0 subscriptions left`;
}

module.exports = [
	{ name: 'trigger', title: 'Synap Trigger: activation on main → webhook processor → worker', run: activation },
	{ name: 'trigger-auth', title: 'Synap Trigger: wrong Basic auth → 401, nothing runs', run: wrongAuth },
	{ name: 'trigger-off', title: 'Synap Trigger: deactivation deletes the subscription', run: deactivation },
];
