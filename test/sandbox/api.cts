// Generic JSON:API machinery: request context, serialisation (sparse fieldsets, include/included,
// links), lists (pagination, filters, sort) and generic create/read/update/delete.
//
// Query conventions (NOT FOUND in Synap's docs; INFERRED from JSON:API, which Synap says it follows):
// - page[size] (default options.defaultPageSize 20, clamped to options.maxPageSize 100), page[number]
//   (1-based). Other page[...] keys, a non-integer or < 1 value -> 400 (source.parameter).
// - links {self, first, prev, next, last} with ABSOLUTE urls; `prev` absent on the first page and
//   `next` absent on the last page. meta {total}.
// - filter[<attribute>]=v exact match (comma = any of; e-mail addresses case-insensitive; "null"
//   matches null); filter[<relationship>]=<id>; filter[id]=a,b; filter[search]=text (substring,
//   case-insensitive, on the type's name-like attributes); per-type extra filters (users:
//   filter[userGroup], filter[userType]); filter[<date attribute>][gte|gt|lte|lt]=<ISO time>.
//   An unknown filter -> 400.
// - sort=name,-createdAt (attributes or id; unknown -> 400); ties broken by id. Default order:
//   creation order.
// - include=a,b.c (relationship paths; unknown -> 400); fields[Type]=a,b.
// - Any other query parameter -> 400 (JSON:API reserves bare lower-case names).
import type { Actor } from './auth.cjs';
import type { Prng } from './prng.cjs';
import type { TypeSpec, ParsedWrite } from './schema.cjs';
import type { Store } from './store.cjs';
import type { RelValue, ResourceRecord, SandboxOptions } from './types.cjs';
const { apiError, failWith, isPlainObject, errorObject } = require('./jsonapi') as typeof import('./jsonapi.cjs');
const { SCHEMAS, STORED_TYPES, validateWrite } = require('./schema') as typeof import('./schema.cjs');
const { refIds } = require('./store') as typeof import('./store.cjs');
const { assertCanSee, assertCanWrite, canSee, listScope } = require('./policy') as typeof import('./policy.cjs');
const { roleOf } = require('./auth') as typeof import('./auth.cjs');

export interface Ctx {
	store: Store;
	actor: Actor;
	method: string;
	/** the `{id}` of the route, if any */
	id?: string;
	url: URL;
	query: Record<string, string>;
	body: unknown;
	origin: string;
	options: SandboxOptions;
	rng: Prng;
	emit(eventName: string, payload: Record<string, unknown>): void;
	/** set by a handler to count the write under another key (see jsonapi.writeKey) */
	writeKey?: string;
	/** set by a handler that rejects a write only because it duplicates an applied one */
	countAsDuplicate?: boolean;
}

export interface Resp {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
}

export const nowIso = (): string => new Date().toISOString();

export function spec(type: string): TypeSpec {
	const s = SCHEMAS[type];
	if (!s) throw new Error(`no schema for ${type}`);
	return s;
}

/** Attributes as presented (computed ones filled in, secrets masked). */
type Presenter = (ctx: Ctx, rec: ResourceRecord) => Record<string, unknown>;
const PRESENTERS: Record<string, Presenter> = {
	UserGroup: (ctx, rec) => ({
		...rec.attributes,
		totalUsers: ctx.store.memberCount(rec.id),
		parentId: refIds(rec.relationships.parentGroup)[0] ?? null,
	}),
	// Sandbox choice: basicAuth.password is never echoed back; it is masked as "********".
	WebhookSubscription: (_ctx, rec) => {
		const ba = rec.attributes.basicAuth;
		return {
			...rec.attributes,
			basicAuth: isPlainObject(ba) ? { ...ba, password: ba.password === undefined ? undefined : '********' } : ba ?? null,
		};
	},
};

function sparseFields(ctx: Ctx, type: string): Set<string> | undefined {
	const f = ctx.query[`fields[${type}]`];
	if (f === undefined) return undefined;
	return new Set(
		f
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean),
	);
}

