/**
 * The list queries of the Synap Polling Trigger: the one place their parameter names are spelt.
 *
 * INFERRED (docs/synap-api.md §4.4, "Lists: paging, filters, sorting, includes"): Synap says its API follows
 * JSON:API, whose `sort` is `a,-b` and whose `page[...]`/`filter[...]` families are reserved but
 * left to the server. The trigger sends
 *   sort=<time>,id                     oldest first (id breaks ties, so pages are stable)
 *   sort=-<time>,-id                   newest first (start of the cursor, test event)
 *   filter[<time>][gte]=<ISO time>     records at or after the cursor
 *   page[size], page[number]           as the rest of the package does (nodes/Synap/transport/endpoints.ts)
 *   include=user                       for events whose item shows the user (attempts, records)
 * plus the event's fixed filters (filter[isCompleted]=true for Attempt Completed).
 */
import type { IDataObject } from 'n8n-workflow';

import { PAGE_NUMBER_PARAM, PAGE_SIZE_PARAM } from '../Synap/transport/endpoints';
import type { PollEvent } from './events';

export const timeFilterParam = (event: PollEvent) => `filter[${event.timeField}][gte]`;

const common = (event: PollEvent): IDataObject => ({
	...(event.filters ?? {}),
	...(event.include ? { include: event.include } : {}),
});

/** Newest first; listPages adds page[size]. */
export function newestFirst(event: PollEvent): IDataObject {
	return { ...common(event), sort: `-${event.timeField},-id` };
}

/** Oldest first, from the cursor's time (everything when it has none). */
export function oldestFirst(event: PollEvent, since: string | null, pageSize: number, pageNumber: number): IDataObject {
	return {
		...common(event),
		...(since !== null ? { [timeFilterParam(event)]: since } : {}),
		sort: `${event.timeField},id`,
		[PAGE_SIZE_PARAM]: pageSize,
		...(pageNumber > 1 ? { [PAGE_NUMBER_PARAM]: pageNumber } : {}),
	};
}

/** For error messages: `sort=createdAt,id, filter[createdAt][gte]=…`. */
export function describeQuery(query: IDataObject): string {
	return Object.entries(query)
		.map(([key, value]) => `${key}=${String(value)}`)
		.join(', ');
}
