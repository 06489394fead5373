// THE endpoint table of the sandbox: every route it serves, with where it comes from.
//   source 'SEEN'     = method and path (path with `{id}` INFERRED, see docs/synap-api.md §1) shown on a
//                       captured Synap API reference page (docs/synap-api.md §4.1)
//   source 'INFERRED' = not shown; the most plausible JSON:API form (menu names SEEN in section 4.3)
// All paths are under /v3. The same paths are used by the node (the project's endpoint table).
import type { Ctx, Resp } from './api.cjs';
import type { ParsedWrite } from './schema.cjs';
import type { Ref, RelValue, ResourceRecord, Role } from './types.cjs';
import type { Store } from './store.cjs';
const api = require('./api') as typeof import('./api.cjs');
const { apiError, errorObject, failWith, isPlainObject } = require('./jsonapi') as typeof import('./jsonapi.cjs');
const { validateWrite, isEmail, PROCTOR_ROSALYN_RULES } = require('./schema') as typeof import('./schema.cjs');
const { ref, refIds, relId } = require('./store') as typeof import('./store.cjs');
const { ADMINS, ALL, AUTHORS, assertCanSee, assertCanWrite, forbidden } = require('./policy') as typeof import('./policy.cjs');
const wh = require('./webhooks') as typeof import('./webhooks.cjs');

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface RouteDef {
	method: Method;
	path: string; // under /v3, `{id}` = a resource id
	type: string; // JSON:API type served
	source: 'SEEN' | 'INFERRED';
	roles: readonly Role[]; // user types allowed at all (record-level checks come on top, see policy.cts)
	note?: string;
	handler: (ctx: Ctx) => Resp;
}

const { nowIso } = api;

// ---------------------------------------------------------------------------------------------
// helpers

export function defaultGroupId(store: Store, kind: string): string {
	for (const g of store.all('UserGroup')) if (g.attributes.defaultGroupType === kind) return g.id;
	return '';
}

function groupRole(store: Store, group: ResourceRecord): Role | undefined {
	const t = relId(group, 'userType');
	return t ? (store.find('UserType', t)?.attributes.name as Role | undefined) : undefined;
}

export function splitName(name: unknown): { firstName: string; lastName: string } {
	const parts = String(name ?? '')
		.trim()
		.split(/\s+/)
		.filter(Boolean);
	if (parts.length === 0) return { firstName: '', lastName: '' };
	return { firstName: parts[0], lastName: parts.slice(1).join(' ') };
}

function emitAddedToGroup(ctx: Ctx, user: ResourceRecord, groupIds: string[], when: string): void {
	for (const gid of groupIds) {
		const g = ctx.store.find('UserGroup', gid);
		if (g) ctx.emit('user.addedToGroup', wh.userAddedToGroupPayload(ctx.store, user, g, when));
	}
}

function checkGroupsRelationship(ctx: Ctx, groups: Ref[] | undefined, errors: ReturnType<typeof errorObject>[]): void {
	if (!groups) return;
	groups.forEach((g, i) => {
		if (g.id === ctx.store.allUsersGroupId) {
			errors.push(
				errorObject(400, 'Every user is a member of the All Users group; it cannot be assigned.', {
					pointer: `/data/relationships/userGroups/data/${i}`,
					code: 'implicitGroup',
				}),
			);
		}
	});
}

function duplicateEmailError(): ReturnType<typeof errorObject> {
	return errorObject(400, 'An account already exists for this email address.', {
		pointer: '/data/attributes/emailAddress',
		title: 'Invalid Attribute',
		code: 'emailAlreadyRegistered',
	});
}

// Legacy Org API password rule (SEEN there; v3 rules NOT FOUND): 8+ chars, upper, lower, digit.
function passwordProblem(p: unknown): string | undefined {
	if (typeof p !== 'string') return undefined;
	if (p.length < 8 || !/[A-Z]/.test(p) || !/[a-z]/.test(p) || !/\d/.test(p)) {
		return 'The password must be at least 8 characters long and contain an uppercase letter, a lowercase letter and a digit.';
	}
	return undefined;
}

// ---------------------------------------------------------------------------------------------
// users

