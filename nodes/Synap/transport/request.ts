/**
 * The one function every Synap request goes through.
 *
 * It sends through n8n's `httpRequestWithAuthentication` (the credential adds the Bearer token),
 * speaks JSON:API (`application/vnd.api+json` both ways), adds the Subject-User header when an
 * item acts as another user, never follows redirects (so the token never travels to another
 * host), applies the retry policy in ./retry.ts under the execution's adaptive limiter, and
 * turns every failure into a NodeApiError that carries the item index and no secret.
 */
import { NodeOperationError, sleep } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IDataObject,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

import { toNodeApiError, type Failure } from './errors';
import type { JsonApiDocument } from './jsonApi';
import { readCapped } from './responseBody';
import { decideRetry, mayHaveBeenApplied, parseRetryAfter, type Method } from './retry';
import { CREDENTIAL_TYPE, type RunContext } from './runContext';
import { containsSecret, mayHideSecret, redact, scrub } from './secrets';
import { isUnderBaseUrl } from './validate';

export type SynapContext = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions | IPollFunctions;

export interface SynapRequest {
	method: Method;
	/** Encoded path under the base URL, e.g. `/users/QsogF1GDFZ` (see ./paths.ts). */
	path?: string;
	/** An absolute URL Synap gave us (a `links.next`); must stay under the base URL. */
	url?: string;
	qs?: IDataObject;
	body?: JsonApiDocument;
	subjectUserId?: string;
	itemIndex?: number;
}

export interface SynapResponse {
	statusCode: number;
	body: JsonApiDocument | undefined;
}

const JSON_API = 'application/vnd.api+json';

/**
 * Headers HTTP or this node already uses. The credential only checks that the Subject-User
 * Header Name is a header name; carried in one of these, the Subject-User would clash with the
 * token (Authorization: the Subject-User would be silently dropped and the request would run as
 * the administrator), the Host, or the message framing.
 */
const RESERVED_HEADERS = new Set([
	'accept',
	'accept-encoding',
	'authorization',
	'connection',
	'content-encoding',
	'content-length',
	'content-type',
	'cookie',
	'expect',
	'host',
	'keep-alive',
	'proxy-authorization',
	'te',
	'trailer',
	'transfer-encoding',
	'upgrade',
	'user-agent',
]);

interface RawResponse {
	body: unknown;
	headers: Record<string, unknown>;
	statusCode: number;
}

/** Resolves a `links.next` (absolute or relative) and refuses anything outside the base URL. */
export function resolveUnderBase(baseUrl: string, link: string): string | undefined {
	let resolved: URL;
	try {
		resolved = new URL(link, `${baseUrl}/`);
	} catch {
		return undefined;
	}
	return isUnderBaseUrl(resolved, baseUrl) ? resolved.toString() : undefined;
}

/**
 * n8n's helper wraps network errors in a NodeApiError whose `httpCode` holds the socket error
 * code (ECONNRESET, ECONNREFUSED, ECONNABORTED for a timeout) and `messages` the original text.
 */
function networkFailure(error: unknown): Failure | undefined {
	const e = error as { code?: unknown; httpCode?: unknown; message?: unknown; messages?: unknown; cause?: { code?: unknown } };
	const code = [e?.httpCode, e?.cause?.code, e?.code].find((c) => typeof c === 'string' && /^E[A-Z_]+$/.test(c)) as
		| string
		| undefined;
	if (!code) return undefined;
	const original = Array.isArray(e?.messages) && typeof e.messages[0] === 'string' ? e.messages[0] : e?.message;
	return { kind: 'network', code, message: String(original ?? code) };
}

/** Whether the user cancelled the execution (as opposed to a request deadline firing). */
function executionCancelled(context: SynapContext): boolean {
	if (!('getExecutionCancelSignal' in context)) return false;
	return (context.getExecutionCancelSignal() as { aborted?: boolean } | undefined)?.aborted === true;
}