export interface SerializeOptions {
	/** present the record as another type (views: UserAccount, PlayerAttempt, UserRegistration) */
	asType?: string;
	attributes?: Record<string, unknown>;
	relationships?: Record<string, RelValue>;
	noLinks?: boolean;
}

export function serialize(ctx: Ctx, rec: ResourceRecord, o: SerializeOptions = {}): Record<string, unknown> {
	const type = o.asType ?? rec.type;
	const s = spec(type);
	const present = PRESENTERS[type];
	const source = o.attributes ?? (present ? present(ctx, rec) : rec.attributes);
	const rels = o.relationships ?? rec.relationships;
	const fields = sparseFields(ctx, type);
	const attributes: Record<string, unknown> = {};
	for (const [name, as] of Object.entries(s.attributes)) {
		if (as.write === 'writeOnly') continue;
		if (fields && !fields.has(name)) continue;
		if (o.attributes && !(name in source)) continue;
		const v = source[name];
		attributes[name] = v === undefined ? null : v;
	}
	if (s.openAttributes) {
		for (const [name, v] of Object.entries(source)) {
			if (!(name in s.attributes) && (!fields || fields.has(name))) attributes[name] = v;
		}
	}
	const relationships: Record<string, unknown> = {};
	for (const [name, rs] of Object.entries(s.relationships)) {
		if (fields && !fields.has(name)) continue;
		const v = rels[name];
		relationships[name] = { data: v === undefined ? (rs.many ? [] : null) : v };
	}
	const out: Record<string, unknown> = { type, id: rec.id, attributes };
	if (Object.keys(relationships).length > 0) out.relationships = relationships;
	if (s.selfPath && !o.noLinks) out.links = { self: `${ctx.origin}/v3/${s.selfPath}/${rec.id}` };
	return out;
}

function parseInclude(ctx: Ctx, type: string): string[][] {
	const inc = ctx.query.include;
	if (inc === undefined || inc === '') return [];
	const paths = inc.split(',').map((p) => p.trim().split('.'));
	for (const path of paths) {
		let t = type;
		for (const seg of path) {
			const rs = SCHEMAS[t]?.relationships[seg];
			if (!rs) {
				throw apiError(400, `Cannot include \`${path.join('.')}\`: ${t} has no relationship \`${seg}\`.`, {
					parameter: 'include',
					code: 'invalidInclude',
				});
			}
			t = rs.target;
		}
	}
	return paths;
}

function buildIncluded(ctx: Ctx, primary: ResourceRecord[], paths: string[][]): Record<string, unknown>[] | undefined {
	if (paths.length === 0) return undefined;
	const seen = new Set(primary.map((r) => `${r.type}:${r.id}`));
	const out: Record<string, unknown>[] = [];
	for (const path of paths) {
		let level = primary;
		for (const seg of path) {
			const next: ResourceRecord[] = [];
			for (const rec of level) {
				const v = rec.relationships[seg];
				const refs = v == null ? [] : Array.isArray(v) ? v : [v];
				for (const r of refs) {
					if (!STORED_TYPES.has(r.type)) continue;
					const rel = ctx.store.find(r.type, r.id);
					if (!rel || !canSee(ctx.store, ctx.actor, rel)) continue;
					next.push(rel);
					const key = `${rel.type}:${rel.id}`;
					if (!seen.has(key)) {
						seen.add(key);
						out.push(serialize(ctx, rel));
					}
				}
			}
			level = next;
		}
	}
	return out;
}

const ALLOWED_PARAM = /^(page\[(size|number)\]|filter\[[^\]]+\](\[(gte|gt|lte|lt)\])?|fields\[[^\]]+\]|sort|include)$/

