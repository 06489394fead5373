/**
 * The trigger's webhook lifecycle against Synap's WebhookSubscription resource
 * (`POST /webhook-subscriptions` SEEN; GET and DELETE `/{id}` INFERRED, see the endpoint table).
 *
 * One subscription per chosen event, each pointing at this node's webhook URL with the event in
 * a query parameter (`…/webhook?event=user.registered`), so a delivery says which event it is even
 * though most Synap payloads do not name their event.
 *
 * What is remembered, in the workflow's static data (node scope), under `registrations`, keyed by
 * the webhook URL the subscriptions point at:
 *   { targetUrl, username, passwordSha256, subscriptions: [{ id, event, eventName }], createdAt }
 * Keyed by URL because n8n calls these methods with the production URL when the workflow is
 * activated and with the test URL for "Listen for test event", on static data that may already
 * hold the other one; each call only ever touches its own URL's entry.
 *
 * Every request goes through `synapRequest`, so the token, retries, rate limits and error
 * wording are the package's. The generated password is added to the run's secrets, so no error
 * text can carry it.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IHookFunctions, INode, IWebhookFunctions } from 'n8n-workflow';

import { buildDocument, primaryResources } from '../Synap/transport/jsonApi';
import { collectionPath, resourcePath, typeOf } from '../Synap/transport/paths';
import { synapRequest } from '../Synap/transport/request';
import { RUN_PROFILES, runContextFor, type RunContext } from '../Synap/transport/runContext';
import { checkId } from '../Synap/transport/validate';
import { generateSecret, type GeneratedSecret, type StoredCredentials } from './auth';
import { findEvent, type SynapEvent } from '../shared/webhookEvents';

export const EVENT_QUERY_PARAMETER = 'event';

/** Where to add a webhook by hand when the API route is not available. */
export const MANUAL_ROUTE =
	'Synap portal → Settings → Integrations → Webhooks (Pro plan or higher)';

export interface StoredSubscription {
	id: string;
	/** Canonical event code (see ./events.ts). */
	event: string;
	/** The spelling Synap accepted as `eventName`. */
	eventName: string;
}

export interface Registration extends StoredCredentials {
	targetUrl: string;
	subscriptions: StoredSubscription[];
	createdAt: string;
}

type Registrations = Record<string, Registration>;

// ---------------------------------------------------------------------------------------------
// static data

export function readRegistrations(ctx: IHookFunctions | IWebhookFunctions): Registrations {
	const data = ctx.getWorkflowStaticData('node');
	const registrations = data.registrations;
	return typeof registrations === 'object' && registrations !== null ? (registrations as unknown as Registrations) : {};
}

/** Replaces the whole map, so n8n's static-data change tracking sees every change. */
function writeRegistrations(ctx: IHookFunctions, registrations: Registrations): void {
	const data = ctx.getWorkflowStaticData('node');
	if (Object.keys(registrations).length === 0) {
		delete data.registrations;
		return;
	}
	data.registrations = JSON.parse(JSON.stringify(registrations)) as IDataObject;
}

function saveRegistration(ctx: IHookFunctions, webhookUrl: string, registration: Registration | undefined): void {
	const registrations = { ...readRegistrations(ctx) };
	if (registration && registration.subscriptions.length > 0) registrations[webhookUrl] = registration;
	else delete registrations[webhookUrl];
	writeRegistrations(ctx, registrations);
}

// ---------------------------------------------------------------------------------------------
// parameters

export function webhookUrlOf(ctx: IHookFunctions): string {
	const url = ctx.getNodeWebhookUrl('default');
	if (!url) throw new NodeOperationError(ctx.getNode(), 'n8n did not provide a webhook URL for the Synap Trigger');
	return url;
}

export function targetUrlFor(webhookUrl: string, event: string): string {
	const url = new URL(webhookUrl);
	url.searchParams.set(EVENT_QUERY_PARAMETER, event);
	return url.toString();
}

/** The chosen events (canonical, de-duplicated); at least one. */
export function selectedEvents(ctx: IHookFunctions | IWebhookFunctions): SynapEvent[] {
	const raw = ctx.getNodeParameter('events', []) as unknown;
	const codes = Array.isArray(raw) ? raw : typeof raw === 'string' && raw ? raw.split(',') : [];
	const events: SynapEvent[] = [];
	for (const code of codes) {
		const event = findEvent(code);
		if (!event) {
			throw new NodeOperationError(ctx.getNode(), `"${String(code)}" is not a Synap event this trigger knows`, {
				description: 'Choose the events from the Events list.',
			});
		}
		if (!events.includes(event)) events.push(event);
	}
	if (events.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'Choose at least one event', {
			description: 'Select the Synap events that should start this workflow in the Events field.',
		});
	}
	return events;
}


