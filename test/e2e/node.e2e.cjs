'use strict';
/**
 * The Synap node in a REAL n8n (2.8.4 unless SYNAP_N8N_VERSION is set), installed from the packed
 * tarball as a community package, against the Synap sandbox (a child process on 127.0.0.1):
 * credentials and workflows imported with n8n's CLI, run with `n8n execute --id`, and checked on
 * both sides: n8n's execution data AND the requests the sandbox received.
 *
 * Four executions (each `n8n execute` costs ~4 s of n8n bootstrap):
 *   1. "Synap e2e: main" — Manual Trigger fans out to one branch per scenario:
 *        register two students into a group · Get Many with Return All over several pages ·
 *        a student updating their own profile (Subject-User) · a Get with a missing ID under
 *        On Error: Continue (regular output) · an Educator renaming the portal (403, continued) ·
 *        Custom API Request GET (paged) and POST
 *   2. "Synap e2e: forbidden" — a student updates another student: the workflow fails with the
 *      node's Subject-User message, and Synap received the request with the header and said 403
 *   3. "Synap e2e: sync" — rows (one learner twice) → User → Create or Update by External ID
 *      (node version 1.1) → User Get, simplified output
 *   4. "Synap e2e: 1,000 Gets" — Code node makes 1,000 items → Synap User Get
 */
