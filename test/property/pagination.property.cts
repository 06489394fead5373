/**
 * Property "pagination": whatever `links` a server writes — next links absolute or relative,
 * brackets literal or encoded, query reordered, pointing at another host, another port, https on
 * the same port, "localhost" for 127.0.0.1, escaping the base path (`/v3/../admin`, `/v3evil`),
 * looping back to an earlier page or to itself under another spelling, a fresh next link on every
 * page for ever, an absurd `links.last` page number — Get Many (Return All, Limit) and Custom API
 * Request (Return All):
 *
 *   - output no record twice (not even when a page links to page 1 under a URL that differs in
 *     more than spelling), and only records the server has;
 *   - on a well-formed finite list, Return All outputs every record once and Limit exactly
 *     min(Limit, records);
 *   - send nothing outside the credential's origin and base path;
 *   - stay within ≤ pages + 6 requests on a finite list, ≤ 5,005 on a list that never ends
 *     (README: one Get Many reads at most 5,000 pages), ≤ 12 s, ≤ 128 MiB heap growth.
 */
import fc from 'fast-check';
import type { ServerResponse } from 'node:http';
import type { IDataObject } from 'n8n-workflow';

import { HostileServer, type HostileRequest } from './hostileServer.cjs';
import { runCase } from './engine.cjs';
import { credentialsFor, dirtArb, inputItems, onErrorArb, parametersFor, REQUEST_OPTIONS, send, tokenArb, user, type Operation } from './generators.cjs';
import { checkBounds, checkItems, checkOrigin, checkToken } from './invariants.cjs';
import { runProperty } from './runProperty.cjs';

const PAGE_CAP_EXPECTED = 5_000;
const SERVER_CAP = 6_000;

const WELL_FORMED = ['absolute literal', 'absolute encoded', 'relative path', 'reordered query'] as const;
const HOSTILE = [
	'other port',
	'other host',
	'https same port',
	'localhost same port',
	'path escape',
	'prefix trick',
	'loop to page 1 (encoded)',
	'self (other spelling)',
	'page 1 under a new URL',
	'number',
	'link object',
] as const;
type Style = (typeof WELL_FORMED)[number] | (typeof HOSTILE)[number];

const caseArb = fc.record({
	op: fc.constantFrom<Operation>('getAll (Return All)', 'getAll (Limit)', 'custom GET Return All'),
	limit: fc.integer({ min: 1, max: 12 }),
	records: fc.integer({ min: 0, max: 14 }),
	pageSize: fc.integer({ min: 1, max: 5 }),
	styles: fc.array(
		fc.oneof({ arbitrary: fc.constantFrom<Style>(...WELL_FORMED), weight: 3 }, { arbitrary: fc.constantFrom<Style>(...HOSTILE), weight: 2 }),
		{ minLength: 1, maxLength: 5 },
	),
	last: fc.oneof(
		{ arbitrary: fc.constantFrom('none', 'consistent', 'other spelling'), weight: 3 },
		{ arbitrary: fc.constantFrom('absurd 1000', 'absurd 1000000', 'absurd 50000000', 'absurd 9007199254740991', 'absurd 1e300'), weight: 1 },
	),
	everNew: fc.constant(false) as fc.Arbitrary<boolean>,
	items: fc.integer({ min: 1, max: 2 }),
	token: tokenArb,
	dirt: dirtArb,
	onError: onErrorArb,
});
type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

let server: HostileServer;

const EXAMPLE: Case = {
	op: 'getAll (Return All)',
	limit: 1,
	records: 2,
	pageSize: 1,
	styles: ['absolute literal'],
	last: 'none',
	everNew: false,
	items: 1,
	token: 'p:QANJch+mockPG4Z/oxmjHOyUFw4idWGugMIUPX==',
	dirt: 'clean',
	onError: 'continueRegularOutput',
};

const pagesOf = (c: Case) => Math.max(1, Math.ceil(c.records / c.pageSize));
const recordIds = (c: Case, page: number) =>
	Array.from({ length: c.records }, (_, k) => `R${k}x`).slice((page - 1) * c.pageSize, page * c.pageSize);

/** The same URL, spelled otherwise: brackets encoded where they were literal and the other way round, query order reversed. */
function respell(requestUrl: string): string {
	const [path, query = ''] = requestUrl.split('?');
	const parts = query
		.split('&')
		.filter(Boolean)
		.reverse()
		.map((part) => (part.includes('[') ? part.replace(/\[/g, '%5B').replace(/\]/g, '%5D') : part.replace(/%5B/gi, '[').replace(/%5D/gi, ']')));
	return `${server.origin}${path}?${parts.join('&')}`;
}

