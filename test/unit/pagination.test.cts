/**
 * Which page URLs Return All may request ahead: only when links.next and links.last name the same
 * list but for page[number], however the server encodes or orders the query.
 */
import { numberedPages, pageKey } from '../../nodes/Synap/transport/pagination';

/** The page URLs a list would request, materialised here (the node builds them one at a time). */
const numberedPageUrls = (base: string, links: Parameters<typeof numberedPages>[1], max: number) => {
	const pages = numberedPages(base, links, max);
	if (!pages) return undefined;
	const urls: string[] = [];
	for (let n = pages.from; n <= pages.to; n++) urls.push(pages.url(n));
	return urls;
};

const BASE = 'https://api.synap.ac/v3';
const numbers = (urls: string[] | undefined) => urls?.map((u) => new URL(u).searchParams.get('page[number]'));

test.each([
	['literal brackets', `${BASE}/users?page[size]=100&page[number]=2`, `${BASE}/users?page[size]=100&page[number]=5`],
	['percent-encoded brackets', `${BASE}/users?page%5Bsize%5D=100&page%5Bnumber%5D=2`, `${BASE}/users?page%5Bsize%5D=100&page%5Bnumber%5D=5`],
	['one of each, parameters in another order', `${BASE}/users?page[number]=2&page[size]=100`, `${BASE}/users?page%5Bsize%5D=100&page%5Bnumber%5D=5`],
])('pages next..last are known from links written with %s', (_style, next, last) => {
	const urls = numberedPageUrls(BASE, { next, last }, 10);
	expect(numbers(urls)).toEqual(['2', '3', '4', '5']);
	// The other parameters are kept.
	expect(urls?.every((u) => new URL(u).searchParams.get('page[size]') === '100')).toBe(true);
});

test('no more pages than asked for', () => {
	const urls = numberedPageUrls(BASE, { next: `${BASE}/users?page[number]=2`, last: `${BASE}/users?page[number]=500` }, 3);
	expect(numbers(urls)).toEqual(['2', '3', '4']);
});

test.each([
	['a filter that differs', `${BASE}/users?filter[name]=a&page[number]=2`, `${BASE}/users?filter[name]=b&page[number]=9`],
	['a page size that differs', `${BASE}/users?page[size]=100&page[number]=2`, `${BASE}/users?page[size]=50&page[number]=9`],
	['another path', `${BASE}/users?page[number]=2`, `${BASE}/exams?page[number]=9`],
	['no page numbers (cursor paging)', `${BASE}/users?page[cursor]=abc`, `${BASE}/users?page[cursor]=xyz`],
	['last before next', `${BASE}/users?page[number]=5`, `${BASE}/users?page[number]=2`],
	['a link off the base URL', `https://evil.example.com/v3/users?page[number]=2`, `https://evil.example.com/v3/users?page[number]=9`],
])('nothing is read ahead when the links have %s', (_case, next, last) => {
	expect(numberedPageUrls(BASE, { next, last }, 10)).toBeUndefined();
});

test('nothing is read ahead without links.last', () => {
	expect(numberedPageUrls(BASE, { next: `${BASE}/users?page[number]=2` }, 10)).toBeUndefined();
});

test('an absurd links.last costs nothing until pages are requested, and never more than asked for', () => {
	const pages = numberedPages(BASE, { next: `${BASE}/users?page[number]=2`, last: `${BASE}/users?page[number]=50000000` }, 5000);
	expect(pages).toMatchObject({ from: 2, to: 5001 });
	expect(new URL(pages!.url(5001)).searchParams.get('page[number]')).toBe('5001');
});

test('a page number past what JavaScript counts exactly turns read-ahead off', () => {
	expect(numberedPages(BASE, { next: `${BASE}/users?page[number]=2`, last: `${BASE}/users?page[number]=1e400` }, 10)).toBeUndefined();
	expect(numberedPages(BASE, { next: `${BASE}/users?page[number]=2`, last: `${BASE}/users?page[number]=99999999999999999999` }, 10)).toBeUndefined();
});

test.each([
	[`${BASE}/users?page[number]=2&page[size]=100`, `${BASE}/users?page%5Bsize%5D=100&page%5Bnumber%5D=2`],
	[`${BASE}/users?page[number]=2`, `${BASE}/%75sers?page%5bnumber%5d=2`],
])('one page under two spellings has one key: %s', (a, b) => {
	expect(pageKey(a)).toBe(pageKey(b));
});

test('different pages have different keys', () => {
	expect(pageKey(`${BASE}/users?page[number]=2`)).not.toBe(pageKey(`${BASE}/users?page[number]=3`));
	expect(pageKey(`${BASE}/users?page[number]=2`)).not.toBe(pageKey(`${BASE}/exams?page[number]=2`));
});
