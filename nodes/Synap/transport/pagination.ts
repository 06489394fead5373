/**
 * Reads a JSON:API list page by page.
 *
 * Follows `links.next` (absolute or relative; it must stay under the base URL). Stops on a
 * missing next link or one already read (compared decoded, see `pageKey`), on an empty page, or
 * as soon as `limit` resources were delivered, so Limit never fetches a page it doesn't need.
 * Bounded: at most MAX_PAGES requests and MAX_LIST_MS for one list, then the item fails with a
 * message saying how far it got. A record (type and ID) is output once per list, and a page that
 * brings no record not already read ends the list: a server whose links lead back to earlier
 * pages under another URL cannot make the list repeat itself. The first page asks for the largest
 * page size we know Synap accepts, or just `limit` when that is smaller. Pages are handed to the
 * caller as they arrive (an async generator), so output is built while later pages load.
 *
 * Read-ahead: when the first page's `links.next` and `links.last` are the same URL but for
 * `page[number]` (JSON:API page-based paging), the remaining page URLs are known, so up to
 * READ_AHEAD of them are fetched at once (through the execution's limiter) and still handed
 * over in order. Only pages up to `links.last`, and up to the Limit, are ever requested, and
 * their URLs are built one at a time as they are sent.
 * Otherwise paging follows `links.next` one page at a time.
 */
import { MAX_PAGE_SIZE, PAGE_NUMBER_PARAM, PAGE_SIZE_PARAM } from './endpoints';
import type { JsonApiDocument, JsonApiResource } from './jsonApi';
import { primaryResources } from './jsonApi';
import { resolveUnderBase, synapRequest, type SynapContext, type SynapResponse } from './request';
import type { RunContext } from './runContext';
import { NodeOperationError, type IDataObject } from 'n8n-workflow';

/** Pages requested at once when the page URLs are known in advance. */
const READ_AHEAD = 4;

/** Most pages one list may take (500,000 records at 100 a page); then the item fails and says so. */
export const MAX_PAGES = 5_000;

/** Longest one list may take to read; then the item fails and says so. */
export const MAX_LIST_MS = 30 * 60_000;

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

/** Pages next..last of a numbered list, built one URL at a time as they are requested. */
export interface NumberedPages {
	from: number;
	/** The last page to request: links.last, or fewer when `maxPages` says so. */
	to: number;
	url(page: number): string;
}

/**
 * Pages next..last when both links differ only in page[number]; else undefined. Nothing is built
 * up front: a `links.last` of page 50,000,000 costs nothing until pages are really requested.
 */
export function numberedPages(baseUrl: string, links: JsonApiDocument['links'], maxPages: number): NumberedPages | undefined {
	const next = typeof links?.next === 'string' ? resolveUnderBase(baseUrl, links.next) : undefined;
	const last = typeof links?.last === 'string' ? resolveUnderBase(baseUrl, links.last as string) : undefined;
	if (!next || !last || maxPages < 1) return undefined;
	const nextUrl = new URL(next);
	const lastUrl = new URL(last);
	const from = Number(nextUrl.searchParams.get(PAGE_NUMBER_PARAM));
	const to = Number(lastUrl.searchParams.get(PAGE_NUMBER_PARAM));
	if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 2 || to < from) return undefined;
	if (withoutPageNumber(nextUrl) !== withoutPageNumber(lastUrl)) return undefined;
	return {
		from,
		to: Math.min(to, from + maxPages - 1),
		url: (page: number) => {
			nextUrl.searchParams.set(PAGE_NUMBER_PARAM, String(page));
			return nextUrl.toString();
		},
	};
}

/**
 * One key per page however its link is spelled: the path decoded, the query decoded and sorted.
 * `page[number]=2` and `page%5Bnumber%5D=2` are the same page, so a server linking pages to each
 * other under two spellings is seen to loop.
 */
export function pageKey(url: string): string {
	const parsed = new URL(url);
	let path = parsed.pathname;
	try {
		path = decodeURIComponent(path);
	} catch {
		// Not valid percent-encoding: keep it as written.
	}
	const query = [...parsed.searchParams.entries()].sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
	return `${parsed.origin}${path}?${JSON.stringify(query)}`;
}

