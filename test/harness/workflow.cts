/**
 * Runs the Synap node inside n8n-core's real execution engine (WorkflowExecute): real parameter
 * and expression resolution, real credential `authenticate` (the SynapApi class), real HTTP
 * through n8n's request helpers, real continue-on-fail and error-output routing.
 * Only what a full n8n server adds around it (database, UI, credential encryption) is replaced.
 */
import './env.cjs';

import { Container } from '@n8n/di';
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';
import { createRunExecutionData, Workflow } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsHelper,
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IRun,
	IWorkflowExecuteAdditionalData,
	ExecutionError,
} from 'n8n-workflow';

import { SynapApi } from '../../credentials/SynapApi.credentials';
import { Synap } from '../../nodes/Synap/Synap.node';

export const SYNAP_TYPE = 'n8n-nodes-synap.synap';
export const INPUT_TYPE = 'test.input';

/** Emits the items given in its `items` parameter: the workflow's input. */
export class InputNode implements INodeType {
	description = {
		displayName: 'Input',
		name: INPUT_TYPE,
		group: ['input'],
		version: 1,
		description: 'Test input',
		defaults: { name: 'Input' },
		inputs: [],
		outputs: ['main'],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
	} as unknown as INodeType['description'];

	async execute(this: import('n8n-workflow').IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = JSON.parse(this.getNodeParameter('items', 0) as string) as IDataObject[];
		return [items.map((json, i) => ({ json, pairedItem: { item: i } }))];
	}
}

const nodeTypeInstances: Record<string, INodeType> = {
	[SYNAP_TYPE]: new Synap(),
	[INPUT_TYPE]: new InputNode(),
};

/** Makes another node type runnable in the Synap node's place (RunOptions.nodeType). */
export function registerNodeType(nodeType: INodeType): void {
	nodeTypeInstances[nodeType.description.name] = nodeType;
}

export const nodeTypes: INodeTypes = {
	getByName: (type: string) => nodeTypeInstances[type],
	getByNameAndVersion: (type: string) => nodeTypeInstances[type],
	getKnownTypes: () => ({}),
} as unknown as INodeTypes;

export type SynapCredentials = ICredentialDataDecryptedObject & {
	accessToken: string;
	environment: 'production' | 'custom';
	baseUrl?: string;
	subjectUserHeader?: string;
	portalSubdomain?: string;
};

/** Calls the real credential class's `authenticate`, as n8n's CredentialsHelper does. */
export function credentialsHelper(credentials: SynapCredentials): ICredentialsHelper {
	const credentialType = new SynapApi();
	return {
		getParentTypes: () => [],
		authenticate: async (creds: ICredentialDataDecryptedObject, _type: string, requestOptions: IHttpRequestOptions) =>
			await credentialType.authenticate(creds, requestOptions),
		preAuthentication: async () => undefined,
		getCredentials: async () => {
			throw new Error('not used');
		},
		getDecrypted: async () => ({ ...credentials }),
		updateCredentials: async () => undefined,
		updateCredentialsOauthTokenData: async () => undefined,
		getCredentialsProperties: () => credentialType.properties,
	} as unknown as ICredentialsHelper;
}

export interface RunOptions {
	parameters: INodeParameters;
	items?: IDataObject[];
	credentials: SynapCredentials;
	/** n8n's "On Error" node setting. */
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
	/** Run another node type in the Synap node's place: one given to registerNodeType. */
	nodeType?: string;
	/** The Synap node's typeVersion (default 1, what workflows saved before 1.1 carry). */
	typeVersion?: number;
}

export interface RunResult {
	/** Items on the Synap node's main output. */
	items: INodeExecutionData[];
	/** Items on the error output (when onError is continueErrorOutput). */
	errorItems: INodeExecutionData[];
	/** The node's error when the run stopped. */
	error?: ExecutionError;
	run: IRun;
}

let executionCounter = 0;

/** What n8n's server passes to an execution, minus the database and the UI. */
export function additionalDataFor(credentials: SynapCredentials, hooks?: ExecutionLifecycleHooks, executionId?: string): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper: credentialsHelper(credentials),
		hooks,
		executionId,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		variables: {},
		logAiEvent: () => undefined,
		executeWorkflow: async () => {
			throw new Error('not used');
		},
		getRunExecutionData: async () => undefined,
		startRunnerTask: async () => {
			throw new Error('not used');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

/** The lifecycle hooks n8n gives a manual execution of `workflow`. */
export function manualHooks(workflow: Workflow, executionId: string): ExecutionLifecycleHooks {
	return new ExecutionLifecycleHooks('manual', executionId, {
		id: workflow.id,
		name: workflow.name,
		nodes: Object.values(workflow.nodes),
		connections: workflow.connectionsBySourceNode,
		active: false,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	} as never);
}

/** Runs a workflow manually from `startNode` with n8n-core's WorkflowExecute. */
export async function executeWorkflow(workflow: Workflow, credentials: SynapCredentials, startNode: INode): Promise<IRun> {
	const executionId = `exec-${++executionCounter}`;
	const execute = new WorkflowExecute(additionalDataFor(credentials, manualHooks(workflow, executionId), executionId), 'manual', createRunExecutionData());
	return await execute.run({ workflow, startNode });
}

/** A workflow of two nodes: the Input node, emitting `items`, connected to `node`. */
export function inputWorkflow(node: INode, items: IDataObject[], id: string, name: string): { workflow: Workflow; input: INode } {
	const input: INode = { id: 'input-node', name: 'Input', type: INPUT_TYPE, typeVersion: 1, position: [0, 0], parameters: { items: JSON.stringify(items) } };
	const workflow = new Workflow({
		id,
		name,
		nodes: [input, node],
		connections: { Input: { main: [[{ node: node.name, type: 'main', index: 0 }]] } },
		active: false,
		nodeTypes,
		settings: {},
	});
	return { workflow, input };
}

export async function runSynapNode(options: RunOptions): Promise<RunResult> {
	const synapNode: INode = {
		id: 'synap-node',
		name: 'Synap',
		type: options.nodeType ?? SYNAP_TYPE,
		typeVersion: options.typeVersion ?? 1,
		position: [200, 0],
		parameters: options.parameters,
		credentials: { synapApi: { id: 'cred-1', name: 'Synap account' } },
		...(options.onError ? { onError: options.onError } : {}),
	};
	const { workflow, input } = inputWorkflow(synapNode, options.items ?? [{}], 'wf-synap-test', 'Synap test');
	const run = await executeWorkflow(workflow, options.credentials, input);
	const taskData = run.data.resultData.runData.Synap?.[0];
	return {
		items: taskData?.data?.main?.[0] ?? [],
		errorItems: taskData?.data?.main?.[1] ?? [],
		error: taskData?.error ?? run.data.resultData.error,
		run,
	};
}

/** n8n-core starts an SSH-client sweep interval on first use; stop it so jest can exit. */
export async function shutdownEngine(): Promise<void> {
	await Container.get(SSHClientsManager).onShutdown();
}
