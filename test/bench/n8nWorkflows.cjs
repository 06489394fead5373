'use strict';
/**
 * The workflows `npm run bench:n8n` runs in a real n8n: the same job built with the Synap node at
 * its defaults and with n8n's HTTP Request node (4.2) as a user would build it by hand.
 */
const w = require('../e2e/support/workflows.cjs');

/** A Code node making one item per id. */
const idsNode = (ids) => w.code('Ids', `const ids = ${JSON.stringify(ids)};\nreturn ids.map((id) => ({ json: { id } }));`);

/** HTTP Request 4.2 at its defaults, the token as an Authorization header ("Send Headers"). */
function httpRequest(name, url, token, { options = {}, onError } = {}) {
	return w.node(
		name,
		'n8n-nodes-base.httpRequest',
		4.2,
		{
			url,
			sendHeaders: true,
			headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${token}` }] },
			options,
		},
		onError ? { onError } : {},
	);
}

/** Manual Trigger → Ids → one node. */
function getJob(id, name, ids, target) {
	return w.workflow(
		name,
		[w.manualTrigger(), idsNode(ids), target],
		[
			['Manual Trigger', 'Ids'],
			['Ids', target.name],
		],
		{ id },
	);
}

/** The Synap node, User → Get of each item's id, defaults otherwise (or the Max Concurrency given). */
function synapGet(ids, credential, { id, onError, concurrency } = {}) {
	const parameters = { resource: 'user', operation: 'get', userId: w.rl('={{ $json.id }}') };
	if (concurrency) parameters.requestOptions = { concurrency };
	const node = w.synap('Synap', parameters, credential, { onError });
	return getJob(id, `bench: Synap Get ${id}`, ids, node);
}

/** HTTP Request GET <baseUrl>/users/<id> for each item. */
function httpGet(ids, baseUrl, token, { id, onError } = {}) {
	const node = httpRequest('HTTP Request', `=${baseUrl}/users/{{ $json.id }}`, token, { onError });
	return getJob(id, `bench: HTTP Get ${id}`, ids, node);
}

/** Synap User → Get Many, Return All. */
function synapReturnAll(credential, { id }) {
	return w.workflow(
		`bench: Synap Return All ${id}`,
		[w.manualTrigger(), w.synap('Synap', { resource: 'user', operation: 'getAll', returnAll: true }, credential)],
		[['Manual Trigger', 'Synap']],
		{ id },
	);
}

/**
 * HTTP Request following links.next ("Response Contains Next URL"), pages of 100, JSON response
 * (Synap answers application/vnd.api+json, which autodetect would keep as text). One item per page.
 */
function httpReturnAll(baseUrl, token, { id }) {
	const node = httpRequest('HTTP Request', `${baseUrl}/users?page[size]=100`, token, {
		options: {
			response: { response: { responseFormat: 'json' } },
			pagination: {
				pagination: {
					paginationMode: 'responseContainsNextURL',
					nextURL: '={{ $response.body.links.next }}',
					paginationCompleteWhen: 'other',
					completeExpression: '={{ !$response.body.links.next }}',
				},
			},
		},
	});
	return w.workflow(`bench: HTTP Return All ${id}`, [w.manualTrigger(), node], [['Manual Trigger', 'HTTP Request']], { id });
}

const BARE_PACKAGE = 'n8n-nodes-synap-bench';

/** The bare paging node of ./n8n-nodes-synap-bench (installed by copying it into <n8n home>/.n8n/nodes). */
function bareReturnAll(baseUrl, token, { id }) {
	const node = w.node('Bare Pages', `${BARE_PACKAGE}.barePages`, 1, { url: `${baseUrl}/users?page[size]=100`, token });
	return w.workflow(`bench: Bare Return All ${id}`, [w.manualTrigger(), node], [['Manual Trigger', 'Bare Pages']], { id });
}

module.exports = { synapGet, httpGet, synapReturnAll, httpReturnAll, bareReturnAll, BARE_PACKAGE };
