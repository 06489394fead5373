/**
 * Custom → API Request: any v3 endpoint the node does not model yet, with the same
 * authentication, Subject-User, error mapping, retries and pagination as every other operation.
 * The path is confined to the API base URL: no scheme, host, `..`, query or fragment can be
 * smuggled in through it.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { JsonApiDocument } from '../../transport/jsonApi';
import { listPages } from '../../transport/pagination';
import { synapRequest } from '../../transport/request';
import type { Method } from '../../transport/retry';
import { fail, parseJsonObject, readParameter } from '../shared/readParameters';
import type { ItemExecutor } from '../shared/spec';

const SEGMENT = /^[A-Za-z0-9_~-]+(?:\.[A-Za-z0-9_~-]+)*$/;

export const apiRequestProperties: INodeProperties[] = [
	{
		displayName: 'Method',
		name: 'method',
		type: 'options',
		options: [
			{ name: 'DELETE', value: 'DELETE' },
			{ name: 'GET', value: 'GET' },
			{ name: 'PATCH', value: 'PATCH' },
			{ name: 'POST', value: 'POST' },
		],
		default: 'GET',
		description: 'The HTTP method',
	},
	{
		displayName: 'Path',
		name: 'path',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. /attempt-overrides',
		description: 'The endpoint path under the API base URL (…/v3), starting with /',
	},
	{
		displayName: 'Query Parameters',
		name: 'queryParameters',
		type: 'fixedCollection',
		placeholder: 'Add Parameter',
		default: {},
		typeOptions: { multipleValues: true },
		description: 'Query parameters such as filter[status] or sort',
		options: [
			{
				displayName: 'Parameter',
				name: 'parameter',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'e.g. filter[status]', description: 'Parameter name' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '', description: 'Parameter value' },
				],
			},
		],
	},
	{
		displayName: 'Body (JSON:API)',
		name: 'body',
		type: 'json',
		default: '{\n  "data": {\n    "type": "",\n    "attributes": {}\n  }\n}',
		description: 'The JSON:API document to send, e.g. {"data": {"type": "Flag", "attributes": {"comment": "…"}}}',
		displayOptions: { show: { method: ['POST', 'PATCH'] } },
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: { show: { method: ['GET'] } },
	},
	{
		displayName: 'Split Into Items',
		name: 'splitItems',
		type: 'boolean',
		default: true,
		description:
			'Whether to output one item per JSON:API resource in the response\'s data (or in the body, when Synap answers with a list). An entry that is not an object fails the item. Turn off to get the whole response document as one item (a list is given as {"data": […]}).',
	},
];

export const apiRequest: ItemExecutor = async function (ctx) {
	const i = ctx.itemIndex;
	const method = this.getNodeParameter('method', i) as Method;
	const rawPath = String(readParameter(this, 'path', i, 'Path') ?? '').trim();
	const segments = rawPath.replace(/^\//, '').split('/').filter((s, k, all) => s !== '' || k !== all.length - 1);
	if (!rawPath.startsWith('/') || segments.some((s) => !SEGMENT.test(s))) {
		fail(
			this,
			i,
			`Path ${JSON.stringify(rawPath.slice(0, 60))} is not a path under the API base URL`,
			'Start with / and use only letters, digits, "-", "_", "~" and "." in each part, e.g. /users/QsogF1GDFZ. Put query parameters under Query Parameters; hosts, "..", "?" and "#" are not allowed.',
		);
	}
	const path = `/${segments.join('/')}`;
	const qs: IDataObject = {};
	const params = ((readParameter(this, 'queryParameters', i, 'Query Parameters', {}) as IDataObject).parameter ?? []) as Array<{ name?: string; value?: unknown }>;
	for (const { name, value } of params) {
		const key = String(name ?? '').trim();
		if (!key) continue;
		if (key === '__proto__') {
			// It cannot reach Synap: as a key it replaces the object's prototype, here and again in
			// the HTTP client's option merging, so it would vanish without a word.
			fail(this, i, 'Query Parameters → Name "__proto__" cannot be sent', 'Rename the parameter; Synap has no parameter of that name.');
		}
		qs[key] = String(value ?? '');
	}
	const split = this.getNodeParameter('splitItems', i, true) as boolean;

	if (method === 'GET' && (this.getNodeParameter('returnAll', i, false) as boolean)) {
		const out: INodeExecutionData[] = [];
		for await (const page of listPages.call(this, ctx.run, { path, qs, subjectUserId: ctx.subjectUserId, itemIndex: i })) {
			for (const item of responseItems(this, i, page.document, split)) out.push(item);
		}
		return out;
	}

	let body: JsonApiDocument | undefined;
	if (method === 'POST' || method === 'PATCH') {
		body = parseJsonObject(this, i, 'Body (JSON:API)', readParameter(this, 'body', i, 'Body (JSON:API)', '{}')) as JsonApiDocument;
	}
	const response = await synapRequest.call(this, ctx.run, { method, path, qs, body, subjectUserId: ctx.subjectUserId, itemIndex: i });
	const document: unknown = response.body;
	if (document === undefined || document === null) return [{ json: { success: true, statusCode: response.statusCode } }];
	return responseItems(this, i, document, split);
};

const isPlainObject = (value: unknown): value is IDataObject => typeof value === 'object' && value !== null && !Array.isArray(value);

const describeValue = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'a list' : `a ${typeof value}`);

/**
 * The output items of one response. Every item's json is an object: n8n-core cannot take anything
 * else, and fails the whole run (every item, Continue On Fail or not) on a null or a number.
 *
 * - Split Into Items on: one item per entry of `data`, or of the body when the body itself is a
 *   list; `data` that is one object gives that object. An entry that is not an object (null, a
 *   number, a string, a list) fails this input item, naming the entry: the response is not a
 *   list of JSON:API resources, and splitting part of it would drop records without a word.
 * - Otherwise the whole response is one item; a body that is a list is wrapped as `{ data: [...] }`.
 * - A body that is neither an object nor a list (a bare number or string) fails the item.
 */
