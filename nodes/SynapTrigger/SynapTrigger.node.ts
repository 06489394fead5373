import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { eventOptions } from '../shared/webhookEvents';
import { receive } from './receive';
import { createSubscriptions, MANUAL_ROUTE, removeSubscriptions, subscriptionsExist } from './subscriptions';

/**
 * Starts a workflow when Synap sends a webhook event. On activation (and for "Listen for test
 * event") it creates one Synap webhook subscription per chosen event, protected by a Basic-auth
 * secret it generates; on deactivation it deletes them. See ./subscriptions.ts (lifecycle),
 * ./receive.ts (deliveries), ./payload.ts (output), ./events.ts (event codes).
 */
export class SynapTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Synap Trigger',
		name: 'synapTrigger',
		icon: { light: 'file:../../icons/synap.svg', dark: 'file:../../icons/synap.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ ($parameter["events"] || []).join(", ") }}',
		// n8n shows the trigger's description on the merged "Synap" entry of its node panel, so it speaks for both nodes.
		description: 'Start workflows from Synap events and manage Synap users, groups, exams and attempts',
		defaults: { name: 'Synap Trigger' },
		// A trigger is never an AI tool. The installed lint (community-nodes 0.18) wants the property
		// present, newer releases forbid `true` on triggers, and n8n-workflow 2.8 types do not allow
		// `false`: declared, and left undefined.
		usableAsTool: undefined,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'synapApi', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'webhook',
			},
		],
		activationMessage: 'Synap now sends the chosen events to this workflow.',
		eventTriggerDescription: 'Waiting for Synap to send one of the chosen events',
		properties: [
			{
				displayName: `When the workflow is activated, or while it listens for a test event, the node creates one webhook subscription in Synap for each chosen event (Synap's Pro plan or higher), and removes them again afterwards. Without API access to webhooks, use n8n's Webhook node with Basic Auth instead and add the webhook by hand in the ${MANUAL_ROUTE}.`,
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: [],
				options: eventOptions,
				description:
					'The Synap events that start this workflow. Each run gets one item: Synap\'s payload as sent, plus a "synap" field with event, userId, userEmail, portalId, occurredAt and receivedAt. The code of Exam Results Released (exam.resultsReleased) is inferred, as Synap does not publish it.',
			},
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await subscriptionsExist.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await createSubscriptions.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await removeSubscriptions.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receive.call(this);
	}
}
