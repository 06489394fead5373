// Tests of the Synap sandbox (test/sandbox), over real HTTP with Node's fetch.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RecordedRequest, Sandbox, SandboxOptions } from './sandbox/index.cjs';
const { startSandbox, writeKey, ROUTES } = require('./sandbox') as typeof import('./sandbox/index.cjs');

const JSONAPI = 'application/vnd.api+json';

interface ResId {
	type: string;
	id: string;
}
interface Resource extends ResId {
	attributes: Record<string, unknown>;
	relationships: Record<string, { data: ResId | ResId[] | null }>;
	links?: { self: string };
}
interface ErrObj {
	status: string;
	title: string;
	detail?: string;
	code?: string;
	source: { pointer?: string; header?: string; parameter?: string };
	meta: { traceId?: string };
}
interface Doc {
	data: unknown;
	errors: ErrObj[];
	links: { self: string; first: string; last: string; next?: string; prev?: string };
	meta: { total: number; traceId?: string; page: { number: number; size: number; last: number } };
	included?: Resource[];
}
interface Res {
	status: number;
	headers: Headers;
	json: Doc;
	text: string;
	one: Resource; // json.data as a single resource
	many: Resource[]; // json.data as a list
}

interface CallOptions {
	token?: string | null;
	body?: unknown;
	rawBody?: string;
	subject?: string;
	headers?: Record<string, string>;
}

async function call(sb: Sandbox, method: string, path: string, o: CallOptions = {}): Promise<Res> {
	const headers: Record<string, string> = { accept: JSONAPI, ...(o.headers ?? {}) };
	const token = o.token === undefined ? sb.adminToken : o.token;
	if (token !== null) headers.authorization = `Bearer ${token}`;
	if (o.subject !== undefined) headers['subject-user'] = o.subject;
	let body: string | undefined;
	if (o.rawBody !== undefined) body = o.rawBody;
	else if (o.body !== undefined) body = JSON.stringify(o.body);
	if (body !== undefined && !headers['content-type']) headers['content-type'] = JSONAPI;
	const url = path.startsWith('http') ? path : `${sb.baseUrl}${path}`;
	const r = await fetch(url, { method, headers, body });
	const text = await r.text();
	let parsed: unknown = {};
	try {
		parsed = text ? JSON.parse(text) : {};
	} catch {
		parsed = {};
	}
	const json = { errors: [], ...(parsed as object) } as unknown as Doc;
	return { status: r.status, headers: r.headers, json, text, one: json.data as Resource, many: (json.data ?? []) as Resource[] };
}

function relIds(r: Resource, name: string): string[] {
	const d = r.relationships[name]?.data;
	return d == null ? [] : Array.isArray(d) ? d.map((x) => x.id) : [d.id];
}

/** The fields of webhook payloads (docs/synap-api.md §6) that the tests look at. */
interface Payload {
	objectId?: string;
	name?: string;
	email?: string;
	usergroups?: string[];
	customAttributes?: Record<string, unknown>;
	user?: { id: string; name: string; email: string; customAttributes: Record<string, unknown> };
	assignment?: { objectId: string; name: string; status: string };
	portal?: { id: string };
	meta?: { timestamp: string };
}

function registration(name: string, email: string, groups?: string[], extra: Record<string, unknown> = {}) {
	const data: Record<string, unknown> = { type: 'UserRegistration', attributes: { name, emailAddress: email, ...extra } };
	if (groups) data.relationships = { userGroups: { data: groups.map((id) => ({ type: 'UserGroup', id })) } };
	return { data };
}

