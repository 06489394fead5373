/**
 * What `npm run probe` checks, derived from the node's own declarations (the resource registry and
 * the endpoint table), never from a hand-copied list: one target per operation the node models,
 * with the request the node would send. Only reads are sent; for a write the probe reads the same
 * path where a read of it exists, to show whether the path is there at all.
 */
import { RESOURCES } from '../../nodes/Synap/actions/registry';
import { attributesOf, operationSource } from '../../nodes/Synap/actions/shared/buildProperties';
import { wirePaths } from '../../nodes/Synap/actions/shared/readParameters';
import type { OperationSpec, ResourceSpec } from '../../nodes/Synap/actions/shared/spec';
import { ENDPOINTS, type EndpointKey } from '../../nodes/Synap/transport/endpoints';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface ProbeTarget {
	/** `<resource>.<operation>`, as in docs/verified-operations.json. */
	key: string;
	resource: string;
	operation: string;
	/** The request the node sends for this operation, `{id}` for a record. */
	method: HttpMethod;
	path: string;
	/** JSON:API type the node expects there. */
	type: string;
	/** Method and path SEEN on Synap's pages (docs/synap-api.md §4.1). */
	documented: boolean;
	/** How the probe checks it: a list read, a one-record read, or a read of a write's path. */
	check: 'list' | 'record' | 'pathOfWrite' | 'none';
	/** The collection a record ID is taken from (its list is read first). */
	idFrom?: EndpointKey;
	endpoint?: EndpointKey;
	/** Why it is not read, when check is 'none' or 'pathOfWrite'. */
	note?: string;
}

const collection = (endpoint: EndpointKey) => `/${ENDPOINTS[endpoint].path}`;

/** The method and path the node uses for each operation kind (custom operations say theirs). */
function requestOf(resource: ResourceSpec, op: OperationSpec): Omit<ProbeTarget, 'key' | 'resource' | 'operation' | 'documented'> {
	const endpoint = op.endpoint ?? resource.endpoint;
	if (!endpoint) return { method: 'GET', path: '(any path)', type: '', check: 'none', note: 'any method and path the user gives: nothing to check' };
	const type = ENDPOINTS[endpoint].type;
	const base = collection(endpoint);
	// A record's ID comes from the list of the resource's own collection (Get Account: the users list).
	const idFrom = resource.endpoint ?? endpoint;
	switch (op.kind) {
		case 'getAll':
			return { method: 'GET', path: base, type, check: 'list', endpoint };
		case 'get':
			return { method: 'GET', path: `${base}/{id}`, type, check: 'record', endpoint, idFrom };
		case 'create':
			return { method: 'POST', path: base, type, check: 'pathOfWrite', endpoint, note: 'a create: never sent' };
		case 'update':
			return { method: 'PATCH', path: `${base}/{id}`, type, check: 'pathOfWrite', endpoint, idFrom, note: 'an update: never sent' };
		case 'delete':
			return { method: 'DELETE', path: `${base}/{id}`, type, check: 'pathOfWrite', endpoint, idFrom, note: 'a delete: never sent' };
		case 'upsert':
			// Looks the record up in its list (a filter), then updates or creates it: the writes are never
			// sent, and the list itself is checked by Get Many.
			return { method: 'GET', path: base, type, check: 'none', endpoint, note: 'a lookup in the list, then an update or a create: the writes are never sent (the list is checked by Get Many)' };
		default:
			// Custom operations declare what they send; a read is probed like one, a write never.
			if (op.request?.method === 'GET') return { ...op.request, type, check: op.request.path.includes('{id}') ? 'record' : 'list', endpoint, idFrom };
			return {
				method: op.request?.method ?? 'POST',
				path: op.request?.path ?? base,
				type,
				check: 'none',
				endpoint,
				note: 'a write: never sent',
			};
	}
}

export function probeTargets(resources: ResourceSpec[] = RESOURCES): ProbeTarget[] {
	const out: ProbeTarget[] = [];
	for (const resource of resources) {
		for (const op of resource.operations) {
			out.push({
				key: `${resource.value}.${op.value}`,
				resource: resource.name,
				operation: op.name,
				documented: operationSource(resource, op) === 'SEEN',
				...requestOf(resource, op),
			});
		}
	}
	return out;
}

/** The attribute names the node sends for each JSON:API type (what a portal should show back). */
export function attributesTheNodeSends(resources: ResourceSpec[] = RESOURCES): Map<string, Set<string>> {
	const out = new Map<string, Set<string>>();
	for (const resource of resources) {
		for (const op of resource.operations) {
			if (op.kind !== 'create' && op.kind !== 'update') continue;
			const endpoint = op.endpoint ?? resource.endpoint;
			if (!endpoint) continue;
			const type = ENDPOINTS[endpoint].type;
			const names = out.get(type) ?? new Set<string>();
			for (const attr of attributesOf(resource, op)) for (const path of wirePaths(attr)) names.add(path.split('.')[0]);
			out.set(type, names);
		}
	}
	return out;
}
