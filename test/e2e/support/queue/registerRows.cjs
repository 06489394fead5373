'use strict';
/**
 * A bulk Register job split over several executions: one workflow "Webhook → Code (rows
 * from..from+count) → Synap User Register (On Error: continue)", fired once per batch, and what the
 * sandbox holds afterwards for those rows.
 *
 *   const job = await registerWorkflow(ctx, 'queue-register');
 *   await job.fire('bulk', [{ from: 0, count: 100 }, …]);   // all batches at once
 *   const seen = await registrations(sb, 'bulk');             // per e-mail: users, applied writes, POSTs
 */
const w = require('../workflows.cjs');
const { fireWebhooks } = require('./executions.cjs');

const email = (tag, n) => `${tag}-${n}@example.com`;

async function registerWorkflow({ api, cred, cluster }, path) {
	const wf = await api.createWorkflow(
		w.workflow(
			`Queue: register rows (${path})`,
			[
				w.webhook('Webhook', path),
				w.code(
					'Rows',
					`const { tag, from, count } = $input.first().json.body;
return Array.from({ length: count }, (_, i) => ({ json: { name: 'Student ' + tag + ' ' + (from + i), email: tag + '-' + (from + i) + '@example.com' } }));`,
				),
				w.synap(
					'Register',
					{
						resource: 'user',
						operation: 'create',
						name: '={{ $json.name }}',
						emailAddress: '={{ $json.email }}',
						additionalFields: { welcomeEmailDisabled: true },
					},
					cred,
					{ onError: 'continueRegularOutput' },
				),
			],
			[
				['Webhook', 'Rows'],
				['Rows', 'Register'],
			],
		),
	);
	await api.activateWorkflow(wf.id);
	return {
		wf,
		async fire(tag, batches) {
			const res = await fireWebhooks(
				cluster.webhook.url,
				path,
				batches.map((b) => ({ tag, ...b })),
			);
			const bad = res.filter((r) => r.status !== 200);
			if (bad.length) throw new Error(`the webhook processor answered ${bad.map((r) => r.status).join(', ')}`);
		},
	};
}

/**
 * For every e-mail of a tag: users in Synap with it, writes Synap applied for it (the sandbox also
 * counts a re-sent registration it refused as a duplicate), and POSTs that reached it.
 */
async function registrations(sb, tag) {
	const prefix = `${tag}-`;
	const [users, writes, requests] = await Promise.all([sb.state('User'), sb.control('GET', '/writes'), sb.requests()]);
	const per = new Map();
	const at = (e) => {
		if (!per.has(e)) per.set(e, { users: 0, writes: 0, posts: 0, created: 0 });
		return per.get(e);
	};
	for (const u of users) if (String(u.attributes.emailAddress).startsWith(prefix)) at(u.attributes.emailAddress).users++;
	for (const [key, n] of Object.entries(writes.writes)) {
		const m = /^POST user-registrations email=(.*)$/.exec(key);
		if (m && m[1].startsWith(prefix)) at(m[1]).writes += n;
	}
	for (const r of requests) {
		const e = r.method === 'POST' && r.path === '/v3/user-registrations' && r.body?.data?.attributes?.emailAddress;
		if (e && String(e).startsWith(prefix)) {
			at(e).posts++;
			if (r.status === 201) at(e).created++;
		}
	}
	return per;
}

module.exports = { registerWorkflow, registrations, email };
