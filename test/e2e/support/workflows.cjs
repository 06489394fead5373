'use strict';
/**
 * Small builders for n8n workflow JSON used by the e2e tests (and `npm start`'s examples):
 *
 *   const w = require('./support/workflows.cjs');
 *   const wf = w.workflow('Name', [w.manualTrigger(), w.code('Ids', js), w.synap('Get', params)],
 *                         [['Manual Trigger', 'Ids'], ['Ids', 'Get']]);
 */
const crypto = require('node:crypto');
const h = require('./n8n-harness.cjs');

/** A resource locator by ID, as the editor stores it. */
const rl = (value) => ({ __rl: true, mode: 'id', value });

function node(name, type, typeVersion, parameters = {}, extra = {}) {
	return { id: crypto.randomUUID(), name, type, typeVersion, position: [0, 0], parameters, ...extra };
}

function manualTrigger(name = 'Manual Trigger') {
	return node(name, 'n8n-nodes-base.manualTrigger', 1);
}

/**
 * n8n's Webhook node (v2) on `/webhook/<path>`; by default it answers at once ("onReceived") and
 * the workflow runs on (in queue mode: is queued for a worker).
 */
function webhook(name, path, { httpMethod = 'POST', responseMode = 'onReceived' } = {}) {
	return node(name, 'n8n-nodes-base.webhook', 2, { httpMethod, path, responseMode, options: {} }, { webhookId: crypto.randomUUID() });
}

/** Code node, "Run Once for All Items", JavaScript. */
function code(name, jsCode) {
	return node(name, 'n8n-nodes-base.code', 2, { jsCode });
}

/**
 * A Synap node. `credential` is { id, name }. `opts.onError` e.g. 'continueRegularOutput'.
 */
function synap(name, parameters, credential, { onError, typeVersion = 1 } = {}) {
	return node(name, h.NODE_TYPE, typeVersion, parameters, {
		credentials: { [h.CREDENTIAL_TYPE]: credential },
		...(onError ? { onError } : {}),
	});
}

/** The Synap Trigger (events: array of event codes). */
function synapTrigger(name, events, credential) {
	return node(name, `${h.PACKAGE_NAME}.synapTrigger`, 1, { events }, {
		webhookId: crypto.randomUUID(),
		credentials: { [h.CREDENTIAL_TYPE]: credential },
	});
}

/** The Synap Polling Trigger (event: one event code), polling every minute unless pollTimes is given. */
function synapPollingTrigger(name, event, credential, pollTimes = { item: [{ mode: 'everyMinute' }] }) {
	return node(name, `${h.PACKAGE_NAME}.synapPollingTrigger`, 1, { pollTimes, event }, {
		credentials: { [h.CREDENTIAL_TYPE]: credential },
	});
}

/**
 * A workflow from nodes and [from, to] edges (main output 0 → main input 0). Nodes are laid out
 * left to right by their depth so the editor shows them readably.
 */
function workflow(name, nodes, edges, extra = {}) {
	const connections = {};
	for (const [from, to, output = 0] of edges) {
		const c = (connections[from] = connections[from] || { main: [] });
		while (c.main.length <= output) c.main.push([]);
		c.main[output].push({ node: to, type: 'main', index: 0 });
	}
	const depth = {};
	const roots = nodes.filter((n) => !edges.some(([, to]) => to === n.name));
	const queue = roots.map((n) => [n.name, 0]);
	while (queue.length) {
		const [n, d] = queue.shift();
		if (depth[n] !== undefined && depth[n] >= d) continue;
		depth[n] = d;
		for (const [from, to] of edges) if (from === n) queue.push([to, d + 1]);
	}
	const rows = {};
	for (const n of nodes) {
		const d = depth[n.name] ?? 0;
		const row = (rows[d] = (rows[d] ?? -1) + 1);
		n.position = [d * 260, row * 180];
	}
	return { name, nodes, connections, settings: { executionOrder: 'v1' }, ...extra };
}

/**
 * Synap's own Subject-User example: when a student registers, update their User record acting as
 * that student. Used by `npm start` (profile picture) and the UI test.
 */
function profileAsStudentExample(credential, updateFields) {
	return workflow(
		'When a student registers → update their profile acting as them',
		[
			synapTrigger('When a User Registers', ['user.registered'], credential),
			synap(
				'Set Profile Picture as Them',
				{
					resource: 'user',
					operation: 'update',
					userId: rl('={{ $json.synap.userId }}'),
					subjectUserId: '={{ $json.synap.userId }}',
					updateFields,
				},
				credential,
			),
		],
		[['When a User Registers', 'Set Profile Picture as Them']],
	);
}

/**
 * The polling trigger feeding a sheet: every minute, each new Synap user becomes one row. The
 * "Sheet Row" Code node shapes the row; put a Google Sheets "Append Row" (or any sheet node) after
 * it. Used by `npm start` and the README.
 */
function newUsersToSheetExample(credential) {
	return workflow(
		'Every minute: new Synap users → sheet rows',
		[
			synapPollingTrigger('New Synap User', 'user.registered', credential),
			code(
				'Sheet Row',
				[
					'// One row per new user. Add a Google Sheets "Append Row" node after this one',
					'// (columns Name, Email, Registered, Synap ID).',
					'return $input.all().map(({ json }) => ({',
					'  json: {',
					'    Name: json.name,',
					'    Email: json.synap.userEmail,',
					'    Registered: json.synap.occurredAt,',
					"    'Synap ID': json.synap.userId,",
					'  },',
					'}));',
				].join('\n'),
			),
		],
		[['New Synap User', 'Sheet Row']],
	);
}

module.exports = { rl, node, manualTrigger, webhook, code, synap, synapTrigger, workflow, profileAsStudentExample };
module.exports.synapPollingTrigger = synapPollingTrigger;
module.exports.newUsersToSheetExample = newUsersToSheetExample;
