'use strict';
/**
 * A production webhook, taken by the webhook processor and queued → a worker runs Synap User Get
 * Many with Return All over ≥ 20 pages; every user comes out once, every page was read once.
 */
const assert = require('node:assert/strict');
const h = require('../../n8n-harness.cjs');
const w = require('../../workflows.cjs');
const { finishedExecutions, fireWebhooks } = require('../executions.cjs');

const PATH = 'queue-return-all';

async function run({ cluster, api, sb, cred }) {
	const wf = await api.createWorkflow(
		w.workflow(
			'Queue: webhook → Get all users',
			[w.webhook('Webhook', PATH), w.synap('Get All Users', { resource: 'user', operation: 'getAll', returnAll: true }, cred)],
			[['Webhook', 'Get All Users']],
		),
	);
	await api.activateWorkflow(wf.id);
	await sb.clearRequests();
	const [res] = await fireWebhooks(cluster.webhook.url, PATH, [{}]);
	assert.equal(res.status, 200, `the webhook processor answered ${res.status}: ${JSON.stringify(res.body)}`);
	const [done] = await finishedExecutions(api, wf.id, 1);
	const ex = await api.getExecution(done.id);
	assert.equal(ex.status, 'success', JSON.stringify(ex.data?.resultData?.error));
	assert.equal(ex.mode, 'webhook');

	const worker = cluster.workerOf(ex.id);
	assert.ok(worker, `a worker's log says it ran execution ${ex.id}`);
	assert.ok(cluster.enqueuedByWebhook(ex.id), `the webhook processor's log says it enqueued execution ${ex.id}`);
	assert.ok(!cluster.log('main').includes(`Enqueued execution ${ex.id} (`), 'main did not queue it');

	const users = await sb.state('User');
	const out = h.nodeOutput(ex, 'Get All Users') || [];
	const ids = out.map((u) => u.id);
	assert.equal(new Set(ids).size, ids.length, 'no user twice');
	assert.deepEqual([...ids].sort(), users.map((u) => u.id).sort(), 'every user in Synap, once');

	const pages = (await sb.requests()).filter((r) => r.method === 'GET' && r.path === '/v3/users');
	const numbers = pages.map((r) => Number(r.query['page[number]'] ?? 1)).sort((a, b) => a - b);
	assert.ok(numbers.length >= 20, `≥ 20 pages (got ${numbers.length})`);
	assert.deepEqual(numbers, Array.from({ length: numbers.length }, (_, i) => i + 1), 'pages 1…N, each once');
	assert.ok(pages.every((r) => r.status === 200));
	await api.deactivateWorkflow(wf.id);
	return `${ids.length} users from ${numbers.length} pages, each once; execution ${ex.id} enqueued by the webhook processor, run on ${worker}`;
}

module.exports = [{ name: 'return-all', title: 'webhook processor → worker: Get Many, Return All over ≥ 20 pages', run }];
