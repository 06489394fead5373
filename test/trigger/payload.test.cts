/**
 * The Synap Trigger's pure parts: the event table, the normalised fields for every payload shape
 * of docs/synap-api.md §6, and the Basic-auth check.
 */
import { createHash } from 'node:crypto';

import { generateSecret, isAuthorized, parseBasicAuth } from '../../nodes/SynapTrigger/auth';
import { RESOURCES } from '../../nodes/Synap/actions/registry';
import { canonicalEvent, eventOptions, findEvent, SYNAP_EVENTS } from '../../nodes/shared/webhookEvents';
import { POLL_EVENTS } from '../../nodes/SynapPollingTrigger/events';
import { eventOf, normalise, toItemJson } from '../../nodes/SynapTrigger/payload';

const RECEIVED = new Date('2026-05-01T08:00:00.000Z');
const user = { id: 'QsogF1GDFZ', name: 'Ada Lovelace', email: 'ada@example.com', customAttributes: {} };
const common = { user, portal: { id: 'PortalAAA1' }, meta: { timestamp: '2026-04-30T12:00:00.000Z' } };

describe('events', () => {
	test('the twelve events, one inferred, options sorted by name', () => {
		expect(SYNAP_EVENTS.map((e) => e.value)).toEqual([
			'attempt.submitted',
			'attempt.completed',
			'attemptOverride.created',
			'exam.submitted',
			'exam.completed',
			'exam.resultsReleased',
			'user.registered',
			'user.updated',
			'user.addedToGroup',
			'user.registeredForExam',
			'assignment.completed',
			'flag.planted',
		]);
		expect(SYNAP_EVENTS.filter((e) => e.source === 'INFERRED').map((e) => e.value)).toEqual(['exam.resultsReleased']);
		const names = eventOptions.map((o) => o.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		expect(eventOptions.find((o) => o.value === 'exam.resultsReleased')?.description).toMatch(/inferred/);
	});

	test('both spellings of assignment completed are one event', () => {
		expect(canonicalEvent('assignment.complete')).toBe('assignment.completed');
		expect(canonicalEvent('assignment.completed')).toBe('assignment.completed');
		expect(findEvent('assignment.complete')).toBe(findEvent('assignment.completed'));
		expect(findEvent('assignment.completed')?.subscribeAs).toEqual(['assignment.completed', 'assignment.complete']);
		expect(canonicalEvent('store.purchase')).toBe('store.purchase');
		expect(findEvent('store.purchase')).toBeUndefined();
	});
});

describe('normalised fields', () => {
	test.each([
		['attempt.submitted', { ...common, attempt: { id: 'Att1', score: 0.5 } }, { userId: user.id, userEmail: user.email, portalId: 'PortalAAA1', occurredAt: common.meta.timestamp }],
		['exam.completed', { ...common, id: 'Att1', attempt: { grade: { label: 'Pass' } } }, { userId: user.id, portalId: 'PortalAAA1', occurredAt: common.meta.timestamp }],
		['assignment.completed', { ...common, assignment: { objectId: 'Asg1' } }, { userId: user.id, userEmail: user.email }],
		['user.registeredForExam', { ...common, exam: { objectId: 'Exam1' } }, { userId: user.id, userEmail: user.email }],
		// documented payload not captured: the common block is read when present
		['attemptOverride.created', { ...common, attemptOverride: { objectId: 'Ovr1' } }, { userId: user.id, occurredAt: common.meta.timestamp }],
		[
			'user.registered',
			{ name: 'Ada', email: 'ada@example.com', objectId: 'QsogF1GDFZ', usergroups: [], timeRegistered: '2026-04-01T09:00:00.000Z', customAttributes: {} },
			{ userId: 'QsogF1GDFZ', userEmail: 'ada@example.com', portalId: null, occurredAt: '2026-04-01T09:00:00.000Z' },
		],
		// timeRegistered is not when the update happened: the receipt time is used
		[
			'user.updated',
			{ objectId: 'QsogF1GDFZ', email: 'ada@example.com', timeRegistered: '2026-04-01T09:00:00.000Z', previousValues: {} },
			{ userId: 'QsogF1GDFZ', userEmail: 'ada@example.com', portalId: null, occurredAt: RECEIVED.toISOString() },
		],
		// the top-level objectId is the GROUP's
		[
			'user.addedToGroup',
			{ portal: { id: 'PortalAAA1' }, objectId: 'GroupAAAA1', name: 'Chemistry', dateAdded: '2026-04-02T10:00:00.000Z', user },
			{ userId: user.id, userEmail: user.email, portalId: 'PortalAAA1', occurredAt: '2026-04-02T10:00:00.000Z' },
		],
		[
			'flag.planted',
			{ portal: { id: 'PortalAAA1' }, objectId: 'Flag1', planter: user, comment: 'typo', createdAt: '2026-04-03T11:00:00.000Z' },
			{ userId: user.id, userEmail: user.email, portalId: 'PortalAAA1', occurredAt: '2026-04-03T11:00:00.000Z' },
		],
	])('%s', (event, payload, expected) => {
		const fields = normalise(payload, event, RECEIVED);
		expect(fields).toMatchObject({ event, ...expected, receivedAt: RECEIVED.toISOString() });
	});

	test('the event comes from meta.eventName when Synap sends one, else from the URL', () => {
		const released = { ...common, meta: { ...common.meta, eventName: 'exam.resultsReleased' }, user: { ...user, subPortalId: 'Sub1' } };
		expect(eventOf(released, 'exam.completed')).toBe('exam.resultsReleased');
		expect(eventOf(common, 'assignment.complete')).toBe('assignment.completed');
		expect(eventOf(common, undefined)).toBeNull();
		// a code the node does not know is passed on as Synap wrote it
		expect(eventOf({ meta: { eventName: 'exam.results.released' } }, 'exam.resultsReleased')).toBe('exam.results.released');
	});

	test('an unknown event is normalised from the payload shape', () => {
		expect(normalise({ planter: { id: 'U1', email: 'p@example.com' } }, null, RECEIVED)).toMatchObject({ event: null, userId: 'U1', userEmail: 'p@example.com' });
		expect(normalise({ ...common }, 'store.purchase', RECEIVED)).toMatchObject({ userId: user.id, portalId: 'PortalAAA1' });
		expect(normalise({}, null, RECEIVED)).toEqual({
			event: null,
			userId: null,
			userEmail: null,
			portalId: null,
			occurredAt: RECEIVED.toISOString(),
			receivedAt: RECEIVED.toISOString(),
		});
	});

	test('the payload is kept as is; the fields go under "synap", or "_synap" if Synap uses that key', () => {
		const payload = { objectId: 'U1', email: 'u@example.com', nested: { a: [1, 2] } };
		const fields = normalise(payload, 'user.updated', RECEIVED);
		expect(toItemJson(payload, fields)).toEqual({ ...payload, synap: fields });
		expect(toItemJson({ ...payload, synap: 1 }, fields)).toEqual({ ...payload, synap: 1, _synap: fields });
	});
});

describe('Basic auth', () => {
	const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
	const header = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

	test('generated secrets: random, at least 128 bits, only the digest is kept', () => {
		const a = generateSecret();
		const b = generateSecret();
		expect(a.password).not.toBe(b.password);
		expect(a.username).not.toBe(b.username);
		expect(Buffer.from(a.password, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
		expect(a.passwordSha256).toBe(sha256(a.password));
		expect(a.password).not.toContain(':');
	});

	test('parses Basic credentials, passwords may contain ":"', () => {
		expect(parseBasicAuth(header('n8n-user', 'pa:ss'))).toEqual({ username: 'n8n-user', password: 'pa:ss' });
		expect(parseBasicAuth('basic ' + Buffer.from('u:p').toString('base64'))).toEqual({ username: 'u', password: 'p' });
		expect(parseBasicAuth(undefined)).toBeUndefined();
		expect(parseBasicAuth('Bearer abc')).toBeUndefined();
		expect(parseBasicAuth(`Basic ${Buffer.from('no-colon').toString('base64')}`)).toBeUndefined();
	});

	test('matches any stored registration (production and test), nothing else', () => {
		const prod = generateSecret();
		const test = generateSecret();
		const stored = [prod, test].map(({ username, passwordSha256 }) => ({ username, passwordSha256 }));
		expect(isAuthorized(header(prod.username, prod.password), stored)).toBe(true);
		expect(isAuthorized(header(test.username, test.password), stored)).toBe(true);
		expect(isAuthorized(header(prod.username, test.password), stored)).toBe(false);
		expect(isAuthorized(header(prod.username, `${prod.password} `), stored)).toBe(false);
		expect(isAuthorized(header('', ''), [{ username: '', passwordSha256: sha256('') }])).toBe(true);
		expect(isAuthorized(undefined, [{ username: '', passwordSha256: sha256('') }])).toBe(false);
		expect(isAuthorized(header(prod.username, prod.password), [])).toBe(false);
		expect(isAuthorized(header(prod.username, prod.password), [{ username: prod.username, passwordSha256: 'not-hex' }])).toBe(false);
	});
});

describe('one list of event codes', () => {
	test('the Webhook Subscription resource offers exactly the events the Synap Trigger knows', () => {
		const resource = RESOURCES.find((r) => r.value === 'webhookSubscription')!;
		const eventName = resource.attributes.find((a) => a.name === 'eventName')!;
		expect((eventName.options ?? []).map((o) => o.value).sort()).toEqual(SYNAP_EVENTS.map((e) => e.value).sort());
	});

	test('the polling trigger outputs the webhook codes for the events both have', () => {
		const own = ['learningRecord.created'];
		for (const e of POLL_EVENTS) if (!own.includes(e.value)) expect(findEvent(e.value)?.value).toBe(e.value);
	});
});
