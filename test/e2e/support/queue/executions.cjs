'use strict';
/**
 * Waiting for what n8n stored, through its public API, and firing production webhooks at once.
 *
 *   await waitFor('the subscriptions', async () => …truthy…, { timeoutMs })
 *   const execs = await finishedExecutions(api, workflowId, 20)     // the 20 finished ones (no data)
 *   const results = await fireWebhooks(webhookUrl, 'bulk', bodies)  // one POST per body, all at once
 */
const h = require('../n8n-harness.cjs');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what, fn, { timeoutMs = 60_000, everyMs = 250 } = {}) {
	const t0 = Date.now();
	for (;;) {
		const v = await fn();
		if (v) return v;
		if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
		await sleep(everyMs);
	}
}

const DONE = new Set(['success', 'error', 'crashed', 'canceled']);

/** Every execution of a workflow n8n stored (newest first), without their data. */
async function listExecutions(api, workflowId) {
	const out = [];
	let cursor;
	do {
		const page = await api.listExecutions({ workflowId, includeData: 'false', limit: '250', ...(cursor ? { cursor } : {}) });
		out.push(...(page.data || []));
		cursor = page.nextCursor;
	} while (cursor);
	return out;
}

/** Waits until a workflow has `count` finished executions (any final status); returns them, oldest first. */
async function finishedExecutions(api, workflowId, count, { timeoutMs = 120_000 } = {}) {
	let last = [];
	try {
		return await waitFor(
			`${count} finished execution(s) of workflow ${workflowId}`,
			async () => {
				last = await listExecutions(api, workflowId);
				const done = last.filter((e) => DONE.has(e.status));
				return done.length >= count ? done.sort((a, b) => Number(a.id) - Number(b.id)) : null;
			},
			{ timeoutMs, everyMs: 500 },
		);
	} catch (e) {
		e.message += ` (seen: ${last.map((x) => `${x.id}:${x.status}`).join(', ') || 'none'})`;
		throw e;
	}
}

/**
 * n8n answers 503 "Database is not ready!" while its 2-second database ping is failing (seen on a
 * 2-core machine under heavy load): nothing was done, so the call is repeated, for up to a minute.
 */
async function whileDbNotReady(call, { timeoutMs = 60_000 } = {}) {
	const t0 = Date.now();
	for (;;) {
		try {
			const r = await call();
			if (r && r.status === 503 && Date.now() - t0 < timeoutMs) {
				await sleep(500);
				continue;
			}
			return r;
		} catch (e) {
			if (e.status !== 503 || Date.now() - t0 >= timeoutMs) throw e;
			await sleep(500);
		}
	}
}

/** The public API client with every call repeated while n8n's database check fails. */
function patientApi(api) {
	const out = {};
	for (const [k, fn] of Object.entries(api)) out[k] = (...args) => whileDbNotReady(() => fn(...args));
	return out;
}

/** One POST per body to the webhook processor's production URL, all sent at once. */
async function fireWebhooks(baseUrl, path, bodies) {
	return Promise.all(bodies.map((body) => whileDbNotReady(() => h.callWebhook(baseUrl, path, { method: 'POST', body }))));
}

const tail = (text, lines = 30) => String(text || '').trim().split('\n').slice(-lines).join('\n');

module.exports = { whileDbNotReady, patientApi, waitFor, listExecutions, finishedExecutions, fireWebhooks, sleep, tail };
