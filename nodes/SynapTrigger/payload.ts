/**
 * Turns one Synap webhook delivery into one n8n item.
 *
 * The item is Synap's payload exactly as received (its keys at the top level, untouched), plus
 * ONE added key, `synap`, with fields that are in the same place for every event:
 *
 *   synap.event       the event code (`assignment.complete` is reported as `assignment.completed`)
 *   synap.userId      the user the event is about (for flag.planted: the user who planted the flag)
 *   synap.userEmail   that user's email
 *   synap.portalId    the portal, when the payload names it (user.registered / user.updated do not)
 *   synap.occurredAt  when it happened, from the payload; the time n8n received it when the
 *                     payload has no event time (user.updated, attemptOverride.created)
 *   synap.receivedAt  when n8n received the delivery
 *
 * Should a future payload carry its own top-level `synap` key, it is left as it is and the added
 * fields go under `_synap` instead.
 *
 * Payload shapes (docs/synap-api.md §6):
 *   wrapped        attempt/exam/assignment events, user.registeredForExam:
 *                  `user{id, name, email, customAttributes}`, `portal{id}`, `meta{timestamp}`
 *   flatUser       user.registered / user.updated: `objectId`, `email`, `timeRegistered` at the top
 *                  level (timeRegistered is the registration time, so it is the event time only
 *                  for user.registered)
 *   groupWithUser  user.addedToGroup: the top-level `objectId`/`name` are the GROUP's; the user is
 *                  in `user{}`; `dateAdded`, `portal{id}`, `meta{timestamp}`
 *   planter        flag.planted: `planter{id, email, …}`, `portal{id}`, `createdAt`
 */
import type { IDataObject } from 'n8n-workflow';

import { isPlainObject, text, toItemJson, type NormalisedFields } from '../shared/eventItem';
import { canonicalEvent, findEvent, type SynapEvent } from '../shared/webhookEvents';

// The item shape is shared with the Synap Polling Trigger (../shared/eventItem.ts).
export { isPlainObject, toItemJson, type NormalisedFields };

const child = (payload: IDataObject, key: string): IDataObject | undefined => {
	const value = payload[key];
	return isPlainObject(value) ? value : undefined;
};

/**
 * The event code: Synap's own `meta.eventName` when the payload has one (Exam Results Released
 * does), otherwise the `event` query parameter the node put in each subscription's target URL.
 */
export function eventOf(payload: IDataObject, queryEvent: unknown): string | null {
	const fromPayload = text(child(payload, 'meta')?.eventName);
	const raw = fromPayload ?? text(queryEvent);
	return raw === null ? null : canonicalEvent(raw);
}

function shapeOf(event: SynapEvent | undefined, payload: IDataObject): SynapEvent['shape'] {
	if (event) return event.shape;
	// Unknown event: guess from the payload.
	if (child(payload, 'planter')) return 'planter';
	if (child(payload, 'user')) return 'wrapped';
	return 'flatUser';
}

export function normalise(payload: IDataObject, event: string | null, receivedAt: Date): NormalisedFields {
	const known = findEvent(event);
	const shape = shapeOf(known, payload);
	const meta = child(payload, 'meta');
	const portalId = text(child(payload, 'portal')?.id) ?? text(payload.portalId);
	let userId: string | null = null;
	let userEmail: string | null = null;
	let occurredAt: string | null = text(meta?.timestamp);

	switch (shape) {
		case 'wrapped':
		case 'groupWithUser': {
			const user = child(payload, 'user');
			userId = text(user?.id) ?? text(user?.objectId);
			userEmail = text(user?.email);
			if (shape === 'groupWithUser') occurredAt = occurredAt ?? text(payload.dateAdded);
			break;
		}
		case 'planter': {
			const planter = child(payload, 'planter');
			userId = text(planter?.id) ?? text(planter?.objectId);
			userEmail = text(planter?.email);
			occurredAt = occurredAt ?? text(payload.createdAt);
			break;
		}
		case 'flatUser':
			userId = text(payload.objectId);
			userEmail = text(payload.email);
			if (known?.value === 'user.registered') occurredAt = occurredAt ?? text(payload.timeRegistered);
			break;
	}

	return {
		event,
		userId,
		userEmail,
		portalId,
		occurredAt: occurredAt ?? receivedAt.toISOString(),
		receivedAt: receivedAt.toISOString(),
	};
}
