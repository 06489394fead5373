/**
 * Where the trigger has read up to, kept in the workflow's static data (node scope, key `cursor`).
 *
 *   { event, time, ids, since }
 *   event  the event it belongs to; a cursor of another event is discarded (start from now again)
 *   time   the event time of the last record handed over (as Synap wrote it), or null when the
 *          list was empty when the trigger started: then every record is new
 *   ids    the IDs of the records already handed over whose event time equals `time`
 *   since  when this cursor was started (shown in logs and tests only)
 *
 * The next poll asks for records with an event time >= `time` and drops those in `ids`: records
 * sharing a timestamp are neither lost (>=, not >) nor repeated (the IDs), even when they arrive in
 * different polls. Times are compared as instants (Date.parse), so "…:00Z" and "…:00.000Z" match.
 *
 * n8n saves static data after a poll that returned items; a poll that returned nothing keeps the
 * cursor in memory for the next poll of the same activation.
 */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

export interface Cursor {
	event: string;
	time: string | null;
	ids: string[];
	since: string;
}

const KEY = 'cursor';

export function readCursor(ctx: IPollFunctions, event: string): Cursor | undefined {
	const stored = ctx.getWorkflowStaticData('node')[KEY] as Partial<Cursor> | undefined;
	if (!stored || typeof stored !== 'object' || stored.event !== event) return undefined;
	const time = typeof stored.time === 'string' && !Number.isNaN(Date.parse(stored.time)) ? stored.time : null;
	const ids = Array.isArray(stored.ids) ? stored.ids.filter((id): id is string => typeof id === 'string') : [];
	return { event, time, ids, since: typeof stored.since === 'string' ? stored.since : '' };
}

/** Replaces the whole object, so n8n's static-data change tracking sees the change. */
export function writeCursor(ctx: IPollFunctions, cursor: Cursor): void {
	ctx.getWorkflowStaticData('node')[KEY] = { ...cursor, ids: [...cursor.ids] } as unknown as IDataObject;
}

/** -1, 0 or 1 as `time` is before, at or after the cursor; a cursor without time is before everything. */
export function compareToCursor(cursor: Cursor, time: string): number {
	if (cursor.time === null) return 1;
	const a = Date.parse(time);
	const b = Date.parse(cursor.time);
	return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether a record was handed over already (at or before the cursor). */
export function alreadySeen(cursor: Cursor, time: string, id: string): boolean {
	const order = compareToCursor(cursor, time);
	return order < 0 || (order === 0 && cursor.ids.includes(id));
}

/** Moves the cursor past a record (records come in event-time order). */
export function advance(cursor: Cursor, time: string, id: string): void {
	if (compareToCursor(cursor, time) > 0) {
		cursor.time = time;
		cursor.ids = [id];
	} else if (!cursor.ids.includes(id)) {
		cursor.ids.push(id);
	}
}