export function checkQueryParams(ctx: Ctx, list: boolean): void {
	for (const k of Object.keys(ctx.query)) {
		if (!ALLOWED_PARAM.test(k)) {
			throw apiError(400, `Unsupported query parameter \`${k}\`.`, { parameter: k, code: 'invalidQueryParameter' });
		}
		if (!list && /^(page|filter)\[|^sort$/.test(k)) {
			throw apiError(400, `\`${k}\` is only supported on collections.`, { parameter: k, code: 'invalidQueryParameter' });
		}
	}
}

export function singleDocument(ctx: Ctx, rec: ResourceRecord, o: SerializeOptions = {}): Record<string, unknown> {
	checkQueryParams(ctx, false);
	const paths = o.asType && o.asType !== rec.type ? [] : parseInclude(ctx, rec.type);
	const doc: Record<string, unknown> = { data: serialize(ctx, rec, o) };
	const included = buildIncluded(ctx, [rec], paths);
	if (included) doc.included = included;
	doc.links = { self: `${ctx.origin}${ctx.url.pathname}${ctx.url.search}` };
	return doc;
}

function positiveInt(ctx: Ctx, name: string, dflt: number): number {
	const raw = ctx.query[name];
	if (raw === undefined) return dflt;
	if (!/^\d+$/.test(raw) || Number(raw) < 1) {
		throw apiError(400, `\`${name}\` must be a positive integer.`, { parameter: name, code: 'invalidPageParameter' });
	}
	return Number(raw);
}

function linkFor(ctx: Ctx, pageNumber: number, size: number): string {
	const parts: string[] = [];
	const enc = (s: string) => encodeURIComponent(s).replace(/%5B/gi, '[').replace(/%5D/gi, ']').replace(/%2C/gi, ',');
	let sawNumber = false;
	let sawSize = false;
	for (const [k, v] of ctx.url.searchParams) {
		if (k === 'page[number]') {
			if (!sawNumber) parts.push(`page[number]=${pageNumber}`);
			sawNumber = true;
		} else if (k === 'page[size]') {
			if (!sawSize) parts.push(`page[size]=${size}`);
			sawSize = true;
		} else parts.push(`${enc(k)}=${enc(v)}`);
	}
	if (!sawNumber) parts.push(`page[number]=${pageNumber}`);
	if (!sawSize) parts.push(`page[size]=${size}`);
	return `${ctx.origin}${ctx.url.pathname}?${parts.join('&')}`;
}

export type FilterFn = (rec: ResourceRecord, values: string[]) => boolean;

export interface ListOptions {
	type: string;
	/** extra filter[...] keys for this type */
	filters?: Record<string, FilterFn>;
}

function attrMatches(v: unknown, values: string[], caseInsensitive: boolean): boolean {
	if (v === null || v === undefined) return values.includes('null');
	if (typeof v === 'object') return values.includes(JSON.stringify(v));
	const s = caseInsensitive ? String(v).toLowerCase() : String(v);
	return values.some((x) => (caseInsensitive ? x.toLowerCase() : x) === s);
}

/** Users: filter[userGroup]=<id> (membership; the All Users group matches everyone), filter[userType]=<name or id>. */
export function userFilters(store: Store): Record<string, FilterFn> {
	return {
		userGroup: (rec, values) => values.some((gid) => store.isMember(rec.id, gid)),
		userType: (rec, values) => {
			const role = roleOf(store, rec);
			const roleTypeId = store.all('UserType').find((t) => t.attributes.name === role)?.id;
			return values.some((v) => v.toLowerCase() === role.toLowerCase() || v === roleTypeId);
		},
	};
}

/**
 * filter[<date attribute>][gte|gt|lte|lt]=<ISO 8601> (INFERRED: JSON:API leaves the filter syntax to
 * the server; this is the style the Synap Polling Trigger sends). Compared as instants; records
 * whose attribute is null never match. A non-date attribute or an unparsable time -> 400.
 */
function rangeFilter(key: string, name: string, op: string, raw: string, s: TypeSpec): (r: ResourceRecord) => boolean {
	if (s.attributes[name]?.kind !== 'date') {
		throw apiError(400, `Unsupported filter \`${key}\` on ${s.type}: ranges apply to date attributes.`, { parameter: key, code: 'invalidFilter' });
	}
	const bound = Date.parse(raw);
	if (Number.isNaN(bound)) {
		throw apiError(400, `\`${key}\` must be an ISO 8601 date-time.`, { parameter: key, code: 'invalidFilter' });
	}
	return (r) => {
		const v = r.attributes[name];
		const t = typeof v === 'string' ? Date.parse(v) : NaN;
		if (Number.isNaN(t)) return false;
		return op === 'gte' ? t >= bound : op === 'gt' ? t > bound : op === 'lte' ? t <= bound : t < bound;
	};
}

export function listResources(ctx: Ctx, o: ListOptions): Resp {
	checkQueryParams(ctx, true);
	const s = spec(o.type);
	const store = ctx.store;
	const maxSize = ctx.options.maxPageSize ?? 100;
	const size = Math.min(positiveInt(ctx, 'page[size]', ctx.options.defaultPageSize ?? 20), maxSize);
	const number = positiveInt(ctx, 'page[number]', 1);
	const includePaths = parseInclude(ctx, o.type);

	// filters
	const preds: Array<(r: ResourceRecord) => boolean> = [];
	const filterKeys: string[] = [];
	for (const [k, raw] of Object.entries(ctx.query)) {
		const range = /^filter\[([^\]]+)\]\[(gte|gt|lte|lt)\]$/.exec(k);
		if (range) {
			preds.push(rangeFilter(k, range[1], range[2], raw, s));
			filterKeys.push(`${range[1]}[${range[2]}]=${raw}`);
			continue;
		}
		const m = /^filter\[([^\]]+)\]$/.exec(k);
		if (!m) continue;
		const name = m[1];
		filterKeys.push(`${name}=${raw}`);
		const values = raw.split(',').map((x) => x.trim());
		const custom = o.filters?.[name];
		if (custom) preds.push((r) => custom(r, values));
		else if (name === 'search') {
			const needle = raw.toLowerCase();
			const fields = s.search ?? ['name'];
			preds.push((r) => fields.some((f) => typeof r.attributes[f] === 'string' && (r.attributes[f] as string).toLowerCase().includes(needle)));
		} else if (name === 'id') preds.push((r) => values.includes(r.id));
		else if (s.attributes[name] && s.attributes[name].write !== 'writeOnly') {
			const ci = s.attributes[name].kind === 'email';
			if (o.type === 'UserGroup' && name === 'totalUsers') preds.push((r) => attrMatches(store.memberCount(r.id), values, false));
			else preds.push((r) => attrMatches(r.attributes[name], values, ci));
		} else if (s.relationships[name]) {
			if (s.relationships[name].target === 'UserType') {
				// filter[userType] takes the type's name (Student) as well as its id
				for (const t of store.all('UserType')) {
					if (values.some((v) => v.toLowerCase() === String(t.attributes.name).toLowerCase())) values.push(t.id);
				}
			}
			preds.push((r) => {
				const ids = refIds(r.relationships[name]);
				return ids.length === 0 ? values.includes('null') : ids.some((id) => values.includes(id));
			});
		} else {
			throw apiError(400, `Unsupported filter \`${k}\` on ${o.type}.`, { parameter: k, code: 'invalidFilter' });
		}
	}
	const scope = listScope(store, ctx.actor, o.type);
	if (scope.test) preds.push(scope.test);

	// sort
	const sortRaw = ctx.query.sort;
	const sortKeys: Array<{ field: string; desc: boolean }> = [];
	if (sortRaw !== undefined && sortRaw !== '') {
		for (const part of sortRaw.split(',')) {
			const desc = part.startsWith('-');
			const field = desc ? part.slice(1) : part;
			if (field !== 'id' && !(s.attributes[field] && s.attributes[field].write !== 'writeOnly')) {
				throw apiError(400, `Cannot sort ${o.type} by \`${field}\`.`, { parameter: 'sort', code: 'invalidSort' });
			}
			sortKeys.push({ field, desc });
		}
	}

	let ids: readonly string[];
	if (preds.length === 0 && sortKeys.length === 0) ids = store.orderedIds(o.type);
	else {
		const key = `${o.type}|${scope.key}|${filterKeys.sort().join('&')}|${sortRaw ?? ''}`;
		ids = store.cachedIds(key, () => {
			let recs = store.all(o.type);
			if (preds.length > 0) recs = recs.filter((r) => preds.every((p) => p(r)));
			if (sortKeys.length > 0) {
				const keyOf = (r: ResourceRecord, field: string): string | number | boolean | null => {
					const v = field === 'id' ? r.id : o.type === 'UserGroup' && field === 'totalUsers' ? store.memberCount(r.id) : r.attributes[field];
					if (v === null || v === undefined) return null;
					if (typeof v === 'number' || typeof v === 'boolean') return v;
					return typeof v === 'string' ? v.toLowerCase() : JSON.stringify(v);
				};
				const decorated = recs.map((r) => ({ r, k: sortKeys.map((sk) => keyOf(r, sk.field)) }));
				decorated.sort((x, y) => {
					for (let i = 0; i < sortKeys.length; i++) {
						const a = x.k[i];
						const b = y.k[i];
						if (a === b) continue;
						if (a === null) return 1; // nulls last, whatever the direction
						if (b === null) return -1;
						const c = a < b ? -1 : 1;
						return sortKeys[i].desc ? -c : c;
					}
					return x.r.id < y.r.id ? -1 : x.r.id > y.r.id ? 1 : 0;
				});
				recs = decorated.map((d) => d.r);
			}
			return recs.map((r) => r.id);
		});
	}

	const total = ids.length;
	const last = Math.max(1, Math.ceil(total / size));
	const start = (number - 1) * size;
	const pageRecs: ResourceRecord[] = [];
	for (let i = start; i < Math.min(start + size, total); i++) {
		const rec = store.find(o.type, ids[i]);
		if (rec) pageRecs.push(rec);
	}
	const links: Record<string, string> = {
		self: linkFor(ctx, number, size),
		first: linkFor(ctx, 1, size),
		last: linkFor(ctx, last, size),
	};
	if (number > 1) links.prev = linkFor(ctx, Math.min(number - 1, last), size);
	if (number < last) links.next = linkFor(ctx, number + 1, size);
	const doc: Record<string, unknown> = {
		data: pageRecs.map((r) => serialize(ctx, r)),
		links,
		meta: { total, page: { number, size, last } },
	};
	const included = buildIncluded(ctx, pageRecs, includePaths);
	if (included) doc.included = included;
	return { status: 200, body: doc };
}

