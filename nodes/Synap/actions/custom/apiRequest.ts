/**
 * Custom → API Request: any v3 endpoint the node does not model yet, with the same
 * authentication, Subject-User, error mapping, retries and pagination as every other operation.
 * The path is confined to the API base URL: no scheme, host, `..`, query or fragment can be
 * smuggled in through it.
 */
import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { JsonApiDocument } from '../../transport/jsonApi';
import { listPages } from '../../transport/pagination';
import { synapRequest } from '../../transport/request';
import type { Method } from '../../transport/retry';
import { fail, parseJsonObject, readParameter } from '../shared/parameters';
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
			'Whether to output one item per JSON:API resource in the response\'s data. Turn off to get the whole response document as one item.',
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
			if (split) for (const r of page.resources) out.push({ json: r as unknown as IDataObject });
			else out.push({ json: page.document as IDataObject });
		}
		return out;
	}

	let body: JsonApiDocument | undefined;
	if (method === 'POST' || method === 'PATCH') {
		body = parseJsonObject(this, i, 'Body (JSON:API)', readParameter(this, 'body', i, 'Body (JSON:API)', '{}')) as JsonApiDocument;
	}
	const response = await synapRequest.call(this, ctx.run, { method, path, qs, body, subjectUserId: ctx.subjectUserId, itemIndex: i });
	const document = response.body;
	if (!document) return [{ json: { success: true, statusCode: response.statusCode } }];
	if (split && Array.isArray(document.data)) return document.data.map((r) => ({ json: r as unknown as IDataObject }));
	if (split && document.data && typeof document.data === 'object') return [{ json: document.data as unknown as IDataObject }];
	return [{ json: document as IDataObject }];
};