function link(c: Case, style: Style, from: number, to: number, requestUrl: string, nonce = ''): unknown {
	const { baseUrl, origin, port } = server;
	const q = (encoded: boolean, n: number) => (encoded ? `page%5Bnumber%5D=${n}&page%5Bsize%5D=${c.pageSize}` : `page[number]=${n}&page[size]=${c.pageSize}`) + nonce;
	switch (style) {
		case 'absolute literal':
			return `${baseUrl}/users?${q(false, to)}`;
		case 'absolute encoded':
			return `${baseUrl}/users?${q(true, to)}`;
		case 'relative path':
			return `/v3/users?${q(false, to)}`;
		case 'reordered query':
			return `${baseUrl}/users?page[size]=${c.pageSize}&page[number]=${to}${nonce}`;
		case 'other port':
			return `${server.otherPortOrigin}/v3/users?${q(false, to)}`;
		case 'other host':
			return `${server.otherHostOrigin}/v3/users?${q(false, to)}`;
		case 'https same port':
			return `https://127.0.0.1:${port}/v3/users?${q(false, to)}`;
		case 'localhost same port':
			return `http://localhost:${port}/v3/users?${q(false, to)}`;
		case 'path escape':
			return `${origin}/v3/../admin/users?${q(false, to)}`;
		case 'prefix trick':
			return `${origin}/v3evil/users?${q(false, to)}`;
		case 'loop to page 1 (encoded)':
			return `${baseUrl}/users?${q(true, 1)}`;
		case 'self (other spelling)':
			return respell(requestUrl);
		case 'page 1 under a new URL':
			// Not a spelling: another URL (other page size, explicit page 1) that serves the same records.
			return `${baseUrl}/users?page[number]=1&page[size]=${c.pageSize}&from=${from}`;
		case 'number':
			return to;
		case 'link object':
			return { href: `${baseUrl}/users?${q(false, to)}` };
	}
}

function respond(c: Case) {
	let fresh = 0;
	return (req: HostileRequest, res: ServerResponse) => {
		const page = Math.max(1, Number(req.query.get('page[number]') ?? 1) || 1);
		if (c.everNew) {
			fresh++;
			const links: IDataObject = { next: `${server.baseUrl}/users?page[number]=${page + 1}&nonce=${fresh}` };
			return send(res, 200, { data: [user(`E${fresh}x`)], links });
		}
		const pages = pagesOf(c);
		const data = page <= pages ? recordIds(c, page).map((id) => user(id)) : [];
		const links: IDataObject = {};
		if (page < pages) links.next = link(c, c.styles[(page - 1) % c.styles.length], page, page + 1, req.url) as string;
		if (c.last === 'consistent') links.last = `${server.baseUrl}/users?page[number]=${pages}&page[size]=${c.pageSize}`;
		if (c.last === 'other spelling') links.last = `${server.baseUrl}/users?page%5Bsize%5D=${c.pageSize}&page%5Bnumber%5D=${pages}`;
		if (c.last.startsWith('absurd')) links.last = `${server.baseUrl}/users?page[number]=${c.last.split(' ')[1]}&page[size]=${c.pageSize}`;
		send(res, 200, { data, links, meta: { page } });
	};
}

/** Whether every link the node should follow is well-formed and the list ends. */
const wellFormed = (c: Case) =>
	!c.everNew && !c.last.startsWith('absurd') && c.styles.slice(0, pagesOf(c) - 1).every((s) => (WELL_FORMED as readonly string[]).includes(s));

function checkRecords(c: Case, items: import('n8n-workflow').INodeExecutionData[]): string[] {
	const out: string[] = [];
	const all = new Set(Array.from({ length: c.records }, (_, k) => `R${k}x`));
	for (let i = 0; i < c.items; i++) {
		const mine = items.filter((it) => (it.pairedItem as { item?: number })?.item === i && (it.json as IDataObject).error === undefined);
		if (!mine.length && items.some((it) => (it.pairedItem as { item?: number })?.item === i)) continue; // failed with an error
		const ids = mine.map((it) => String((it.json as IDataObject).id));
		const dupes = ids.filter((id, k) => ids.indexOf(id) !== k);
		if (dupes.length) out.push(`item ${i}: records output twice: ${[...new Set(dupes)].slice(0, 5).join(', ')} (${ids.length} items for ${new Set(ids).size} records)`);
		if (!c.everNew) {
			const unknown = ids.filter((id) => !all.has(id));
			if (unknown.length) out.push(`item ${i}: records the server does not have: ${unknown.slice(0, 5).join(', ')}`);
		}
		if (c.op === 'getAll (Limit)' && ids.length > c.limit) out.push(`item ${i}: ${ids.length} records for Limit ${c.limit}`);
		if (wellFormed(c)) {
			const expected = c.op === 'getAll (Limit)' ? Math.min(c.limit, c.records) : c.records;
			if (new Set(ids).size !== expected) out.push(`item ${i}: ${new Set(ids).size} distinct records, expected ${expected} (a well-formed list)`);
		}
	}
	return out;
}

