'use strict';
/**
 * A bulk Register of 1,000 rows split over 10 executions queued at once: both workers run some,
 * every row is registered exactly once in Synap (0 duplicates, 0 lost), every execution succeeds
 * with one output item per row.
 */
const assert = require('node:assert/strict');
const h = require('../../n8n-harness.cjs');
const { finishedExecutions } = require('../executions.cjs');
const { registerWorkflow, registrations, email } = require('../registerRows.cjs');

const ROWS = 1000;
const BATCHES = 10;

async function run(ctx) {
	const { api, sb, cluster } = ctx;
	const job = await registerWorkflow(ctx, 'queue-register');
	// 50 ms per Synap answer: each execution lasts long enough for both workers to take some
	await sb.setOptions({ latencyMs: 50 });
	await sb.clearRequests();
	const t0 = Date.now();
	const size = ROWS / BATCHES;
	await job.fire('bulk', Array.from({ length: BATCHES }, (_, i) => ({ from: i * size, count: size })));
	const done = await finishedExecutions(api, job.wf.id, BATCHES);
	const seconds = (Date.now() - t0) / 1000;
	await sb.setOptions({ latencyMs: 0 });
	await api.deactivateWorkflow(job.wf.id);

	const byWorker = {};
	for (const e of done) {
		const ex = await api.getExecution(e.id);
		assert.equal(ex.status, 'success', `execution ${e.id}: ${JSON.stringify(ex.data?.resultData?.error)}`);
		const out = h.nodeOutput(ex, 'Register');
		assert.equal(out.length, size, `execution ${e.id}: one item per row`);
		const failed = out.filter((o) => o.error);
		assert.equal(failed.length, 0, `execution ${e.id}: ${JSON.stringify(failed.slice(0, 3))}`);
		const worker = cluster.workerOf(e.id);
		assert.ok(worker, `a worker ran execution ${e.id}`);
		byWorker[worker] = (byWorker[worker] || 0) + 1;
	}
	assert.equal(Object.keys(byWorker).length, cluster.workerNames.length, `every worker ran some: ${JSON.stringify(byWorker)}`);

	const per = await registrations(sb, 'bulk');
	const rows = Array.from({ length: ROWS }, (_, i) => email('bulk', i));
	const lost = rows.filter((e) => !per.get(e)?.users);
	const twice = rows.filter((e) => (per.get(e)?.users ?? 0) > 1 || (per.get(e)?.writes ?? 0) > 1 || (per.get(e)?.posts ?? 0) > 1);
	assert.equal(per.size, ROWS, 'no other rows');
	assert.deepEqual(lost, [], 'lost');
	assert.deepEqual(twice, [], 'registered or sent twice');
	const spread = Object.entries(byWorker)
		.sort()
		.map(([k, v]) => `${k} ${v}`)
		.join(', ');
	return `${ROWS} rows in ${BATCHES} executions (${spread}) in ${seconds.toFixed(1)} s: ${ROWS} registered once, 0 duplicates, 0 lost`;
}

module.exports = [{ name: 'bulk-register', title: 'bulk Register of 1,000 rows over 10 executions on both workers', run }];