export function findOr404(ctx: Ctx, type: string, id = ctx.id ?? ''): ResourceRecord {
	const rec = ctx.store.find(type, id);
	if (!rec) throw apiError(404, `${type} ${id} not found.`, { code: 'notFound' });
	return rec;
}

export function getResource(ctx: Ctx, type: string): Resp {
	const rec = findOr404(ctx, type);
	assertCanSee(ctx.store, ctx.actor, rec);
	return { status: 200, body: singleDocument(ctx, rec) };
}

/** Validate the top-level document of a write; returns `data`. */
export function parseDocument(ctx: Ctx, expectedType: string, pathId?: string): Record<string, unknown> {
	const body = ctx.body;
	if (!isPlainObject(body)) throw apiError(400, 'The request body must be a JSON:API document object.', { pointer: '' });
	const data = body.data;
	if (!isPlainObject(data)) throw apiError(400, 'The document must have a `data` object.', { pointer: '/data' });
	if (data.type === undefined) throw apiError(400, '`data.type` is required.', { pointer: '/data/type' });
	if (data.type !== expectedType) {
		throw apiError(409, `\`data.type\` must be "${expectedType}" on this endpoint, not ${JSON.stringify(data.type)}.`, {
			pointer: '/data/type',
			code: 'typeMismatch',
		});
	}
	if (pathId === undefined) {
		if (data.id !== undefined) {
			throw apiError(403, 'Client-generated ids are not supported.', { pointer: '/data/id', code: 'clientIdNotSupported' });
		}
	} else {
		if (data.id === undefined) throw apiError(400, '`data.id` is required and must equal the id in the URL.', { pointer: '/data/id' });
		if (data.id !== pathId) {
			throw apiError(409, `\`data.id\` (${JSON.stringify(data.id)}) does not match the id in the URL (${pathId}).`, {
				pointer: '/data/id',
				code: 'idMismatch',
			});
		}
	}
	return data;
}

