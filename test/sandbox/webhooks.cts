// Webhooks: event names, payload builders (shapes from docs/synap-api.md §6, SEEN on the academy
// pages) and real HTTP delivery to WebhookSubscription targets.
//
// - Deliveries are plain JSON (NOT JSON:API): `POST <targetUrl>`, `Content-Type: application/json`,
//   and `Authorization: Basic base64(username:password)` when the subscription has basicAuth.
// - Synap's API sample writes `assignment.complete` while the academy lists `assignment.completed`:
//   both spellings are accepted on a subscription and are treated as the same event.
// - Sandbox safety choice: only loopback targets (127.0.0.0/8, localhost, ::1) are contacted; any
//   other target is recorded as a failed delivery (status 0) without network traffic.
// - A failing target (refused, timeout after 10 s, non-2xx) is recorded; it never crashes the sandbox.
import * as http from 'node:http';
import * as https from 'node:https';
import type { Store } from './store.cjs';
import type { Delivery, ResourceRecord } from './types.cjs';
const { refIds, relId } = require('./store') as typeof import('./store.cjs');
const { isPlainObject } = require('./jsonapi') as typeof import('./jsonapi.cjs');

export const EVENT_NAMES = [
	'attempt.submitted',
	'attempt.completed',
	'attemptOverride.created',
	'exam.submitted',
	'exam.completed',
	'user.registered',
	'user.updated',
	'user.addedToGroup',
	'user.registeredForExam',
	'assignment.completed',
	'flag.planted',
] as const;

/** `assignment.complete` (API sample) and `assignment.completed` (academy) are the same event. */
export function normalizeEventName(name: string): string {
	return name === 'assignment.complete' ? 'assignment.completed' : name;
}

export function isKnownEvent(name: string): boolean {
	return (EVENT_NAMES as readonly string[]).includes(normalizeEventName(name));
}

const nowIso = () => new Date().toISOString();

function portalBlock(store: Store) {
	return { id: store.orderedIds('Portal')[0] ?? '' };
}

export function userBlock(user: ResourceRecord | undefined) {
	return {
		id: user?.id ?? '',
		name: (user?.attributes.name as string) ?? '',
		email: (user?.attributes.emailAddress as string) ?? '',
		customAttributes: (user?.attributes.attr as Record<string, unknown>) ?? {},
	};
}

function commonBlock(store: Store, user: ResourceRecord | undefined) {
	return { user: userBlock(user), portal: portalBlock(store), meta: { timestamp: nowIso() } };
}

export function userRegisteredPayload(store: Store, user: ResourceRecord) {
	const payload: Record<string, unknown> = {
		name: user.attributes.name,
		email: user.attributes.emailAddress,
		objectId: user.id,
		usergroups: refIds(user.relationships.userGroups),
		timeRegistered: user.attributes.createdAt,
		customAttributes: user.attributes.attr ?? {},
		preferences: user.attributes.preferences ?? {},
		previousValues: {},
	};
	const sp = relId(user, 'subPortal');
	if (sp) payload.subPortalId = sp;
	return payload;
}

export interface PreviousUserValues {
	name: unknown;
	email: unknown;
	preferences: unknown;
	customAttributes: unknown;
}

export function userUpdatedPayload(store: Store, user: ResourceRecord, previous: PreviousUserValues) {
	const prevPrefs = isPlainObject(previous.preferences) ? previous.preferences : {};
	return {
		objectId: user.id,
		name: user.attributes.name,
		email: user.attributes.emailAddress,
		timeRegistered: user.attributes.createdAt,
		usergroups: refIds(user.relationships.userGroups),
		customAttributes: user.attributes.attr ?? {},
		previousValues: {
			name: previous.name,
			email: previous.email,
			preferences: { locale: prevPrefs.locale ?? null },
			customAttributes: previous.customAttributes ?? {},
		},
	};
}

export function userAddedToGroupPayload(store: Store, user: ResourceRecord, group: ResourceRecord, dateAdded: string) {
	const typeId = relId(group, 'userType');
	const ownerId = relId(group, 'owner');
	const owner = ownerId ? store.find('User', ownerId) : undefined;
	return {
		portal: portalBlock(store),
		meta: { timestamp: nowIso() },
		objectId: group.id,
		name: group.attributes.name,
		totalUsers: store.memberCount(group.id),
		description: group.attributes.description ?? '',
		isDefaultGroup: group.attributes.isDefaultGroup === true,
		userType: typeId ? (store.find('UserType', typeId)?.attributes.name ?? null) : null,
		moderators: owner ? [{ objectId: owner.id, name: owner.attributes.name }] : [],
		dateAdded,
		user: userBlock(user),
	};
}

function attemptUser(store: Store, attempt: ResourceRecord) {
	const uid = relId(attempt, 'user');
	return uid ? store.find('User', uid) : undefined;
}

function num(v: unknown, d = 0): number {
	return typeof v === 'number' ? v : d;
}

