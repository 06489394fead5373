/**
 * The output shape both Synap triggers share, so a workflow works the same whichever starts it.
 *
 * An item is the event's record as it comes (the webhook payload for the Synap Trigger; the
 * flattened record for the Synap Polling Trigger), its keys at the top level, plus ONE added key,
 * `synap`, whose fields are in the same place for every event of either trigger:
 *
 *   synap.event       the event code (e.g. `user.registered`, `attempt.completed`)
 *   synap.userId      the user the event is about
 *   synap.userEmail   that user's email, when known
 *   synap.portalId    the portal, when the source names it (otherwise null)
 *   synap.occurredAt  when it happened (ISO 8601)
 *   synap.receivedAt  when n8n received (webhook) or fetched (polling) it
 *
 * Should a record carry its own top-level `synap` key, it is left as it is and the added fields
 * go under `_synap` instead.
 */
import type { IDataObject } from 'n8n-workflow';

export interface NormalisedFields extends IDataObject {
	event: string | null;
	userId: string | null;
	userEmail: string | null;
	portalId: string | null;
	occurredAt: string;
	receivedAt: string;
}

export const isPlainObject = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** A non-empty string, or a number as a string; otherwise null. */
export const text = (value: unknown): string | null =>
	typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : null;

/** The record as is, plus the normalised fields under `synap` (or `_synap`, see above). */
export function toItemJson(record: IDataObject, fields: NormalisedFields): IDataObject {
	const key = Object.prototype.hasOwnProperty.call(record, 'synap') ? '_synap' : 'synap';
	return { ...record, [key]: fields };
}
