/**
 * The Synap API credential's test, run the way n8n's credential tester runs it (n8n-core's
 * RoutingNode with the credential's own request and rules), against the sandbox: the message a
 * person sees for each common mistake.
 */
import type { Sandbox } from '../sandbox/index.cjs';
import { runCredentialTest } from '../reliability/credentialTest.cjs';

const { startSandbox } = require('../sandbox') as typeof import('../sandbox/index.cjs');

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ seed: 5 });
});
afterAll(async () => sandbox.close());

const test_ = (data: Record<string, string>) => runCredentialTest({ environment: 'custom', baseUrl: sandbox.baseUrl, ...data });

test('a valid token connects, with one cheap GET /users?page[size]=1', async () => {
	sandbox.clearRequests();
	const { result } = await test_({ accessToken: sandbox.adminToken });
	expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
	const [req] = sandbox.requests;
	expect(req).toMatchObject({ method: 'GET', path: '/v3/users' });
	expect(req.query['page[size]']).toBe('1');
	expect(req.headers.authorization).toBe(`Bearer ${sandbox.adminToken}`);
});

test.each([
	['a wrong token', { accessToken: 'p:notARealToken123' }, /^Synap rejected this token\. Paste the whole Personal Access Token/],
	['a revoked token', () => ({ accessToken: sandbox.tokens.revoked }), /^Synap rejected this token/],
	['a token without p:', () => ({ accessToken: sandbox.adminToken.slice(2) }), /^Synap rejected this token/],
	['a Base URL without /v3', () => ({ accessToken: sandbox.adminToken, baseUrl: sandbox.origin }), /^Synap answered "not found"/],
	['a plain-http remote Base URL', { accessToken: 'p:whatever12345', baseUrl: 'http://synap.example.com/v3' }, /^Refusing to send the Personal Access Token over plain http:\/\//],
])('%s gets a message that says what to fix', async (_label, data, message) => {
	const { result } = await test_(typeof data === 'function' ? data() : data);
	expect(result.status).toBe('Error');
	expect(result.message).toMatch(message);
});