function register(ctx: Ctx): Resp {
	const store = ctx.store;
	const data = api.parseDocument(ctx, 'UserRegistration');
	const { parsed, errors } = validateWrite(api.spec('UserRegistration'), data, {
		mode: 'create',
		exists: (t, id) => store.find(t, id) !== undefined,
	});
	const attrs = isPlainObject(data.attributes) ? data.attributes : {};
	const rels = isPlainObject(data.relationships) ? data.relationships : {};
	const groupsRaw = isPlainObject(rels.userGroups) ? rels.userGroups.data : undefined;
	if (Array.isArray(groupsRaw) && groupsRaw.length > 1) {
		// SEEN (add-users guide): userGroups is an array but only a single value is supported.
		const i = errors.findIndex((e) => e.source?.pointer?.startsWith('/data/relationships/userGroups'));
		if (i >= 0) errors.splice(i, 1);
		errors.push(
			errorObject(400, 'Only a single user group is supported on registration; add further groups after registering.', {
				pointer: '/data/relationships/userGroups/data',
				code: 'singleUserGroupOnly',
			}),
		);
	}
	checkGroupsRelationship(ctx, parsed.relationships.userGroups as Ref[] | undefined, errors);
	const pw = passwordProblem(attrs.password);
	if (pw) errors.push(errorObject(400, pw, { pointer: '/data/attributes/password', title: 'Invalid Attribute', code: 'weakPassword' }));
	let duplicate = false;
	if (isEmail(attrs.emailAddress) && store.userByEmail(attrs.emailAddress)) {
		duplicate = true;
		errors.push(duplicateEmailError());
	}
	if (errors.length > 0) {
		if (duplicate && errors.length === 1) ctx.countAsDuplicate = true;
		failWith(errors);
	}
	const groupRef = (parsed.relationships.userGroups as Ref[] | undefined)?.[0] ?? ref('UserGroup', defaultGroupId(store, 'students'));
	const group = store.find('UserGroup', groupRef.id);
	if (ctx.actor.role === 'Educator' && group && groupRole(store, group) !== 'Student') {
		throw forbidden(ctx.actor, `register users into the ${String(group.attributes.name)} group`);
	}
	const now = nowIso();
	const a = parsed.attributes;
	const preferences: Record<string, unknown> = { ...(isPlainObject(a.preferences) ? a.preferences : {}) };
	if (a.locale !== undefined) preferences.locale = a.locale;
	if (a.fontSize !== undefined) preferences.fontSize = a.fontSize;
	const name = String(a.name).trim();
	const user = store.insert({
		id: store.newId(),
		type: 'User',
		attributes: {
			name,
			emailAddress: String(a.emailAddress).trim(),
			externalId: null,
			profilePicture: null,
			preferences,
			attr: a.attr ?? {},
			timeZone: a.timeZone ?? null,
			notificationConfig: {},
			marketingEmailsConsent: a.marketingEmailsConsent ?? 'pending',
			createdAt: now,
			updatedAt: now,
			lastSeen: null,
			emailVerified: false,
			authData: {},
			...splitName(name),
			userGroupsMetadata: { [groupRef.id]: { dateJoined: now } },
		},
		relationships: {
			subPortal: (parsed.relationships.subPortal as Ref | null | undefined) ?? null,
			userAttributes: [],
			userGroups: [groupRef],
		},
	});
	ctx.emit('user.registered', wh.userRegisteredPayload(store, user));
	emitAddedToGroup(ctx, user, [groupRef.id], now);
	// The response is a UserRegistration whose id is the new User's id. INFERRED: the docs do not say
	// whether the registration id equals the user id (NOT FOUND); the sandbox makes them equal.
	const echoed: Record<string, unknown> = { ...a, createdAt: now };
	delete echoed.password;
	const relationships: Record<string, RelValue> = { userGroups: [groupRef], subPortal: user.relationships.subPortal };
	const doc = { data: api.serialize(ctx, user, { asType: 'UserRegistration', attributes: echoed, relationships }) };
	return { status: 201, body: doc, headers: { location: `${ctx.origin}/v3/users/${user.id}` } };
}

function updateUser(ctx: Ctx): Resp {
	const store = ctx.store;
	return api.updateResource(ctx, 'User', {
		check: (c, rec, parsed: ParsedWrite) => {
			const errors: ReturnType<typeof errorObject>[] = [];
			const email = parsed.attributes.emailAddress;
			if (typeof email === 'string') {
				const other = store.userByEmail(email);
				if (other && other.id !== rec.id) errors.push(duplicateEmailError());
			}
			const groups = parsed.relationships.userGroups as Ref[] | undefined;
			checkGroupsRelationship(c, groups, errors);
			if (errors.length > 0) failWith(errors);
			const role = c.actor.role;
			if (groups !== undefined || parsed.relationships.subPortal !== undefined) {
				if (role === 'Student' || role === 'Marker') throw forbidden(c.actor, 'change user groups or sub-portals');
				if (role === 'Educator' && groups) {
					for (const g of groups) {
						const group = store.find('UserGroup', g.id);
						if (group && groupRole(store, group) !== 'Student') {
							throw forbidden(c.actor, `add users to the ${String(group.attributes.name)} group`);
						}
					}
				}
			}
		},
		after: (c, rec, before) => {
			const now = nowIso();
			if (rec.attributes.name !== before.attributes.name) Object.assign(rec.attributes, splitName(rec.attributes.name));
			const oldGroups = refIds(before.relationships.userGroups);
			const newGroups = refIds(rec.relationships.userGroups);
			const added = newGroups.filter((g) => !oldGroups.includes(g));
			if (added.length > 0 || oldGroups.length !== newGroups.length) {
				const oldMeta = (isPlainObject(before.attributes.userGroupsMetadata) ? before.attributes.userGroupsMetadata : {}) as Record<string, unknown>;
				const meta: Record<string, unknown> = {};
				for (const g of newGroups) meta[g] = oldMeta[g] ?? { dateJoined: now };
				rec.attributes.userGroupsMetadata = meta;
			}
			c.emit(
				'user.updated',
				wh.userUpdatedPayload(store, rec, {
					name: before.attributes.name,
					email: before.attributes.emailAddress,
					preferences: before.attributes.preferences,
					customAttributes: before.attributes.attr,
				}),
			);
			emitAddedToGroup(c, rec, added, now);
		},
	});
}

/**
 * `POST|DELETE /users/{id}/relationships/userGroups` with `{"data": [{"type": "UserGroup", "id"}]}`:
 * adds or removes just those groups (JSON:API relationship routes; INFERRED for users, SEEN style
 * on Update CollectionSubFolder). Adding a member or removing a non-member is a no-op. 204.
 */
