'use strict';
/**
 * The burst: 20 executions queued at once (both workers, 5 at a time each), each Synap User Get
 * Many with Limit 500 (5 pages of 100), against a sandbox that allows 10 requests/s (token bucket,
 * burst 10) and answers 429 with Retry-After. Every execution must succeed; the targets (issue 13)
 * are a share of 429 answers ≤ 10% and a total time ≤ 1.2× what the limit allows for the requests
 * that were answered. Both figures are printed whether they pass or not.
 */
const assert = require('node:assert/strict');
const h = require('../../n8n-harness.cjs');
const w = require('../../workflows.cjs');
const { finishedExecutions, fireWebhooks } = require('../executions.cjs');

const PATH = 'queue-burst';
const EXECUTIONS = 20;
const LIMIT = 500;
const RATE = 10;
const BURST = 10;
// The targets (issue 13) are printed as met or missed; the run fails only past the hard bounds,
// which still catch a return to one rate budget per execution (50-59% of requests answered 429).
const MAX_429_SHARE = 0.1;
const MAX_TIME_RATIO = 1.2;
const HARD_429_SHARE = 0.25;
const HARD_TIME_RATIO = 1.6;

async function run({ cluster, api, sb, cred }) {
	const wf = await api.createWorkflow(
		w.workflow(
			'Queue: burst of Get Many',
			[w.webhook('Webhook', PATH), w.synap('Get Users', { resource: 'user', operation: 'getAll', returnAll: false, limit: LIMIT }, cred)],
			[['Webhook', 'Get Users']],
		),
	);
	await api.activateWorkflow(wf.id);
	await sb.setOptions({ latencyMs: 0, rateLimit: { requestsPerSecond: RATE, burst: BURST } });
	let done;
	let requests;
	try {
		await sb.clearRequests();
		await fireWebhooks(cluster.webhook.url, PATH, Array.from({ length: EXECUTIONS }, (_, i) => ({ n: i })));
		done = await finishedExecutions(api, wf.id, EXECUTIONS, { timeoutMs: 300_000 });
		requests = (await sb.requests()).filter((r) => r.path.startsWith('/v3/'));
	} finally {
		await sb.setOptions({ rateLimit: null });
		await api.deactivateWorkflow(wf.id);
	}

	const byWorker = {};
	for (const e of done) {
		const ex = await api.getExecution(e.id);
		assert.equal(ex.status, 'success', `execution ${e.id}: ${JSON.stringify(ex.data?.resultData?.error)}`);
		assert.equal(h.nodeOutput(ex, 'Get Users').length, LIMIT, `execution ${e.id}: ${LIMIT} users`);
		const worker = cluster.workerOf(e.id);
		byWorker[worker] = (byWorker[worker] || 0) + 1;
	}
	const limited = requests.filter((r) => r.status === 429).length;
	const answered = requests.filter((r) => r.status === 200).length;
	const share = limited / requests.length;
	// the window n8n recorded: first execution started → last one stopped
	const start = Math.min(...done.map((e) => Date.parse(e.startedAt)));
	const stop = Math.max(...done.map((e) => Date.parse(e.stoppedAt)));
	const seconds = (stop - start) / 1000;
	const allowed = Math.max(0, answered - BURST) / RATE;
	const ratio = seconds / allowed;
	const spread = Object.entries(byWorker)
		.sort()
		.map(([k, v]) => `${k} ${v}`)
		.join(', ');
	const figures =
		`429 share ${(share * 100).toFixed(1)}% (${limited} of ${requests.length} requests; target ≤ ${MAX_429_SHARE * 100}%), ` +
		`${done.length}/${EXECUTIONS} success (${spread}), ${answered} pages in ${seconds.toFixed(1)} s = ${ratio.toFixed(2)}× the ` +
		`${allowed.toFixed(1)} s ${RATE} req/s (burst ${BURST}) allows (target ≤ ${MAX_TIME_RATIO}×)`;
	const met = share <= MAX_429_SHARE && ratio <= MAX_TIME_RATIO;
	process.stderr.write(`[queue] burst: ${figures} — targets ${met ? 'MET' : 'MISSED'}\n`);
	assert.equal(answered, EXECUTIONS * (LIMIT / 100), 'one answered request per page');
	assert.ok(share <= HARD_429_SHARE, figures);
	assert.ok(ratio <= HARD_TIME_RATIO, figures);
	return figures;
}

module.exports = [{ name: 'burst', title: `burst: ${EXECUTIONS} executions at once against ${RATE} req/s with Retry-After`, run }];
