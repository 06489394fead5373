// Every route of the sandbox's endpoint table answers a well-formed request with a 2xx JSON:API
// document of the route's type, and no route answers any role with a 5xx.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RouteDef, Sandbox, SeededIds } from './sandbox/index.cjs';
const { startSandbox, ROUTES } = require('./sandbox') as typeof import('./sandbox/index.cjs');

const JSONAPI = 'application/vnd.api+json';
const rel = (type: string, id: string) => ({ data: { type, id } });

/** A valid request for each route (path with ids filled in, and a body for writes). */
function requestFor(route: RouteDef, s: SeededIds, webhookId: string): { path: string; body?: unknown } {
	const ids: Record<string, string> = {
		Portal: s.portalId,
		User: s.users.student2,
		UserAccount: s.users.student,
		UserGroup: s.groups.corporateOnboarding,
		Invite: s.invites.pending,
		Attempt: s.attempts.studentOpen,
		PlayerAttempt: s.attempts.student2Open,
		AssignmentGroup: s.assignmentGroups.chemistryHomework,
		Collection: s.collections.workplaceSafety,
		CollectionFolder: s.collectionFolders.manualHandling,
		'Exam-V-2': s.exams.complianceFinal,
		LearningRecord: s.learningRecords[1],
		AccessPolicy: s.accessPolicies[1],
		WebhookSubscription: webhookId,
	};
	if (route.path.endsWith('/relationships/userGroups')) {
		// a relationship route: the id is the user's, the body names the groups
		return { path: route.path.replace('{id}', s.users.student), body: { data: [{ type: 'UserGroup', id: s.groups.corporateOnboarding }] } };
	}
	const path = route.path.replace('{id}', ids[route.type] ?? 'MISSINGID0');
	const doc = (attributes: Record<string, unknown> = {}, relationships?: Record<string, unknown>) => {
		const data: Record<string, unknown> = { type: route.type, attributes };
		if (route.method === 'PATCH') data.id = ids[route.type];
		if (relationships) data.relationships = relationships;
		return { data };
	};
	if (route.method === 'GET' || route.method === 'DELETE') return { path };
	const bodies: Record<string, unknown> = {
		'PATCH /portals/{id}': doc({ name: 'Northbridge Academy (renamed)' }),
		'POST /user-registrations': doc({ name: 'Katherine Johnson', emailAddress: 'katherine.johnson@example.org', locale: 'en', timeZone: 'America/New_York' }),
		'PATCH /users/{id}': doc({ timeZone: 'Europe/Rome', attr: { shift: 'night' } }),
		'POST /user-groups': doc({ name: 'Year 11 Physics', description: 'Physics, 2026 intake' }),
		'PATCH /user-groups/{id}': doc({ description: 'Updated description', isArchived: false }),
		'PATCH /invites/{id}': doc({ status: 'revoked', lastSent: '2025-02-01T10:00:00Z' }),
		'POST /attempts': doc({ title: 'Resit' }, { user: rel('User', s.users.student2), examV2: rel('Exam-V-2', s.exams.complianceFinal) }),
		'POST /attempt-submissions': doc({}, { attempt: rel('Attempt', s.attempts.studentOpen) }),
		'PATCH /player-attempts/{id}': doc({ examStatus: 'inProgress', timeStarted: '2025-03-01T09:00:00Z' }),
		'POST /assignment-groups': doc({ name: 'Spring Term Refresher', deadlineType: 'absolute', absoluteDeadline: '2026-04-01T00:00:00Z' }),
		'PATCH /assignment-groups/{id}': doc({ status: 'inactive' }),
		'POST /collections': doc({ name: 'Forklift Safety', settings: { takeTest: true }, instructionsEnabled: true }),
		'PATCH /collections/{id}': doc({ description: 'Refreshed content' }),
		'POST /collection-accesses': doc(
			{ level: 'editor', upgradeInstructionsType: 'product', upgradeInstructionsData: [] },
			{ userGroup: rel('UserGroup', s.groups.chemistryClass), collection: rel('Collection', s.collections.workplaceSafety) },
		),
		'PATCH /collection-folders/{id}': doc({ name: 'Manual handling (2026)' }, { coverImage: rel('File', 'FlCover001') }),
		'POST /exam-v-2s': doc({ name: 'Physics Mock 2026', isSectioned: false, markingDoubleAllocation: 'manual' }, { userGroup: rel('UserGroup', s.groups.chemistryClass) }),
		'PATCH /exam-v-2s/{id}': doc({ isArchived: true }),
		'POST /study-items': doc({}, { collection: rel('Collection', s.collections.chemistryRevision), quiz: rel('Quiz', 'QzChem0001') }),
		'POST /flags': doc({ comment: 'Answer B is also correct.', issue: 'incorrectAnswer' }, { question: rel('QuizQuestion', 'QqChem0017') }),
		'POST /learning-records': doc({ name: 'COSHH awareness', score: 80, date: '2025-05-05T12:00:00Z' }),
		'PATCH /learning-records/{id}': doc({ score: 92.5 }),
		'POST /access-policies': doc({ name: 'Physics content', rules: [] }, { userGroup: rel('UserGroup', s.groups.chemistryClass) }),
		'PATCH /access-policies/{id}': doc({ isActive: false }),
		'POST /webhook-subscriptions': doc({ eventName: 'user.updated', targetUrl: 'http://127.0.0.1:9/hook', active: false }),
		'POST /synoptic-sessions': doc({}, { attempt: rel('Attempt', s.attempts.student2Open), candidate: rel('User', s.users.student2) }),
	};
	const key = `${route.method} ${route.path}`;
	if (!(key in bodies)) throw new Error(`no sample body for ${key}`);
	return { path, body: bodies[key] };
}

