/**
 * The shape of Get and Get Many output.
 *
 * Node version 1 (every workflow saved before version 1.1 existed) keeps its boolean Simplify:
 * on (the default) gives flat items with every attribute, off gives raw JSON:API resources.
 * Version 1.1 replaces it on Get and Get Many with Output, as n8n's guidelines ask for nodes an AI
 * agent uses:
 *   Simplified (default)  at most 10 fields the resource declares (ResourceSpec.simplifyFields)
 *   All Fields            version 1's Simplify: every attribute and related ID, flat
 *   Raw                   the JSON:API resources as Synap sent them
 *   Selected Fields       the ID and the fields picked (or named by an expression)
 * Create, Update and the other operations keep Simplify in both versions.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { relatedIdKey } from '../../transport/jsonApi';
import { simplify } from './standardParameters';
import { readParameter, setOwn, wirePaths } from './readParameters';
import type { ItemContext, OperationSpec, ResourceSpec } from './spec';

/** The first node version with the Output parameter. */
export const OUTPUT_VERSION = 1.1;

export type OutputShape = { kind: 'raw' } | { kind: 'flat' } | { kind: 'pick'; fields: string[] };

const hasOutputChoice = (op: OperationSpec) => op.kind === 'get' || op.kind === 'getAll';

export const simplifyFieldsOf = (resource: ResourceSpec, op: OperationSpec) => op.simplifyFields ?? resource.simplifyFields;

/** `userGroupIds` → "User Group IDs", `targetUrl` → "Target URL": n8n wants title case and these capitals. */
export const titleOf = (key: string) =>
	key
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.replace(/^./, (c) => c.toUpperCase())
		.replace(/\bIds?\b/g, (w) => w.toUpperCase().replace('IDS', 'IDs'))
		.replace(/\bUrl\b/g, 'URL');

/** The fields offered in the Selected Fields picker: the declared ones and the related IDs. */
function pickableFields(resource: ResourceSpec, op: OperationSpec): string[] {
	const names = new Set<string>(['type', ...(simplifyFieldsOf(resource, op) ?? [])]);
	if (op.endpoint === undefined || op.endpoint === resource.endpoint) {
		for (const a of resource.attributes) for (const path of wirePaths(a)) names.add(path.split('.')[0]);
		for (const r of resource.relationships) names.add(relatedIdKey(r.name, r.toMany));
	}
	names.delete('id');
	return [...names].sort((a, b) => a.localeCompare(b));
}

/** Simplify (version 1 only on Get / Get Many), or Output and its field picker (version 1.1). */
export function outputProperties(resource: ResourceSpec, op: OperationSpec): INodeProperties[] {
	if (!hasOutputChoice(op)) return [simplify];
	const fields = simplifyFieldsOf(resource, op);
	return [
		{ ...simplify, displayOptions: { show: { '@version': [1] } } },
		{
			displayName: 'Output',
			name: 'output',
			type: 'options',
			default: 'simplified',
			options: [
				{
					name: 'All Fields',
					value: 'allFields',
					description: 'Every attribute and related ID, as flat items',
				},
				{ name: 'Raw', value: 'raw', description: 'The JSON:API resources as Synap sent them' },
				{ name: 'Selected Fields', value: 'selected', description: 'The ID and the fields you pick' },
				{
					name: 'Simplified',
					value: 'simplified',
					description: fields ? `At most ${fields.length} fields: ${fields.map(titleOf).join(', ')}` : 'Every attribute and related ID, as flat items',
				},
			],
			displayOptions: { show: { '@version': [{ _cnd: { gte: OUTPUT_VERSION } }] } },
		},
		{
			displayName: 'Fields',
			name: 'outputFields',
			type: 'multiOptions',
			default: [],
			options: pickableFields(resource, op)
				.map((name) => ({ name: titleOf(name), value: name }))
				.sort((a, b) => a.name.localeCompare(b.name)),
			description: 'The fields to return besides the ID; use an expression for a field not in the list',
			displayOptions: { show: { '@version': [{ _cnd: { gte: OUTPUT_VERSION } }], output: ['selected'] } },
		},
	];
}

/** Field names from a multi-select, or from an expression giving a list or comma-separated text. */
function readFieldList(this: IExecuteFunctions, itemIndex: number): string[] {
	const value = readParameter(this, 'outputFields', itemIndex, 'Fields', []);
	const list = Array.isArray(value) ? value : String(value ?? '').split(',');
	return list.map((f) => String(f).trim()).filter((f) => f !== '');
}

/** Relationships asked for with Options → Include Related (kept in Simplified and Selected Fields output). */
function includedNames(this: IExecuteFunctions, itemIndex: number): string[] {
	const options = readParameter(this, 'options', itemIndex, 'Options', {}) as IDataObject;
	if (typeof options.include !== 'string') return [];
	return options.include.split(',').map((p) => p.trim().split('.')[0]).filter((p) => p !== '');
}

export function outputShape(this: IExecuteFunctions, ctx: ItemContext, simplifies: boolean): OutputShape {
	if (!simplifies) return { kind: 'raw' };
	const i = ctx.itemIndex;
	if (!hasOutputChoice(ctx.operation) || this.getNode().typeVersion < OUTPUT_VERSION) {
		return readParameter(this, 'simplify', i, 'Simplify', true) ? { kind: 'flat' } : { kind: 'raw' };
	}
	const output = readParameter(this, 'output', i, 'Output', 'simplified');
	if (output === 'raw') return { kind: 'raw' };
	if (output === 'allFields') return { kind: 'flat' };
	if (output === 'selected') return { kind: 'pick', fields: ['id', ...readFieldList.call(this, i), ...includedNames.call(this, i)] };
	const fields = simplifyFieldsOf(ctx.resource, ctx.operation);
	return fields ? { kind: 'pick', fields: [...fields, ...includedNames.call(this, i)] } : { kind: 'flat' };
}

/** The listed keys of a flat item, in the listed order; keys the record does not have are left out. */
export function pickFields(item: IDataObject, fields: string[]): IDataObject {
	const out: IDataObject = {};
	for (const f of new Set(fields)) if (Object.prototype.hasOwnProperty.call(item, f)) setOwn(out, f, item[f]);
	return out;
}
