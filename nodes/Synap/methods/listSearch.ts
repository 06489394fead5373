/**
 * The "From List" mode of each searchable resource's ID locator, generated from the registry:
 * one search method per resource, named search<Resource>s (e.g. searchUsers).
 */
import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { RESOURCES } from '../actions/registry';
import { searchMethodName } from '../actions/shared/spec';
import type { ResourceSpec } from '../actions/shared/spec';
import { ENDPOINTS, MAX_PAGE_SIZE, PAGE_SIZE_PARAM, SEARCH_FILTER } from '../transport/endpoints';
import { primaryResources, type JsonApiResource } from '../transport/jsonApi';
import { collectionPath } from '../transport/paths';
import { synapRequest } from '../transport/request';
import { editorRunContext } from './context';

const label = (resource: ResourceSpec, r: JsonApiResource) => {
	const a = r.attributes ?? {};
	const title = String(a[resource.titleAttribute ?? 'name'] ?? a.name ?? a.title ?? r.id);
	const email = typeof a.emailAddress === 'string' && a.emailAddress !== title ? ` (${a.emailAddress})` : '';
	return `${title}${email}`;
};

function searchFor(resource: ResourceSpec) {
	return async function (this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
		const run = await editorRunContext.call(this);
		const endpoint = resource.endpoint as keyof typeof ENDPOINTS;
		const qs: IDataObject = { [PAGE_SIZE_PARAM]: MAX_PAGE_SIZE };
		if (filter) qs[SEARCH_FILTER] = filter;
		const response = await synapRequest.call(
			this,
			run,
			paginationToken ? { method: 'GET', url: paginationToken } : { method: 'GET', path: collectionPath(endpoint), qs },
		);
		const needle = (filter ?? '').toLowerCase();
		const results: INodeListSearchItems[] = primaryResources(response.body)
			.map((r) => ({ name: label(resource, r), value: r.id }))
			// Also filter here, in case the server ignores the search filter.
			.filter((r) => !needle || r.name.toLowerCase().includes(needle) || r.value.toLowerCase() === needle);
		const next = response.body?.links?.next;
		return { results, paginationToken: typeof next === 'string' && next ? next : undefined };
	};
}

export const listSearch: Record<string, (this: ILoadOptionsFunctions, filter?: string, token?: string) => Promise<INodeListSearchResult>> =
	Object.fromEntries(RESOURCES.filter((r) => r.searchable && r.endpoint).map((r) => [searchMethodName(r), searchFor(r)]));
