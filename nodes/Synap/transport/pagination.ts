/**
 * Reads a JSON:API list page by page.
 *
 * Follows `links.next` (absolute or relative; it must stay under the base URL). Stops on a
 * missing or repeated next link, on an empty page, or as soon as `limit` resources were
 * delivered, so Limit never fetches a page it doesn't need. The first page asks for the largest
 * page size we know Synap accepts, or just `limit` when that is smaller. Pages are handed to the
 * caller as they arrive (an async generator), so output is built while later pages load.
 */
import { MAX_PAGE_SIZE, PAGE_SIZE_PARAM } from './endpoints';
import type { JsonApiDocument, JsonApiResource } from './jsonApi';
import { primaryResources } from './jsonApi';
import { synapRequest, type SynapContext } from './request';
import type { RunContext } from './runContext';
import type { IDataObject } from 'n8n-workflow';

export interface ListRequest {
	path: string;
	qs?: IDataObject;
	subjectUserId?: string;
	itemIndex?: number;
	/** Stop after this many resources; undefined = all. */
	limit?: number;
}

export interface Page {
	resources: JsonApiResource[];
	document: JsonApiDocument;
}

export async function* listPages(this: SynapContext, run: RunContext, req: ListRequest): AsyncGenerator<Page> {
	const pageSize = req.limit !== undefined ? Math.max(1, Math.min(MAX_PAGE_SIZE, req.limit)) : MAX_PAGE_SIZE;
	let delivered = 0;
	const seen = new Set<string>();
	let next: { path?: string; url?: string; qs?: IDataObject } = {
		path: req.path,
		// A page size the caller set (Custom API Request) wins over ours.
		qs: { [PAGE_SIZE_PARAM]: pageSize, ...(req.qs ?? {}) },
	};
	for (;;) {
		const response = await synapRequest.call(this, run, {
			method: 'GET',
			...next,
			subjectUserId: req.subjectUserId,
			itemIndex: req.itemIndex,
		});
		const document = response.body ?? {};
		let resources = primaryResources(document);
		if (req.limit !== undefined && delivered + resources.length > req.limit) {
			resources = resources.slice(0, req.limit - delivered);
		}
		delivered += resources.length;
		if (resources.length) yield { resources, document };
		if (req.limit !== undefined && delivered >= req.limit) return;
		const link = document.links?.next;
		if (typeof link !== 'string' || link === '' || !primaryResources(document).length || seen.has(link)) return;
		seen.add(link);
		next = { url: link };
	}
}