// ---------------------------------------------------------------------------------------------
// requests

type RequestError = Error & { httpCode?: string | null; description?: string | null };

type Outcome<T> = { ok: true; value: T } | { ok: false; error: RequestError };

/** Runs a request and hands back its error as a value (the caller decides what a 404 means). */
async function settle<T>(request: () => Promise<T>): Promise<Outcome<T>> {
	try {
		return { ok: true, value: await request() };
	} catch (error) {
		return { ok: false, error: error as Error };
	}
}

const statusOf = (error: { httpCode?: string | null }) => String(error?.httpCode ?? '');

/**
 * The path of one subscription, or undefined when its ID is not a valid Synap ID. IDs come from
 * Synap's answers and from static data, neither of which the node controls: an ID of "." or ".."
 * would make deactivation send `DELETE /v3/webhook-subscriptions/` and `DELETE /v3/`. Such an ID
 * is never requested (the shared ID check of ../Synap/transport/validate.ts, then paths.ts).
 */
function subscriptionPath(id: unknown): string | undefined {
	const check = checkId('Webhook subscription ID', id);
	return check.ok ? resourcePath('webhookSubscriptions', check.value) : undefined;
}

/** Text for an ID that failed the check: shortened, quoted, safe to show. */
const quoteId = (id: unknown) => {
	const text = typeof id === 'string' ? id : JSON.stringify(id) ?? String(id);
	return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
};

const invalidIdError = (ctx: IHookFunctions | IWebhookFunctions, id: unknown, what: string) =>
	new NodeOperationError(ctx.getNode(), `${what} ${quoteId(id)}, which is not a valid Synap ID`, {
		description: `Synap IDs are letters, digits, "-" and "_". Nothing was sent for it, so that no request can reach another path. Check ${MANUAL_ROUTE} for webhooks to this workflow's URL and remove any the node no longer lists.`,
	});

async function postSubscription(
	ctx: IHookFunctions,
	run: RunContext,
	event: SynapEvent,
	webhookUrl: string,
	secret: GeneratedSecret,
): Promise<Outcome<StoredSubscription>> {
	let firstError: Outcome<never> | undefined;
	for (const [index, eventName] of event.subscribeAs.entries()) {
		const attributes: IDataObject = {
			eventName,
			targetUrl: targetUrlFor(webhookUrl, event.value),
			basicAuth: { username: secret.username, password: secret.password },
			active: true,
		};
		const outcome = await settle(() =>
			synapRequest.call(ctx, run, {
				method: 'POST',
				path: collectionPath('webhookSubscriptions'),
				body: buildDocument(typeOf('webhookSubscriptions'), attributes, {}),
			}),
		);
		if (outcome.ok) {
			const id = primaryResources(outcome.value.body)[0]?.id;
			if (id && !subscriptionPath(id)) {
				return { ok: false, error: invalidIdError(ctx, id, 'Synap answered the webhook subscription with the ID') };
			}
			if (!id) {
				return {
					ok: false,
					error: new NodeOperationError(ctx.getNode(), 'Synap accepted the webhook subscription but did not return its ID', {
						description: `Check ${MANUAL_ROUTE} for a webhook to ${webhookUrl} and remove it, then activate again.`,
					}),
				};
			}
			return { ok: true, value: { id, event: event.value, eventName } };
		}
		firstError ??= outcome;
		// Only a 400 (Synap did not accept the value) moves on to the next spelling.
		if (statusOf(outcome.error) !== '400' || index === event.subscribeAs.length - 1) return firstError;
	}
	return firstError ?? { ok: false, error: new NodeOperationError(ctx.getNode(), 'No event name to subscribe with') };
}

interface FailedDelete {
	subscription: StoredSubscription;
	error: RequestError;
	/** Its ID is not valid: no later attempt can delete it through the API, so it is not kept. */
	permanent?: boolean;
}

/** Deletes subscriptions; a 404 counts as deleted. Returns the ones that could not be deleted. */
async function deleteSubscriptions(ctx: IHookFunctions, run: RunContext, subscriptions: StoredSubscription[]): Promise<FailedDelete[]> {
	const failed: FailedDelete[] = [];
	for (const subscription of subscriptions) {
		const path = subscriptionPath(subscription?.id);
		if (!path) {
			failed.push({ subscription, error: invalidIdError(ctx, subscription?.id, 'A stored webhook subscription has the ID'), permanent: true });
			continue;
		}
		const outcome = await settle(() => synapRequest.call(ctx, run, { method: 'DELETE', path }));
		if (outcome.ok || statusOf(outcome.error) === '404') continue;
		failed.push({ subscription, error: outcome.error });
	}
	return failed;
}

