/**
 * The Synap webhook events: THE one table of event codes, used by the Synap Trigger (what it
 * subscribes to and accepts) and by the Synap node's Webhook Subscription resource (its Event list).
 *
 * Sources (docs/synap-api.md §6):
 *   DOCUMENTED - the code is in Synap's academy list of webhook events
 *   INFERRED   - Synap has a page for the event but its code was not in the list we could
 *                read; the value below is our most plausible guess and is marked as such in the
 *                node's UI. If Synap answers 400 for it, the activation error says so.
 *
 * Spelling of "assignment completed" (the one place it is handled):
 *   Synap's API reference (Create WebhookSubscription sample) writes `assignment.complete`, while
 *   the academy's list of event codes writes `assignment.completed`. The node shows and outputs
 *   `assignment.completed`. When subscribing it sends the spellings in `subscribeAs` in order,
 *   moving to the next only if Synap rejects one with HTTP 400; on receipt `canonicalEvent()`
 *   maps both spellings to `assignment.completed`.
 */

export type EventSource = 'DOCUMENTED' | 'INFERRED';

export interface SynapEvent {
	/** The code shown in the node and output as `synap.event`. */
	readonly value: string;
	readonly name: string;
	readonly description: string;
	readonly source: EventSource;
	/** Spellings sent as `eventName` when subscribing, tried in order (400 → next one). */
	readonly subscribeAs: readonly string[];
	/** Other spellings that mean this event when received. */
	readonly aliases?: readonly string[];
	/** Where the acting user is in the payload (see ../SynapTrigger/payload.ts). */
	readonly shape: 'wrapped' | 'flatUser' | 'groupWithUser' | 'planter';
}

const event = (
	value: string,
	name: string,
	description: string,
	shape: SynapEvent['shape'],
	extra: Partial<Pick<SynapEvent, 'source' | 'subscribeAs' | 'aliases'>> = {},
): SynapEvent => ({
	value,
	name,
	description,
	shape,
	source: extra.source ?? 'DOCUMENTED',
	subscribeAs: extra.subscribeAs ?? [value],
	aliases: extra.aliases,
});

/** In the order of Synap's academy list. */
export const SYNAP_EVENTS: readonly SynapEvent[] = [
	event('attempt.submitted', 'Attempt Submitted', 'A learner submitted an attempt (scores only if it was auto-marked)', 'wrapped'),
	event('attempt.completed', 'Attempt Completed', 'An attempt was completed and marked (collections, spaced learning, assignments and exams)', 'wrapped'),
	event('attemptOverride.created', 'Attempt Override Created', 'An override was created for an attempt (payload not documented by Synap)', 'wrapped'),
	event('exam.submitted', 'Exam Submitted', 'A candidate submitted an exam attempt', 'wrapped'),
	event('exam.completed', 'Exam Completed', 'An exam attempt was completed and marked, with grade and marks', 'wrapped'),
	event(
		'exam.resultsReleased',
		'Exam Results Released',
		'Exam results were released to the candidate. The code exam.resultsReleased is inferred: Synap does not publish it.',
		'wrapped',
		{ source: 'INFERRED' },
	),
	event('user.registered', 'User Registered', 'A user registered or was registered in the portal', 'flatUser'),
	event('user.updated', 'User Updated', "A user's details changed (previous values included)", 'flatUser'),
	event('user.addedToGroup', 'User Added to Group', 'A user was added to a user group', 'groupWithUser'),
	event('user.registeredForExam', 'User Registered for Exam', 'A user was registered for an exam (also when added to its group later)', 'wrapped'),
	event('assignment.completed', 'Assignment Completed', 'A learner completed an assignment', 'wrapped', {
		subscribeAs: ['assignment.completed', 'assignment.complete'],
		aliases: ['assignment.complete'],
	}),
	event('flag.planted', 'Flag Planted', 'A user flagged a question', 'planter'),
];

const BY_CODE = new Map<string, SynapEvent>();
for (const e of SYNAP_EVENTS) {
	BY_CODE.set(e.value, e);
	for (const alias of e.aliases ?? []) BY_CODE.set(alias, e);
	for (const spelling of e.subscribeAs) BY_CODE.set(spelling, e);
}

/** The event for a code or any of its spellings; undefined for codes the node does not know. */
export function findEvent(code: unknown): SynapEvent | undefined {
	return typeof code === 'string' ? BY_CODE.get(code.trim()) : undefined;
}

/** The canonical code (`assignment.complete` → `assignment.completed`); unknown codes unchanged. */
export function canonicalEvent(code: string): string {
	return findEvent(code)?.value ?? code;
}

/** Options for the Events parameter, sorted by name. */
export const eventOptions = [...SYNAP_EVENTS]
	.sort((a, b) => a.name.localeCompare(b.name))
	.map((e) => ({ name: e.name, value: e.value, description: e.description }));