function attemptState(attempt: ResourceRecord) {
	const at = attempt.attributes;
	const marks = (isPlainObject(at.marks) ? at.marks : {}) as Record<string, unknown>;
	const started = (at.timeStarted as string) ?? null;
	const completed = (at.timeCompleted as string) ?? null;
	const spent = started && completed ? Math.max(0, Date.parse(completed) - Date.parse(started)) : 0;
	const totalQuestions = num((at.quizSetup as Record<string, unknown> | undefined)?.totalQuestions, 20);
	const correct = Math.round(num(at.score) * totalQuestions);
	return {
		responseQuestionMap: [] as string[][],
		isRevoked: at.isRevoked === true,
		isStarted: started !== null,
		sections: {
			items: [
				{
					sectionId: `${attempt.id}-s1`,
					responseIds: [] as string[],
					isOpen: at.isCompleted !== true,
					isUnlocked: true,
					isCompleted: at.isCompleted === true,
					totalQuestionsCompleted: totalQuestions,
					totalQuestionsSkipped: 0,
					marks: num(marks.points),
					timeStarted: started,
					timeCompleted: completed,
					timeSpentInMs: spent,
					score: num(at.score),
					scoreFrac: num(at.score),
					totalCorrect: correct,
				},
			],
		},
		timeStarted: started,
		timeCompleted: completed,
		timeSpentInMs: spent,
		results: {
			markingStatus: at.resultsMarkingStatus ?? 'notStarted',
			pendingMarks: num(at.resultsPendingMarks),
			status: at.resultsStatus ?? 'pending',
		},
		totalQuestions,
		correct,
	};
}

/** attempt.submitted (isExam false) and exam.submitted (isExam true) */
export function attemptSubmittedPayload(store: Store, attempt: ResourceRecord, isExam: boolean) {
	const s = attemptState(attempt);
	const { totalQuestions: _t, correct, ...state } = s;
	void _t;
	return {
		...commonBlock(store, attemptUser(store, attempt)),
		attempt: {
			score: num(attempt.attributes.score),
			scoreFrac: num(attempt.attributes.score),
			totalAnsweredCorrectly: correct,
			id: attempt.id,
			isExam,
			state,
		},
	};
}

/** attempt.completed, and exam.completed (adds grade, gradeCriteria and marks) */
export function attemptCompletedPayload(store: Store, attempt: ResourceRecord, isExam: boolean) {
	const at = attempt.attributes;
	const s = attemptState(attempt);
	const examId = relId(attempt, 'examV2');
	const exam = examId ? store.find('Exam-V-2', examId) : undefined;
	const inner: Record<string, unknown> = {
		id: attempt.id,
		marks: num((at.marks as Record<string, unknown> | undefined)?.points),
		totalQuestions: s.totalQuestions,
		totalAnswered: s.totalQuestions,
		tags: {
			nonFacetTags: [],
			skill: [],
			difficulty: [],
			subtopic: [],
			topic: [],
			subject: [],
			module: [],
			exam: exam ? [exam.attributes.name] : [],
		},
	};
	if (isExam) {
		inner.grade = at.grade ?? null;
		inner.gradeCriteria = {
			grades: [
				{ label: 'Distinction', minScore: 0.85, isPass: true },
				{ label: 'Pass', minScore: 0.5, isPass: true },
				{ label: 'Fail', minScore: 0, isPass: false },
			],
		};
		inner.marks = at.marks ?? {};
	}
	return {
		...commonBlock(store, attemptUser(store, attempt)),
		id: attempt.id,
		score: num(at.score),
		scoreFrac: num(at.score),
		timeStarted: s.timeStarted,
		timeCompleted: s.timeCompleted,
		timeSpentInMs: s.timeSpentInMs,
		test: { id: relId(attempt, 'test') ?? examId ?? attempt.id, title: at.title ?? '' },
		attempt: inner,
	};
}

export function assignmentCompletedPayload(store: Store, assignment: ResourceRecord) {
	const uid = relId(assignment, 'user');
	const gid = relId(assignment, 'assignmentGroup');
	const group = gid ? store.find('AssignmentGroup', gid) : undefined;
	return {
		...commonBlock(store, uid ? store.find('User', uid) : undefined),
		assignment: { objectId: assignment.id, name: assignment.attributes.name, status: assignment.attributes.status },
		assignmentGroup: { objectId: group?.id ?? gid ?? '', name: group?.attributes.name ?? '' },
	};
}

export function flagPlantedPayload(store: Store, flag: ResourceRecord, origin: string) {
	const pid = relId(flag, 'planter');
	const planter = pid ? store.find('User', pid) : undefined;
	const questionId = relId(flag, 'question') ?? '';
	return {
		portal: portalBlock(store),
		objectId: flag.id,
		planter: userBlock(planter),
		comment: flag.attributes.comment,
		createdAt: flag.attributes.createdAt,
		question: {
			objectId: questionId,
			stem: 'Which of these elements is a noble gas?',
			url: `${origin}/quiz/q/${questionId}`,
		},
		test: { objectId: 'TstChem001', title: 'GCSE Chemistry Revision' },
	};
}

