'use strict';
/**
 * A tiny stand-in for Synap's v3 JSON:API on 127.0.0.1, for e2e tests.
 *
 *   const api = await startFakeSynap();            // api.baseUrl = http://127.0.0.1:<port>/v3
 *   api.route('GET', '/v3/users', { status: 200, body: {...} });   // optional overrides
 *   … api.requests → [{ method, url, path, query, headers, body }]
 *   await api.close();
 *
 * Unknown routes answer 404 with a JSON:API error document.
 */
const http = require('node:http');

const USERS_DOC = Object.freeze({
	data: [{ type: 'User', id: 'AbCdEfGhIj', attributes: { name: 'Ada' } }],
	links: {},
});

function startFakeSynap({ routes = {} } = {}) {
	const table = new Map(Object.entries({ 'GET /v3/users': { status: 200, body: USERS_DOC }, ...routes }));
	const requests = [];
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const raw = Buffer.concat(chunks).toString('utf8');
			let body = raw;
			try {
				body = raw ? JSON.parse(raw) : undefined;
			} catch {
				/* keep raw */
			}
			const u = new URL(req.url, 'http://127.0.0.1');
			requests.push({
				method: req.method,
				url: req.url,
				path: u.pathname,
				query: Object.fromEntries(u.searchParams),
				headers: req.headers,
				body,
			});
			const hit = table.get(`${req.method} ${u.pathname}`);
			const reply = typeof hit === 'function' ? hit(requests[requests.length - 1]) : hit;
			const status = reply ? reply.status || 200 : 404;
			const payload = reply
				? reply.body
				: { errors: [{ status: '404', title: 'Not Found', detail: `${req.method} ${u.pathname}` }] };
			res.writeHead(status, { 'content-type': 'application/vnd.api+json' });
			res.end(payload === undefined ? '' : JSON.stringify(payload));
		});
	});
	return new Promise((resolve, reject) => {
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			const url = `http://127.0.0.1:${port}`;
			resolve({
				url,
				baseUrl: `${url}/v3`,
				port,
				requests,
				route(method, path, reply) {
					table.set(`${method} ${path}`, reply);
				},
				close: () =>
					new Promise((r) => {
						server.closeAllConnections?.();
						server.close(() => r());
					}),
			});
		});
	});
}

module.exports = { startFakeSynap, USERS_DOC };