export function validated(ctx: Ctx, specType: string, data: Record<string, unknown>, existing?: ResourceRecord): ParsedWrite {
	const { parsed, errors } = validateWrite(spec(specType), data, {
		mode: existing ? 'update' : 'create',
		existing,
		exists: (t, id) => ctx.store.find(t, id) !== undefined,
	});
	if (errors.length > 0) failWith(errors);
	return parsed;
}

export interface CreateHooks {
	/** extra validation on the parsed write (throw ApiError) */
	check?: (ctx: Ctx, parsed: ParsedWrite) => void;
	/** default attribute/relationship values, overridden by the client's */
	defaults?: (ctx: Ctx, parsed: ParsedWrite) => { attributes?: Record<string, unknown>; relationships?: Record<string, RelValue> };
	after?: (ctx: Ctx, rec: ResourceRecord) => void;
}

export function createResource(ctx: Ctx, type: string, hooks: CreateHooks = {}): Resp {
	const data = parseDocument(ctx, type);
	const parsed = validated(ctx, type, data);
	hooks.check?.(ctx, parsed);
	const s = spec(type);
	const d = hooks.defaults?.(ctx, parsed) ?? {};
	const now = nowIso();
	const attributes: Record<string, unknown> = {};
	for (const name of Object.keys(s.attributes)) attributes[name] = null;
	if ('createdAt' in s.attributes) attributes.createdAt = now;
	if ('updatedAt' in s.attributes) attributes.updatedAt = now;
	Object.assign(attributes, d.attributes ?? {}, parsed.attributes);
	const relationships: Record<string, RelValue> = {};
	for (const [name, rs] of Object.entries(s.relationships)) relationships[name] = rs.many ? [] : null;
	Object.assign(relationships, d.relationships ?? {}, parsed.relationships);
	const rec = ctx.store.insert({ id: ctx.store.newId(), type, attributes, relationships });
	hooks.after?.(ctx, rec);
	const headers: Record<string, string> = {};
	const doc = singleDocument(ctx, rec);
	if (s.selfPath) {
		headers.location = `${ctx.origin}/v3/${s.selfPath}/${rec.id}`;
		doc.links = { self: headers.location };
	}
	return { status: 201, body: doc, headers };
}

