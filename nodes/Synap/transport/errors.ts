/**
 * Turns what Synap (or the network) answered into a NodeApiError a non-developer can act on.
 *
 * - The message says what happened in plain words and, for validation errors, names the field.
 * - The description keeps every detail: each JSON:API error's status, title, detail and
 *   `source.pointer`, Synap's `traceId` (Synap asks for it in support requests), the request line.
 * - Nothing secret goes in: errors are built from sanitised plain objects (never from the HTTP
 *   client's error, whose config holds the Authorization header), and every text is passed
 *   through `redact` so a token echoed back by a proxy or server cannot reach n8n's UI or logs.
 */
import { NodeApiError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import type { JsonApiDocument, JsonApiError } from './jsonApi';
import { redact, redactFragments, scrub } from './secrets';

export interface RequestSummary {
	method: string;
	/** Path (and query) under the base URL; never headers. */
	path: string;
}

export interface HttpFailure {
	kind: 'http';
	statusCode: number;
	body: unknown;
	retryAfterMs?: number;
}

export interface NetworkFailure {
	kind: 'network';
	/** e.g. ECONNRESET, ECONNREFUSED, ETIMEDOUT, ECONNABORTED */
	code: string;
	message: string;
}

export interface InvalidBodyFailure {
	kind: 'invalidBody';
	statusCode: number;
	preview: string;
}

/** The answer was larger than the run's Max Response Size; reading it stopped there. */
export interface TooLargeFailure {
	kind: 'tooLarge';
	statusCode: number;
	limitBytes: number;
}

export type Failure = HttpFailure | NetworkFailure | InvalidBodyFailure | TooLargeFailure;

const pointerToField = (pointer?: string) => {
	if (!pointer) return undefined;
	const parts = pointer.split('/').filter(Boolean);
	return parts[parts.length - 1];
};

const jsonApiErrors = (body: unknown): JsonApiError[] => {
	const errors = (body as JsonApiDocument | undefined)?.errors;
	return Array.isArray(errors) ? errors.filter((e) => typeof e === 'object' && e !== null) : [];
};

const traceIdOf = (body: unknown, errors: JsonApiError[]): string | undefined => {
	for (const e of errors) {
		const t = e.meta?.traceId;
		if (typeof t === 'string') return t;
	}
	const doc = body as { traceId?: unknown; meta?: { traceId?: unknown } } | undefined;
	if (typeof doc?.traceId === 'string') return doc.traceId;
	if (typeof doc?.meta?.traceId === 'string') return doc.meta.traceId;
	return undefined;
};

const describeError = (e: JsonApiError) => {
	const parts = [e.status && `[${e.status}]`, e.title, e.detail && e.detail !== e.title ? `- ${e.detail}` : undefined];
	const where = e.source?.pointer ?? (e.source?.parameter && `query parameter ${e.source.parameter}`) ?? e.source?.header;
	if (where) parts.push(`(at ${where})`);
	return parts.filter(Boolean).join(' ');
};

/** Plain-words headline for a status, with the hint that tells the user what to do. */
function headline(status: number, errors: JsonApiError[], subjectUserId?: string): { message: string; hint: string } {
	const first = errors[0];
	const detail = first?.detail ?? first?.title;
	const field = pointerToField(first?.source?.pointer);
	switch (true) {
		case status === 400 || status === 422: {
			const fields = errors.map((e) => pointerToField(e.source?.pointer)).filter(Boolean);
			const what = fields.length ? ` (field${fields.length > 1 ? 's' : ''}: ${[...new Set(fields)].join(', ')})` : '';
			return {
				message: `Synap rejected the request${what}: ${detail ?? 'invalid input'}`,
				hint: 'Correct the value(s) named above and run the node again.',
			};
		}
		case status === 401:
			return {
				message: 'Synap did not accept the Personal Access Token',
				hint: 'Open the Synap API credential and paste a valid token. Tokens look like p:… and are created in Synap under Settings → Automations → API; a revoked token stops working immediately.',
			};
		case status === 403:
			return {
				message: subjectUserId
					? `The Subject-User ${subjectUserId} is not allowed to do this${detail ? `: ${detail}` : ''}`
					: `The token's administrator is not allowed to do this${detail ? `: ${detail}` : ''}`,
				hint: subjectUserId
					? 'When Act As (Subject-User ID) is set, the request runs with exactly that user\'s privileges (an Educator cannot change portal settings, for example). Act as a user who may do this, or clear Act As to use the administrator\'s privileges.'
					: 'Check the permissions of the administrator who created the token, and that your Synap plan includes this feature.',
			};
		case status === 404:
			return {
				message: `Synap could not find what was asked for${detail ? `: ${detail}` : ''}`,
				hint: 'Check the ID (it is case-sensitive) and that the record exists in this portal. If every request answers 404, check the Base URL in the credential and the token (Synap may answer 404 for a misconfigured token).',
			};
		case status === 409:
			return {
				message: `Synap reported a conflict${detail ? `: ${detail}` : ''}`,
				hint: 'The record may already exist or have changed; fetch it again and retry.',
			};
		case status === 429:
			return {
				message: 'Synap is rate-limiting this workflow and the wait limit was reached',
				hint: 'The node waited as Synap asked (Retry-After) and slowed down, but the limit under Request Options → Max Rate-Limit Wait was used up. Lower Request Options → Concurrency, raise that wait limit, or run the workflow again later.',
			};
		case status >= 500:
			return {
				message: `Synap had an internal problem (HTTP ${status})${detail ? `: ${detail}` : ''}`,
				hint: 'The node retried where it was safe to. If this keeps happening, report it to Synap support with the traceId below.',
			};
		case status >= 300 && status < 400:
			return {
				message: `Synap answered with a redirect (HTTP ${status}), which the node does not follow`,
				hint: 'Redirects are not followed so that your token is never sent to another address. Check the Base URL in the Synap API credential (for production it is https://api.synap.ac/v3).',
			};
		default:
			return {
				message: `Synap answered HTTP ${status}${detail ? `: ${detail}` : ''}`,
				hint: field ? `Check the field ${field}.` : 'See the details below.',
			};
	}
}

export interface ErrorContext {
	node: INode;
	itemIndex?: number;
	request: RequestSummary;
	subjectUserId?: string;
	secrets: Array<string | undefined>;
	/** Added to the description, e.g. how many attempts were made. */
	note?: string;
}

/** Longest text kept from one string of Synap's error answer (a hostile body can be megabytes). */
const MAX_ERROR_TEXT = 10_000;

export function toNodeApiError(failure: Failure, ctx: ErrorContext): NodeApiError {
	// Whole forms first (anywhere in the text), then what a cut could have left of one.
	const clean = (s: string) => redactFragments(redact(s, ctx.secrets).slice(0, MAX_ERROR_TEXT), ctx.secrets);
	const requestLine = `Request: ${ctx.request.method} ${clean(ctx.request.path)}`;
	let message: string;
	let lines: string[];
	let httpCode: string | undefined;
	const response: JsonObject = {};

	if (failure.kind === 'http') {
		// Everything below is read from the cleaned answer: even a field name taken from an error's
		// source.pointer could otherwise be a piece of an echoed token.
		const body = scrub(failure.body, clean);
		const errors = jsonApiErrors(body);
		const traceId = traceIdOf(body, errors);
		const h = headline(failure.statusCode, errors, ctx.subjectUserId);
		message = h.message;
		httpCode = String(failure.statusCode);
		lines = [h.hint, '', ...errors.map(describeError)];
		if (!errors.length && typeof body === 'string' && body.trim()) {
			// Cleaned before it is cut, so a token straddling the cut cannot leave a piece behind.
			lines.push(`Response: ${body.trim().slice(0, 500)}`);
		}
		if (traceId) lines.push(`traceId: ${traceId}`);
		response.status = httpCode;
		response.errors = errors as unknown as JsonObject[];
		if (traceId) response.traceId = traceId;
	} else if (failure.kind === 'network') {
		const timeout = failure.code === 'ECONNABORTED' || failure.code === 'ETIMEDOUT' || /timeout/i.test(failure.message);
		message = timeout
			? 'Synap did not answer in time'
			: failure.code === 'ECONNREFUSED' || failure.code === 'ENOTFOUND'
				? 'Could not connect to Synap'
				: 'The connection to Synap failed';
		lines = [
			timeout
				? 'The request timed out. Raise Request Options → Timeout, or try again later.'
				: 'Check the Base URL in the Synap API credential and the network between n8n and Synap.',
			'',
			`${failure.code}: ${failure.message}`,
		];
		// Not under `code`: NodeApiError would swap our message for a generic one keyed on it.
		response.networkCode = failure.code;
	} else if (failure.kind === 'tooLarge') {
		const mb = Math.round((failure.limitBytes / 1_048_576) * 10) / 10;
		message = `Synap's answer was larger than ${mb} MB, so it was not read`;
		httpCode = String(failure.statusCode);
		lines = [
			`Ask for less (a lower Limit, fewer included records or fields), or raise Request Options → Max Response Size (MB). The cap keeps one answer from exhausting n8n's memory.${failure.statusCode >= 200 && failure.statusCode < 300 && ctx.request.method !== 'GET' ? ' Synap answered with success, so this write was applied: check in Synap before running the item again.' : ''}`,
		];
		response.status = httpCode;
	} else {
		message = 'Synap sent a response that is not valid JSON';
		httpCode = String(failure.statusCode);
		lines = [
			'The response was cut off or is not a JSON:API document. If this was a write, it may have been applied: check in Synap before running the item again.',
			'',
			`Start of the response: ${failure.preview}`,
		];
		response.status = httpCode;
	}
	if (ctx.note) lines.push(ctx.note);
	lines.push(requestLine);
	if (ctx.subjectUserId) lines.push(`Acting as Subject-User ${ctx.subjectUserId}`);

	response.message = message;
	// Everything in the error's response object is scrubbed, not only the texts shown: it is kept
	// on the NodeApiError and saved with the execution, so a server that echoes the token in, say,
	// the traceId would otherwise put the token into the run data and n8n's log.
	const error = new NodeApiError(ctx.node, scrub(response, clean) as JsonObject, {
		message: clean(message),
		description: clean(lines.join('\n')),
		httpCode,
		itemIndex: ctx.itemIndex,
	});
	return error;
}
