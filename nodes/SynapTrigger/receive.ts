/**
 * One delivery from Synap → at most one workflow run.
 *
 *   wrong or missing Basic auth  → 401 (with WWW-Authenticate), no run
 *   body larger than 5 MiB       → 413, no run (n8n's own N8N_PAYLOAD_SIZE_MAX applies before this)
 *   body not a JSON object       → 400, no run
 *   no event code, or a code the node does not know
 *                                → 200 `{received: true, ignored: …}`, no run
 *   an event not chosen in Events → 200 `{received: true, ignored: …}`, no run
 *   otherwise                    → one item (see ./payload.ts), n8n answers 200
 *
 * Basic auth is checked against the registration of the URL that was called only: the production
 * URL's secret for a production call (n8n's execution mode "webhook"), the test URL's for "Listen
 * for test event" (mode "manual"). A secret is sent to Synap with one URL's subscriptions; accepted
 * on the other URL, a test-URL secret started a production run.
 *
 * An unknown or missing event code is acknowledged with 200 rather than refused: the sender proved
 * it holds the secret, so it is Synap (or a subscription made by hand), and an error status would
 * only make Synap retry, or disable the subscription, over an event this version of the node
 * cannot describe. Starting a run for it would hand the workflow an event nobody chose.
 *
 * The refusals are written to the response here and reported to n8n as `noWebhookResponse`,
 * which tells n8n-core the response is sent and nothing is to run (and, in "Listen for test
 * event", to keep listening). Authentication is checked before anything else about the request
 * is looked at, so an unauthenticated caller learns nothing but 401.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { isAuthorized } from './auth';
import { findEvent } from '../shared/webhookEvents';
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

/**
 * The stored registrations whose secret may open this call: the production URL's in production,
 * the others (the test URL's) when n8n runs the call as a test ("manual").
 */
function registrationsForThisCall(ctx: IWebhookFunctions) {
	const productionUrl = ctx.getNodeWebhookUrl('default');
	const isTest = ctx.getMode() === 'manual';
	return Object.entries(readRegistrations(ctx))
		.filter(([url]) => (isTest ? url !== productionUrl : url === productionUrl))
		.map(([, registration]) => registration);
}

export async function receive(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const headers = this.getHeaderData() as IDataObject;
	if (!isAuthorized(headers.authorization, registrationsForThisCall(this))) {
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
	if (!known) {
		const ignored =
			event === null ? 'The delivery names no event (meta.eventName or ?event=)' : `${JSON.stringify(event.slice(0, 60))} is not an event this trigger knows`;
		return { webhookResponse: { received: true, ignored } };
	}
	if (!selectedEvents(this).includes(known)) {
		return { webhookResponse: { received: true, ignored: `${known.value} is not one of this trigger's events` } };
	}

	const item = toItemJson(payload, normalise(payload, event, new Date()));
	return { workflowData: [this.helpers.returnJsonArray([item])] };
}
