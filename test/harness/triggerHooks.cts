/**
 * The Synap Trigger's webhook lifecycle (checkExists, create, delete) run through n8n-core's real
 * HookContext, as n8n runs it when a workflow is activated or deactivated: one workflow holding one
 * Synap Trigger, its credential resolved by the harness's credentials helper.
 */
import './env.cjs';

import { HookContext } from 'n8n-core';
import { NodeHelpers, Workflow } from 'n8n-workflow';
import type { INode, INodeTypes, IWebhookData, IWorkflowExecuteAdditionalData } from 'n8n-workflow';

import { SynapTrigger } from '../../nodes/SynapTrigger/SynapTrigger.node';
import { credentialsHelper, type SynapCredentials } from './workflow.cjs';

export const trigger = new SynapTrigger();
/** The trigger's activate/deactivate methods, called with a context from `triggerLifecycle`. */
export const webhookMethods = trigger.webhookMethods.default;
const nodeTypes = { getByName: () => trigger, getByNameAndVersion: () => trigger, getKnownTypes: () => ({}) } as unknown as INodeTypes;

/** A Synap Trigger node listening to `events`, as a saved workflow holds it. */
export const synapTriggerNode = (webhookId: string, events: string[]): INode => ({
	id: 'trigger-node',
	name: 'Synap Trigger',
	type: 'n8n-nodes-synap.synapTrigger',
	typeVersion: 1,
	position: [0, 0],
	webhookId,
	parameters: { events },
	credentials: { synapApi: { id: 'cred-1', name: 'Synap account' } },
});

export function triggerLifecycle(options: { workflowId: string; events: string[]; credentials: SynapCredentials }) {
	const { workflowId, events, credentials } = options;
	const node = synapTriggerNode(`hook-${workflowId}`, events);
	const additionalData = {
		credentialsHelper: credentialsHelper(credentials),
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;
	const workflow = new Workflow({ id: workflowId, name: 'x', nodes: [node], connections: {}, active: true, nodeTypes, staticData: {}, settings: {} });
	const webhookData: IWebhookData = {
		httpMethod: 'POST',
		node: node.name,
		path: NodeHelpers.getNodeWebhookPath(workflowId, node, 'webhook', false),
		webhookDescription: trigger.description.webhooks![0],
		workflowId,
		workflowExecuteAdditionalData: additionalData,
		webhookId: node.webhookId,
		isTest: false,
	};
	const ctx = (mode: 'trigger' | 'internal') => new HookContext(workflow, node, additionalData, mode, 'activate', webhookData);
	return { workflow, ctx };
}