export function registeredForExamPayload(store: Store, user: ResourceRecord, exam: ResourceRecord, origin: string) {
	const gid = relId(exam, 'userGroup');
	const group = gid ? store.find('UserGroup', gid) : undefined;
	const schedule = (isPlainObject(exam.attributes.schedule) ? exam.attributes.schedule : {}) as Record<string, unknown>;
	return {
		...commonBlock(store, user),
		exam: {
			objectId: exam.id,
			url: `${origin}/exams/${exam.id}`,
			name: exam.attributes.name,
			schedule: { openDate: schedule.openDate ?? null, closeDate: schedule.closeDate ?? null },
		},
		userGroup: { objectId: group?.id ?? '', name: group?.attributes.name ?? '' },
	};
}

/** attemptOverride.created: payload NOT captured in the docs; INFERRED common block + ids. */
export function attemptOverridePayload(store: Store, attempt: ResourceRecord, overrideId: string) {
	return {
		...commonBlock(store, attemptUser(store, attempt)),
		attemptOverride: { objectId: overrideId },
		attempt: { id: attempt.id },
	};
}

export function isLoopback(hostname: string): boolean {
	const h = hostname.replace(/^\[|\]$/g, '');
	return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

export class WebhookDeliverer {
	readonly deliveries: Delivery[] = [];
	private readonly pending = new Set<Promise<unknown>>();
	private readonly inFlight = new Set<http.ClientRequest>();
	private closed = false;

	constructor(private readonly getStore: () => Store) {}

	/** Deliver `payload` to every active subscription whose eventName matches. */
	emit(eventName: string, payload: Record<string, unknown>): Promise<Array<{ url: string; status: number }>> {
		const wanted = normalizeEventName(eventName);
		const subs = this.getStore()
			.all('WebhookSubscription')
			.filter((s) => s.attributes.active !== false && normalizeEventName(String(s.attributes.eventName)) === wanted);
		const p = Promise.all(subs.map((s) => this.deliver(s, eventName, payload)));
		this.pending.add(p);
		void p.finally(() => this.pending.delete(p));
		return p;
	}

	async waitForIdle(): Promise<void> {
		while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
	}

	clear(): void {
		this.deliveries.length = 0;
	}

	/** Stop recording and abort deliveries still in flight (they resolve with status 0). */
	close(): void {
		this.closed = true;
		for (const req of this.inFlight) req.destroy(new Error('sandbox closed'));
		this.inFlight.clear();
	}

	private deliver(sub: ResourceRecord, eventName: string, payload: unknown): Promise<{ url: string; status: number }> {
		const url = String(sub.attributes.targetUrl);
		const body = JSON.stringify(payload);
		const headers: Record<string, string> = {
			'content-type': 'application/json',
			'content-length': String(Buffer.byteLength(body)),
			'user-agent': 'Synap-Webhooks/sandbox',
		};
		const auth = sub.attributes.basicAuth;
		if (isPlainObject(auth) && typeof auth.username === 'string') {
			const pass = typeof auth.password === 'string' ? auth.password : '';
			headers.authorization = `Basic ${Buffer.from(`${auth.username}:${pass}`).toString('base64')}`;
		}
		const record = (status: number, error?: string) => {
			const d: Delivery = { subscriptionId: sub.id, url, eventName, status, body: payload, headers };
			if (error) d.error = error;
			if (!this.closed) this.deliveries.push(d);
			return { url, status };
		};
		let target: URL;
		try {
			target = new URL(url);
		} catch {
			return Promise.resolve(record(0, 'invalid target URL'));
		}
		if (this.closed) return Promise.resolve(record(0, 'sandbox closed'));
		if (!isLoopback(target.hostname)) {
			return Promise.resolve(record(0, 'sandbox refuses non-loopback webhook targets'));
		}
		return new Promise((resolve) => {
			const mod = target.protocol === 'https:' ? https : http;
			let done = false;
			const finish = (status: number, error?: string) => {
				if (done) return;
				done = true;
				resolve(record(status, error));
			};
			try {
				const req = mod.request(
					target,
					{ method: 'POST', headers, rejectUnauthorized: false } as http.RequestOptions,
					(res) => {
						res.resume();
						res.on('end', () => finish(res.statusCode ?? 0));
						res.on('error', (e) => finish(res.statusCode ?? 0, String(e)));
					},
				);
				this.inFlight.add(req);
				req.on('close', () => this.inFlight.delete(req));
				req.setTimeout(10_000, () => req.destroy(new Error('webhook delivery timed out after 10 s')));
				req.on('error', (e) => finish(0, e.message));
				req.end(body);
			} catch (e) {
				finish(0, String(e));
			}
		});
	}
}
