/**
 * One delivery from Synap → at most one workflow run.
 *
 *   wrong or missing Basic auth  → 401 (with WWW-Authenticate), no run
 *   body larger than 5 MiB       → 413, no run (n8n's own N8N_PAYLOAD_SIZE_MAX applies before this)
 *   body not a JSON object       → 400, no run
 *   an event not chosen in Events → 200 `{received: true, ignored: …}`, no run
 *   otherwise                    → one item (see ./payload.ts), n8n answers 200
 *
 * The refusals are written to the response here and reported to n8n as `noWebhookResponse`,
 * which tells n8n-core the response is sent and nothing is to run (and, in "Listen for test
 * event", to keep listening). Authentication is checked before anything else about the request
 * is looked at, so an unauthenticated caller learns nothing but 401.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { isAuthorized } from './auth';
import { findEvent } from './events';
import { eventOf, isPlainObject, normalise, toItemJson } from './payload';
import { EVENT_QUERY_PARAMETER, readRegistrations, selectedEvents } from './subscriptions';

export const MAX_BODY_BYTES = 5 * 1024 * 1024;

interface MinimalResponse {
	headersSent?: boolean;
	writeHead(status: number, headers: Record<string, string>): unknown;
	end(body: string): unknown;
}

function refuse(ctx: IWebhookFunctions, status: number, message: string, headers: Record<string, string> = {}): IWebhookResponseData {
	const res = ctx.getResponseObject() as unknown as MinimalResponse;
	if (!res.headersSent) {
		res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
		res.end(JSON.stringify({ code: status, message }));
	}
	return { noWebhookResponse: true };
}

interface RequestWithRawBody {
	rawBody?: unknown;
}

function bodySize(headers: IDataObject, rawBody: unknown): number {
	const declared = Number(headers['content-length']);
	const actual = rawBody instanceof Uint8Array ? rawBody.length : 0;
	return Math.max(Number.isFinite(declared) ? declared : 0, actual);
}

/**
 * The payload as a plain object. The raw bytes decide when n8n kept them (whatever the
 * Content-Type said); otherwise the body n8n parsed.
 */
function payloadOf(body: unknown, rawBody: unknown): IDataObject | undefined {
	if (rawBody instanceof Uint8Array && rawBody.length > 0) {
		let parsed: unknown;
		try {
			parsed = JSON.parse(new TextDecoder('utf-8').decode(rawBody));
		} catch {
			return undefined;
		}
		return isPlainObject(parsed) ? parsed : undefined;
	}
	return isPlainObject(body) ? body : undefined;
}

export async function receive(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const headers = this.getHeaderData() as IDataObject;
	const stored = Object.values(readRegistrations(this));
	if (!isAuthorized(headers.authorization, stored)) {
		return refuse(this, 401, 'Authorization is required', { 'WWW-Authenticate': 'Basic realm="n8n Synap Trigger", charset="UTF-8"' });
	}

	const rawBody = (this.getRequestObject() as unknown as RequestWithRawBody).rawBody;
	if (bodySize(headers, rawBody) > MAX_BODY_BYTES) {
		return refuse(this, 413, `The body is larger than ${MAX_BODY_BYTES} bytes`);
	}
	const payload = payloadOf(this.getBodyData(), rawBody);
	if (!payload) return refuse(this, 400, 'The body must be a JSON object');

	const event = eventOf(payload, (this.getQueryData() as IDataObject)[EVENT_QUERY_PARAMETER]);
	const known = findEvent(event);
	if (known && !selectedEvents(this).includes(known)) {
		return { webhookResponse: { received: true, ignored: `${known.value} is not one of this trigger's events` } };
	}

	const item = toItemJson(payload, normalise(payload, event, new Date()));
	return { workflowData: [this.helpers.returnJsonArray([item])] };
}
