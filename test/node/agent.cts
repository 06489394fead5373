/**
 * Runs the Synap node the way an n8n 2.8 AI Agent calls a tool, inside n8n-core's real
 * WorkflowExecute:
 *
 *   Input ──main──▶ Agent ◀──ai_tool── Synap Tool
 *
 * - "Synap Tool" is the Synap node with the changes n8n's loader makes for `usableAsTool` nodes
 *   (n8n 2.8.4 packages/cli tool-generation/ai-tools.js `convertNodeToAiTool`: name + "Tool",
 *   no inputs, an `ai_tool` output, Tool Description parameters). Its `execute` is the Synap node's.
 * - The Agent stands in for the LLM: on its first run it takes the tools n8n gives it
 *   (`getInputConnectionData('ai_tool')`, which builds a DynamicStructuredTool whose schema comes
 *   from the `$fromAI()` calls in the Synap node's parameters), records them, and returns an
 *   EngineRequest with one tool call, shaped as @n8n/n8n-nodes-langchain's createEngineRequests
 *   builds it. The engine then runs the Synap Tool with `inputOverride.ai_tool` = the call's
 *   arguments (which is what `$fromAI` reads) and resumes the Agent with the tool's output.
 */
import '../harness/env.cjs';

import { NodeConnectionTypes, Workflow } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	INodeTypes,
	IRun,
} from 'n8n-workflow';

import { Synap } from '../../nodes/Synap/Synap.node';
import { executeWorkflow, INPUT_TYPE, InputNode, type SynapCredentials } from '../harness/workflow.cjs';

export const SYNAP_TOOL_TYPE = 'n8n-nodes-synap.synapTool';
const AGENT_TYPE = 'test.agent';

/** What n8n 2.8.4's convertNodeToAiTool does to a node description with resources/operations. */
function asAiTool(node: INodeType): INodeType {
	const d = node.description;
	const descriptionType: INodeProperties = {
		displayName: 'Tool Description',
		name: 'descriptionType',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Set Automatically', value: 'auto', description: 'Automatically set based on resource and operation' },
			{ name: 'Set Manually', value: 'manual', description: 'Manually set the description' },
		],
		default: 'auto',
	};
	const toolDescription: INodeProperties = {
		displayName: 'Description',
		name: 'toolDescription',
		type: 'string',
		default: d.description,
		required: true,
		typeOptions: { rows: 2 },
		description: 'Explain to the LLM what this tool does',
		displayOptions: { show: { descriptionType: ['manual'] } },
	};
	const description: INodeTypeDescription = {
		...d,
		name: `${d.name}Tool`,
		displayName: `${d.displayName} Tool`,
		inputs: [],
		outputs: [NodeConnectionTypes.AiTool],
		properties: [descriptionType, toolDescription, ...d.properties],
	};
	delete description.usableAsTool;
	return Object.create(node, { description: { value: description } }) as INodeType;
}

/** Records what the agent was given, for assertions. */
export interface AgentLog {
	tools: Array<{ name: string; description: string; schemaKeys: string[]; schema: unknown }>;
}

interface ToolCall {
	id: string;
	input: IDataObject;
}