/** What to keep recording after a delete: only what a later attempt could still delete. */
const retryable = (failed: FailedDelete[]) => failed.filter((f) => !f.permanent).map((f) => f.subscription);

// ---------------------------------------------------------------------------------------------
// errors in plain words

function describeLeftovers(leftovers: StoredSubscription[]): string[] {
	if (!leftovers.length) return [];
	return [
		'',
		`These subscriptions were created but could not be removed again; delete them in ${MANUAL_ROUTE}: ${leftovers
			.map((s) => `${subscriptionPath(s.id) ? s.id : quoteId(s.id)} (${s.event})`)
			.join(', ')}.`,
	];
}

function activationError(
	node: INode,
	event: SynapEvent,
	error: RequestError,
	leftovers: StoredSubscription[],
): NodeOperationError {
	const status = statusOf(error);
	const synapSaid = [`Synap said: ${error.message}`, ...(error.description ? [error.description] : [])];
	if (status === '403' || status === '404') {
		return new NodeOperationError(
			node,
			`Synap refused to create the webhook subscription for "${event.name}" (HTTP ${status}): your Synap plan may not include webhooks, or the token's administrator may not manage them`,
			{
				description: [
					status === '403'
						? 'Synap answered 403 Forbidden. Webhooks need the Pro plan or higher, and the Personal Access Token must belong to an administrator allowed to manage webhooks.'
						: 'Synap answered 404 Not Found for webhook subscriptions. Webhooks need the Pro plan or higher; on other plans the API does not offer them. Also check the Base URL in the Synap API credential.',
					`Ask a Synap administrator or your Synap account manager to check the plan and the permissions. Or add the webhook by hand: ${MANUAL_ROUTE} → Add webhook, choose the event and enter the URL of an n8n Webhook node that uses Basic Auth, with the same username and password in Synap.`,
					'',
					...synapSaid,
					...describeLeftovers(leftovers),
				].join('\n'),
			},
		);
	}
	if (status === '400' && event.source === 'INFERRED') {
		return new NodeOperationError(node, `Synap does not accept the event code "${event.value}" for "${event.name}"`, {
			description: [
				`The code ${event.value} is inferred: Synap's documentation describes the event but does not publish its code. Remove "${event.name}" from Events, or ask Synap support for the exact code.`,
				'',
				...synapSaid,
				...describeLeftovers(leftovers),
			].join('\n'),
		});
	}
	return new NodeOperationError(node, `Could not create the Synap webhook subscription for "${event.name}": ${error.message}`, {
		description: [...(error.description ? [error.description] : []), ...describeLeftovers(leftovers)].join('\n') || undefined,
	});
}

// ---------------------------------------------------------------------------------------------
// lifecycle

/** Creates one subscription per chosen event; on any failure removes what it created and throws. */
export async function createSubscriptions(this: IHookFunctions): Promise<boolean> {
	const webhookUrl = webhookUrlOf(this);
	const events = selectedEvents(this);
	const run = await runContextFor(this, RUN_PROFILES.hook);
	const secret = generateSecret();
	run.secrets.push(secret.password);

	// checkExists has removed an incomplete registration already; remove anything still recorded.
	const previous = readRegistrations(this)[webhookUrl];
	if (previous) {
		const failed = await deleteSubscriptions(this, run, Array.isArray(previous.subscriptions) ? previous.subscriptions : []);
		if (failed.length) {
			this.logger.warn(
				`Synap Trigger: ${failed.length} earlier webhook subscription(s) could not be removed: ${failed.map((f) => quoteId(f.subscription?.id)).join(', ')}`,
			);
		}
		saveRegistration(this, webhookUrl, undefined);
	}

	const registration: Registration = {
		targetUrl: webhookUrl,
		username: secret.username,
		passwordSha256: secret.passwordSha256,
		subscriptions: [],
		createdAt: new Date().toISOString(),
	};
	for (const event of events) {
		const outcome = await postSubscription(this, run, event, webhookUrl, secret);
		if (!outcome.ok) {
			const failed = await deleteSubscriptions(this, run, registration.subscriptions);
			registration.subscriptions = retryable(failed);
			saveRegistration(this, webhookUrl, registration);
			throw activationError(this.getNode(), event, outcome.error, registration.subscriptions);
		}
		registration.subscriptions.push(outcome.value);
		// Recorded as it goes, so that a later delete finds whatever was created.
		saveRegistration(this, webhookUrl, registration);
	}
	this.logger.debug(
		`Synap Trigger: created ${registration.subscriptions.length} webhook subscription(s): ${registration.subscriptions
			.map((s) => `${s.id} (${s.eventName})`)
			.join(', ')}`,
	);
	return true;
}

