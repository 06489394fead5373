/**
 * Reads a JSON:API list page by page.
 *
 * Follows `links.next` (absolute or relative; it must stay under the base URL). Stops on a
 * missing or repeated next link, on an empty page, or as soon as `limit` resources were
 * delivered, so Limit never fetches a page it doesn't need. The first page asks for the largest
 * page size we know Synap accepts, or just `limit` when that is smaller. Pages are handed to the
 * caller as they arrive (an async generator), so output is built while later pages load.
 *
 * Read-ahead: when the first page's `links.next` and `links.last` are the same URL but for
 * `page[number]` (JSON:API page-based paging), the remaining page URLs are known, so up to
 * READ_AHEAD of them are fetched at once (through the execution's limiter) and still handed
 * over in order. Only pages up to `links.last`, and up to the Limit, are ever requested.
 * Otherwise paging follows `links.next` one page at a time.
 */
import { MAX_PAGE_SIZE, PAGE_NUMBER_PARAM, PAGE_SIZE_PARAM } from './endpoints';
import type { JsonApiDocument, JsonApiResource } from './jsonApi';
import { primaryResources } from './jsonApi';
import { resolveUnderBase, synapRequest, type SynapContext, type SynapResponse } from './request';
import type { RunContext } from './runContext';
import type { IDataObject } from 'n8n-workflow';

/** Pages requested at once when the page URLs are known in advance. */
const READ_AHEAD = 4;

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

/**
 * A page URL with its page number removed, its query re-serialised and sorted: servers write
 * links as `page[number]=2` or `page%5Bnumber%5D=2`, in any parameter order, and both name the
 * same list.
 */
function withoutPageNumber(url: URL): string {
	const copy = new URL(url);
	copy.searchParams.delete(PAGE_NUMBER_PARAM);
	copy.searchParams.sort();
	return copy.toString();
}

/**
 * The URLs of pages next..last when both links differ only in page[number]; else undefined.
 */
export function numberedPageUrls(baseUrl: string, links: JsonApiDocument['links'], maxPages: number): string[] | undefined {
	const next = typeof links?.next === 'string' ? resolveUnderBase(baseUrl, links.next) : undefined;
	const last = typeof links?.last === 'string' ? resolveUnderBase(baseUrl, links.last as string) : undefined;
	if (!next || !last) return undefined;
	const nextUrl = new URL(next);
	const lastUrl = new URL(last);
	const from = Number(nextUrl.searchParams.get(PAGE_NUMBER_PARAM));
	const to = Number(lastUrl.searchParams.get(PAGE_NUMBER_PARAM));
	if (!Number.isInteger(from) || !Number.isInteger(to) || from < 2 || to < from) return undefined;
	if (withoutPageNumber(nextUrl) !== withoutPageNumber(lastUrl)) return undefined;
	const urls: string[] = [];
	for (let n = from; n <= to && urls.length < maxPages; n++) {
		nextUrl.searchParams.set(PAGE_NUMBER_PARAM, String(n));
		urls.push(nextUrl.toString());
	}
	return urls;
}

export async function* listPages(this: SynapContext, run: RunContext, req: ListRequest): AsyncGenerator<Page> {
	const pageSize = req.limit !== undefined ? Math.max(1, Math.min(MAX_PAGE_SIZE, req.limit)) : MAX_PAGE_SIZE;
	const fetchPage = async (target: { path?: string; url?: string; qs?: IDataObject }): Promise<SynapResponse> =>
		await synapRequest.call(this, run, { method: 'GET', ...target, subjectUserId: req.subjectUserId, itemIndex: req.itemIndex });

	let delivered = 0;
	/** Hands a page over; false when the Limit is reached. */
	const take = (document: JsonApiDocument): { page?: Page; more: boolean; onPage: number } => {
		const onPage = primaryResources(document);
		const resources = req.limit !== undefined && delivered + onPage.length > req.limit ? onPage.slice(0, req.limit - delivered) : onPage;
		delivered += resources.length;
		const more = req.limit === undefined || delivered < req.limit;
		return { page: resources.length ? { resources, document } : undefined, more, onPage: onPage.length };
	};

	// A page size the caller set (Custom API Request) wins over ours.
	const first = (await fetchPage({ path: req.path, qs: { [PAGE_SIZE_PARAM]: pageSize, ...(req.qs ?? {}) } })).body ?? {};
	const firstTaken = take(first);
	if (firstTaken.page) yield firstTaken.page;
	if (!firstTaken.more || !firstTaken.onPage) return;

	const remaining = req.limit === undefined ? Infinity : Math.ceil((req.limit - delivered) / Math.max(1, firstTaken.onPage));
	const known = numberedPageUrls(run.baseUrl, first.links, remaining);
	if (known) {
		// In order, with up to READ_AHEAD requests in flight. Each gets a no-op catch at once, so a
		// page that fails while an earlier one is awaited is never an unhandled rejection; it still
		// throws when its turn comes.
		const inFlight: Array<Promise<SynapResponse>> = [];
		let queued = 0;
		const send = () => {
			const request = fetchPage({ url: known[queued++] });
			request.catch(() => undefined);
			inFlight.push(request);
		};
		while (queued < known.length && inFlight.length < READ_AHEAD) send();
		while (inFlight.length) {
			const document = (await (inFlight.shift() as Promise<SynapResponse>)).body ?? {};
			const taken = take(document);
			if (taken.page) yield taken.page;
			if (!taken.more || !taken.onPage) {
				// Let requests already sent settle quietly; their pages are not needed.
				await Promise.allSettled(inFlight);
				return;
			}
			if (queued < known.length) send();
		}
		return;
	}

	const seen = new Set<string>();
	let document = first;
	for (;;) {
		const link = document.links?.next;
		if (typeof link !== 'string' || link === '' || seen.has(link)) return;
		seen.add(link);
		document = (await fetchPage({ url: link })).body ?? {};
		const taken = take(document);
		if (taken.page) yield taken.page;
		if (!taken.more || !taken.onPage) return;
	}
}
