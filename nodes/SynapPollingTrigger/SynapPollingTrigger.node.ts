import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';

import { DEFAULT_POLL_EVENT, pollEventOptions } from './events';
import { MAX_PAGES_PER_POLL, PAGE_SIZE, poll } from './poll';

/**
 * Starts a workflow when new records appear in Synap, by asking Synap's list endpoints at the
 * Poll Times: for portals without webhooks (Synap's Pro plan) or an n8n that Synap cannot reach.
 * See ./poll.ts (what one poll does), ./cursor.ts (what is remembered), ./events.ts (the events),
 * ./query.ts (the list parameters, inferred). Items have the Synap Trigger's shape
 * (../shared/eventItem.ts).
 */
export class SynapPollingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Synap Polling Trigger',
		name: 'synapPollingTrigger',
		icon: { light: 'file:../../icons/synap.svg', dark: 'file:../../icons/synap.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["event"] }}',
		description: 'Start workflows from new or changed Synap records, checked on a schedule (no webhooks needed)',
		defaults: { name: 'Synap Polling Trigger' },
		// A trigger is never an AI tool (see the Synap Trigger for why it is declared and undefined).
		usableAsTool: undefined,
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'synapApi', required: true }],
		properties: [
			{
				displayName: `Checks Synap at the Poll Times below and starts the workflow once per new record. On activation it starts from now (earlier records are not output); Fetch Test Event returns the newest record. At most ${MAX_PAGES_PER_POLL * PAGE_SIZE} records are read per poll; any more are picked up by the next poll. Requests run as the token's administrator: Act As does not apply to triggers. Needs no webhooks: use the Synap Trigger instead when your plan includes them and Synap can reach this n8n, to start within seconds.`,
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				required: true,
				default: DEFAULT_POLL_EVENT,
				options: pollEventOptions,
				description:
					'What starts the workflow. Each record gives one item: the record (as the Synap node outputs it) plus a "synap" field with event, userId, userEmail, portalId, occurredAt and receivedAt, as the Synap Trigger outputs. Synap does not publish how its lists are sorted and filtered; the parameters used are inferred (see the README).',
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await poll.call(this);
	}
}
