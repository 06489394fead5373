// Who may see and change what (Subject-User semantics). The docs only SEE the principle ("the
// Subject-User must themself have sufficient privileges"; an Educator cannot rename the Portal); the
// matrix below is a sandbox choice:
//
// - Admin, Manager: everything.
// - Educator: reads everything except webhook subscriptions and access policies (403); registers users
//   into Student groups only; updates Students and themself; manages content (collections, exams,
//   assignment groups, attempts, learning records, invites); cannot update the portal, create/update/
//   delete user groups, delete users, or touch webhooks/access policies (403).
// - Marker: read-only (GET) on users, groups, attempts and content; may update only themself and
//   plant flags / create study items.
// - Student: sees only themself (GET /users lists just them), their own groups, attempts,
//   assignments and learning records; may update themself (not their groups or sub-portal), submit
//   and play their own attempts, create their own learning records, plant flags, create study items.
//
// Permission failures are always 403 (code `forbidden`); 404 is kept for ids that do not exist.
import type { Actor } from './auth.cjs';
import type { Store } from './store.cjs';
import type { ResourceRecord, Role } from './types.cjs';
const { apiError } = require('./jsonapi') as typeof import('./jsonapi.cjs');
const { relId } = require('./store') as typeof import('./store.cjs');
const { roleOf } = require('./auth') as typeof import('./auth.cjs');

export const ALL: readonly Role[] = ['Admin', 'Manager', 'Educator', 'Marker', 'Student'];
export const STAFF: readonly Role[] = ['Admin', 'Manager', 'Educator', 'Marker'];
export const AUTHORS: readonly Role[] = ['Admin', 'Manager', 'Educator'];
export const ADMINS: readonly Role[] = ['Admin', 'Manager'];

export function forbidden(actor: Actor, what: string): Error {
	const who = actor.viaSubject ? `Subject-User ${actor.user.id} (${actor.role})` : `User ${actor.user.id} (${actor.role})`;
	return apiError(403, `${who} does not have sufficient privileges to ${what}.`, { code: 'forbidden' });
}

/** Types a Student only sees when they own them (relationship `user`). */
const OWNED_BY_USER = new Set(['Attempt', 'Assignment', 'LearningRecord']);

export function canSee(store: Store, actor: Actor, rec: ResourceRecord): boolean {
	if (actor.role !== 'Student') return true;
	if (rec.type === 'User' || rec.type === 'UserAccount') return rec.id === actor.user.id;
	if (rec.type === 'UserGroup') return store.isMember(actor.user.id, rec.id);
	if (OWNED_BY_USER.has(rec.type)) return relId(rec, 'user') === actor.user.id;
	return true;
}

/** A predicate for lists (undefined: everything visible) and a cache key part for it. */
export function listScope(store: Store, actor: Actor, type: string): { key: string; test?: (r: ResourceRecord) => boolean } {
	if (actor.role !== 'Student') return { key: 'all' };
	if (type === 'User' || type === 'UserGroup' || OWNED_BY_USER.has(type)) {
		return { key: `student:${actor.user.id}`, test: (r) => canSee(store, actor, r) };
	}
	return { key: 'all' };
}

export function assertCanSee(store: Store, actor: Actor, rec: ResourceRecord): void {
	if (!canSee(store, actor, rec)) throw forbidden(actor, `access ${rec.type} ${rec.id}`);
}

/** Record-level write check (the route's role list has been checked already). */
export function assertCanWrite(store: Store, actor: Actor, rec: ResourceRecord, action: string): void {
	if (actor.role === 'Admin' || actor.role === 'Manager') return;
	const deny = () => forbidden(actor, `${action} ${rec.type} ${rec.id}`);
	switch (rec.type) {
		case 'User':
			if (rec.id === actor.user.id) return;
			if (actor.role === 'Educator' && roleOf(store, rec) === 'Student') return;
			throw deny();
		case 'Attempt':
		case 'LearningRecord':
			if (actor.role === 'Educator') return;
			if (actor.role === 'Student' && relId(rec, 'user') === actor.user.id) return;
			throw deny();
		default:
			if (actor.role === 'Educator') return;
			throw deny();
	}
}
