/**
 * One rate budget per process and credential, as n8n runs the node: concurrent executions that
 * use the same credential share one limiter, so together they stay polite to Synap.
 */
import type { Sandbox } from '../sandbox/index.cjs';
import { runSynapNode, type SynapCredentials } from '../harness/workflow.cjs';

const { startSandbox } = require('../sandbox') as typeof import('../sandbox/index.cjs');

let sandbox: Sandbox;
let credentials: SynapCredentials;

beforeAll(async () => {
	sandbox = await startSandbox({ seed: 17, extraUsers: 500 });
	credentials = { accessToken: sandbox.adminToken, environment: 'custom', baseUrl: sandbox.baseUrl };
});
afterAll(async () => sandbox.close());
afterEach(() => {
	sandbox.options.rateLimit = undefined;
	sandbox.options.latencyMs = 0;
});

const getParams = (requestOptions?: { concurrency: number }) => ({
	resource: 'user',
	operation: 'get',
	userId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
	...(requestOptions ? { requestOptions } : {}),
});

test('20 executions at once against 10 requests/s with Retry-After: all succeed, at most 10% of requests answered 429', async () => {
	const ids = sandbox.store.all('User').map((u) => u.id);
	sandbox.options.rateLimit = { requestsPerSecond: 10, sendRetryAfter: true };
	sandbox.clearRequests();
	// Executions that each back off on their own get most requests answered 429 (69% measured).
	const runs = await Promise.all(
		Array.from({ length: 20 }, async (_, k) => {
			const items = ids.slice(k * 6, k * 6 + 6).map((id) => ({ id }));
			return { items, result: await runSynapNode({ parameters: getParams(), items, credentials }) };
		}),
	);
	for (const { items, result } of runs) {
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json.id)).toEqual(items.map((i) => i.id));
		expect(result.items.map((i) => i.pairedItem)).toEqual(items.map((_, k) => ({ item: k })));
	}
	const answered = sandbox.requests.filter((r) => r.path.startsWith('/v3/users/'));
	const rejected = answered.filter((r) => r.status === 429).length;
	expect(answered.length - rejected).toBe(120);
	expect(rejected / answered.length).toBeLessThanOrEqual(0.1);
});

test('Max Concurrency set: that many requests in flight for the execution, never more', async () => {
	sandbox.options.latencyMs = 40;
	sandbox.clearRequests();
	const items = sandbox.store.all('User').slice(0, 30).map((u) => ({ id: u.id }));
	const result = await runSynapNode({ parameters: getParams({ concurrency: 3 }), items, credentials });
	expect(result.error).toBeUndefined();
	expect(result.items.map((i) => i.json.id)).toEqual(items.map((i) => i.id));
	const concurrent = sandbox.requests.map((r) => r.concurrent);
	expect(Math.max(...concurrent)).toBe(3);
});

test('Auto (the default): starts at 2 and grows past 10 while latency stays flat, never past 32', async () => {
	sandbox.options.latencyMs = 60; // Synap's own latency is 50–300 ms: a round is then one round trip
	sandbox.clearRequests();
	const items = sandbox.store.all('User').slice(0, 400).map((u) => ({ id: u.id }));
	const result = await runSynapNode({ parameters: getParams(), items, credentials });
	expect(result.error).toBeUndefined();
	expect(result.items.map((i) => i.json.id)).toEqual(items.map((i) => i.id));
	const concurrent = sandbox.requests.map((r) => r.concurrent);
	// Auto starts with 2 in flight: the third request waits for an answer. How fast it then grows
	// depends on this machine's load here (sandbox and node share one event loop); the doubling is
	// checked on a simulated clock in test/unit/limiter.test.cts and test/property/limiter.property.test.cts.
	expect(Math.max(...concurrent.slice(0, 3))).toBeLessThanOrEqual(2);
	expect(Math.max(...concurrent)).toBeGreaterThan(10);
	expect(Math.max(...concurrent)).toBeLessThanOrEqual(32);
});