export async function* listPages(this: SynapContext, run: RunContext, req: ListRequest): AsyncGenerator<Page> {
	const pageSize = req.limit !== undefined ? Math.max(1, Math.min(MAX_PAGE_SIZE, req.limit)) : MAX_PAGE_SIZE;
	const startedAt = Date.now();
	let requested = 0;
	let delivered = 0;
	/** Every page request goes through here, so the caps hold on both paths below. */
	const fetchPage = async (target: { path?: string; url?: string; qs?: IDataObject }): Promise<SynapResponse> => {
		if (requested >= MAX_PAGES || Date.now() - startedAt > MAX_LIST_MS) {
			const why = requested >= MAX_PAGES ? `${MAX_PAGES.toLocaleString('en-US')} pages` : `${MAX_LIST_MS / 60_000} minutes`;
			const item = req.itemIndex !== undefined ? ` [item ${req.itemIndex}]` : '';
			throw new NodeOperationError(this.getNode(), `Stopped reading the list after ${why}: ${requested} pages, ${delivered} records read${item}`, {
				itemIndex: req.itemIndex,
				description: `One Get Many reads at most ${MAX_PAGES.toLocaleString('en-US')} pages and for at most ${MAX_LIST_MS / 60_000} minutes, so a list that never ends cannot hold the workflow for ever. Narrow the list with filters, or turn off Return All and set a Limit.`,
			});
		}
		requested++;
		return await synapRequest.call(this, run, { method: 'GET', ...target, subjectUserId: req.subjectUserId, itemIndex: req.itemIndex });
	};

	/** Records already handed over, by type and ID: a page that repeats them is not output twice. */
	const seenRecords = new Set<string>();
	/**
	 * Hands a page's new records over. `more` is false when the Limit is reached; `onPage` counts
	 * the new records, so a page holding only records already read (a server paging in a loop)
	 * ends the list like an empty page.
	 */
	const take = (document: JsonApiDocument): { page?: Page; more: boolean; onPage: number } => {
		const fresh = primaryResources(document).filter((r) => {
			if (typeof r?.id !== 'string' || typeof r.type !== 'string') return true;
			const key = `${r.type}\u0000${r.id}`;
			if (seenRecords.has(key)) return false;
			seenRecords.add(key);
			return true;
		});
		const resources = req.limit !== undefined && delivered + fresh.length > req.limit ? fresh.slice(0, req.limit - delivered) : fresh;
		delivered += resources.length;
		const more = req.limit === undefined || delivered < req.limit;
		return { page: resources.length ? { resources, document } : undefined, more, onPage: fresh.length };
	};

	// A page size the caller set (Custom API Request) wins over ours.
	const firstQs: IDataObject = { [PAGE_SIZE_PARAM]: pageSize, ...(req.qs ?? {}) };
	const first = (await fetchPage({ path: req.path, qs: firstQs })).body ?? {};
	const firstTaken = take(first);
	if (firstTaken.page) yield firstTaken.page;
	if (!firstTaken.more || !firstTaken.onPage) return;

	const remaining = req.limit === undefined ? MAX_PAGES : Math.ceil((req.limit - delivered) / Math.max(1, firstTaken.onPage));
	const known = numberedPages(run.baseUrl, first.links, Math.min(remaining, MAX_PAGES));
	if (known) {
		// In order, with up to READ_AHEAD requests in flight. Each gets a no-op catch at once, so a
		// page that fails while an earlier one is awaited is never an unhandled rejection; it still
		// throws when its turn comes.
		const inFlight: Array<Promise<SynapResponse>> = [];
		let nextPage = known.from;
		const send = () => {
			const request = fetchPage({ url: known.url(nextPage++) });
			request.catch(() => undefined);
			inFlight.push(request);
		};
		while (nextPage <= known.to && inFlight.length < READ_AHEAD) send();
		while (inFlight.length) {
			const document = (await (inFlight.shift() as Promise<SynapResponse>)).body ?? {};
			const taken = take(document);
			if (taken.page) yield taken.page;
			if (!taken.more || !taken.onPage) {
				// Let requests already sent settle quietly; their pages are not needed.
				await Promise.allSettled(inFlight);
				return;
			}
			if (nextPage <= known.to) send();
		}
		return;
	}

	const firstUrl = new URL(`${run.baseUrl}${req.path}`);
	for (const [k, v] of Object.entries(firstQs)) firstUrl.searchParams.set(k, String(v));
	const seen = new Set<string>([pageKey(firstUrl.toString())]);
	// The first page, asked for without a number, is page 1: a link back to it is a loop too.
	if (!firstUrl.searchParams.has(PAGE_NUMBER_PARAM)) {
		firstUrl.searchParams.set(PAGE_NUMBER_PARAM, '1');
		seen.add(pageKey(firstUrl.toString()));
	}
	let document = first;
	for (;;) {
		const link = document.links?.next;
		if (typeof link !== 'string' || link === '') return;
		const resolved = resolveUnderBase(run.baseUrl, link);
		// A link off the base URL is refused (with its message) by synapRequest.
		const key = resolved !== undefined ? pageKey(resolved) : link;
		if (seen.has(key)) return;
		seen.add(key);
		document = (await fetchPage({ url: link })).body ?? {};
		const taken = take(document);
		if (taken.page) yield taken.page;
		if (!taken.more || !taken.onPage) return;
	}
}