type Outcome = { ok: true; statusCode: number; body: JsonApiDocument | undefined } | { ok: false; failure: Failure };

/**
 * A successful answer with any form of the token taken out: a server that mirrors the request
 * (headers included) must not put the token into the items n8n shows and saves.
 */
function withoutSecrets(text: string | undefined, body: unknown, secrets: string[]): unknown {
	const suspicious = text !== undefined ? mayHideSecret(text, secrets) : body !== undefined && containsSecret(JSON.stringify(body), secrets);
	return suspicious ? scrub(body, (s) => redact(s, secrets, { patterns: false })) : body;
}

function classify(raw: RawResponse, secrets: string[]): Outcome {
	let body = raw.body;
	let text: string | undefined;
	if (typeof body === 'string' || body instanceof Uint8Array) {
		text = typeof body === 'string' ? body : new TextDecoder().decode(body);
		if (text.trim() === '') body = undefined;
		else {
			try {
				body = JSON.parse(text);
			} catch {
				if (raw.statusCode >= 200 && raw.statusCode < 300) {
					// Redact before cutting: a token cut in two by the slice would no longer be recognised
					// as the token, and its first part would reach the error.
					return { ok: false, failure: { kind: 'invalidBody', statusCode: raw.statusCode, preview: redact(text, secrets).slice(0, 120) } };
				}
				body = text;
			}
		}
	}
	if (raw.statusCode >= 200 && raw.statusCode < 300) {
		return { ok: true, statusCode: raw.statusCode, body: withoutSecrets(text, body, secrets) as JsonApiDocument | undefined };
	}
	return {
		ok: false,
		failure: {
			kind: 'http',
			statusCode: raw.statusCode,
			body,
			retryAfterMs: parseRetryAfter(raw.headers?.['retry-after']),
		},
	};
}

