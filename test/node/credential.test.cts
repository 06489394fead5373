/**
 * The Synap API credential's test, run the way n8n's credential tester runs it (n8n-core's
 * RoutingNode with the credential's own request and rules), against the sandbox: the message a
 * person sees for each common mistake, and a valid token connecting even when Synap's list or
 * paging differs from what the package infers (docs/synap-api.md §2.4).
 */
import type { ApiVariant } from '../sandbox/index.cjs';
import { runCredentialTest } from '../reliability/credentialTest.cjs';
import { json, raw } from '../support/scriptedServer.cjs';
import { useSandbox, useScriptedServer } from './support.cjs';

const env = useSandbox({ seed: 5 });
afterEach(() => {
	env.sandbox.options.variant = null;
});

const test_ = (data: Record<string, string>) => runCredentialTest({ environment: 'custom', baseUrl: env.sandbox.baseUrl, ...data });

test('a valid token connects, with one read of a path Synap documents (GET /user-accounts/{id}) and nothing else', async () => {
	env.sandbox.clearRequests();
	const { result } = await test_({ accessToken: env.sandbox.adminToken });
	expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
	expect(env.sandbox.requests).toHaveLength(1);
	const [req] = env.sandbox.requests;
	expect(req).toMatchObject({ method: 'GET', path: '/v3/user-accounts/n8n-credential-test', query: {}, status: 404 });
	expect(req.headers.authorization).toBe(`Bearer ${env.sandbox.adminToken}`);
});

const variants: Array<[string, ApiVariant]> = [
	['whose /users list is missing', { missingRoutes: ['GET /users', 'GET /users/{id}'] }],
	['whose /users list is renamed', { renamedPaths: { users: 'people' } }],
	['that rejects page[size]', { rejectedQueryParams: ['page[size]', 'page[number]'] }],
	['whose user accounts live elsewhere', { renamedPaths: { 'user-accounts': 'accounts' } }],
];

test.each(variants)('a valid token connects to a Synap %s', async (_label, variant) => {
	env.sandbox.options.variant = variant;
	const { result } = await test_({ accessToken: env.sandbox.adminToken });
	expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
});

test.each(variants)('a wrong token is still told so by a Synap %s', async (_label, variant) => {
	env.sandbox.options.variant = variant;
	const { result } = await test_({ accessToken: 'p:notARealToken123' });
	expect(result.status).toBe('Error');
	expect(result.message).toMatch(/^Synap rejected this token/);
});

describe('what each kind of answer means', () => {
	const scripted = useScriptedServer('p:whatever12345');

	const err = (status: number) => json(status, { errors: [{ status: String(status), title: 'x', detail: 'y' }] });
	test.each([
		['a JSON:API 404 (no such record or path: the token was accepted)', err(404), 'OK'],
		['a JSON:API 403 (this administrator may not read it: the token was accepted)', err(403), 'OK'],
		['a JSON:API 400 (a parameter was not accepted: the token was)', err(400), 'OK'],
		['a JSON:API 401 (Synap does not accept the token)', err(401), /^Synap rejected this token/],
		['a JSON:API 429', err(429), /^Synap is rate-limiting/],
		['a JSON:API 503', err(503), /^Synap is temporarily unavailable/],
		['an HTML page with 200 (a portal page, not the API)', raw(200, '<!DOCTYPE html><html></html>', { 'Content-Type': 'text/html' }), /^The Base URL did not answer like Synap's API/],
		['a JSON object that is not JSON:API', json(200, { message: 'hello' }), /^The Base URL did not answer like Synap's API/],
		['an empty 200', raw(200, ''), /^The Base URL did not answer like Synap's API/],
		['a redirect', json(302, { errors: [] }, { Location: 'https://elsewhere.example/' }), /^The Base URL did not answer like Synap's API/],
	])('%s', async (_label, responder, expected) => {
		scripted.server.script(responder);
		const { result } = await runCredentialTest({ environment: 'custom', baseUrl: scripted.server.baseUrl, accessToken: 'p:whatever12345' });
		if (expected === 'OK') expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		else {
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(expected);
		}
	});
});

test.each([
	['a wrong token', { accessToken: 'p:notARealToken123' }, /^Synap rejected this token\. Paste the whole Personal Access Token/],
	['a revoked token', () => ({ accessToken: env.sandbox.tokens.revoked }), /^Synap rejected this token/],
	['a token without p:', () => ({ accessToken: env.sandbox.adminToken.slice(2) }), /^Synap rejected this token/],
	['a Base URL without /v3', () => ({ accessToken: env.sandbox.adminToken, baseUrl: env.sandbox.origin }), /^The Base URL in the Synap API credential has no API path/],
	['a plain-http remote Base URL', { accessToken: 'p:whatever12345', baseUrl: 'http://synap.example.com/v3' }, /^Refusing to send the Personal Access Token over plain http:\/\//],
])('%s gets a message that says what to fix', async (_label, data, message) => {
	const { result } = await test_(typeof data === 'function' ? data() : data);
	expect(result.status).toBe('Error');
	expect(result.message).toMatch(message);
});
