'use strict';
/**
 * A worker killed with SIGKILL in the middle of a bulk Register (4 batches of 100 rows, 200 ms per
 * Synap answer). Afterwards no registration exists twice; n8n's verdict on the executions the
 * worker was running is recorded (status, message, how long after the kill) and printed; running
 * the crashed batches again (what a user does) registers the rest and answers "already exists"
 * for the rows the dead worker had applied, so every row ends up registered exactly once.
 */
const assert = require('node:assert/strict');
const h = require('../../n8n-harness.cjs');
const { waitFor, listExecutions, finishedExecutions } = require('../executions.cjs');
const { registerWorkflow, registrations, email } = require('../registerRows.cjs');

const BATCH = 100;
const BATCHES = 4;

async function run(ctx) {
	const { api, sb, cluster } = ctx;
	const job = await registerWorkflow(ctx, 'queue-crash');
	await sb.setOptions({ latencyMs: 200 });
	await sb.clearRequests();
	const batches = Array.from({ length: BATCHES }, (_, i) => ({ from: i * BATCH, count: BATCH }));
	await job.fire('crash', batches);

	// wait until a worker is running some of them and Synap has registered a few rows
	const { victim, running } = await waitFor(
		'a worker in the middle of the job',
		async () => {
			const execs = (await listExecutions(api, job.wf.id)).filter((e) => e.status === 'running');
			const per = await registrations(sb, 'crash');
			const created = [...per.values()].reduce((n, p) => n + p.created, 0);
			if (created < 20) return null;
			const on = {};
			for (const e of execs) {
				const wk = cluster.workerOf(e.id);
				if (wk) (on[wk] = on[wk] || []).push(e.id);
			}
			const best = Object.entries(on).sort((a, b) => b[1].length - a[1].length)[0];
			return best ? { victim: best[0], running: best[1] } : null;
		},
		{ timeoutMs: 60_000, everyMs: 100 },
	);
	await cluster.kill(victim);
	const killedAt = Date.now();
	const atKill = await registrations(sb, 'crash');
	const appliedAtKill = [...atKill.values()].filter((p) => p.users).length;
	assert.deepEqual(
		[...atKill].filter(([, p]) => p.users > 1 || p.writes > 1).map(([e]) => e),
		[],
		'no registration twice',
	);

	// n8n's verdict on every execution of the job
	const done = await finishedExecutions(api, job.wf.id, BATCHES, { timeoutMs: 240_000 });
	const crashed = [];
	for (const e of done) {
		const ex = await api.getExecution(e.id);
		if (cluster.workerOf(e.id) === victim && ex.status !== 'success') {
			crashed.push({
				id: e.id,
				status: ex.status,
				afterKill: Math.round((Date.parse(ex.stoppedAt) - killedAt) / 1000),
				message: ex.data?.resultData?.error?.message,
				registerRan: Boolean(ex.data?.resultData?.runData?.Register),
				batch: batchOf(ex),
			});
		} else {
			assert.equal(ex.status, 'success', `execution ${e.id} (on ${cluster.workerOf(e.id)}): ${JSON.stringify(ex.data?.resultData?.error)}`);
		}
	}
	assert.ok(crashed.length >= 1, `the executions running on ${victim} when it was killed (${running.join(', ')}) did not succeed`);

	// what the user does: check in Synap, or run the crashed batches again (On Error: continue)
	// the crashed executions' input, from what n8n stored; when it kept none, every batch again
	const again = crashed.every((c) => c.batch) ? crashed.map((c) => ({ from: c.batch.from, count: c.batch.count })) : batches;
	const before = (await listExecutions(api, job.wf.id)).length;
	await sb.setOptions({ latencyMs: 0 });
	await job.fire('crash', again);
	const rerun = (await finishedExecutions(api, job.wf.id, before + again.length)).filter((e) => !done.some((d) => d.id === e.id));
	let already = 0;
	let registered = 0;
	for (const e of rerun) {
		const ex = await api.getExecution(e.id);
		assert.equal(ex.status, 'success', JSON.stringify(ex.data?.resultData?.error));
		for (const item of h.nodeOutput(ex, 'Register')) {
			if (item.error) {
				assert.match(String(item.error), /already (registered|exists)/i);
				already++;
			} else registered++;
		}
	}
	await api.deactivateWorkflow(job.wf.id);

	const per = await registrations(sb, 'crash');
	const rows = Array.from({ length: BATCH * BATCHES }, (_, i) => email('crash', i));
	assert.deepEqual(rows.filter((e) => (per.get(e)?.users ?? 0) !== 1), [], 'every row registered exactly once');
	const ids = crashed.map((c) => c.id).join(', ');
	const statuses = [...new Set(crashed.map((c) => c.status))].join('/');
	const after = crashed.map((c) => c.afterKill);
	const message = crashed[0].message ? `"${crashed[0].message.split('. ')[0]}."` : 'no message';
	const kept = crashed.some((c) => c.registerRan) ? 'some node data kept' : 'no node data';
	const input = crashed.every((c) => c.batch) ? 'input kept' : 'input not kept';
	return (
		`SIGKILL ${victim} at ${appliedAtKill} of ${rows.length} rows applied: 0 registered twice; its execution(s) ${ids} → ` +
		`${statuses} ${Math.min(...after) === Math.max(...after) ? after[0] : `${Math.min(...after)}–${Math.max(...after)}`} s after the kill, ${message} (${kept}, ${input}); ` +
		`re-running ${again.length === batches.length ? 'every' : 'the crashed'} batch: ${already} "already exists", ${registered} registered; every row once`
	);
}

/** The webhook body an execution started with: the Webhook node's output, or the start data n8n queued. */
function batchOf(ex) {
	const fromRun = h.nodeOutput(ex, 'Webhook')?.[0]?.body;
	const stack = ex.data?.executionData?.nodeExecutionStack?.[0]?.data?.main?.[0]?.[0]?.json?.body;
	const body = fromRun ?? stack;
	return body && Number.isInteger(body.from) ? body : undefined;
}

module.exports = [{ name: 'worker-crash', title: 'a worker SIGKILLed in the middle of a bulk Register', run }];
