// Authentication (Personal Access Tokens, SEEN) and the Subject-User mechanism (SEEN that it exists;
// the header name is NOT FOUND in the docs, so it is configurable, default `Subject-User`).
//
// Sandbox choices where the docs are silent:
// - Authorization must be exactly `Bearer p:<token>`; anything else (missing, other scheme, no `p:`
//   prefix, unknown token, revoked token, token whose administrator was deleted) -> 401.
// - Subject-User header present but empty, or not a 10-character alphanumeric id -> 400 with
//   source {header, pointer: '/headers/<name>'}; a well-formed id of no existing user -> 403
//   (code `subjectUserNotFound`). Never a silent fall-back to the token's administrator.
// - A user's role is the most privileged user type among their groups (Admin > Manager > Educator >
//   Marker > Student); a user with no group is a Student.
import type { Store } from './store.cjs';
import type { ResourceRecord, Role } from './types.cjs';
const { apiError } = require('./jsonapi') as typeof import('./jsonapi.cjs');
const { refIds, relId } = require('./store') as typeof import('./store.cjs');
const { SYNAP_ID } = require('./prng') as typeof import('./prng.cjs');

export const ROLE_RANK: Record<Role, number> = { Admin: 5, Manager: 4, Educator: 3, Marker: 2, Student: 1 };

export interface Actor {
	user: ResourceRecord;
	role: Role;
	/** the administrator who issued the PAT */
	tokenOwner: ResourceRecord;
	/** true when acting through the Subject-User header */
	viaSubject: boolean;
}

export function roleOf(store: Store, user: ResourceRecord): Role {
	let best: Role = 'Student';
	let found = false;
	for (const gid of refIds(user.relationships.userGroups)) {
		const group = store.find('UserGroup', gid);
		if (!group) continue;
		const typeId = relId(group, 'userType');
		const ut = typeId ? store.find('UserType', typeId) : undefined;
		const name = ut?.attributes.name as Role | undefined;
		if (name && ROLE_RANK[name] && (!found || ROLE_RANK[name] > ROLE_RANK[best])) {
			best = name;
			found = true;
		}
	}
	return best;
}

export function authenticate(
	store: Store,
	headers: Record<string, string | string[] | undefined>,
	subjectHeaderName: string,
): Actor {
	const auth = headers.authorization;
	const unauthorized = (detail: string, code: string) =>
		apiError(401, detail, { code, header: 'Authorization' });
	if (auth === undefined || auth === '') {
		throw unauthorized('Missing Authorization header. Send `Authorization: Bearer p:<Personal Access Token>`.', 'missingToken');
	}
	const value = Array.isArray(auth) ? auth.join(',') : auth;
	const m = /^Bearer (\S+)$/.exec(value);
	if (!m) throw unauthorized('Malformed Authorization header. Expected `Bearer p:<Personal Access Token>`.', 'malformedToken');
	const token = m[1];
	if (!token.startsWith('p:') || token.length < 3) {
		throw unauthorized('Malformed Personal Access Token: it must start with `p:`.', 'malformedToken');
	}
	const pat = store.tokens.get(token);
	if (!pat) throw unauthorized('Invalid Personal Access Token.', 'invalidToken');
	if (pat.revoked) throw unauthorized('This Personal Access Token has been revoked.', 'revokedToken');
	const owner = store.find('User', pat.userId);
	if (!owner) throw unauthorized('The administrator who issued this token no longer exists.', 'invalidToken');

	const headerKey = subjectHeaderName.toLowerCase();
	const raw = headers[headerKey];
	if (raw === undefined) return { user: owner, role: roleOf(store, owner), tokenOwner: owner, viaSubject: false };
	const src = { header: subjectHeaderName, pointer: `/headers/${subjectHeaderName}` };
	const subjectId = Array.isArray(raw) ? raw.join(',') : raw.trim();
	if (subjectId === '') {
		throw apiError(400, `The ${subjectHeaderName} header is empty. Send a User ID, or leave the header out.`, {
			...src,
			code: 'invalidSubjectUser',
		});
	}
	if (!SYNAP_ID.test(subjectId)) {
		throw apiError(400, `The ${subjectHeaderName} header must be a User ID (10 alphanumeric characters).`, {
			...src,
			code: 'invalidSubjectUser',
		});
	}
	const subject = store.find('User', subjectId);
	if (!subject) {
		throw apiError(403, `Subject-User ${subjectId} is not a user of this portal.`, { ...src, code: 'subjectUserNotFound' });
	}
	return { user: subject, role: roleOf(store, subject), tokenOwner: owner, viaSubject: true };
}