/** property pagination: no record twice, none lost on a well-formed list, nothing sent elsewhere, bounded. */
export async function propertyPagination(hostile: HostileServer): Promise<void> {
	server = hostile;
	await runProperty<Case>({
		name: 'pagination',
		arbitrary: caseArb,
		numRuns: 40,
		examples: [
			// issue 12 class 5: pages linking each other under another spelling; absurd last pages
			{ ...EXAMPLE, styles: ['self (other spelling)'] },
			{ ...EXAMPLE, styles: ['loop to page 1 (encoded)'] },
			{ ...EXAMPLE, records: 6, last: 'absurd 50000000' },
			{ ...EXAMPLE, records: 6, last: 'absurd 9007199254740991' },
			// found by this property on the transport of issue 12: page 1's records again under another URL
			{ ...EXAMPLE, styles: ['page 1 under a new URL'] },
		],
		timeLimitMs: 35_000,
		show: (c) => JSON.stringify(c),
		check: async (c) => {
			server.reset(respond(c), SERVER_CAP * c.items);
			const result = await runCase({
				parameters: parametersFor(c.op, REQUEST_OPTIONS, c.limit),
				items: inputItems(c.items),
				credentials: credentialsFor(server.baseUrl, c.token, c.dirt),
				onError: c.onError,
				wallBoundMs: 15_000,
			});
			server.quiesce();
			const requestBound = c.items * (c.everNew ? PAGE_CAP_EXPECTED + 5 : pagesOf(c) + 6);
			return [
				...checkRecords(c, [...result.items, ...result.errorItems]),
				...checkBounds(result, server, { requests: requestBound, wallMs: 12_000, heapBytes: 128 * 1048576 }),
				...checkItems(result, { itemsIn: c.items, onError: c.onError, onePerItem: false }),
				...checkOrigin(server, c.token),
				...checkToken(result, c.token),
			];
		},
	});
}

/**
 * A list that never ends (a fresh next link on every page): the node must stop by itself, with an
 * error that says how far it got, within 5,005 requests, 90 s and 256 MiB (it outputs up to 5,000
 * records). One case: it costs the node's whole page cap, about 30 s on a loaded 2-core machine
 * (6 ms a page); the page cap, not the 30-minute cap, is what ends it here.
 */
const ENDLESS_WALL_MS = 90_000;
/** property pagination (endless list): the node stops by itself, with an error, within the bounds. */
export async function propertyEndlessList(hostile: HostileServer): Promise<void> {
	server = hostile;
	await runProperty<Case>({
		name: 'pagination (endless list)',
		arbitrary: caseArb.map((c) => ({ ...c, everNew: true, items: 1, op: c.op === 'getAll (Limit)' ? ('getAll (Return All)' as Operation) : c.op })),
		numRuns: 1,
		timeLimitMs: 90_000,
		show: (c) => JSON.stringify(c),
		check: async (c) => {
			server.reset(respond(c), SERVER_CAP);
			const result = await runCase({
				parameters: parametersFor(c.op, REQUEST_OPTIONS, c.limit),
				items: inputItems(1),
				credentials: credentialsFor(server.baseUrl, c.token, c.dirt),
				onError: c.onError,
				wallBoundMs: 100_000,
			});
			server.quiesce();
			const failed = result.error ?? [...result.items, ...result.errorItems].find((i) => (i.json as IDataObject).error !== undefined);
			return [
				...(failed || result.abandoned ? [] : ['an endless list ended without an error (records silently cut off)']),
				...checkRecords(c, [...result.items, ...result.errorItems]),
				...checkBounds(result, server, { requests: PAGE_CAP_EXPECTED + 5, wallMs: ENDLESS_WALL_MS, heapBytes: 256 * 1048576 }),
				...checkItems(result, { itemsIn: 1, onError: c.onError, onePerItem: false }),
				...checkOrigin(server, c.token),
			];
		},
	});
}
