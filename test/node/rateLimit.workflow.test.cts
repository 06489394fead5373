/**
 * Rate limits as a bulk job meets them: 429s are absorbed (Retry-After honoured, concurrency
 * lowered), no write is sent twice, and when the wait budget is used up the remaining items fail
 * with a clear message instead of hanging.
 */
import type { Sandbox } from '../sandbox/index.cjs';
import { runSynapNode, type SynapCredentials } from '../harness/workflow.cjs';

const { startSandbox } = require('../sandbox') as typeof import('../sandbox/index.cjs');

let sandbox: Sandbox;
let credentials: SynapCredentials;

beforeAll(async () => {
	sandbox = await startSandbox({ seed: 11, extraUsers: 60 });
	credentials = { accessToken: sandbox.adminToken, environment: 'custom', baseUrl: sandbox.baseUrl };
});
afterAll(async () => sandbox.close());

const updates = (n: number) =>
	sandbox.store
		.all('User')
		.slice(-n)
		.map((u, i) => ({ id: u.id, externalId: `RL-${i}-${Date.now()}` }));

const updateParams = (extra: Record<string, unknown> = {}) => ({
	resource: 'user',
	operation: 'update',
	userId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
	updateFields: { externalId: '={{ $json.externalId }}' },
	...extra,
});

test('30 updates against a 5 req/s limit (well under what the node sends, even on a loaded machine): every item succeeds, in order, each write applied once', async () => {
	sandbox.options.rateLimit = { requestsPerSecond: 5, burst: 5, sendRetryAfter: true };
	sandbox.clearRequests();
	sandbox.writes.clear();
	const items = updates(30);
	const result = await runSynapNode({ parameters: updateParams(), items, credentials, onError: 'continueRegularOutput' });
	sandbox.options.rateLimit = undefined;
	expect(result.error).toBeUndefined();
	expect(result.items.map((i) => i.json.error)).toEqual(items.map(() => undefined));
	expect(result.items.map((i) => i.json.id)).toEqual(items.map((i) => i.id));
	expect(sandbox.requests.filter((r) => r.status === 429).length).toBeGreaterThan(0);
	for (const [key, count] of sandbox.writes) if (key.startsWith('PATCH')) expect(count).toBe(1);
	for (const item of items) expect(sandbox.store.find('User', item.id)?.attributes.externalId).toBe(item.externalId);
});

test('429 without Retry-After backs off and still succeeds', async () => {
	sandbox.options.rateLimit = { requestsPerSecond: 10, burst: 2, sendRetryAfter: false };
	const items = updates(6);
	const result = await runSynapNode({ parameters: updateParams(), items, credentials, onError: 'continueRegularOutput' });
	sandbox.options.rateLimit = undefined;
	expect(result.items.filter((i) => i.json.error)).toHaveLength(0);
	expect(result.items).toHaveLength(6);
});

test('when the rate-limit wait budget is used up, the remaining items fail clearly instead of hanging', async () => {
	sandbox.options.rateLimit = { requestsPerSecond: 1, burst: 1, sendRetryAfter: true };
	const items = updates(5);
	const started = Date.now();
	const result = await runSynapNode({
		parameters: updateParams({ requestOptions: { maxRateLimitWait: 0, concurrency: 1 } }),
		items,
		credentials,
		onError: 'continueRegularOutput',
	});
	sandbox.options.rateLimit = undefined;
	expect(Date.now() - started).toBeLessThan(10_000);
	expect(result.items).toHaveLength(5);
	expect(result.items[0].json.error).toBeUndefined();
	const failed = result.items.filter((i) => i.json.error);
	expect(failed.length).toBeGreaterThan(0);
	for (const item of failed) {
		expect(item.json.error).toBe('Synap is rate-limiting this workflow and the wait limit was reached');
		expect(item.error?.description).toContain('Max Rate-Limit Wait');
	}
});