function changeUserGroups(add: boolean) {
	return (ctx: Ctx): Resp => {
		const store = ctx.store;
		const user = api.findOr404(ctx, 'User');
		assertCanSee(store, ctx.actor, user);
		const body = ctx.body;
		const data = isPlainObject(body) ? body.data : undefined;
		if (!Array.isArray(data)) {
			throw apiError(400, 'The body must be {"data": [{"type": "UserGroup", "id": "…"}]}.', { pointer: '/data', code: 'invalidRelationship' });
		}
		const errors: ReturnType<typeof errorObject>[] = [];
		const ids: string[] = [];
		data.forEach((item, i) => {
			const pointer = `/data/${i}`;
			if (!isPlainObject(item) || item.type !== 'UserGroup' || typeof item.id !== 'string') {
				errors.push(errorObject(400, 'Each entry must be {"type": "UserGroup", "id": "…"}.', { pointer, code: 'invalidRelationship' }));
			} else if (!store.find('UserGroup', item.id)) {
				errors.push(errorObject(404, `UserGroup ${item.id} not found.`, { pointer, code: 'notFound' }));
			} else if (add && item.id === store.allUsersGroupId) {
				errors.push(errorObject(400, 'Every user is a member of the All Users group; it cannot be assigned.', { pointer, code: 'implicitGroup' }));
			} else ids.push(item.id);
		});
		if (errors.length > 0) failWith(errors);
		const role = ctx.actor.role;
		if (role === 'Student' || role === 'Marker') throw forbidden(ctx.actor, 'change user groups');
		if (role === 'Educator') {
			for (const id of ids) {
				const group = store.find('UserGroup', id) as ResourceRecord;
				if (groupRole(store, group) !== 'Student') throw forbidden(ctx.actor, `change membership of the ${String(group.attributes.name)} group`);
			}
		}
		const before = refIds(user.relationships.userGroups);
		const after = add ? [...before, ...ids.filter((g, i) => !before.includes(g) && ids.indexOf(g) === i)] : before.filter((g) => !ids.includes(g));
		if (after.length === before.length && after.every((g, i) => g === before[i])) return { status: 204 };
		const now = nowIso();
		const oldMeta = (isPlainObject(user.attributes.userGroupsMetadata) ? user.attributes.userGroupsMetadata : {}) as Record<string, unknown>;
		const meta: Record<string, unknown> = {};
		for (const g of after) meta[g] = oldMeta[g] ?? { dateJoined: now };
		store.update(user, { userGroupsMetadata: meta, updatedAt: now }, { userGroups: after.map((g) => ref('UserGroup', g)) });
		ctx.emit('user.updated', wh.userUpdatedPayload(store, user, { name: user.attributes.name, email: user.attributes.emailAddress, preferences: user.attributes.preferences, customAttributes: user.attributes.attr }));
		emitAddedToGroup(ctx, user, after.filter((g) => !before.includes(g)), now);
		return { status: 204 };
	};
}

function getUserAccount(ctx: Ctx): Resp {
	const user = api.findOr404(ctx, 'User');
	if (user.id !== ctx.actor.user.id && ctx.actor.role !== 'Admin' && ctx.actor.role !== 'Manager') {
		throw forbidden(ctx.actor, `read the account of User ${user.id}`);
	}
	const at = user.attributes;
	const attributes = {
		hasExternalAuth: false,
		canChangePassword: true,
		canSetNewPassword: false,
		shouldVerifyEmail: at.emailVerified !== true,
		name: at.name,
		emailAddress: at.emailAddress,
		profilePicture: at.profilePicture ?? null,
		preferences: at.preferences ?? {},
		attr: at.attr ?? {},
		timeZone: at.timeZone ?? null,
		notificationConfig: at.notificationConfig ?? {},
	};
	return { status: 200, body: api.singleDocument(ctx, user, { asType: 'UserAccount', attributes, relationships: {} }) };
}

// ---------------------------------------------------------------------------------------------
// groups

function createGroup(ctx: Ctx): Resp {
	return api.createResource(ctx, 'UserGroup', {
		defaults: (c) => ({
			attributes: {
				description: null,
				attr: {},
				isArchived: false,
				membershipExpiryEnabled: false,
				membershipExpiryTimeToExpireInMs: null,
				isDefaultGroup: false,
				defaultGroupType: null,
				internal: false,
			},
			relationships: {
				owner: ref('User', c.actor.user.id),
				userType: ref('UserType', c.store.all('UserType').find((t) => t.attributes.name === 'Student')?.id ?? ''),
			},
		}),
	});
}

function updateGroup(ctx: Ctx): Resp {
	return api.updateResource(ctx, 'UserGroup', {
		check: (_c, rec, parsed) => {
			const parent = parsed.relationships.parentGroup as Ref | null | undefined;
			if (parent && parent.id === rec.id) api.relationshipError(400, 'parentGroup', 'A group cannot be its own parent.');
		},
	});
}

function deleteGroup(ctx: Ctx): Resp {
	return api.deleteResource(ctx, 'UserGroup', (c, rec) => {
		if (rec.attributes.isDefaultGroup === true) {
			throw apiError(403, `${String(rec.attributes.name)} is a default group and cannot be deleted.`, { code: 'defaultGroup' });
		}
	});
}

