/**
 * The events the Synap Polling Trigger can watch for: THE one table of them. Each event is a list
 * endpoint read in the order of one timestamp attribute, from the cursor onwards.
 *
 * What is known and what is inferred (docs/synap-api.md):
 *   - The list endpoints: List Users, List Attempts and List LearningRecords are named in Synap's
 *     API menu (§4.3, "Operations named in the API menu"); their paths come from the endpoint
 *     table (nodes/Synap/transport/endpoints.ts), INFERRED from the pattern.
 *   - The attributes: User `createdAt`, Attempt `isCompleted` and `timeCompleted` are SEEN in
 *     Synap's samples (§4.2, "Attribute and relationship names", rows User and Attempt). User
 *     `updatedAt` and LearningRecord `createdAt` are INFERRED: other Synap resources carry
 *     createdAt/updatedAt (AssignmentGroup, Flag), but these two were not in a readable sample.
 *   - Sorting and filtering: INFERRED. Synap's docs say the API follows JSON:API, but no page on
 *     list parameters could be read (§4.4, "Lists: paging, filters, sorting, includes"). The
 *     trigger sends `sort=<attribute>,id` (JSON:API's sort) and `filter[<attribute>][gte]=<time>`
 *     (a common JSON:API filter style; the spec leaves filter syntax to the server). Both names
 *     are built in ./query.ts only. If Synap rejects them, the poll fails with an error that says
 *     so (see ./poll.ts).
 */
import type { IDataObject } from 'n8n-workflow';

import type { JsonApiResource } from '../Synap/transport/jsonApi';
import type { EndpointKey } from '../Synap/transport/endpoints';
import { text } from '../shared/eventItem';

export interface PollEvent {
	/** Output as `synap.event`: the Synap Trigger's code for the same event, where it has one. */
	readonly value: string;
	readonly name: string;
	readonly description: string;
	/** The list endpoint read (see the endpoint table). */
	readonly endpoint: EndpointKey;
	/** What the records are called in messages ("user", "completed attempt"). */
	readonly noun: string;
	/** The attribute holding the event time: the list is sorted and filtered on it. */
	readonly timeField: string;
	/** Fixed filters sent with every request (JSON:API `filter[...]`). */
	readonly filters?: Readonly<IDataObject>;
	/** Related records asked for with `include`, folded into the item (INFERRED, see above). */
	readonly include?: string;
	/** Records read but not output (still moving the cursor past them). */
	readonly accept?: (resource: JsonApiResource) => boolean;
	/** The user the event is about, from the record and its included user. */
	readonly userOf: (item: IDataObject) => { userId: string | null; userEmail: string | null };
}

const userRecord = (item: IDataObject) => ({ userId: text(item.id), userEmail: text(item.emailAddress) });

/** A record related to a user through `user`: the id from the relationship, the email from the included user. */
const relatedUser = (item: IDataObject) => {
	const included = item.user as IDataObject | undefined;
	return {
		userId: text(item.userId) ?? text(included?.id),
		userEmail: text(included?.emailAddress),
	};
};

const sameTime = (a: unknown, b: unknown) =>
	typeof a === 'string' && typeof b === 'string' && Date.parse(a) === Date.parse(b);

/** In the order they are shown. */
export const POLL_EVENTS: readonly PollEvent[] = [
	{
		value: 'user.registered',
		name: 'New User',
		description: 'A user registered or was registered (read from List Users by createdAt)',
		endpoint: 'users',
		noun: 'user',
		timeField: 'createdAt',
		userOf: userRecord,
	},
	{
		value: 'user.updated',
		name: 'User Updated',
		description:
			"A user's details changed (read from List Users by updatedAt, an attribute inferred from other Synap resources). A user changed several times between two polls is output once, with its latest details.",
		endpoint: 'users',
		noun: 'updated user',
		timeField: 'updatedAt',
		// A user whose updatedAt is its createdAt has not been updated since it registered (New User).
		accept: (resource) => !sameTime(resource.attributes?.updatedAt, resource.attributes?.createdAt),
		userOf: userRecord,
	},
	{
		value: 'attempt.completed',
		name: 'Attempt Completed',
		description: 'An attempt was completed (read from List Attempts where isCompleted is true, by timeCompleted), with its user',
		endpoint: 'attempts',
		noun: 'completed attempt',
		timeField: 'timeCompleted',
		filters: { 'filter[isCompleted]': 'true' },
		include: 'user',
		userOf: relatedUser,
	},
	{
		value: 'learningRecord.created',
		name: 'New Learning Record',
		description: 'A record of learning was added (read from List LearningRecords by createdAt), with its user',
		endpoint: 'learningRecords',
		noun: 'learning record',
		timeField: 'createdAt',
		include: 'user',
		userOf: relatedUser,
	},
];

export const DEFAULT_POLL_EVENT = POLL_EVENTS[0].value;

export function findPollEvent(value: unknown): PollEvent | undefined {
	return POLL_EVENTS.find((e) => e.value === value);
}

export const pollEventOptions = POLL_EVENTS.map((e) => ({ name: e.name, value: e.value, description: e.description }));
