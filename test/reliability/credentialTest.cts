/**
 * Runs the Synap API credential's `test` the way n8n's CredentialsTester (packages/cli,
 * services/credentials-tester.service.ts in n8n 2.8.x) does: a temporary node whose only
 * property routes `test.request`, executed by n8n-core's real RoutingNode through the real
 * httpRequestWithAuthentication (so the credential's `authenticate` and n8n's axios options,
 * including redirect handling, apply). The result is built with the tester's own rules, and what
 * the tester would log or report (`logger.debug('Credential test failed', error)`,
 * `errorReporter.error(error)`) is returned too, so a test can scan it for the token.
 */
import '../harness/env.cjs';

import { ExecuteContext, RoutingNode } from 'n8n-core';
import { createRunExecutionData, NodeHelpers, Workflow } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialsHelper,
	IHttpRequestOptions,
	INode,
	INodeType,
	INodeTypes,
	IWorkflowExecuteAdditionalData,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { SynapApi } from '../../credentials/SynapApi.credentials';

const TEMP_TYPE = 'n8n-nodes-base.noOp';

export interface CredentialTestRun {
	result: INodeCredentialTestResult;
	/** What n8n's tester hands its error reporter, and (as `{ debug, error }`) logs at debug level. */
	reported: unknown[];
}

/** lodash's `get`, which n8n's tester uses on the rules' keys (also on a string body). */
const getPath = require('lodash/get') as (value: unknown, key: string) => unknown;

export async function runCredentialTest(data: ICredentialDataDecryptedObject): Promise<CredentialTestRun> {
	const credentialType = new SynapApi();
	const testRequest = credentialType.test;
	const reported: unknown[] = [];

	const nodeTypeCopy = {
		description: {
			displayName: 'No Operation, do nothing',
			name: TEMP_TYPE,
			group: ['organization'],
			version: 1,
			description: 'No Operation',
			defaults: { name: 'No Operation, do nothing' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: 'synapApi', required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: testRequest.request }, default: '' }],
		},
	} as unknown as INodeType;
	const nodeTypes = {
		getByName: () => nodeTypeCopy,
		getByNameAndVersion: (_type: string, version?: number) => NodeHelpers.getVersionedNodeType(nodeTypeCopy, version),
		getKnownTypes: () => ({}),
	} as unknown as INodeTypes;

	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: TEMP_TYPE,
		typeVersion: 1,
		position: [0, 0],
		credentials: { synapApi: { id: 'cred-test', name: 'Synap account' } },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const credentialsHelper = {
		getParentTypes: () => [],
		authenticate: async (creds: ICredentialDataDecryptedObject, _type: string, options: IHttpRequestOptions) =>
			await credentialType.authenticate(creds, options),
		preAuthentication: async () => undefined,
		getDecrypted: async () => ({ ...data }),
		getCredentialsProperties: () => credentialType.properties,
	} as unknown as ICredentialsHelper;
	const additionalData = {
		credentialsHelper,
		executionId: 'credential-test',
		currentNodeParameters: node.parameters,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;
	const credentialsDecrypted: ICredentialsDecrypted = { id: 'cred-test', name: 'Synap account', type: 'synapApi', data };
	const executeData = { node, data: {}, source: null };
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		executeData,
		[],
	);
	const routingNode = new RoutingNode(context, nodeTypeCopy, credentialsDecrypted);

	let response: Awaited<ReturnType<RoutingNode['runNode']>>;
	try {
		response = await routingNode.runNode();
	} catch (e) {
		// From here on: n8n's CredentialsTester.testCredentials, line for line.
		const error = e as { message: string; cause?: { response?: { status: number; statusText: string }; code?: string } };
		reported.push(error); // errorReporter.error(error)
		if (error.cause?.response) {
			const statusCode = error.cause.response.status;
			for (const rule of testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && statusCode === rule.properties.value) {
					return { result: { status: 'Error', message: rule.properties.message }, reported };
				}
			}
			if (statusCode < 199 || statusCode > 299) {
				return {
					result: { status: 'Error', message: error.cause.response.statusText || `Received HTTP status code: ${statusCode}` },
					reported,
				};
			}
		} else if (error.cause?.code) {
			return { result: { status: 'Error', message: error.cause.code }, reported };
		}
		reported.push({ debug: 'Credential test failed', error }); // logger.debug('Credential test failed', error)
		return { result: { status: 'Error', message: String(error.message) }, reported };
	}
	// n8n's CredentialsTester after a successful request: `responseSuccessBody` rules, in order.
	for (const rule of testRequest.rules ?? []) {
		if (rule.type === 'responseSuccessBody') {
			const responseData = response?.[0]?.[0]?.json;
			if (getPath(responseData, rule.properties.key) === rule.properties.value) {
				return { result: { status: 'Error', message: rule.properties.message }, reported };
			}
		}
	}
	return { result: { status: 'OK', message: 'Connection successful!' }, reported };
}