// ---------------------------------------------------------------------------------------------
// attempts

/** Deterministic completion (auto-marked): fires (attempt|exam).submitted then (attempt|exam).completed,
 *  and assignment.completed when the attempt belongs to an assignment. */
export function completeAttempt(ctx: Ctx, attempt: ResourceRecord, timeCompleted?: string): void {
	const store = ctx.store;
	const at = attempt.attributes;
	const now = timeCompleted ?? nowIso();
	const score = typeof at.score === 'number' && at.score > 0 ? at.score : Math.round((0.45 + ctx.rng.int(51) / 100) * 100) / 100;
	const maxPoints = 40;
	const grade =
		score >= 0.85
			? { label: 'Distinction', minScore: 0.85, isPass: true }
			: score >= 0.5
				? { label: 'Pass', minScore: 0.5, isPass: true }
				: { label: 'Fail', minScore: 0, isPass: false };
	const examId = relId(attempt, 'examV2');
	store.update(attempt, {
		isCompleted: true,
		status: 'completed',
		timeStarted: at.timeStarted ?? new Date(Date.parse(now) - 25 * 60_000).toISOString(),
		timeCompleted: now,
		score,
		marks: { points: Math.round(score * maxPoints), maxPoints, credits: 0, penalties: 0 },
		grade,
		resultsStatus: 'released',
		resultsMarkingStatus: 'completed',
		resultsPendingMarks: 0,
		examStatus: examId ? 'completed' : (at.examStatus ?? null),
		isOpen: false,
		isPast: true,
	});
	const isExam = Boolean(examId);
	ctx.emit(isExam ? 'exam.submitted' : 'attempt.submitted', wh.attemptSubmittedPayload(store, attempt, isExam));
	ctx.emit(isExam ? 'exam.completed' : 'attempt.completed', wh.attemptCompletedPayload(store, attempt, isExam));
	const asgId = relId(attempt, 'assignment');
	const asg = asgId ? store.find('Assignment', asgId) : undefined;
	if (asg && asg.attributes.status !== 'completed') {
		store.update(asg, { status: 'completed', completedAt: now, progress: 1 });
		ctx.emit('assignment.completed', wh.assignmentCompletedPayload(store, asg));
	}
}

function createAttempt(ctx: Ctx): Resp {
	return api.createResource(ctx, 'Attempt', {
		defaults: (c, parsed) => {
			const examRef = parsed.relationships.examV2 as Ref | null | undefined;
			const exam = examRef ? c.store.find('Exam-V-2', examRef.id) : undefined;
			return {
				attributes: attemptDefaults(exam ? String(exam.attributes.name) : 'Practice attempt', Boolean(exam)),
				relationships: { owner: ref('User', c.actor.user.id) },
			};
		},
		after: (c, rec) => {
			const examId = relId(rec, 'examV2');
			const exam = examId ? c.store.find('Exam-V-2', examId) : undefined;
			const user = c.store.find('User', relId(rec, 'user') ?? '');
			if (exam && user) c.emit('user.registeredForExam', wh.registeredForExamPayload(c.store, user, exam, c.origin));
		},
	});
}

export function attemptDefaults(title: string, isExam: boolean): Record<string, unknown> {
	return {
		title,
		schedule: { activateAt: null, deactivateAt: null },
		settings: {},
		attemptsAllowed: 1,
		candidateOpenDate: null,
		isCompleted: false,
		timeStarted: null,
		timeCompleted: null,
		proctor: {},
		resitCount: 0,
		status: 'draft',
		state: {},
		quizSetup: { totalQuestions: 20 },
		grade: null,
		examStatus: isExam ? 'enrolled' : null,
		version: '1',
		score: 0,
		marks: { points: 0, maxPoints: 40, credits: 0, penalties: 0 },
		isRevoked: false,
		isOpen: true,
		isUpcoming: false,
		isPast: false,
		resultsStatus: 'pending',
		resultsMarkingStatus: 'notStarted',
		resultsPendingMarks: 0,
		proctorStatus: null,
		proctorEnabled: false,
		proctorVendor: null,
		proctorSessionId: null,
		proctorIsApproved: false,
		proctorReviews: [],
		proctorRequiresReview: false,
		proctorBreaches: 0,
		proctorLiveProctoring: false,
		...Object.fromEntries(PROCTOR_ROSALYN_RULES.map((name) => [name, false])),
	};
}

function submitAttempt(ctx: Ctx): Resp {
	const store = ctx.store;
	const data = api.parseDocument(ctx, 'AttemptSubmission');
	const parsed = api.validated(ctx, 'AttemptSubmission', data);
	const attempt = store.find('Attempt', (parsed.relationships.attempt as Ref).id) as ResourceRecord;
	assertCanSee(store, ctx.actor, attempt);
	assertCanWrite(store, ctx.actor, attempt, 'submit');
	if (attempt.attributes.isCompleted === true) {
		ctx.countAsDuplicate = true; // a re-sent submission of an already submitted attempt
		throw apiError(409, `Attempt ${attempt.id} has already been submitted.`, {
			pointer: '/data/relationships/attempt',
			code: 'attemptAlreadySubmitted',
		});
	}
	if (attempt.attributes.isRevoked === true) {
		throw apiError(403, `Attempt ${attempt.id} has been revoked.`, { pointer: '/data/relationships/attempt', code: 'attemptRevoked' });
	}
	completeAttempt(ctx, attempt);
	const sub = store.insert({
		id: store.newId(),
		type: 'AttemptSubmission',
		attributes: { createdAt: nowIso() },
		relationships: { attempt: ref('Attempt', attempt.id) },
	});
	return { status: 201, body: api.singleDocument(ctx, sub) };
}

