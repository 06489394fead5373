import { NodeApiError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

import { toNodeApiError } from '../../nodes/Synap/transport/errors';
import { redact } from '../../nodes/Synap/transport/secrets';

const node: INode = { id: '1', name: 'Synap', type: 'n8n-nodes-synap.synap', typeVersion: 1, position: [0, 0], parameters: {} };
const TOKEN = 'p:Secret0123456789abcdef';
const ctx = { node, itemIndex: 3, request: { method: 'PATCH', path: '/users/QsogF1GDFZ' }, secrets: [TOKEN] };

describe('error mapping', () => {
	test('a 403 while acting as a Subject-User says whose privileges were missing and how to fix it', () => {
		const error = toNodeApiError(
			{ kind: 'http', statusCode: 403, body: { errors: [{ status: '403', title: 'Forbidden', detail: 'Educators cannot modify the portal' }] } },
			{ ...ctx, subjectUserId: 'Educator01' },
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('The Subject-User Educator01 is not allowed to do this: Educators cannot modify the portal');
		expect(error.description).toContain('runs with exactly that user\'s privileges');
		expect(error.description).toContain('Request: PATCH /users/QsogF1GDFZ');
		expect(error.httpCode).toBe('403');
		expect(error.context.itemIndex).toBe(3);
	});

	test('a 500 keeps the traceId Synap asks for in support requests', () => {
		const error = toNodeApiError(
			{ kind: 'http', statusCode: 500, body: { errors: [{ status: '500', title: 'Internal error', meta: { traceId: 'trace-abc-123' } }] } },
			ctx,
		);
		expect(error.message).toBe('Synap had an internal problem (HTTP 500): Internal error');
		expect(error.description).toContain('traceId: trace-abc-123');
	});

	test('401 tells a non-developer where tokens are made', () => {
		const error = toNodeApiError({ kind: 'http', statusCode: 401, body: { errors: [{ status: '401', title: 'Unauthorized' }] } }, ctx);
		expect(error.message).toBe('Synap did not accept the Personal Access Token');
		expect(error.description).toContain('Settings → Automations → API');
	});

	test('a token echoed back by a server never reaches the error', () => {
		const error = toNodeApiError(
			{ kind: 'http', statusCode: 400, body: { errors: [{ status: '400', detail: `bad header Authorization: Bearer ${TOKEN}` }] } },
			ctx,
		);
		const everything = JSON.stringify({ ...error, message: error.message, description: error.description });
		expect(everything).not.toContain(TOKEN);
		expect(everything).not.toContain(TOKEN.slice(2));
	});

	test('network failures and timeouts read as such', () => {
		expect(toNodeApiError({ kind: 'network', code: 'ECONNABORTED', message: 'timeout of 60000ms exceeded' }, ctx).message).toBe(
			'Synap did not answer in time',
		);
		expect(toNodeApiError({ kind: 'network', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }, ctx).message).toBe('Could not connect to Synap');
	});

	test('redact removes secrets, Bearer values and PAT-shaped strings', () => {
		expect(redact(`x ${TOKEN} y`, [TOKEN])).toBe('x [redacted] y');
		expect(redact('Authorization: Bearer abc.def', [])).toBe('Authorization: Bearer [redacted]');
		expect(redact('token p:abcdefghijklmnop leaked', [])).toBe('token [redacted] leaked');
	});
});