describe('Synap sandbox', () => {
	let sb: Sandbox;

	beforeAll(async () => {
		sb = await startSandbox({ seed: 7 });
	});
	afterAll(async () => {
		await sb.close();
	});
	beforeEach(() => {
		sb.reset({ options: true });
	});

	test('lists users page by page following absolute links.next', async () => {
		const seen: string[] = [];
		let url: string | undefined = `${sb.baseUrl}/users?page[size]=3`;
		let pages = 0;
		let total = -1;
		while (url) {
			const r = await call(sb, 'GET', url);
			expect(r.status).toBe(200);
			expect(r.headers.get('content-type')).toBe(JSONAPI);
			expect(r.json.links.self.startsWith(sb.origin)).toBe(true);
			if (pages === 0) expect(r.json.links.prev).toBeUndefined();
			total = r.json.meta.total;
			for (const u of r.many) {
				expect(u.type).toBe('User');
				expect(u.id).toMatch(/^[A-Za-z0-9]{10}$/);
				seen.push(u.id);
			}
			url = r.json.links.next;
			pages++;
			expect(pages).toBeLessThan(10);
		}
		expect(total).toBe(7);
		expect(seen).toHaveLength(7);
		expect(new Set(seen).size).toBe(7);
		expect(pages).toBe(3);
		const last = await call(sb, 'GET', '/users?page[size]=3&page[number]=3');
		expect(last.json.links.next).toBeUndefined();
		expect(last.json.links.last).toBe(`${sb.baseUrl}/users?page[size]=3&page[number]=3`);
		// page[size] is clamped to maxPageSize
		const big = await call(sb, 'GET', '/users?page[size]=1000');
		expect(big.json.meta.page.size).toBe(100);
		expect((await call(sb, 'GET', '/users?page[number]=0')).status).toBe(400);
	});

	test('401 for missing, malformed, unknown and revoked tokens', async () => {
		const cases: Array<Record<string, string>> = [
			{},
			{ authorization: 'Basic YWxhZGRpbjpvcGVuc2VzYW1l' },
			{ authorization: 'Bearer' },
			{ authorization: 'Bearer not-a-pat' },
			{ authorization: `Bearer ${sb.adminToken.slice(2)}` },
			{ authorization: 'Bearer p:unknownTokenValue' },
			{ authorization: `Bearer ${sb.tokens.revoked}` },
			{ authorization: `bearer ${sb.adminToken}` },
		];
		for (const headers of cases) {
			const r = await call(sb, 'GET', '/users', { token: null, headers });
			expect(r.status).toBe(401);
			expect(r.json.errors[0].status).toBe('401');
			expect(typeof r.json.errors[0].detail).toBe('string');
		}
		const revoked = await call(sb, 'GET', '/users', { token: sb.tokens.revoked });
		expect(revoked.json.errors[0].code).toBe('revokedToken');
		expect((await call(sb, 'GET', '/users', { token: sb.tokens.secondAdmin })).status).toBe(200);
	});

	test('Subject-User: educator cannot PATCH the portal; student sees only themself; bad subjects are errors', async () => {
		const { users, portalId } = sb.seeded;
		const portalPatch = { data: { type: 'Portal', id: portalId, attributes: { name: 'Renamed' } } };
		const asEducator = await call(sb, 'PATCH', `/portals/${portalId}`, { body: portalPatch, subject: users.educator });
		expect(asEducator.status).toBe(403);
		expect(asEducator.json.errors[0].status).toBe('403');
		expect(sb.store.find('Portal', portalId)?.attributes.name).toBe('Northbridge Academy');
		const asAdmin = await call(sb, 'PATCH', `/portals/${portalId}`, { body: portalPatch });
		expect(asAdmin.status).toBe(200);
		expect(asAdmin.one.attributes.name).toBe('Renamed');

		const list = await call(sb, 'GET', '/users', { subject: users.student });
		expect(list.status).toBe(200);
		expect(list.many.map((u) => u.id)).toEqual([users.student]);
		expect(list.json.meta.total).toBe(1);
		expect((await call(sb, 'GET', `/users/${users.student2}`, { subject: users.student })).status).toBe(403);
		expect((await call(sb, 'GET', `/users/${users.student}`, { subject: users.student })).status).toBe(200);
		const patchOther = await call(sb, 'PATCH', `/users/${users.student2}`, {
			subject: users.student,
			body: { data: { type: 'User', id: users.student2, attributes: { name: 'Hacked' } } },
		});
		expect(patchOther.status).toBe(403);
		const attempts = await call(sb, 'GET', '/attempts', { subject: users.student });
		expect(attempts.many.every((a) => relIds(a, 'user')[0] === users.student)).toBe(true);
		expect(attempts.many.length).toBe(3);

		// educators may update Students but not delete users or manage webhooks
		const eduPatch = await call(sb, 'PATCH', `/users/${users.student}`, {
			subject: users.educator,
			body: { data: { type: 'User', id: users.student, attributes: { timeZone: 'Europe/Paris' } } },
		});
		expect(eduPatch.status).toBe(200);
		expect((await call(sb, 'DELETE', `/users/${users.student}`, { subject: users.educator })).status).toBe(403);
		expect((await call(sb, 'GET', '/webhook-subscriptions', { subject: users.educator })).status).toBe(403);

		const unknown = await call(sb, 'GET', '/users', { subject: 'Zz9Zz9Zz9Z' });
		expect(unknown.status).toBe(403);
		expect(unknown.json.errors[0].source.header).toBe('Subject-User');
		const malformed = await call(sb, 'GET', '/users', { subject: 'not an id' });
		expect(malformed.status).toBe(400);
		expect(malformed.json.errors[0].source.pointer).toBe('/headers/Subject-User');
		const empty = await call(sb, 'GET', '/users', { subject: '' });
		expect(empty.status).toBe(400);
	});

	test('registration: creates a Student, rejects duplicates, several groups and bad e-mails with pointers', async () => {
		const ok = await call(sb, 'POST', '/user-registrations', { body: registration('Ada Lovelace', 'ada@example.org', undefined, { password: 'Secret123' }) });
		expect(ok.status).toBe(201);
		expect(ok.one.type).toBe('UserRegistration');
		expect(ok.one.attributes.password).toBeUndefined();
		const user = sb.store.find('User', ok.one.id);
		expect(user?.attributes.emailAddress).toBe('ada@example.org');
		expect(sb.store.isMember(ok.one.id, sb.seeded.groups.students)).toBe(true);
		expect(sb.writes.get('POST user-registrations email=ada@example.org')).toBe(1);

		const dup = await call(sb, 'POST', '/user-registrations', { body: registration('Ada L', 'ADA@example.org') });
		expect(dup.status).toBe(400);
		expect(dup.json.errors).toHaveLength(1);
		expect(dup.json.errors[0].source.pointer).toBe('/data/attributes/emailAddress');
		expect(dup.json.errors[0].code).toBe('emailAlreadyRegistered');
		// a re-sent registration is counted (it duplicates an applied write)
		expect(sb.writes.get('POST user-registrations email=ada@example.org')).toBe(2);
		expect(sb.store.all('User').filter((u) => String(u.attributes.emailAddress).toLowerCase() === 'ada@example.org')).toHaveLength(1);

		const { students, chemistryClass } = sb.seeded.groups;
		const two = await call(sb, 'POST', '/user-registrations', { body: registration('Two Groups', 'two@example.org', [students, chemistryClass]) });
		expect(two.status).toBe(400);
		expect(two.json.errors[0].source.pointer).toBe('/data/relationships/userGroups/data');

		const bad = await call(sb, 'POST', '/user-registrations', { body: { data: { type: 'UserRegistration', attributes: { emailAddress: 'nope', password: 'short' } } } });
		expect(bad.status).toBe(400);
		const pointers = bad.json.errors.map((e) => e.source.pointer).sort();
		expect(pointers).toEqual(['/data/attributes/emailAddress', '/data/attributes/name', '/data/attributes/password']);
		expect(bad.json.errors.every((e) => e.status === '400')).toBe(true);

		const educatorGroup = await call(sb, 'POST', '/user-registrations', { body: registration('New Teacher', 'teacher@example.org', [sb.seeded.groups.educators]) });
		expect(educatorGroup.status).toBe(201);
		expect(educatorGroup.one.relationships.userGroups.data).toEqual([{ type: 'UserGroup', id: sb.seeded.groups.educators }]);
	});

	test('JSON:API errors: 404, 405, 415, bad JSON, type and id mismatches', async () => {
		expect((await call(sb, 'GET', '/users/AAAAAAAAAA')).status).toBe(404);
		expect((await call(sb, 'GET', '/nothing-here')).status).toBe(404);
		expect((await call(sb, 'GET', '/users/')).status).toBe(404);
		const m = await call(sb, 'PUT', `/users/${sb.seeded.users.student}`, { body: {} });
		expect(m.status).toBe(405);
		expect(m.headers.get('allow')).toContain('PATCH');
		const id = sb.seeded.users.student;
		const body = { data: { type: 'User', id, attributes: { name: 'Emma T' } } };
		expect((await call(sb, 'PATCH', `/users/${id}`, { body, headers: { 'content-type': 'text/plain' } })).status).toBe(415);
		expect((await call(sb, 'PATCH', `/users/${id}`, { rawBody: '{"data":', headers: { 'content-type': JSONAPI } })).status).toBe(400);
		const wrongId = await call(sb, 'PATCH', `/users/${id}`, { body: { data: { ...body.data, id: sb.seeded.users.student2 } } });
		expect(wrongId.status).toBe(409);
		expect(wrongId.json.errors[0].source.pointer).toBe('/data/id');
		expect((await call(sb, 'PATCH', `/users/${id}`, { body: { data: { ...body.data, type: 'Users' } } })).status).toBe(409);
		const ro = await call(sb, 'PATCH', `/users/${id}`, { body: { data: { type: 'User', id, attributes: { createdAt: '2020-01-01T00:00:00Z', bogus: 1 } } } });
		expect(ro.status).toBe(400);
		expect(ro.json.errors).toHaveLength(2);
		expect((await call(sb, 'GET', '/users?page[offset]=3')).status).toBe(400);
		expect((await call(sb, 'GET', '/users?filter[shoeSize]=9')).status).toBe(400);
	});

	test('filters, sort, include and sparse fieldsets', async () => {
		const { groups, users } = sb.seeded;
		const byEmail = await call(sb, 'GET', '/users?filter[emailAddress]=EMMA.THOMPSON@students.northbridge-academy.example');
		expect(byEmail.many.map((u) => u.id)).toEqual([users.student]);
		const inClass = await call(sb, 'GET', `/users?filter[userGroup]=${groups.chemistryClass}`);
		expect(inClass.many.map((u) => u.id)).toEqual([users.student]);
		const educators = await call(sb, 'GET', '/users?filter[userType]=Educator');
		expect(educators.many.map((u) => u.id)).toEqual([users.educator]);
		const search = await call(sb, 'GET', '/users?filter[search]=okaf');
		expect(search.many.map((u) => u.id)).toEqual([users.marker]);
		const sorted = await call(sb, 'GET', '/users?sort=-name');
		const names = sorted.many.map((u) => u.attributes.name as string);
		expect(names).toEqual([...names].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? 1 : -1)));
		const sparse = await call(sb, 'GET', `/users/${users.student}?fields[User]=name,userGroups&include=userGroups`);
		expect(Object.keys(sparse.one.attributes)).toEqual(['name']);
		expect(Object.keys(sparse.one.relationships)).toEqual(['userGroups']);
		expect(sparse.json.included?.map((g) => g.id).sort()).toEqual([groups.students, groups.chemistryClass].sort());
		const groupsList = await call(sb, 'GET', '/user-groups?filter[isDefaultGroup]=true&page[size]=100');
		expect(groupsList.many).toHaveLength(6);
		const all = groupsList.many.find((g) => g.id === groups.allUsers);
		expect(all?.attributes.totalUsers).toBe(7);
		const studentGroups = await call(sb, 'GET', '/user-groups?filter[userType]=Student&sort=name');
		expect(studentGroups.many.map((g) => g.attributes.name)).toEqual(['Corporate Onboarding 2025', 'Students', 'Year 10 Chemistry']);
		expect((await call(sb, 'GET', '/users?include=nope')).status).toBe(400);
		expect((await call(sb, 'GET', '/users?sort=nope')).status).toBe(400);
	});

	test('PATCH userGroups replaces memberships; group userType cannot change', async () => {
		const { groups, users } = sb.seeded;
		const r = await call(sb, 'PATCH', `/users/${users.student2}`, {
			body: { data: { type: 'User', id: users.student2, relationships: { userGroups: { data: [{ type: 'UserGroup', id: groups.chemistryClass }] } } } },
		});
		expect(r.status).toBe(200);
		expect(sb.store.isMember(users.student2, groups.chemistryClass)).toBe(true);
		expect(sb.store.isMember(users.student2, groups.corporateOnboarding)).toBe(false);
		expect(Object.keys(r.one.attributes.userGroupsMetadata as object)).toEqual([groups.chemistryClass]);
		const g = await call(sb, 'PATCH', `/user-groups/${groups.chemistryClass}`, {
			body: { data: { type: 'UserGroup', id: groups.chemistryClass, relationships: { userType: { data: { type: 'UserType', id: sb.seeded.userTypes.Educator } } } } },
		});
		expect(g.status).toBe(400);
		expect(g.json.errors[0].source.pointer).toBe('/data/relationships/userType');
		expect((await call(sb, 'DELETE', `/user-groups/${groups.students}`)).status).toBe(403);
	});

	test('attempt submission completes the attempt and its assignment; a re-submission is a counted 409', async () => {
		const { attempts, assignments } = sb.seeded;
		const body = { data: { type: 'AttemptSubmission', relationships: { attempt: { data: { type: 'Attempt', id: attempts.studentHomework } } } } };
		const r = await call(sb, 'POST', '/attempt-submissions', { body, subject: sb.seeded.users.student });
		expect(r.status).toBe(201);
		expect(r.one.type).toBe('AttemptSubmission');
		const a = await call(sb, 'GET', `/attempts/${attempts.studentHomework}`);
		expect(a.one.attributes.isCompleted).toBe(true);
		expect(sb.store.find('Assignment', assignments.studentHomework)?.attributes.status).toBe('completed');
		const again = await call(sb, 'POST', '/attempt-submissions', { body });
		expect(again.status).toBe(409);
		expect(sb.writes.get(`POST attempt-submissions attempt=${attempts.studentHomework}`)).toBe(2);
		const marker = await call(sb, 'POST', '/attempt-submissions', { body, subject: sb.seeded.users.marker });
		expect(marker.status).toBe(403);
		const pa = await call(sb, 'PATCH', `/player-attempts/${attempts.student2Open}`, {
			body: { data: { type: 'PlayerAttempt', id: attempts.student2Open, attributes: { timeStarted: '2025-03-01T10:00:00Z' } } },
		});
		expect(pa.status).toBe(200);
		expect(pa.one.type).toBe('PlayerAttempt');
		expect(pa.one.attributes.status).toBe('inProgress');
		const session = await call(sb, 'POST', '/synoptic-sessions', {
			body: {
				data: {
					type: 'SynopticSession',
					relationships: {
						attempt: { data: { type: 'Attempt', id: attempts.studentOpen } },
						candidate: { data: { type: 'User', id: sb.seeded.users.student } },
					},
				},
			},
		});
		expect(session.status).toBe(201);
		expect(session.one.attributes.token).toMatch(/^st_/);
	});

	test('latency knob delays responses (lower bound only)', async () => {
		sb.options.latencyMs = 150;
		const t0 = Date.now();
		const r = await call(sb, 'GET', `/users/${sb.seeded.users.admin}`);
		expect(r.status).toBe(200);
		expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
	});

	test('fidelity: Synap\'s names only (Exam per-role marking, Learning Record name/score/date), a percentage score, Attempt kinds', async () => {
		const examId = sb.seeded.exams.complianceFinal;
		const patchExam = (attributes: Record<string, unknown>) => call(sb, 'PATCH', `/exam-v-2s/${examId}`, { body: { data: { type: 'Exam-V-2', id: examId, attributes } } });
		const invented = await patchExam({ markingBlindEnabled: true, markerConcealmentEnabled: true });
		expect(invented.status).toBe(400);
		expect(invented.json.errors.map((e: { source?: { pointer?: string } }) => e.source?.pointer)).toEqual(['/data/attributes/markingBlindEnabled', '/data/attributes/markerConcealmentEnabled']);
		expect((await patchExam({ markingBlindIsolate: true, markerConcealmentAuditing: true, markingEscalationModeratorsCanEscalate: false })).status).toBe(200);
		const lr = (attributes: Record<string, unknown>) => call(sb, 'POST', '/learning-records', { body: { data: { type: 'LearningRecord', attributes } } });
		expect((await lr({ title: 'First Aid', completedAt: '2026-01-01T00:00:00Z' })).status).toBe(400);
		expect((await lr({ name: 'First Aid', score: 101 })).json.errors[0].source.pointer).toBe('/data/attributes/score');
		expect((await lr({ name: 'First Aid', score: 85.5, date: '2026-01-01T00:00:00Z' })).status).toBe(201);
		const attempt = (await call(sb, 'GET', `/attempts/${sb.seeded.attempts.studentOpen}`)).json.data as { attributes: Record<string, unknown>; relationships: Record<string, unknown> };
		expect(typeof attempt.attributes.version).toBe('string');
		expect(typeof attempt.attributes.proctorBreaches).toBe('number');
		expect(attempt.attributes.proctorRosalynRuleVisibleFace).toBe(false);
		expect(attempt.relationships).toHaveProperty('assignmentItem');
	});

	test('rate limit answers 429 with Retry-After and does not apply the write', async () => {
		sb.options.rateLimit = { requestsPerSecond: 0.5, burst: 2 };
		const lr = (name: string) => ({ data: { type: 'LearningRecord', attributes: { name } } });
		expect((await call(sb, 'POST', '/learning-records', { body: lr('one') })).status).toBe(201);
		expect((await call(sb, 'POST', '/learning-records', { body: lr('two') })).status).toBe(201);
		const third = await call(sb, 'POST', '/learning-records', { body: lr('three') });
		expect(third.status).toBe(429);
		expect(third.json.errors[0].status).toBe('429');
		expect(Number(third.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
		expect(sb.store.all('LearningRecord').map((r) => r.attributes.name)).not.toContain('three');
		expect(sb.requests.at(-1)?.status).toBe(429);
		sb.options.rateLimit = { requestsPerSecond: 0.5, burst: 1, sendRetryAfter: false };
		await call(sb, 'GET', '/user-types');
		const noHeader = await call(sb, 'GET', '/user-types');
		expect(noHeader.status).toBe(429);
		expect(noHeader.headers.get('retry-after')).toBeNull();
	});

	test('faults: 500 with traceId, 502 applies the write, reset, truncate, 429 fault', async () => {
		sb.options.faults = { rate: 1, kinds: ['500'] };
		const e500 = await call(sb, 'GET', '/users');
		expect(e500.status).toBe(500);
		expect(e500.json.errors[0].status).toBe('500');
		expect(e500.json.errors[0].meta.traceId).toMatch(/^[0-9a-f]{32}$/);
		expect(e500.json.meta.traceId).toBe(e500.json.errors[0].meta.traceId);
		expect(sb.requests.at(-1)?.fault).toBe('500');

		sb.options.faults = { rate: 1, kinds: ['502'] };
		const body = registration('Grace Hopper', 'grace@example.org');
		const e502 = await call(sb, 'POST', '/user-registrations', { body });
		expect(e502.status).toBe(502);
		expect(e502.headers.get('content-type')).toContain('text/html');
		expect(sb.writes.get(writeKey('POST', '/v3/user-registrations', body))).toBe(1);
		expect(sb.store.userByEmail('grace@example.org')).toBeDefined();

		sb.options.faults = { rate: 1, kinds: ['reset'] };
		await expect(fetch(`${sb.baseUrl}/users`, { headers: { authorization: `Bearer ${sb.adminToken}` } })).rejects.toThrow();

		sb.options.faults = { rate: 1, kinds: ['truncate'] };
		const tr = await call(sb, 'GET', '/users');
		expect(tr.status).toBe(200);
		expect(() => JSON.parse(tr.text)).toThrow();

		sb.options.faults = { rate: 1, kinds: ['429'] };
		const t429 = await call(sb, 'GET', '/users');
		expect(t429.status).toBe(429);
		expect(t429.headers.get('retry-after')).toBe('1');

		sb.options.faults = { rate: 1, kinds: ['slow'], slowMs: 120 };
		const t0 = Date.now();
		expect((await call(sb, 'GET', '/user-types')).status).toBe(200);
		expect(Date.now() - t0).toBeGreaterThanOrEqual(110);

		// deterministic from the seed: the same sequence after a reset
		const fates = async () => {
			sb.reset();
			sb.options.faults = { rate: 0.5, kinds: ['503', '500'] };
			const out: number[] = [];
			for (let i = 0; i < 12; i++) out.push((await call(sb, 'GET', '/user-types')).status);
			return out;
		};
		const first = await fates();
		expect(await fates()).toEqual(first);
		expect(first.some((s) => s === 200)).toBe(true);
		expect(first.some((s) => s !== 200)).toBe(true);
	});

	test('webhooks are delivered with Basic auth and the documented payloads', async () => {
		const received: Array<{ headers: http.IncomingHttpHeaders; body: Payload }> = [];
		const target = http.createServer((req, res) => {
			let data = '';
			req.on('data', (c) => (data += c));
			req.on('end', () => {
				received.push({ headers: req.headers, body: JSON.parse(data) as Payload });
				res.writeHead(200).end('ok');
			});
		});
		await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', () => resolve()));
		const port = (target.address() as AddressInfo).port;
		try {
			const sub = await call(sb, 'POST', '/webhook-subscriptions', {
				body: {
					data: {
						type: 'WebhookSubscription',
						attributes: { eventName: 'user.registered', targetUrl: `http://127.0.0.1:${port}/hook`, basicAuth: { username: 'n8n', password: 's3cret' }, active: true },
					},
				},
			});
			expect(sub.status).toBe(201);
			const basicAuth = sub.one.attributes.basicAuth as { username: string; password: string };
			expect(basicAuth.password).not.toBe('s3cret');
			expect(basicAuth.username).toBe('n8n');
			await call(sb, 'POST', '/webhook-subscriptions', {
				body: { data: { type: 'WebhookSubscription', attributes: { eventName: 'assignment.complete', targetUrl: `http://127.0.0.1:${port}/assignments` } } },
			});
			const bad = await call(sb, 'POST', '/webhook-subscriptions', {
				body: { data: { type: 'WebhookSubscription', attributes: { eventName: 'user.exploded', targetUrl: `http://127.0.0.1:${port}/x` } } },
			});
			expect(bad.status).toBe(400);

			const reg = await call(sb, 'POST', '/user-registrations', { body: registration('Alan Turing', 'alan@example.org', undefined, { attr: { cohort: 'B' } }) });
			expect(reg.status).toBe(201);
			await sb.waitForDeliveries();
			expect(received).toHaveLength(1);
			expect(received[0].headers.authorization).toBe(`Basic ${Buffer.from('n8n:s3cret').toString('base64')}`);
			expect(received[0].headers['content-type']).toBe('application/json');
			const p = received[0].body;
			expect(p.objectId).toBe(reg.one.id);
			expect(p.email).toBe('alan@example.org');
			expect(p.name).toBe('Alan Turing');
			expect(p.usergroups).toEqual([sb.seeded.groups.students]);
			expect(p.customAttributes).toEqual({ cohort: 'B' });
			expect(p.user).toBeUndefined();

			// the academy's spelling reaches the API sample's subscription, via emitEvent
			const res = await sb.emitEvent('assignment.completed', { assignment: { status: 'completed' } });
			expect(res).toEqual([{ url: `http://127.0.0.1:${port}/assignments`, status: 200 }]);
			const a = received[1].body;
			expect(a.assignment?.objectId).toBe(sb.seeded.assignments.studentOnboarding);
			expect(a.user).toEqual(expect.objectContaining({ id: sb.seeded.users.student, email: expect.any(String) }));
			expect(a.portal).toEqual({ id: sb.seeded.portalId });
			expect(typeof a.meta?.timestamp).toBe('string');
			expect(received[1].headers.authorization).toBeUndefined();
			expect(sb.deliveries.map((d) => d.eventName)).toEqual(['user.registered', 'assignment.completed']);

			// a dead target does not crash the sandbox
			await new Promise<void>((resolve) => target.close(() => resolve()));
			target.closeAllConnections();
			const dead = await sb.emitEvent('user.registered');
			expect(dead[0].status).toBe(0);
			expect((await call(sb, 'GET', '/user-types')).status).toBe(200);
		} finally {
			target.closeAllConnections();
			target.close();
		}
	});

	test('HTTP control endpoints', async () => {
		await call(sb, 'GET', '/user-types');
		const reqs = (await (await fetch(`${sb.origin}/__sandbox/requests`)).json()) as RecordedRequest[];
		expect(reqs.at(-1)?.path).toBe('/v3/user-types');
		const state = (await (await fetch(`${sb.origin}/__sandbox/state/UserType`)).json()) as Resource[];
		expect(state.map((t) => t.attributes.name)).toEqual(['Admin', 'Manager', 'Educator', 'Marker', 'Student']);
		const opt = await fetch(`${sb.origin}/__sandbox/options`, { method: 'PATCH', body: JSON.stringify({ latencyMs: 5 }) });
		expect(((await opt.json()) as SandboxOptions).latencyMs).toBe(5);
		expect(sb.options.latencyMs).toBe(5);
		await fetch(`${sb.origin}/__sandbox/requests`, { method: 'DELETE' });
		expect(sb.requests).toHaveLength(0);
		await call(sb, 'POST', '/user-registrations', { body: registration('Temp User', 'temp@example.org') });
		const reset = await fetch(`${sb.origin}/__sandbox/reset`, { method: 'POST' });
		expect(((await reset.json()) as { adminToken: string }).adminToken).toBe(sb.adminToken);
		expect(sb.store.userByEmail('temp@example.org')).toBeUndefined();
		const routes = (await (await fetch(`${sb.origin}/__sandbox/routes`)).json()) as Array<{ source: string }>;
		expect(routes.length).toBe(ROUTES.length);
		expect(routes.every((r) => r.source === 'SEEN' || r.source === 'INFERRED')).toBe(true);
	});

	test('same seed, same ids and tokens; another seed differs', async () => {
		const a = await startSandbox({ seed: 7 });
		const b = await startSandbox({ seed: 8 });
		try {
			expect(a.seeded).toEqual(sb.seeded);
			expect(a.tokens).toEqual(sb.tokens);
			expect(b.seeded.users.admin).not.toBe(a.seeded.users.admin);
		} finally {
			await a.close();
			await b.close();
		}
	});

	test('50,000 generated users: quick to start, last page reached', async () => {
		const big = await startSandbox({ extraUsers: 50_000 });
		try {
			expect(big.store.count('User')).toBe(50_007);
			const first = await call(big, 'GET', '/users?page[size]=100');
			expect(first.json.meta.total).toBe(50_007);
			const last = await call(big, 'GET', first.json.links.last);
			expect(last.status).toBe(200);
			expect(last.many).toHaveLength(7);
			expect(last.json.links.next).toBeUndefined();
			const sortedLast = await call(big, 'GET', '/users?page[size]=100&page[number]=501&sort=name');
			expect(sortedLast.many).toHaveLength(7);
			const students = await call(big, 'GET', `/users?filter[userGroup]=${big.seeded.groups.students}&page[size]=1`);
			expect(students.json.meta.total).toBe(50_002);
		} finally {
			await big.close();
		}
	});
});
