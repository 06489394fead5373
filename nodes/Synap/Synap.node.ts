import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { properties } from './actions/nodeProperties';
import { router } from './actions/router';
import { listSearch } from './methods/listSearch';
import * as loadOptions from './methods/loadOptions';

/**
 * Synap (synap.ac) through its v3 JSON:API. Programmatic rather than declarative because every
 * call needs JSON:API (de)serialisation, an optional per-item Subject-User header, links.next
 * pagination, bounded concurrency and rate-limit handling that n8n's routing cannot express.
 */
export class Synap implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Synap',
		name: 'synap',
		icon: { light: 'file:../../icons/synap.svg', dark: 'file:../../icons/synap.dark.svg' },
		group: ['transform'],
		// 1.1: Get and Get Many offer Output (Simplified / All Fields / Raw / Selected Fields) instead of Simplify.
		version: [1, 1.1],
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Manage users, groups, exams, attempts and more in Synap, the learning and assessment platform',
		defaults: { name: 'Synap' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'synapApi', required: true }],
		properties,
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// Items run concurrently in the router, each in its own try/catch; whether a failed item
		// becomes an error item (Continue On Fail) or stops the node is decided there with this flag.
		return await router.call(this, this.continueOnFail());
	}
}