export function playerView(attempt: ResourceRecord): { attributes: Record<string, unknown>; relationships: Record<string, RelValue> } {
	const at = attempt.attributes;
	const marks = (isPlainObject(at.marks) ? at.marks : {}) as Record<string, unknown>;
	const schedule = (isPlainObject(at.schedule) ? at.schedule : {}) as Record<string, unknown>;
	return {
		attributes: {
			timeStarted: at.timeStarted ?? null,
			timeCompleted: at.timeCompleted ?? null,
			examStatus: at.examStatus ?? null,
			status: at.status ?? null,
			title: at.title ?? null,
			quizMode: relId(attempt, 'examV2') ? 'exam' : 'practice',
			locked: false,
			revoked: at.isRevoked === true,
			theme: 'light',
			fontSize: 'medium',
			pinnedMessage: null,
			disableNavigation: false,
			disableControlPanel: false,
			disableNotifications: false,
			proctorEnabled: at.proctorEnabled === true,
			proctorVendor: at.proctorVendor ?? 'internal',
			proctorSessionId: at.proctorSessionId ?? null,
			scheduleStatus: at.isRevoked === true ? 'revoked' : 'active',
			attr: {},
			openTime: schedule.activateAt ?? null,
			closeTime: schedule.deactivateAt ?? null,
			credits: marks.credits ?? 0,
			penalties: marks.penalties ?? 0,
			maxPoints: marks.maxPoints ?? 0,
			points: marks.points ?? 0,
			showAvailableMarks: true,
			score: at.score ?? 0,
		},
		relationships: {
			test: attempt.relationships.test ?? null,
			exam: attempt.relationships.examV2 ?? null,
			owner: attempt.relationships.user ?? null,
			audioInstructions: null,
			responses: [],
			sections: [],
		},
	};
}

function updatePlayerAttempt(ctx: Ctx): Resp {
	const store = ctx.store;
	const attempt = api.findOr404(ctx, 'Attempt'); // PlayerAttempt shares its id with the Attempt
	assertCanSee(store, ctx.actor, attempt);
	const data = api.parseDocument(ctx, 'PlayerAttempt', attempt.id);
	assertCanWrite(store, ctx.actor, attempt, 'update');
	const view = playerView(attempt);
	const parsed = api.validated(ctx, 'PlayerAttempt', data, { id: attempt.id, type: 'PlayerAttempt', ...view });
	const p = parsed.attributes;
	const changes: Record<string, unknown> = {};
	for (const k of ['timeStarted', 'timeCompleted', 'examStatus'] as const) if (p[k] !== undefined) changes[k] = p[k];
	if (p.status !== undefined && p.status !== 'completed') changes.status = p.status;
	else if (p.timeStarted && attempt.attributes.status === 'draft') changes.status = 'inProgress';
	store.update(attempt, changes);
	if (p.status === 'completed' && attempt.attributes.isCompleted !== true) {
		completeAttempt(ctx, attempt, typeof p.timeCompleted === 'string' ? p.timeCompleted : undefined);
	}
	const after = playerView(attempt);
	const rec: ResourceRecord = { id: attempt.id, type: 'PlayerAttempt', ...after };
	return { status: 200, body: api.singleDocument(ctx, rec) };
}

// ---------------------------------------------------------------------------------------------
// other resources

function ownerDefault(c: Ctx) {
	return { relationships: { owner: ref('User', c.actor.user.id) } };
}

function createLearningRecord(ctx: Ctx): Resp {
	return api.createResource(ctx, 'LearningRecord', {
		check: (c, parsed) => {
			const u = parsed.relationships.user as Ref | undefined;
			if (c.actor.role === 'Student' && u && u.id !== c.actor.user.id) {
				throw forbidden(c.actor, 'create learning records for other users');
			}
		},
		defaults: (c) => ({ attributes: { attr: {}, recordType: 'cpd' }, relationships: { user: ref('User', c.actor.user.id) } }),
	});
}

function createWebhook(ctx: Ctx): Resp {
	return api.createResource(ctx, 'WebhookSubscription', {
		check: (_c, parsed) => {
			const errors: ReturnType<typeof errorObject>[] = [];
			const ev = parsed.attributes.eventName;
			if (typeof ev === 'string' && !wh.isKnownEvent(ev)) {
				errors.push(
					errorObject(400, `Unknown eventName "${ev}". Known events: ${[...wh.EVENT_NAMES, 'assignment.complete'].join(', ')}.`, {
						pointer: '/data/attributes/eventName',
						title: 'Invalid Attribute',
						code: 'unknownEvent',
					}),
				);
			}
			const ba = parsed.attributes.basicAuth;
			if (isPlainObject(ba) && (typeof ba.username !== 'string' || typeof ba.password !== 'string')) {
				errors.push(
					errorObject(400, '`basicAuth` must be {"username": "...", "password": "..."}.', {
						pointer: '/data/attributes/basicAuth',
						title: 'Invalid Attribute',
						code: 'invalidValue',
					}),
				);
			}
			if (errors.length > 0) failWith(errors);
		},
		defaults: () => ({ attributes: { active: true, basicAuth: null } }),
	});
}