/**
 * True when every subscription recorded for this URL still exists in Synap for the chosen events
 * (a 404 means it is gone). When they do not all exist, or the events changed, the remaining ones
 * are removed and the record cleared, so that `create` starts clean with a fresh secret.
 */
export async function subscriptionsExist(this: IHookFunctions): Promise<boolean> {
	const webhookUrl = webhookUrlOf(this);
	const registration = readRegistrations(this)[webhookUrl];
	if (!registration || !Array.isArray(registration.subscriptions) || registration.subscriptions.length === 0) return false;
	const events = selectedEvents(this);
	const run = await runContextFor(this, RUN_PROFILES.hook);

	const wanted = new Set(events.map((e) => e.value));
	const recorded = new Set(registration.subscriptions.map((s) => s.event));
	let complete = wanted.size === recorded.size && [...wanted].every((e) => recorded.has(e));

	const remaining: StoredSubscription[] = [];
	for (const subscription of registration.subscriptions) {
		const path = subscriptionPath(subscription?.id);
		if (!path) {
			// Never requested; it cannot be checked or deleted through the API, so the set is incomplete.
			this.logger.warn(`Synap Trigger: a stored webhook subscription has the ID ${quoteId(subscription?.id)}, which is not a valid Synap ID; it was dropped`);
			complete = false;
			continue;
		}
		const outcome = await settle(() => synapRequest.call(this, run, { method: 'GET', path }));
		if (!outcome.ok) {
			if (statusOf(outcome.error) === '404') {
				complete = false;
				continue;
			}
			throw new NodeOperationError(this.getNode(), `Could not check the Synap webhook subscriptions: ${outcome.error.message}`, {
				description: outcome.error.description ?? undefined,
			});
		}
		remaining.push(subscription);
		const attributes = primaryResources(outcome.value.body)[0]?.attributes ?? {};
		const sameTarget = attributes.targetUrl === undefined || sameUrl(String(attributes.targetUrl), targetUrlFor(webhookUrl, subscription.event));
		const sameEvent = attributes.eventName === undefined || findEvent(attributes.eventName)?.value === subscription.event;
		if (attributes.active === false || !sameTarget || !sameEvent) complete = false;
	}
	if (complete) return true;

	const failed = await deleteSubscriptions(this, run, remaining);
	if (failed.length) {
		this.logger.warn(
			`Synap Trigger: ${failed.length} outdated webhook subscription(s) could not be removed: ${failed.map((f) => quoteId(f.subscription?.id)).join(', ')}`,
		);
	}
	saveRegistration(this, webhookUrl, undefined);
	return false;
}

/** Deletes this URL's subscriptions (a 404 is not an error) and clears their record. */
export async function removeSubscriptions(this: IHookFunctions): Promise<boolean> {
	const webhookUrl = webhookUrlOf(this);
	const registration = readRegistrations(this)[webhookUrl];
	if (!registration) return true;
	const run = await runContextFor(this, RUN_PROFILES.hook);
	const all = await deleteSubscriptions(this, run, Array.isArray(registration.subscriptions) ? registration.subscriptions : []);
	for (const f of all.filter((x) => x.permanent)) this.logger.warn(`Synap Trigger: ${f.error.message}; it was dropped. ${f.error.description ?? ''}`);
	// An invalid ID can never be deleted through the API: thrown, it would fail every later
	// deactivation too (n8n keeps the static data as it was when delete throws).
	const failed = all.filter((f) => !f.permanent);
	if (failed.length === 0) {
		saveRegistration(this, webhookUrl, undefined);
		return true;
	}
	registration.subscriptions = retryable(failed);
	saveRegistration(this, webhookUrl, registration);
	throw new NodeOperationError(
		this.getNode(),
		`Could not remove ${failed.length} Synap webhook subscription(s): ${failed[0].error.message}`,
		{
			description: [
				`Synap may keep sending these events to n8n (they will be refused). Remove them in ${MANUAL_ROUTE}: ${failed
					.map((f) => `${f.subscription.id} (${f.subscription.event})`)
					.join(', ')}; or activate and deactivate the workflow again to retry.`,
				...(failed[0].error.description ? ['', failed[0].error.description] : []),
			].join('\n'),
		},
	);
}

function sameUrl(a: string, b: string): boolean {
	try {
		return new URL(a).toString() === new URL(b).toString();
	} catch {
		return a === b;
	}
}
