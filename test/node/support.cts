/**
 * Shared set-up for the workflow tests: one sandbox (or one scripted server) per test file, started
 * in beforeAll; the Synap node run inside n8n-core's real engine (runSynapNode); helpers to assert
 * the exact request Synap received.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runSynapNode, type RunOptions, type RunResult, type SynapCredentials } from '../harness/workflow.cjs';
import type { RecordedRequest, Sandbox, SandboxOptions } from '../sandbox/index.cjs';
import { startScriptedServer, type ScriptedServer } from '../support/scriptedServer.cjs';

const { startSandbox } = require('../sandbox') as typeof import('../sandbox/index.cjs');

export const JSON_API = 'application/vnd.api+json';

export interface Env {
	sandbox: Sandbox;
	credentials: SynapCredentials;
}

/** Starts one sandbox for the file (seed 11 unless `options` say otherwise); requests are cleared before each test. */
export function useSandbox(options: SandboxOptions = {}): Env {
	const env = {} as Env;
	beforeAll(async () => {
		env.sandbox = await startSandbox({ seed: 11, ...options });
		env.credentials = { accessToken: env.sandbox.adminToken, environment: 'custom', baseUrl: env.sandbox.baseUrl };
	});
	afterAll(async () => env.sandbox.close());
	beforeEach(() => env.sandbox.clearRequests());
	return env;
}

export interface ScriptedEnv {
	server: ScriptedServer;
	credentials: SynapCredentials;
}

/** Starts one scripted HTTP server for the file (../support/scriptedServer.cts) and credentials that point to it. */
export function useScriptedServer(accessToken: string): ScriptedEnv {
	const env = {} as ScriptedEnv;
	beforeAll(async () => {
		env.server = await startScriptedServer();
		env.credentials = { accessToken, environment: 'custom', baseUrl: env.server.baseUrl };
	});
	afterAll(async () => env.server.close());
	return env;
}

/** A resource locator value in "By ID" mode, as n8n stores it. */
export const rl = (value: string) => ({ __rl: true, mode: 'id', value });

/** Runs the Synap node with the file's credentials (`options.credentials` override single fields). */
export async function run(
	env: { credentials: SynapCredentials },
	parameters: INodeParameters,
	options: { items?: IDataObject[]; credentials?: Partial<SynapCredentials>; onError?: RunOptions['onError']; typeVersion?: number } = {},
): Promise<RunResult> {
	return await runSynapNode({
		parameters,
		items: options.items,
		onError: options.onError,
		typeVersion: options.typeVersion,
		credentials: { ...env.credentials, ...(options.credentials ?? {}) } as SynapCredentials,
	});
}

/** The /v3 requests Synap received in this test. */
export const apiRequests = (env: Env): RecordedRequest[] => env.sandbox.requests.filter((r) => r.path.startsWith('/v3/'));

/** The one request of the test, checked to carry the token and JSON:API headers. */
export function onlyRequest(env: Env): RecordedRequest {
	const requests = apiRequests(env);
	expect(requests).toHaveLength(1);
	const [req] = requests;
	expect(req.headers.authorization).toBe(`Bearer ${env.sandbox.adminToken}`);
	expect(req.headers.accept).toBe(JSON_API);
	if (req.body !== undefined) expect(req.headers['content-type']).toBe(JSON_API);
	else expect(req.headers['content-type']).toBeUndefined();
	expect(req.headers['subject-user']).toBeUndefined();
	return req;
}

/** Asserts method, path, query and body of the one request, and a 2xx answer. */
export function expectRequest(
	env: Env,
	expected: { method: string; path: string; query?: Record<string, string>; body?: unknown },
): RecordedRequest {
	const req = onlyRequest(env);
	expect(req.method).toBe(expected.method);
	expect(req.path).toBe(`/v3${expected.path}`);
	expect(req.query).toEqual(expected.query ?? {});
	expect(req.body).toEqual(expected.body);
	expect(req.status).toBeGreaterThanOrEqual(200);
	expect(req.status).toBeLessThan(300);
	return req;
}

/** The output items' json, after checking the run succeeded and every item is paired to item 0. */
export function outputOf(result: RunResult): IDataObject[] {
	expect(result.error).toBeUndefined();
	for (const item of result.items) expect(item.pairedItem).toEqual({ item: 0 });
	return result.items.map((i) => i.json);
}
