/**
 * Webhook Subscription: create (POST /webhook-subscriptions, SEEN), get, list, delete (INFERRED).
 *
 * Event codes come from the package's one list (nodes/shared/webhookEvents.ts). The API page's own
 * sample writes `assignment.complete` where the academy lists `assignment.completed`; the field says so.
 * `basicAuth` is sent as {username, password} from two fields, the password one masked.
 */
import { eventOptions } from '../../../shared/webhookEvents';
import { standardOperations } from '../shared/operations';
import type { AttributeSpec, ResourceSpec } from '../shared/spec';

/** The event codes Synap publishes (and the one it does not, marked inferred): the package's one list. */
const WEBHOOK_EVENTS = eventOptions.map(({ name, value }) => ({ name, value }));

const eventName: AttributeSpec = {
	name: 'eventName',
	label: 'Event',
	type: 'options',
	options: WEBHOOK_EVENTS,
	default: 'user.registered',
	requiredOnCreate: true,
	description:
		'The Synap event that triggers the webhook. Synap\'s API sample writes "assignment.complete" for Assignment Completed; if Synap rejects "assignment.completed", enter that spelling with an expression.',
};

export const webhookSubscription: ResourceSpec = {
	value: 'webhookSubscription',
	name: 'Webhook Subscription',
	endpoint: 'webhookSubscriptions',
	simplifyFields: ['id', 'type', 'eventName', 'targetUrl', 'active'],
	searchable: true,
	titleAttribute: 'targetUrl',
	attributes: [
		eventName,
		{
			name: 'targetUrl',
			label: 'Target URL',
			type: 'string',
			requiredOnCreate: true,
			placeholder: 'e.g. https://n8n.example.com/webhook/synap',
			description: 'The URL Synap POSTs the event to, as JSON',
		},
		{ name: 'active', label: 'Active', type: 'boolean', default: true, description: 'Whether Synap sends events to the URL now' },
		{
			name: 'basicAuthUsername',
			label: 'Basic Auth Username',
			type: 'string',
			sendAs: 'basicAuth.username',
			description: 'User name Synap sends with HTTP basic authentication; set it with the password',
		},
		{
			name: 'basicAuthPassword',
			label: 'Basic Auth Password',
			type: 'string',
			typeOptions: { password: true },
			sendAs: 'basicAuth.password',
			description: 'Password Synap sends with HTTP basic authentication; set it with the user name',
		},
	],
	relationships: [],
	filters: [
		{ name: 'active', label: 'Active', type: 'boolean', description: 'Whether to list only active subscriptions (on) or only paused ones (off)' },
		{ name: 'eventName', label: 'Event', type: 'options', options: WEBHOOK_EVENTS, description: 'Only subscriptions to this event' },
		{ name: 'targetUrl', label: 'Target URL', description: 'Only subscriptions that post to this URL' },
	],
	operations: standardOperations({ one: 'webhook subscription', many: 'webhook subscriptions' }, ['create', 'delete', 'get', 'getAll'], {
		create: { description: 'Make Synap POST an event to a URL, e.g. an n8n Webhook node' },
		delete: { source: 'INFERRED', description: 'Delete a webhook subscription so Synap stops sending the event' },
		get: { source: 'INFERRED' },
		getAll: { source: 'INFERRED' },
	}),
};
