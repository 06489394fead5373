// JSON:API helpers: error objects, media type, stable hashing of bodies.
import { createHash } from 'node:crypto';

export const MEDIA_TYPE = 'application/vnd.api+json';

export interface ErrorSource {
	pointer?: string;
	parameter?: string;
	header?: string;
}

export interface ErrorObject {
	status: string; // a string, as in Synap's samples: "404"
	title: string;
	detail?: string;
	code?: string;
	source?: ErrorSource;
	meta?: Record<string, unknown>;
}

export const TITLES: Record<number, string> = {
	400: 'Bad Request',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not Found',
	405: 'Method Not Allowed',
	409: 'Conflict',
	415: 'Unsupported Media Type',
	429: 'Too Many Requests',
	500: 'Internal Server Error',
	502: 'Bad Gateway',
	503: 'Service Unavailable',
	504: 'Gateway Timeout',
};

export interface ErrorOptions {
	title?: string;
	pointer?: string;
	parameter?: string;
	header?: string;
	code?: string;
	meta?: Record<string, unknown>;
}

export function errorObject(status: number, detail: string, opts: ErrorOptions = {}): ErrorObject {
	const e: ErrorObject = { status: String(status), title: opts.title ?? TITLES[status] ?? 'Error', detail };
	if (opts.code) e.code = opts.code;
	if (opts.pointer !== undefined || opts.parameter !== undefined || opts.header !== undefined) {
		e.source = {};
		if (opts.pointer !== undefined) e.source.pointer = opts.pointer;
		if (opts.parameter !== undefined) e.source.parameter = opts.parameter;
		if (opts.header !== undefined) e.source.header = opts.header;
	}
	if (opts.meta) e.meta = opts.meta;
	return e;
}

/** Thrown by handlers; turned into a JSON:API error document by the server. */
export class ApiError extends Error {
	constructor(
		readonly httpStatus: number,
		readonly errors: ErrorObject[],
		readonly headers: Record<string, string> = {},
		readonly topMeta?: Record<string, unknown>,
	) {
		super(errors.map((e) => e.detail ?? e.title).join('; '));
	}
}

export function apiError(status: number, detail: string, opts: ErrorOptions = {}): ApiError {
	return new ApiError(status, [errorObject(status, detail, opts)]);
}

/** Several errors at once (one per bad field). The overall status is theirs when they agree, else 400. */
export function failWith(errors: ErrorObject[]): never {
	const statuses = new Set(errors.map((e) => e.status));
	const status = statuses.size === 1 ? Number(errors[0].status) : 400;
	throw new ApiError(status, errors);
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function stableStringify(v: unknown): string {
	if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
	if (isPlainObject(v)) {
		return `{${Object.keys(v)
			.sort()
			.filter((k) => v[k] !== undefined)
			.map((k) => `${JSON.stringify(k)}:${stableStringify(v[k])}`)
			.join(',')}}`;
	}
	return JSON.stringify(v) ?? 'null';
}

/** Short, stable hash of a request body (key order does not matter). */
export function bodyHash(body: unknown): string {
	return createHash('sha1').update(stableStringify(body)).digest('hex').slice(0, 12);
}

/**
 * The key under which a write is counted in `sandbox.writes`:
 * - `POST user-registrations email=<lower-cased email>`
 * - `POST attempt-submissions attempt=<attempt id>`
 * - `DELETE <path>` e.g. `DELETE users/AbC123xyZ0`
 * - otherwise `<METHOD> <path> #<bodyHash>` e.g. `PATCH users/AbC123xyZ0 #1a2b3c4d5e6f`
 * where <path> is the request path without the leading `/v3/`.
 */
export function writeKey(method: string, path: string, body: unknown): string {
	const p = path.replace(/^\/?v3\//, '').replace(/^\//, '');
	const data = isPlainObject(body) && isPlainObject(body.data) ? body.data : undefined;
	if (method === 'POST' && p === 'user-registrations' && data && isPlainObject(data.attributes)) {
		const email = data.attributes.emailAddress;
		if (typeof email === 'string') return `POST user-registrations email=${email.trim().toLowerCase()}`;
	}
	if (method === 'POST' && p === 'attempt-submissions' && data && isPlainObject(data.relationships)) {
		const rel = data.relationships.attempt;
		if (isPlainObject(rel) && isPlainObject(rel.data) && typeof rel.data.id === 'string') {
			return `POST attempt-submissions attempt=${rel.data.id}`;
		}
	}
	if (method === 'DELETE') return `DELETE ${p}`;
	return `${method} ${p} #${bodyHash(body)}`;
}