function createSynopticSession(ctx: Ctx): Resp {
	return api.createResource(ctx, 'SynopticSession', {
		check: (c, parsed) => {
			const attempt = c.store.find('Attempt', (parsed.relationships.attempt as Ref).id) as ResourceRecord;
			const candidate = (parsed.relationships.candidate as Ref).id;
			if (relId(attempt, 'user') !== candidate) {
				api.relationshipError(400, 'candidate', `User ${candidate} is not the candidate of Attempt ${attempt.id}.`, 'candidateMismatch');
			}
		},
		defaults: (c) => ({ attributes: { token: `st_${c.rng.chars(40)}` } }),
	});
}

function createFlag(ctx: Ctx): Resp {
	return api.createResource(ctx, 'Flag', {
		check: (c, parsed) => {
			const planter = parsed.relationships.planter as Ref | null | undefined;
			if (planter && planter.id !== c.actor.user.id && c.actor.role !== 'Admin' && c.actor.role !== 'Manager') {
				throw forbidden(c.actor, 'plant flags on behalf of other users');
			}
		},
		defaults: (c) => ({
			attributes: { isReviewed: false },
			relationships: { planter: ref('User', c.actor.user.id), portal: ref('Portal', c.store.orderedIds('Portal')[0]) },
		}),
		after: (c, rec) => c.emit('flag.planted', wh.flagPlantedPayload(c.store, rec, c.origin)),
	});
}

function deleteAssignmentGroup(ctx: Ctx): Resp {
	const res = api.deleteResource(ctx, 'AssignmentGroup');
	for (const a of ctx.store.all('Assignment')) if (relId(a, 'assignmentGroup') === ctx.id) ctx.store.remove('Assignment', a.id);
	return res;
}

const list = (type: string) => (ctx: Ctx) => api.listResources(ctx, { type });
const get = (type: string) => (ctx: Ctx) => api.getResource(ctx, type);
const update = (type: string) => (ctx: Ctx) => api.updateResource(ctx, type);
const del = (type: string) => (ctx: Ctx) => api.deleteResource(ctx, type);

// ---------------------------------------------------------------------------------------------
// THE TABLE