function responseItems(ctx: IExecuteFunctions, itemIndex: number, document: unknown, split: boolean): INodeExecutionData[] {
	const undoSplit = 'Turn off Split Into Items to get the whole response as one item, or check the Path and the Query Parameters.';
	if (Array.isArray(document)) {
		if (!split) return [{ json: { data: document } }];
		return splitEntries(ctx, itemIndex, document, 'the response', undoSplit);
	}
	if (!isPlainObject(document)) {
		fail(
			ctx,
			itemIndex,
			`Synap's response is not a JSON object (it is ${describeValue(document)})`,
			'A JSON:API answer is an object such as {"data": …}. Check the Path and the Query Parameters.',
		);
	}
	const data = document.data;
	if (split && Array.isArray(data)) return splitEntries(ctx, itemIndex, data, 'data', undoSplit);
	if (split && isPlainObject(data)) return [{ json: data }];
	return [{ json: document }];
}

function splitEntries(ctx: IExecuteFunctions, itemIndex: number, entries: unknown[], label: string, undoSplit: string): INodeExecutionData[] {
	const bad = entries.flatMap((entry, k) => (isPlainObject(entry) ? [] : [k]));
	if (bad.length) {
		const first = bad[0];
		const shown = label === 'data' ? `data[${first}]` : `${label}'s [${first}]`;
		fail(
			ctx,
			itemIndex,
			`Split Into Items cannot split Synap's response: ${shown} is ${describeValue(entries[first])}${bad.length > 1 ? ` (and ${bad.length - 1} more entries are not objects)` : ''}`,
			`Split Into Items makes one item per JSON:API resource, and each resource is an object. ${undoSplit}`,
		);
	}
	return entries.map((entry) => ({ json: entry as IDataObject }));
}
