'use strict';
/**
 * What "Stop" does in queue mode, measured (n8n's behaviour, not the node's): a slow Return All
 * (21 pages, 800 ms per Synap answer) is stopped through main's REST API (what the editor's Stop
 * button calls) once its first page was requested, twice:
 *   - started by a production webhook (queued by the webhook processor);
 *   - started from the editor ("Execute workflow": main queues it, a worker runs it).
 * Printed: n8n's answer, how many pages the worker still requested after the stop, and the status
 * n8n stored in the end. Asserted: the stop is answered, no page is requested twice, and the
 * execution ends in a final state with its worker done.
 */
const assert = require('node:assert/strict');
const w = require('../../workflows.cjs');
const { waitFor, listExecutions, fireWebhooks, sleep } = require('../executions.cjs');

const PATH = 'queue-stop';
const LATENCY = 800;

const pagesOf = async (sb) => (await sb.requests()).filter((r) => r.method === 'GET' && r.path === '/v3/users');

async function stopOne({ cluster, api, sb }, wf, start) {
	await sb.clearRequests();
	const known = new Set((await listExecutions(api, wf.id)).map((e) => e.id));
	// the editor's run answers with the execution id; a webhook's is found in the list (the public
	// API leaves out executions main itself is running, so an editor run only shows once finished)
	const started = await start();
	const id = await waitFor(
		'the execution to start',
		async () => {
			const fresh = started ?? (await listExecutions(api, wf.id)).find((e) => !known.has(e.id))?.id;
			return fresh && (await pagesOf(sb)).length ? fresh : null;
		},
		{ everyMs: 100 },
	);
	const t0 = Date.now();
	const stop = await cluster.owner.rest.request('POST', `/executions/${id}/stop`);
	const answerMs = Date.now() - t0;
	assert.equal(stop.status, 200, JSON.stringify(stop.body));
	const atStop = (await pagesOf(sb)).length;
	// the worker is done when its log says so (finished, or errored/cancelled)
	await waitFor(
		`the worker to be done with execution ${id}`,
		async () => cluster.workerNames.some((r) => new RegExp(`(finished|errored while running) execution ${id} \\(`).test(cluster.log(r))),
		{ timeoutMs: 60_000, everyMs: 250 },
	);
	await sleep(500);
	const pages = await pagesOf(sb);
	const numbers = pages.map((r) => Number(r.query['page[number]'] ?? 1));
	assert.equal(new Set(numbers).size, numbers.length, 'no page requested twice');
	const ex = await api.getExecution(id);
	assert.ok(['success', 'canceled', 'error'].includes(ex.status), `final status, got ${ex.status}`);
	return { id, answer: stop.body?.data?.status, answerMs, after: pages.length - atStop, total: pages.length, status: ex.status, worker: cluster.workerOf(id) };
}

async function run(ctx) {
	const { api, sb, cred, cluster } = ctx;
	const wf = await api.createWorkflow(
		w.workflow(
			'Queue: stop a slow Return All',
			[
				w.webhook('Webhook', PATH),
				w.manualTrigger(),
				w.synap('Get All Users', { resource: 'user', operation: 'getAll', returnAll: true }, cred),
			],
			[
				['Webhook', 'Get All Users'],
				['Manual Trigger', 'Get All Users'],
			],
		),
	);
	await api.activateWorkflow(wf.id);
	await sb.setOptions({ latencyMs: LATENCY });
	let viaWebhook;
	let viaEditor;
	try {
		viaWebhook = await stopOne(ctx, wf, async () => {
			const [r] = await fireWebhooks(cluster.webhook.url, PATH, [{}]);
			assert.equal(r.status, 200);
		});
		viaEditor = await stopOne(ctx, wf, async () => {
			const full = (await cluster.owner.rest.request('GET', `/workflows/${wf.id}`)).body.data;
			const r = await cluster.owner.rest.request('POST', `/workflows/${wf.id}/run`, { workflowData: full, triggerToStartFrom: { name: 'Manual Trigger' } });
			assert.equal(r.status, 200, JSON.stringify(r.body));
			return String(r.body.data.executionId);
		});
	} finally {
		await sb.setOptions({ latencyMs: 0 });
		await api.deactivateWorkflow(wf.id);
	}
	const say = (x) =>
		`stop answered "${x.answer}" in ${x.answerMs} ms, then ${x.worker ?? 'the worker'} requested ${x.after} more of ${x.total} pages; stored status ${x.status}`;
	return `webhook-started: ${say(viaWebhook)} | editor-started: ${say(viaEditor)}`;
}

module.exports = [{ name: 'stop', title: 'Stop in queue mode (measured n8n behaviour)', run }];