export async function synapRequest(this: SynapContext, run: RunContext, req: SynapRequest): Promise<SynapResponse> {
	const node = this.getNode();
	let url: string;
	if (req.url !== undefined) {
		const safe = resolveUnderBase(run.baseUrl, req.url);
		if (!safe) {
			throw new NodeOperationError(node, 'Synap returned a next-page link outside the API base URL; paging stopped', {
				itemIndex: req.itemIndex,
				description: `The link was not followed so that the token is never sent elsewhere: ${redact(req.url, run.secrets)}`,
			});
		}
		url = safe;
	} else {
		url = `${run.baseUrl}${req.path ?? ''}`;
	}
	const summaryPath = url.startsWith(run.baseUrl) ? url.slice(run.baseUrl.length) || '/' : url;

	const headers: IDataObject = { Accept: JSON_API };
	if (req.body !== undefined) headers['Content-Type'] = JSON_API;
	if (req.subjectUserId) {
		if (RESERVED_HEADERS.has(run.subjectUserHeader.toLowerCase())) {
			throw new NodeOperationError(
				node,
				`The Subject-User Header Name in the Synap API credential is "${run.subjectUserHeader}", a header HTTP or the node already uses${req.itemIndex !== undefined ? ` [item ${req.itemIndex}]` : ''}`,
				{
					itemIndex: req.itemIndex,
					description:
						'Acting as a user through it would replace the token (the request would run as the administrator), the host or the request framing, so nothing was sent. Set it to the header Synap names for the Subject-User (default Subject-User).',
				},
			);
		}
		headers[run.subjectUserHeader] = req.subjectUserId;
	}

	const options: IHttpRequestOptions = {
		method: req.method,
		url,
		headers,
		qs: req.qs,
		// A string body keeps our Content-Type; n8n would otherwise send application/json.
		body: req.body !== undefined ? JSON.stringify(req.body) : undefined,
		json: false,
		// Read as a stream so that the size cap applies while reading (./responseBody.ts).
		encoding: 'stream',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		disableFollowRedirect: true,
		timeout: run.timeoutMs,
	};

	let attempt = 0;
	let ambiguousEarlier = false;
	for (;;) {
		attempt++;
		const permit = await run.limiter.acquire();
		let outcome: Outcome;
		const sentAt = Date.now();
		try {
			const raw = (await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, { ...options }, {
				credentialsDecrypted: { id: '', name: CREDENTIAL_TYPE, type: CREDENTIAL_TYPE, data: run.credentials },
			})) as RawResponse;
			const read = await readCapped(raw.body, raw.headers, run.maxResponseBytes);
			outcome = read.tooLarge
				? { ok: false, failure: { kind: 'tooLarge', statusCode: raw.statusCode, limitBytes: run.maxResponseBytes } }
				: classify({ ...raw, body: read.body }, run.secrets);
		} catch (error) {
			let failure = networkFailure(error);
			if (failure?.kind === 'network' && failure.code === 'ERR_CANCELED' && Date.now() - sentAt >= run.timeoutMs && !executionCancelled(this)) {
				// The credential's hard deadline (timeout for the whole exchange, not just an idle
				// socket) aborted it, not the user: a timeout like any other, retried where safe.
				failure = { kind: 'network', code: 'ETIMEDOUT', message: `no complete answer within ${run.timeoutMs / 1000} s` };
			}
			if (!failure || failure.kind !== 'network' || failure.code === 'ERR_CANCELED') {
				run.limiter.release(permit);
				// Not an HTTP exchange at all: the credential refused to attach the token (e.g. an
				// http:// URL), the execution was cancelled, or n8n failed before sending.
				const message = redact(String((error as Error)?.message ?? error), run.secrets);
				throw new NodeOperationError(node, message, { itemIndex: req.itemIndex });
			}
			outcome = { ok: false, failure };
		}
		run.limiter.release(permit);

		if (outcome.ok) {
			run.limiter.onSuccess(permit);
			return { statusCode: outcome.statusCode, body: outcome.body };
		}
		const failure = outcome.failure;
		if (failure.kind === 'http' && failure.statusCode === 503) run.limiter.onOverloaded(permit);
		if (req.method === 'DELETE' && ambiguousEarlier && failure.kind === 'http' && failure.statusCode === 404) {
			// The earlier attempt most likely deleted it; the record is gone either way.
			return { statusCode: 204, body: undefined };
		}
		const decision = decideRetry(req.method, failure, attempt, run.retry);
		const giveUp = (note?: string) =>
			toNodeApiError(failure, {
				node,
				itemIndex: req.itemIndex,
				request: { method: req.method, path: summaryPath },
				subjectUserId: req.subjectUserId,
				secrets: run.secrets,
				note,
			});
		if (decision.retry && decision.serverWait) {
			// Every wait Synap asks for (429, 503) comes out of the execution's Max Rate-Limit Wait; a
			// wait longer than what is left fails the item now rather than sleeping past it.
			const left = run.rateLimitBudgetMs - run.limiter.pausedMs;
			if (decision.delayMs > left) {
				throw giveUp(
					`Synap asked to wait ${Math.round(decision.delayMs / 1000)} s before sending it again (Retry-After); Request Options → Max Rate-Limit Wait leaves ${Math.max(0, Math.round(left / 1000))} s for this execution (${Math.round(run.limiter.pausedMs / 1000)} s already waited).`,
				);
			}
			run.limiter.onRateLimited(decision.delayMs, permit);
		}
		if (!decision.retry) {
			throw giveUp(
				req.method === 'POST' && mayHaveBeenApplied(failure)
					? 'Not sent again: the create may already have been applied. Check in Synap before re-running this item.'
					: attempt > 1
						? `Sent ${attempt} times (${decision.reason}).`
						: undefined,
			);
		}
		if (mayHaveBeenApplied(failure)) ambiguousEarlier = true;
		await sleep(decision.delayMs);
	}
}
