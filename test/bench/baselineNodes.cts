/**
 * The baselines `npm run bench` compares the Synap node with, run in the Synap node's place by the
 * test harness (registerNodeType + RunOptions.nodeType). ./n8n-nodes-synap-bench holds the
 * Return All baseline again for `npm run bench:n8n`: that one is copied into a real n8n's nodes
 * folder as its own package, so it cannot import from here.
 */
import { NodeConnectionTypes } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { registerNodeType } from '../harness/workflow.cjs';

/** A baseline's description: a URL parameter (plus `more`) and the Synap API credential. */
const baseline = (displayName: string, name: string, more: INodeProperties[]): INodeTypeDescription => ({
	displayName,
	name,
	group: ['transform'],
	version: 1,
	description: 'Benchmark baseline',
	defaults: { name: displayName },
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	credentials: [{ name: 'synapApi', required: true }],
	properties: [{ displayName: 'URL', name: 'url', type: 'string', default: '' }, ...more],
});

export const BARE_GET_TYPE = 'bench.bareGet';

/**
 * A baseline for benchmarks: the least a node can do for "GET one record per item" in n8n —
 * n8n's own authenticated request helper, 10 at a time, the body's `data` as output. Comparing the
 * Synap node with it measures what the Synap node itself adds.
 */
class BareGetNode implements INodeType {
	description = baseline('Bare GET', BARE_GET_TYPE, []);

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const out: INodeExecutionData[] = new Array(items.length);
		let next = 0;
		const worker = async () => {
			for (let i = next++; i < items.length; i = next++) {
				const url = this.getNodeParameter('url', i) as string;
				const body = (await this.helpers.httpRequestWithAuthentication.call(this, 'synapApi', { method: 'GET', url, json: true })) as {
					data: IDataObject;
				};
				out[i] = { json: body.data, pairedItem: { item: i } };
			}
		};
		await Promise.all(Array.from({ length: 10 }, worker));
		return [out];
	}
}

export const BARE_PAGES_TYPE = 'bench.barePages';

/**
 * A baseline for the Return All benchmark: the least an n8n node can do to read a JSON:API list —
 * follow links.next through n8n's own authenticated request helper and output each record as is.
 */
class BarePagesNode implements INodeType {
	description = baseline('Bare pages', BARE_PAGES_TYPE, [{ displayName: 'Limit', name: 'limit', type: 'number', default: 0 }]);

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		let url: string | undefined = this.getNodeParameter('url', 0) as string;
		const limit = (this.getNodeParameter('limit', 0) as number) || Infinity;
		const out: INodeExecutionData[] = [];
		while (url && out.length < limit) {
			const body = (await this.helpers.httpRequestWithAuthentication.call(this, 'synapApi', { method: 'GET', url, json: true })) as {
				data: IDataObject[];
				links?: { next?: string };
			};
			for (const json of body.data) if (out.length < limit) out.push({ json, pairedItem: { item: 0 } });
			url = body.links?.next;
		}
		return [out];
	}
}

registerNodeType(new BareGetNode());
registerNodeType(new BarePagesNode());