async function send(sb: Sandbox, method: string, path: string, body: unknown, subject?: string) {
	const headers: Record<string, string> = { authorization: `Bearer ${sb.adminToken}`, accept: JSONAPI };
	if (body !== undefined) headers['content-type'] = JSONAPI;
	if (subject) headers['subject-user'] = subject;
	const r = await fetch(`${sb.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
	const text = await r.text();
	return { status: r.status, contentType: r.headers.get('content-type'), json: text ? (JSON.parse(text) as { data?: { type: string; id: string } }) : {} };
}

describe('sandbox endpoint table', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await startSandbox({ seed: 3 });
	});
	afterAll(async () => sb.close());

	test('the table marks every route SEEN or INFERRED and has no duplicates', () => {
		const keys = ROUTES.map((r) => `${r.method} ${r.path}`);
		expect(new Set(keys).size).toBe(keys.length);
		expect(ROUTES.every((r) => r.source === 'SEEN' || r.source === 'INFERRED')).toBe(true);
		const seen = ROUTES.filter((r) => r.source === 'SEEN').map((r) => `${r.method} ${r.path}`);
		expect(seen).toEqual(
			expect.arrayContaining([
				'POST /user-registrations',
				'PATCH /users/{id}',
				'GET /user-accounts/{id}',
				'PATCH /user-groups/{id}',
				'GET /invites/{id}',
				'PATCH /invites/{id}',
				'GET /attempts/{id}',
				'PATCH /player-attempts/{id}',
				'PATCH /assignment-groups/{id}',
				'POST /study-items',
				'POST /flags',
				'POST /webhook-subscriptions',
				'POST /synoptic-sessions',
				'POST /collection-accesses',
				'PATCH /collection-folders/{id}',
			]),
		);
	});

	test('the README lists every route with its source', () => {
		const readme = readFileSync(join(__dirname, 'sandbox', 'README.md'), 'utf8');
		for (const r of ROUTES) expect(readme).toContain(`| ${r.method} | \`${r.path}\` | ${r.type} | ${r.source} |`);
	});

	test('every route answers an administrator with a 2xx document of its type', async () => {
		sb.reset();
		const hook = await send(sb, 'POST', '/webhook-subscriptions', {
			data: { type: 'WebhookSubscription', attributes: { eventName: 'flag.planted', targetUrl: 'http://127.0.0.1:9/x', active: false } },
		});
		const webhookId = hook.json.data?.id ?? '';
		const ordered = [...ROUTES.filter((r) => r.method !== 'DELETE'), ...ROUTES.filter((r) => r.method === 'DELETE')];
		for (const route of ordered) {
			const { path, body } = requestFor(route, sb.seeded, webhookId);
			const r = await send(sb, route.method, path, body);
			const label = `${route.method} ${route.path} -> ${r.status} ${JSON.stringify(r.json).slice(0, 300)}`;
			expect({ label, ok: r.status >= 200 && r.status < 300 }).toEqual({ label, ok: true });
			if (route.method === 'DELETE' || route.path.includes('/relationships/')) {
				expect(r.status).toBe(204);
				continue;
			}
			expect(r.contentType).toBe(JSONAPI);
			const data = r.json.data;
			const first = Array.isArray(data) ? data[0] : data;
			if (first) expect(first.type).toBe(route.type);
		}
	});

	test('no route answers any role with a 5xx', async () => {
		sb.reset();
		const s = sb.seeded;
		for (const subject of [undefined, s.users.manager, s.users.educator, s.users.marker, s.users.student]) {
			sb.reset();
			for (const route of ROUTES) {
				const { path, body } = requestFor(route, sb.seeded, 'AAAAAAAAAA');
				const r = await send(sb, route.method, path, body, subject);
				const label = `${subject ?? 'admin'} ${route.method} ${route.path} -> ${r.status}`;
				expect({ label, below500: r.status < 500 }).toEqual({ label, below500: true });
			}
		}
	});
});