export interface UpdateHooks {
	check?: (ctx: Ctx, rec: ResourceRecord, parsed: ParsedWrite) => void;
	after?: (ctx: Ctx, rec: ResourceRecord, before: { attributes: Record<string, unknown>; relationships: Record<string, RelValue> }) => void;
}

export function updateResource(ctx: Ctx, type: string, hooks: UpdateHooks = {}): Resp {
	const rec = findOr404(ctx, type);
	assertCanSee(ctx.store, ctx.actor, rec);
	const data = parseDocument(ctx, type, rec.id);
	assertCanWrite(ctx.store, ctx.actor, rec, 'update');
	const parsed = validated(ctx, type, data, rec);
	hooks.check?.(ctx, rec, parsed);
	const before = { attributes: { ...rec.attributes }, relationships: { ...rec.relationships } };
	const attrs = { ...parsed.attributes };
	if ('updatedAt' in spec(type).attributes) attrs.updatedAt = nowIso();
	ctx.store.update(rec, attrs, parsed.relationships);
	hooks.after?.(ctx, rec, before);
	return { status: 200, body: singleDocument(ctx, rec) };
}

export function deleteResource(ctx: Ctx, type: string, check?: (ctx: Ctx, rec: ResourceRecord) => void): Resp {
	const rec = findOr404(ctx, type);
	assertCanSee(ctx.store, ctx.actor, rec);
	assertCanWrite(ctx.store, ctx.actor, rec, 'delete');
	check?.(ctx, rec);
	ctx.store.remove(type, rec.id);
	return { status: 204 };
}

export function relationshipError(status: number, name: string, detail: string, code?: string, index?: number): never {
	const pointer = `/data/relationships/${name}${index === undefined ? '' : `/data/${index}`}`;
	return failWith([errorObject(status, detail, { pointer, code })]);
}