/** The agent node; `execute` runs with n8n's context as `this`, so the call and log are closed over. */
function agentNode(call: ToolCall, log: AgentLog): INodeType {
	return {
		description: {
			displayName: 'Agent',
			name: AGENT_TYPE,
			group: ['transform'],
			version: 1,
			description: 'Stands in for an AI Agent: calls one tool',
			defaults: { name: 'Agent' },
			inputs: [NodeConnectionTypes.Main, NodeConnectionTypes.AiTool],
			outputs: [NodeConnectionTypes.Main],
			properties: [],
		} as unknown as INodeTypeDescription,

		async execute(this: IExecuteFunctions, response?: { actionResponses: Array<{ action: { id: string }; data: IDataObject }> }) {
			if (!response?.actionResponses?.length) {
				const tools = (await this.getInputConnectionData(NodeConnectionTypes.AiTool, 0)) as Array<{
					name: string;
					description: string;
					schema: { shape: Record<string, unknown> };
					metadata?: { sourceNodeName?: string };
				}>;
				for (const tool of tools) {
					log.tools.push({ name: tool.name, description: tool.description, schemaKeys: Object.keys(tool.schema.shape).sort(), schema: tool.schema });
				}
				// @n8n/n8n-nodes-langchain utils/agent-execution/createEngineRequests.js
				return {
					actions: [
						{
							actionType: 'ExecutionNodeAction',
							nodeName: tools[0].metadata?.sourceNodeName,
							input: call.input,
							type: NodeConnectionTypes.AiTool,
							id: call.id,
							metadata: { itemIndex: 0 },
						},
					],
					metadata: {},
				} as never;
			}
			return [
				response.actionResponses.map((r) => ({
					json: { toolCallId: r.action.id, result: r.data } as IDataObject,
					pairedItem: { item: 0 },
				})),
			] as INodeExecutionData[][];
		},
	} as INodeType;
}



export interface AgentRunResult {
	/** What the Synap Tool output, as the engine recorded it (`ai_tool` output). */
	toolItems: IDataObject[];
	/** The Agent's output after it was resumed with the tool result. */
	agentItems: IDataObject[];
	log: AgentLog;
	error?: unknown;
	run: IRun;
}


/** Runs one agent tool call of the Synap node with `parameters` (holding `$fromAI()` calls). */
export async function runAsAgentTool(options: {
	parameters: INodeParameters;
	call: ToolCall;
	credentials: SynapCredentials;
	/** The tool node's typeVersion (default 1); a tool added in today's editor gets the newest. */
	typeVersion?: number;
}): Promise<AgentRunResult> {
	const log: AgentLog = { tools: [] };
	const instances: Record<string, INodeType> = {
		[SYNAP_TOOL_TYPE]: asAiTool(new Synap()),
		[AGENT_TYPE]: agentNode(options.call, log),
		[INPUT_TYPE]: new InputNode(),
	};
	const nodeTypes = {
		getByName: (type: string) => instances[type],
		getByNameAndVersion: (type: string) => instances[type],
		getKnownTypes: () => ({}),
	} as unknown as INodeTypes;
	const nodes: INode[] = [
		{ id: 'input', name: 'Input', type: INPUT_TYPE, typeVersion: 1, position: [0, 0], parameters: { items: JSON.stringify([{ chatInput: 'Register Ada Lovelace' }]) } },
		{ id: 'agent', name: 'Agent', type: AGENT_TYPE, typeVersion: 1, position: [200, 0], parameters: {} },
		{
			id: 'synap-tool',
			name: 'Synap',
			type: SYNAP_TOOL_TYPE,
			typeVersion: options.typeVersion ?? 1,
			position: [200, 200],
			parameters: options.parameters,
			credentials: { synapApi: { id: 'cred-1', name: 'Synap account' } },
		},
	];
	const workflow = new Workflow({
		id: 'wf-synap-agent',
		name: 'Synap agent test',
		nodes,
		connections: {
			Input: { main: [[{ node: 'Agent', type: NodeConnectionTypes.Main, index: 0 }]] },
			Synap: { ai_tool: [[{ node: 'Agent', type: NodeConnectionTypes.AiTool, index: 0 }]] },
		},
		active: false,
		nodeTypes,
		settings: {},
	});
	const run = await executeWorkflow(workflow, options.credentials, nodes[0]);
	const runData = run.data.resultData.runData;
	const toolTask = runData.Synap?.[0];
	const agentTask = runData.Agent?.[runData.Agent.length - 1];
	return {
		toolItems: ((toolTask?.data?.ai_tool?.[0] ?? []) as INodeExecutionData[]).map((i) => i.json),
		agentItems: ((agentTask?.data?.main?.[0] ?? []) as INodeExecutionData[]).map((i) => i.json),
		log,
		error: toolTask?.error ?? run.data.resultData.error,
		run,
	};
}
