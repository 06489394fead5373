/**
 * Get Many paging as n8n runs it: links.next (absolute or relative) followed, stopped on a
 * missing or repeated link, and Limit stops fetching as soon as it is reached.
 */
import type { Recorded } from '../support/scriptedServer.cjs';
import { run, useScriptedServer } from './support.cjs';
import type { ServerResponse } from 'node:http';

const env = useScriptedServer('p:paginationToken012345');

const TOTAL = 250;
const ids = Array.from({ length: TOTAL }, (_, i) => `User${String(i).padStart(6, '0')}`);

/** A paged /users: page[size] (max 100) and page[number]; `linkStyle` decides links.next's form. */
function pagedUsers(linkStyle: 'absolute' | 'relative' | 'repeat' | 'none' | 'numbered', failPage?: number) {
	return (req: Recorded, res: ServerResponse) => {
		const size = Math.min(100, Number(req.query.get('page[size]') ?? 20));
		const number = Number(req.query.get('page[number]') ?? 1);
		const slice = ids.slice((number - 1) * size, number * size);
		const more = number * size < TOTAL;
		if (number === failPage) {
			res.writeHead(400, { 'Content-Type': 'application/vnd.api+json' });
			res.end(JSON.stringify({ errors: [{ status: '400', detail: `page ${number} refused` }] }));
			return;
		}
		const nextQuery = `page%5Bsize%5D=${size}&page%5Bnumber%5D=${number + 1}`;
		const next =
			!more || linkStyle === 'none'
				? undefined
				: linkStyle === 'absolute' || linkStyle === 'numbered'
					? `${env.server.baseUrl}/users?${nextQuery}`
					: linkStyle === 'relative'
						? `/v3/users?${nextQuery}`
						: `${env.server.baseUrl}/users?page%5Bsize%5D=${size}&page%5Bnumber%5D=1`;
		res.writeHead(200, { 'Content-Type': 'application/vnd.api+json' });
		res.end(
			JSON.stringify({
				data: slice.map((id) => ({ type: 'User', id, attributes: { name: id } })),
				links: {
					...(next ? { next } : {}),
					...(linkStyle === 'numbered' ? { last: `${env.server.baseUrl}/users?page%5Bsize%5D=${size}&page%5Bnumber%5D=${Math.ceil(TOTAL / size)}` } : {}),
				},
				meta: { total: TOTAL },
			}),
		);
	};
}

const getMany = (extra: Record<string, unknown>) => ({ resource: 'user', operation: 'getAll', ...extra });


test.each(['absolute', 'relative'] as const)('Return All follows %s next links through every page, in order', async (style) => {
	env.server.script(pagedUsers(style));
	const result = await run(env, getMany({ returnAll: true }));
	expect(result.error).toBeUndefined();
	expect(result.items.map((i) => i.json.id)).toEqual(ids);
	expect(env.server.requests).toHaveLength(3);
	expect(env.server.requests[0].query.get('page[size]')).toBe('100');
	expect(result.items.every((i) => (i.pairedItem as { item: number }).item === 0)).toBe(true);
});

test('a repeated next link stops paging instead of looping', async () => {
	env.server.script(pagedUsers('repeat'));
	const result = await run(env, getMany({ returnAll: true }));
	expect(result.error).toBeUndefined();
	// page 1, then the link back to page 1 once (same URL is refused the second time)
	expect(env.server.requests.length).toBeLessThanOrEqual(2);
});

test('Limit asks for just that many and fetches no further page', async () => {
	env.server.script(pagedUsers('absolute'));
	const result = await run(env, getMany({ returnAll: false, limit: 30 }));
	expect(result.items.map((i) => i.json.id)).toEqual(ids.slice(0, 30));
	expect(env.server.requests).toHaveLength(1);
	expect(env.server.requests[0].query.get('page[size]')).toBe('30');
});

test('Limit larger than a page stops in the middle of the second page', async () => {
	env.server.script(pagedUsers('absolute'));
	const result = await run(env, getMany({ returnAll: false, limit: 150 }));
	expect(result.items).toHaveLength(150);
	expect(env.server.requests).toHaveLength(2);
});

test('filters, sort, include and sparse fields become JSON:API query parameters', async () => {
	env.server.script(pagedUsers('none'));
	await run(
		env,
		getMany({
			returnAll: false,
			limit: 5,
			filters: { emailAddress: 'ada@example.com', userGroup: 'bh7EbXdKcf' },
			options: { sort: '-createdAt, name', include: 'userGroups', fields: 'name,emailAddress', customFilters: { filter: [{ name: 'externalId', value: 'S-1' }] } },
		}),
	);
	const q = env.server.requests[0].query;
	expect(q.get('filter[emailAddress]')).toBe('ada@example.com');
	expect(q.get('filter[userGroup]')).toBe('bh7EbXdKcf');
	expect(q.get('filter[externalId]')).toBe('S-1');
	expect(q.get('sort')).toBe('-createdAt,name');
	expect(q.get('include')).toBe('userGroups');
	expect(q.get('fields[User]')).toBe('name,emailAddress');
});

test('a next link to another host is not followed', async () => {
	env.server.script((req, res) => {
		res.writeHead(200, { 'Content-Type': 'application/vnd.api+json' });
		res.end(JSON.stringify({ data: [{ type: 'User', id: 'User000001' }], links: { next: 'https://evil.example.com/v3/users?page=2' } }));
	});
	const result = await run(env, getMany({ returnAll: true }));
	expect(env.server.requests).toHaveLength(1);
	expect(result.error?.message).toContain('next-page link outside the API base URL');
});

test('with links.last, the remaining pages are read ahead, several at once, and still come out in order', async () => {
	// Later pages answer first (page 2 is slowest), so order must come from the node, not the server;
	// and pages 2 and 3 must be in flight together.
	const respond = pagedUsers('numbered');
	let inFlight = 0;
	let maxInFlight = 0;
	env.server.script((req, res) => {
		inFlight++;
		maxInFlight = Math.max(maxInFlight, inFlight);
		const delay = req.query.get('page[number]') === '2' ? 150 : 10;
		setTimeout(() => {
			inFlight--;
			respond(req, res);
		}, delay);
	});
	const result = await run(env, { resource: 'user', operation: 'getAll', returnAll: true, limit: 50 });
	expect(result.error).toBeUndefined();
	expect(result.items.map((i) => i.json.id)).toEqual(ids);
	expect(env.server.requests.map((r) => r.query.get('page[number]')).sort()).toEqual(['2', '3', null].sort());
	expect(maxInFlight).toBe(2);
});

test('read-ahead with a Limit requests only the pages the Limit needs', async () => {
	env.server.script(pagedUsers('numbered'));
	const result = await run(env, { resource: 'user', operation: 'getAll', returnAll: false, limit: 150 });
	expect(result.items.map((i) => i.json.id)).toEqual(ids.slice(0, 150));
	expect(env.server.requests).toHaveLength(2);
});

test('a page that fails while later ones are in flight fails the item cleanly', async () => {
	env.server.script(pagedUsers('numbered', 2));
	const result = await run(env, { resource: 'user', operation: 'getAll', returnAll: true });
	expect(result.error?.message).toBe('Synap rejected the request: page 2 refused');
	expect(result.items).toHaveLength(0);
});