export const ROUTES: RouteDef[] = [
	// Portal
	{ method: 'GET', path: '/portals/{id}', type: 'Portal', source: 'INFERRED', roles: ALL, note: 'Portal document SEEN on Getting Started', handler: get('Portal') },
	{ method: 'PATCH', path: '/portals/{id}', type: 'Portal', source: 'INFERRED', roles: ADMINS, note: 'body SEEN (Update Portal), path cut off', handler: update('Portal') },
	{ method: 'GET', path: '/sub-portals', type: 'SubPortal', source: 'INFERRED', roles: ALL, handler: list('SubPortal') },
	{ method: 'GET', path: '/user-types', type: 'UserType', source: 'INFERRED', roles: ALL, handler: list('UserType') },
	// Users
	{ method: 'POST', path: '/user-registrations', type: 'UserRegistration', source: 'SEEN', roles: AUTHORS, handler: register },
	{
		method: 'GET',
		path: '/users',
		type: 'User',
		source: 'INFERRED',
		roles: ALL,
		note: 'List Users (menu)',
		handler: (ctx) => api.listResources(ctx, { type: 'User', filters: api.userFilters(ctx.store) }),
	},
	{ method: 'GET', path: '/users/{id}', type: 'User', source: 'INFERRED', roles: ALL, note: 'Get User (menu)', handler: get('User') },
	{ method: 'PATCH', path: '/users/{id}', type: 'User', source: 'SEEN', roles: ALL, handler: updateUser },
	{ method: 'DELETE', path: '/users/{id}', type: 'User', source: 'INFERRED', roles: ADMINS, note: 'Delete User (menu)', handler: del('User') },
	{
		method: 'POST',
		path: '/users/{id}/relationships/userGroups',
		type: 'UserGroup',
		source: 'INFERRED',
		roles: AUTHORS,
		note: 'JSON:API relationship route (Synap uses them: Update CollectionSubFolder); adds groups',
		handler: changeUserGroups(true),
	},
	{
		method: 'DELETE',
		path: '/users/{id}/relationships/userGroups',
		type: 'UserGroup',
		source: 'INFERRED',
		roles: AUTHORS,
		note: 'JSON:API relationship route; removes groups',
		handler: changeUserGroups(false),
	},
	{ method: 'GET', path: '/user-accounts/{id}', type: 'UserAccount', source: 'SEEN', roles: ALL, handler: getUserAccount },
	// User groups
	{ method: 'GET', path: '/user-groups', type: 'UserGroup', source: 'INFERRED', roles: ALL, handler: list('UserGroup') },
	{ method: 'POST', path: '/user-groups', type: 'UserGroup', source: 'INFERRED', roles: ADMINS, handler: createGroup },
	{ method: 'GET', path: '/user-groups/{id}', type: 'UserGroup', source: 'INFERRED', roles: ALL, handler: get('UserGroup') },
	{ method: 'PATCH', path: '/user-groups/{id}', type: 'UserGroup', source: 'SEEN', roles: ADMINS, handler: updateGroup },
	{ method: 'DELETE', path: '/user-groups/{id}', type: 'UserGroup', source: 'INFERRED', roles: ADMINS, handler: deleteGroup },
	// Invites
	{ method: 'GET', path: '/invites', type: 'Invite', source: 'INFERRED', roles: AUTHORS, note: 'List Invites (menu)', handler: list('Invite') },
	{ method: 'GET', path: '/invites/{id}', type: 'Invite', source: 'SEEN', roles: AUTHORS, handler: get('Invite') },
	{ method: 'PATCH', path: '/invites/{id}', type: 'Invite', source: 'SEEN', roles: AUTHORS, note: 'only status, lastSent writable', handler: update('Invite') },
	// Attempts
	{ method: 'GET', path: '/attempts', type: 'Attempt', source: 'INFERRED', roles: ALL, note: 'List Attempts (menu)', handler: list('Attempt') },
	{ method: 'POST', path: '/attempts', type: 'Attempt', source: 'INFERRED', roles: AUTHORS, note: 'Create Attempt (menu)', handler: createAttempt },
	{ method: 'GET', path: '/attempts/{id}', type: 'Attempt', source: 'SEEN', roles: ALL, handler: get('Attempt') },
	{
		method: 'POST',
		path: '/attempt-submissions',
		type: 'AttemptSubmission',
		source: 'INFERRED',
		roles: ['Admin', 'Manager', 'Educator', 'Student'],
		note: 'Create AttemptSubmission (menu, proctor Cancel guide); path NOT FOUND',
		handler: submitAttempt,
	},
	{
		method: 'PATCH',
		path: '/player-attempts/{id}',
		type: 'PlayerAttempt',
		source: 'SEEN',
		roles: ['Admin', 'Manager', 'Educator', 'Student'],
		note: 'id = the Attempt id',
		handler: updatePlayerAttempt,
	},
	// Assignments
	{ method: 'GET', path: '/assignment-groups', type: 'AssignmentGroup', source: 'INFERRED', roles: ALL, handler: list('AssignmentGroup') },
	{
		method: 'POST',
		path: '/assignment-groups',
		type: 'AssignmentGroup',
		source: 'INFERRED',
		roles: AUTHORS,
		handler: (ctx) =>
			api.createResource(ctx, 'AssignmentGroup', {
				defaults: () => ({
					attributes: {
						deadlineType: 'indefinite',
						progressionType: 'free',
						isReviewRequired: false,
						isArchived: false,
						status: 'inactive',
						certificateIgnoreSubPortalBranding: false,
						certificateShareList: [],
						isActive: false,
					},
				}),
			}),
	},
	{ method: 'GET', path: '/assignment-groups/{id}', type: 'AssignmentGroup', source: 'INFERRED', roles: ALL, handler: get('AssignmentGroup') },
	{
		method: 'PATCH',
		path: '/assignment-groups/{id}',
		type: 'AssignmentGroup',
		source: 'SEEN',
		roles: AUTHORS,
		handler: (ctx) =>
			api.updateResource(ctx, 'AssignmentGroup', {
				after: (c, rec) => {
					rec.attributes.isActive = rec.attributes.status === 'active';
				},
			}),
	},
	{ method: 'DELETE', path: '/assignment-groups/{id}', type: 'AssignmentGroup', source: 'INFERRED', roles: AUTHORS, handler: deleteAssignmentGroup },
	{ method: 'GET', path: '/assignments', type: 'Assignment', source: 'INFERRED', roles: ALL, note: 'List Assignments (menu)', handler: list('Assignment') },
	// Collections
	{ method: 'GET', path: '/collections', type: 'Collection', source: 'INFERRED', roles: ALL, handler: list('Collection') },
	{
		method: 'POST',
		path: '/collections',
		type: 'Collection',
		source: 'INFERRED',
		roles: AUTHORS,
		note: 'body SEEN (Create Collection), path cut off',
		handler: (ctx) =>
			api.createResource(ctx, 'Collection', {
				defaults: (c) => ({ attributes: { settings: {}, attr: {}, isArchived: false, generatedAttemptsEnabled: false, mocks: [], grades: [] }, ...ownerDefault(c) }),
			}),
	},
	{ method: 'GET', path: '/collections/{id}', type: 'Collection', source: 'INFERRED', roles: ALL, handler: get('Collection') },
	{ method: 'PATCH', path: '/collections/{id}', type: 'Collection', source: 'INFERRED', roles: AUTHORS, handler: update('Collection') },
	{ method: 'DELETE', path: '/collections/{id}', type: 'Collection', source: 'INFERRED', roles: AUTHORS, handler: del('Collection') },
	{
		method: 'POST',
		path: '/collection-accesses',
		type: 'CollectionAccess',
		source: 'SEEN',
		roles: ADMINS,
		note: 'gives a user group access to a collection',
		handler: (ctx) => api.createResource(ctx, 'CollectionAccess', { defaults: () => ({ attributes: { upgradeInstructionsData: [] } }) }),
	},
	{ method: 'PATCH', path: '/collection-folders/{id}', type: 'CollectionFolder', source: 'SEEN', roles: AUTHORS, handler: update('CollectionFolder') },
	// Exams
	{ method: 'GET', path: '/exam-v-2s', type: 'Exam-V-2', source: 'INFERRED', roles: ALL, handler: list('Exam-V-2') },
	{
		method: 'POST',
		path: '/exam-v-2s',
		type: 'Exam-V-2',
		source: 'INFERRED',
		roles: AUTHORS,
		note: 'body SEEN (Create Exam-V-2), path cut off',
		handler: (ctx) =>
			api.createResource(ctx, 'Exam-V-2', {
				defaults: (c) => ({ attributes: { isDynamic: false, isSectioned: false, attr: {}, isArchived: false, ipAllowList: [] }, ...ownerDefault(c) }),
			}),
	},
	{ method: 'GET', path: '/exam-v-2s/{id}', type: 'Exam-V-2', source: 'INFERRED', roles: ALL, handler: get('Exam-V-2') },
	{ method: 'PATCH', path: '/exam-v-2s/{id}', type: 'Exam-V-2', source: 'INFERRED', roles: AUTHORS, handler: update('Exam-V-2') },
	// Study items, flags
	{
		method: 'POST',
		path: '/study-items',
		type: 'StudyItem',
		source: 'SEEN',
		roles: ALL,
		handler: (ctx) => api.createResource(ctx, 'StudyItem', { defaults: (c) => ownerDefault(c) }),
	},
	{ method: 'POST', path: '/flags', type: 'Flag', source: 'SEEN', roles: ALL, handler: createFlag },
	// Learning records
	{ method: 'GET', path: '/learning-records', type: 'LearningRecord', source: 'INFERRED', roles: ALL, handler: list('LearningRecord') },
	{ method: 'POST', path: '/learning-records', type: 'LearningRecord', source: 'INFERRED', roles: ['Admin', 'Manager', 'Educator', 'Student'], handler: createLearningRecord },
	{ method: 'GET', path: '/learning-records/{id}', type: 'LearningRecord', source: 'INFERRED', roles: ALL, handler: get('LearningRecord') },
	{ method: 'PATCH', path: '/learning-records/{id}', type: 'LearningRecord', source: 'INFERRED', roles: ['Admin', 'Manager', 'Educator', 'Student'], handler: update('LearningRecord') },
	{ method: 'DELETE', path: '/learning-records/{id}', type: 'LearningRecord', source: 'INFERRED', roles: ['Admin', 'Manager', 'Educator', 'Student'], handler: del('LearningRecord') },
	// Access policies
	{ method: 'GET', path: '/access-policies', type: 'AccessPolicy', source: 'INFERRED', roles: ADMINS, handler: list('AccessPolicy') },
	{
		method: 'POST',
		path: '/access-policies',
		type: 'AccessPolicy',
		source: 'INFERRED',
		roles: ADMINS,
		handler: (ctx) => api.createResource(ctx, 'AccessPolicy', { defaults: () => ({ attributes: { rules: [], isActive: true, priority: 0 } }) }),
	},
	{ method: 'GET', path: '/access-policies/{id}', type: 'AccessPolicy', source: 'INFERRED', roles: ADMINS, handler: get('AccessPolicy') },
	{ method: 'PATCH', path: '/access-policies/{id}', type: 'AccessPolicy', source: 'INFERRED', roles: ADMINS, handler: update('AccessPolicy') },
	{ method: 'DELETE', path: '/access-policies/{id}', type: 'AccessPolicy', source: 'INFERRED', roles: ADMINS, handler: del('AccessPolicy') },
	// Webhook subscriptions
	{ method: 'GET', path: '/webhook-subscriptions', type: 'WebhookSubscription', source: 'INFERRED', roles: ADMINS, handler: list('WebhookSubscription') },
	{ method: 'POST', path: '/webhook-subscriptions', type: 'WebhookSubscription', source: 'SEEN', roles: ADMINS, handler: createWebhook },
	{ method: 'GET', path: '/webhook-subscriptions/{id}', type: 'WebhookSubscription', source: 'INFERRED', roles: ADMINS, handler: get('WebhookSubscription') },
	{ method: 'DELETE', path: '/webhook-subscriptions/{id}', type: 'WebhookSubscription', source: 'INFERRED', roles: ADMINS, handler: del('WebhookSubscription') },
	// Proctoring
	{ method: 'POST', path: '/synoptic-sessions', type: 'SynopticSession', source: 'SEEN', roles: AUTHORS, note: 'response attributes include token', handler: createSynopticSession },
];

// Markers are read-only: every write route above excludes them except PATCH /users/{id} (themself
// only), POST /study-items and POST /flags.

export interface RouteMatch {
	route: RouteDef;
	id?: string;
}

/** Match `sub` (the path after /v3). Returns the route, or the allowed methods (405), or undefined (404). */
export function matchRoute(method: string, sub: string): RouteMatch | { allowed: string[] } | undefined {
	const segs = sub.split('/').slice(1); // '/users/ID' -> ['users', 'ID']
	const allowed: string[] = [];
	for (const route of ROUTES) {
		const rsegs = route.path.split('/').slice(1);
		if (rsegs.length !== segs.length) continue;
		let id: string | undefined;
		let ok = true;
		for (let i = 0; i < rsegs.length; i++) {
			if (rsegs[i] === '{id}') {
				if (segs[i] === '') ok = false;
				else {
					try {
						id = decodeURIComponent(segs[i]);
					} catch {
						ok = false;
					}
				}
			} else if (rsegs[i] !== segs[i]) ok = false;
			if (!ok) break;
		}
		if (!ok) continue;
		if (route.method === method) return { route, id };
		if (!allowed.includes(route.method)) allowed.push(route.method);
	}
	return allowed.length > 0 ? { allowed } : undefined;
}