const { describe, before, after, test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./support/n8n-harness.cjs');
const { startSandbox } = require('./support/sandbox-process.cjs');
const w = require('./support/workflows.cjs');

const VERSION = h.DEFAULT_N8N_VERSION;
const CRED = { id: 'synapE2eNodeCred01', name: 'Synap Sandbox (e2e)' };
const EXTRA_USERS = 450;
const BULK = 1000;

function tail(text, lines = 40) {
	return String(text || '').trim().split('\n').slice(-lines).join('\n');
}

/** Requests to /v3 in a window, newest last. */
const v3 = (reqs) => reqs.filter((r) => r.path.startsWith('/v3/'));

function mainWorkflow(sb) {
	const { users, groups, portalId, userTypes } = sb.seeded;
	const picture = { __type: 'File', name: 'me.png', url: 'https://files.example.com/me.png' };
	const nodes = [
		w.manualTrigger(),
		w.code(
			'Students',
			`return [
  { json: { name: 'Grace Hopper', email: 'grace.hopper@example.com' } },
  { json: { name: 'Alan Turing', email: 'alan.turing@example.com' } },
];`,
		),
		w.synap(
			'Register',
			{
				resource: 'user',
				operation: 'create',
				name: '={{ $json.name }}',
				emailAddress: '={{ $json.email }}',
				additionalFields: { userGroupId: groups.chemistryClass, welcomeEmailDisabled: true },
			},
			CRED,
		),
		w.synap('Get All Users', { resource: 'user', operation: 'getAll', returnAll: true }, CRED),
		w.synap(
			'Update Myself',
			{
				resource: 'user',
				operation: 'update',
				userId: w.rl(users.student),
				subjectUserId: users.student,
				updateFields: { profilePicture: JSON.stringify(picture), timeZone: 'Europe/Rome' },
			},
			CRED,
		),
		w.code(
			'Ids',
			`return [${JSON.stringify(users.student)}, 'ZZZZZZZZZZ', ${JSON.stringify(users.student2)}].map((id) => ({ json: { id } }));`,
		),
		w.synap(
			'Get Users (continue)',
			{ resource: 'user', operation: 'get', userId: w.rl('={{ $json.id }}') },
			CRED,
			{ onError: 'continueRegularOutput' },
		),
		w.synap(
			'Educator Renames Portal',
			{ resource: 'portal', operation: 'update', portalId: w.rl(portalId), subjectUserId: users.educator, updateFields: { name: 'Renamed by an Educator' } },
			CRED,
			{ onError: 'continueRegularOutput' },
		),
		w.synap(
			'Custom GET',
			{
				resource: 'custom',
				operation: 'apiRequest',
				method: 'GET',
				path: '/users',
				queryParameters: { parameter: [{ name: 'filter[userGroup]', value: groups.students }, { name: 'sort', value: '-createdAt' }] },
				returnAll: true,
			},
			CRED,
		),
		w.synap(
			'Custom POST',
			{
				resource: 'custom',
				operation: 'apiRequest',
				method: 'POST',
				path: '/user-groups',
				body: JSON.stringify({
					data: {
						type: 'UserGroup',
						attributes: { name: 'E2E Custom Group', description: 'made by a Custom API Request' },
						relationships: { userType: { data: { type: 'UserType', id: userTypes.Student } } },
					},
				}),
			},
			CRED,
		),
	];
	return w.workflow(
		'Synap e2e: main',
		nodes,
		[
			['Manual Trigger', 'Students'],
			['Students', 'Register'],
			['Manual Trigger', 'Get All Users'],
			['Manual Trigger', 'Update Myself'],
			['Manual Trigger', 'Ids'],
			['Ids', 'Get Users (continue)'],
			['Manual Trigger', 'Educator Renames Portal'],
			['Manual Trigger', 'Custom GET'],
			['Manual Trigger', 'Custom POST'],
		],
		{ id: 'synapE2eMain000001' },
	);
}

function forbiddenWorkflow(sb) {
	const { users } = sb.seeded;
	return w.workflow(
		'Synap e2e: forbidden',
		[
			w.manualTrigger(),
			w.synap(
				'Student Updates Another',
				{ resource: 'user', operation: 'update', userId: w.rl(users.student2), subjectUserId: users.student, updateFields: { name: 'Hacked' } },
				CRED,
			),
		],
		[['Manual Trigger', 'Student Updates Another']],
		{ id: 'synapE2eForbidden01' },
	);
}

/** A spreadsheet sync: rows (one learner twice) → User → Create or Update by External ID, node version 1.1. */
function syncWorkflow(sb) {
	const { groups } = sb.seeded;
	return w.workflow(
		'Synap e2e: sync',
		[
			w.manualTrigger(),
			w.code(
				'Sheet Rows',
				`return [
  { json: { employeeId: 'E2E-001', name: 'Ada Lovelace', email: 'ada.lovelace@example.com' } },
  { json: { employeeId: 'E2E-002', name: 'Edsger Dijkstra', email: 'edsger.dijkstra@example.com' } },
  { json: { employeeId: 'E2E-001', name: 'Ada King', email: 'ada.lovelace@example.com' } },
];`,
			),
			w.synap(
				'Create or Update',
				{
					resource: 'user',
					operation: 'upsert',
					matchOn: 'externalId',
					externalId: '={{ $json.employeeId }}',
					name: '={{ $json.name }}',
					emailAddress: '={{ $json.email }}',
					additionalFields: { userGroupId: groups.corporateOnboarding },
				},
				CRED,
				{ typeVersion: 1.1 },
			),
			w.synap(
				'Read Back',
				{ resource: 'user', operation: 'get', userId: w.rl('={{ $json.id }}') },
				CRED,
				{ typeVersion: 1.1 },
			),
		],
		[
			['Manual Trigger', 'Sheet Rows'],
			['Sheet Rows', 'Create or Update'],
			['Create or Update', 'Read Back'],
		],
		{ id: 'synapE2eSync000001' },
	);
}

function bulkWorkflow(ids) {
	return w.workflow(
		'Synap e2e: 1,000 Gets',
		[
			w.manualTrigger(),
			w.code('1,000 Ids', `const ids = ${JSON.stringify(ids)};\nreturn ids.map((id) => ({ json: { id } }));`),
			w.synap('Get 1,000 Users', { resource: 'user', operation: 'get', userId: w.rl('={{ $json.id }}') }, CRED),
		],
		[
			['Manual Trigger', '1,000 Ids'],
			['1,000 Ids', 'Get 1,000 Users'],
		],
		{ id: 'synapE2eBulk000001' },
	);
}

/** The run of one node (run 0) in an execution. */
function nodeRun(json, name) {
	return json?.data?.resultData?.runData?.[name]?.[0];
}

describe(`Synap node in n8n ${VERSION} (n8n execute) against the Synap sandbox`, { timeout: 15 * 60_000 }, () => {
	let home;
	let sb;
	let seededUsers;
	let main; // execution of the main workflow
	let mainReqs; // sandbox requests during it
	let usersAfter;

	before(async () => {
		const t0 = Date.now();
		await h.ensureN8n(VERSION);
		const tarball = h.getTarball();
		[home, sb] = await Promise.all([
			h.createN8nHome({ version: VERSION, tarball }),
			startSandbox({ port: 0, extraUsers: EXTRA_USERS }),
		]);
		seededUsers = (await sb.state('User')).map((u) => u.id);
		await h.importCredentials(home, [
			{ ...CRED, type: h.CREDENTIAL_TYPE, data: { accessToken: sb.adminToken, environment: 'custom', baseUrl: sb.baseUrl } },
		]);
		// one import:workflow call for all three (an array in one file)
		const ids = Array.from({ length: BULK }, (_, i) => seededUsers[i % seededUsers.length]);
		const all = [mainWorkflow(sb), forbiddenWorkflow(sb), syncWorkflow(sb), bulkWorkflow(ids)];
		await h.importWorkflows(home, all);
		process.stderr.write(`[node.e2e] n8n home + sandbox + imports ready in ${Date.now() - t0} ms\n`);

		await sb.clearRequests();
		// A little latency, as a remote Synap has, so requests that are sent together are seen
		// together (Return All's read-ahead); without it the sandbox may answer each before the next.
		await sb.setOptions({ latencyMs: 20 });
		try {
			main = await h.executeWorkflow(home, 'synapE2eMain000001');
		} finally {
			await sb.setOptions({ latencyMs: 0 });
		}
		mainReqs = v3(await sb.requests());
		usersAfter = await sb.state('User');
	});

	after(async () => {
		if (home) await home.cleanup();
		if (sb) await sb.stop();
	});

	test('main workflow: n8n execute succeeds and every request carries the PAT as Bearer', () => {
		assert.equal(main.code, 0, `n8n execute failed: ${h.executionError(main.json) || ''}\n${tail(main.stdout + main.stderr)}`);
		assert.equal(h.executionError(main.json), undefined);
		assert.ok(mainReqs.length > 0);
		for (const r of mainReqs) assert.equal(r.headers.authorization, `Bearer ${sb.adminToken}`, `${r.method} ${r.path}`);
	});

	test('User → Register: two students registered into one group (POST /user-registrations)', () => {
		const out = h.nodeOutput(main.json, 'Register');
		assert.equal(out.length, 2);
		assert.deepEqual(out.map((u) => u.emailAddress), ['grace.hopper@example.com', 'alan.turing@example.com']);
		const posts = mainReqs.filter((r) => r.method === 'POST' && r.path === '/v3/user-registrations');
		assert.equal(posts.length, 2);
		assert.equal(posts[0].headers['content-type'], 'application/vnd.api+json');
		const chem = sb.seeded.groups.chemistryClass;
		const grace = posts.find((p) => p.body.data.attributes.emailAddress === 'grace.hopper@example.com');
		assert.deepEqual(grace.body, {
			data: {
				type: 'UserRegistration',
				attributes: { name: 'Grace Hopper', emailAddress: 'grace.hopper@example.com', welcomeEmailDisabled: true },
				relationships: { userGroups: { data: [{ type: 'UserGroup', id: chem }] } },
			},
		});
		for (const p of posts) assert.equal(p.status, 201);
		for (const o of out) {
			const u = usersAfter.find((x) => x.id === o.id);
			assert.ok(u, `user ${o.id} exists in the sandbox`);
			assert.ok(u.relationships.userGroups.some((g) => g.id === chem), 'member of the chosen group');
		}
	});

	test(`User → Get Many, Return All: every user over several pages (${EXTRA_USERS} generated students)`, () => {
		const out = h.nodeOutput(main.json, 'Get All Users');
		const pages = mainReqs.filter((r) => r.method === 'GET' && r.path === '/v3/users' && !r.query['filter[userGroup]']);
		// the branch runs after Register (v1 order), so it sees the two new students
		assert.ok(out.length >= seededUsers.length, `${out.length} users out, ${seededUsers.length} seeded`);
		assert.equal(new Set(out.map((u) => u.id)).size, out.length, 'no duplicates');
		for (const id of seededUsers) assert.ok(out.some((u) => u.id === id), `seeded user ${id} listed`);
		assert.equal(pages.length, Math.ceil(out.length / 100), 'one request per page of 100');
		assert.ok(pages.length >= 5);
		assert.deepEqual(
			pages.map((p) => p.query['page[number]'] ?? '1'),
			pages.map((_, i) => String(i + 1)),
		);
		for (const p of pages) assert.equal(p.query['page[size]'], '100');
		// Page 1 alone (its links name the last page), then the rest read ahead, at most 4 at once.
		assert.equal(pages[0].concurrent, 1, 'page 1 is read on its own');
		const overlap = Math.max(...pages.slice(1).map((p) => p.concurrent));
		assert.ok(overlap >= 2 && overlap <= 4, `later pages read ahead, up to 4 at once (most at once: ${overlap})`);
		assert.equal(out[0].type, 'User');
		assert.ok(Array.isArray(out[0].userGroupIds), 'simplified output has userGroupIds');
	});

	test('User → Update acting as the student themself: Subject-User header, profile changed', () => {
		const id = sb.seeded.users.student;
		const out = h.nodeOutput(main.json, 'Update Myself');
		assert.equal(out.length, 1);
		assert.equal(out[0].id, id);
		assert.equal(out[0].timeZone, 'Europe/Rome');
		const patch = mainReqs.find((r) => r.method === 'PATCH' && r.path === `/v3/users/${id}`);
		assert.ok(patch, 'PATCH /v3/users/<student> sent');
		assert.equal(patch.headers['subject-user'], id);
		assert.equal(patch.status, 200);
		assert.equal(patch.body.data.id, id);
		const stored = usersAfter.find((u) => u.id === id);
		assert.deepEqual(stored.attributes.profilePicture, { __type: 'File', name: 'me.png', url: 'https://files.example.com/me.png' });
	});

	test('On Error: Continue (regular output): the missing ID is an error item in place, the others are users', () => {
		const out = h.nodeOutput(main.json, 'Get Users (continue)');
		assert.equal(out.length, 3);
		assert.equal(out[0].id, sb.seeded.users.student);
		assert.match(String(out[1].error), /could not find|not found/i, JSON.stringify(out[1]));
		assert.equal(out[1].id, undefined);
		assert.equal(out[2].id, sb.seeded.users.student2);
		const run = nodeRun(main.json, 'Get Users (continue)');
		assert.deepEqual(
			run.data.main[0].map((i) => i.pairedItem),
			[{ item: 0 }, { item: 1 }, { item: 2 }],
		);
		const miss = mainReqs.find((r) => r.path === '/v3/users/ZZZZZZZZZZ');
		assert.equal(miss?.status, 404);
	});

	test('Portal → Update acting as an Educator: Synap answers 403, the item says the Subject-User lacks the privilege', () => {
		const out = h.nodeOutput(main.json, 'Educator Renames Portal');
		assert.equal(out.length, 1);
		assert.match(String(out[0].error), new RegExp(`Subject-User ${sb.seeded.users.educator} is not allowed`), JSON.stringify(out[0]));
		const patch = mainReqs.find((r) => r.method === 'PATCH' && r.path === `/v3/portals/${sb.seeded.portalId}`);
		assert.equal(patch?.status, 403);
		assert.equal(patch.headers['subject-user'], sb.seeded.users.educator);
	});

	test('Custom → API Request: GET with query parameters and Return All pages; POST sends the JSON:API body as written', async () => {
		const list = h.nodeOutput(main.json, 'Custom GET');
		const gets = mainReqs.filter((r) => r.method === 'GET' && r.path === '/v3/users' && r.query['filter[userGroup]']);
		const students = usersAfter.filter((u) => u.relationships.userGroups.some((g) => g.id === sb.seeded.groups.students));
		assert.equal(list.length, students.length, 'every Student, raw JSON:API resources');
		assert.equal(list[0].type, 'User');
		assert.ok(list[0].attributes, 'not simplified');
		assert.equal(gets.length, Math.ceil(students.length / 100), 'pages of 100 followed through links.next');
		for (const g of gets) {
			assert.equal(g.query['filter[userGroup]'], sb.seeded.groups.students);
			assert.equal(g.query.sort, '-createdAt');
			assert.equal(g.status, 200);
		}

		const created = h.nodeOutput(main.json, 'Custom POST');
		const post = mainReqs.find((r) => r.method === 'POST' && r.path === '/v3/user-groups');
		assert.equal(post.status, 201);
		assert.equal(post.headers['content-type'], 'application/vnd.api+json');
		assert.deepEqual(post.body.data.attributes, { name: 'E2E Custom Group', description: 'made by a Custom API Request' });
		assert.equal(created.length, 1);
		assert.equal(created[0].type, 'UserGroup');
		const groups = await sb.state('UserGroup');
		assert.ok(groups.some((g) => g.id === created[0].id && g.attributes.name === 'E2E Custom Group'));
	});

	test('a student updating another student: the workflow fails with the Subject-User message; Synap said 403 and nothing changed', async () => {
		await sb.clearRequests();
		const res = await h.executeWorkflow(home, 'synapE2eForbidden01');
		const reqs = v3(await sb.requests());
		assert.notEqual(res.code, 0, 'n8n execute reports the failure');
		const msg = h.executionError(res.json) || '';
		assert.match(msg, new RegExp(`Subject-User ${sb.seeded.users.student} is not allowed`), `${msg}\n${tail(res.stdout)}`);
		assert.equal(reqs.length, 1);
		assert.equal(reqs[0].method, 'PATCH');
		assert.equal(reqs[0].path, `/v3/users/${sb.seeded.users.student2}`);
		assert.equal(reqs[0].headers['subject-user'], sb.seeded.users.student);
		assert.equal(reqs[0].status, 403);
		const other = (await sb.state('User')).find((u) => u.id === sb.seeded.users.student2);
		assert.notEqual(other.attributes.name, 'Hacked');
	});

	test('User → Create or Update (node version 1.1): a learner listed twice is registered once and then updated; Get returns the simplified form', async () => {
		await sb.clearRequests();
		const res = await h.executeWorkflow(home, 'synapE2eSync000001');
		assert.equal(res.code, 0, `n8n execute failed: ${h.executionError(res.json) || ''}\n${tail(res.stdout + res.stderr)}`);
		const out = h.nodeOutput(res.json, 'Create or Update');
		assert.deepEqual(out.map((o) => [o.operation, o.name, o.externalId]), [
			['created', 'Ada Lovelace', 'E2E-001'],
			['created', 'Edsger Dijkstra', 'E2E-002'],
			['updated', 'Ada King', 'E2E-001'],
		]);
		assert.equal(out[2].id, out[0].id, 'the second row updated the user the first registered');
		const reqs = v3(await sb.requests());
		assert.equal(reqs.filter((r) => r.method === 'POST' && r.path === '/v3/user-registrations').length, 2);
		const users = (await sb.state('User')).filter((u) => u.attributes.externalId === 'E2E-001');
		assert.equal(users.length, 1);
		assert.equal(users[0].attributes.name, 'Ada King');
		assert.ok(users[0].relationships.userGroups.some((g) => g.id === sb.seeded.groups.corporateOnboarding));
		const back = h.nodeOutput(res.json, 'Read Back');
		assert.deepEqual(Object.keys(back[0]), ['id', 'type', 'name', 'emailAddress', 'externalId', 'userGroupIds', 'subPortalId', 'emailVerified', 'lastSeen', 'createdAt']);
	});

	test(`${BULK} items → User Get: ${BULK} outputs, none failed; the node's wall time`, async (t) => {
		await sb.clearRequests();
		const res = await h.executeWorkflow(home, 'synapE2eBulk000001');
		assert.equal(res.code, 0, `n8n execute failed: ${h.executionError(res.json) || ''}\n${tail(res.stdout + res.stderr)}`);
		const run = nodeRun(res.json, 'Get 1,000 Users');
		const out = h.nodeOutput(res.json, 'Get 1,000 Users');
		assert.equal(out.length, BULK);
		assert.equal(out.filter((o) => o.error).length, 0, 'no failed items');
		const input = h.nodeOutput(res.json, '1,000 Ids');
		out.forEach((o, i) => assert.equal(o.id, input[i].id, `item ${i} is the user asked for`));
		const gets = v3(await sb.requests()).filter((r) => r.method === 'GET' && /^\/v3\/users\/\w+$/.test(r.path));
		assert.equal(gets.length, BULK, 'exactly one GET per item');
		assert.ok(gets.every((r) => r.status === 200));
		const line = `Synap node, ${BULK} User Gets: ${run.executionTime} ms in the node (n8n execute process ${res.ms} ms)`;
		t.diagnostic(line);
		process.stderr.write(`[node.e2e] ${line}\n`);
	});
});
