/**
 * The transport as a user meets it: the Synap node run inside n8n-core's real WorkflowExecute
 * against a scripted HTTP server, asserting exactly what was sent and what came out.
 */
import { json, raw, reset } from '../support/scriptedServer.cjs';
import { rl, run, useScriptedServer } from './support.cjs';

const TOKEN = 'p:transportTestToken0123456789';
const env = useScriptedServer(TOKEN);

const userDoc = (id: string, name = 'Ada Lovelace') => ({
	data: {
		type: 'User',
		id,
		attributes: { name, emailAddress: `${id.toLowerCase()}@example.com` },
		relationships: { userGroups: { data: [{ type: 'UserGroup', id: 'GroupAAAA1' }] }, subPortal: { data: null } },
	},
});

const getUser = (id: string, extra: Record<string, unknown> = {}) => ({
	resource: 'user',
	operation: 'get',
	userId: rl(id),
	...extra,
});


test('a Get sends the Bearer token and JSON:API headers to /users/{id} and outputs a simplified item', async () => {
	env.server.script(json(200, userDoc('QsogF1GDFZ')));
	const result = await run(env, getUser('QsogF1GDFZ'));
	expect(result.error).toBeUndefined();
	expect(env.server.requests).toHaveLength(1);
	const [req] = env.server.requests;
	expect(req.method).toBe('GET');
	expect(req.path).toBe('/v3/users/QsogF1GDFZ');
	expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
	expect(req.headers.accept).toBe('application/vnd.api+json');
	expect(req.headers['subject-user']).toBeUndefined();
	expect(result.items.map((i) => i.json)).toEqual([
		{
			id: 'QsogF1GDFZ',
			type: 'User',
			name: 'Ada Lovelace',
			emailAddress: 'qsogf1gdfz@example.com',
			userGroupIds: ['GroupAAAA1'],
			subPortalId: null,
		},
	]);
	expect(result.items[0].pairedItem).toEqual({ item: 0 });
});

test('Act As sends the Subject-User header per item, from an expression', async () => {
	env.server.script(json(200, userDoc('QsogF1GDFZ')));
	const result = await run(env, getUser('QsogF1GDFZ', { subjectUserId: '={{ $json.actor }}' }), {
		items: [{ actor: 'Student0001' }, { actor: 'Educator001' }],
	});
	expect(result.error).toBeUndefined();
	expect(env.server.requests.map((r) => r.headers['subject-user']).sort()).toEqual(['Educator001', 'Student0001']);
	expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
});

test('an Act As expression that resolves to empty is refused instead of acting as the administrator', async () => {
	env.server.script(json(200, userDoc('QsogF1GDFZ')));
	const result = await run(env, getUser('QsogF1GDFZ', { subjectUserId: '={{ $json.actor }}' }), {
		items: [{ actor: '' }],
	});
	expect(env.server.requests).toHaveLength(0);
	expect(result.error?.message).toMatch(/Act As \(Subject-User ID\) resolved to an empty value \[item 0\]/);
});

test('an Act As expression that fails names the field and the item', async () => {
	env.server.script(json(200, userDoc('QsogF1GDFZ')));
	const result = await run(env, getUser('QsogF1GDFZ', { subjectUserId: '={{ $json.actor.toUpperCase }}' }), {
		items: [{ actor: 'x' }],
	});
	expect(env.server.requests).toHaveLength(0);
	expect(result.error?.message).toMatch(/^Act As \(Subject-User ID\) could not be read: .* \[item 0\]$/);
});

test('a Subject-User with a line break never becomes a header', async () => {
	env.server.script(json(200, userDoc('QsogF1GDFZ')));
	const result = await run(env, getUser('QsogF1GDFZ', { subjectUserId: 'Stud\r\nX-Evil: 1' }));
	expect(env.server.requests).toHaveLength(0);
	expect(result.error?.message).toContain('Act As (Subject-User ID)');
	expect(result.error?.message).toContain('line break');
});

test('an ID that would change the path is refused with the field and item named', async () => {
	env.server.script(json(200, userDoc('QsogF1GDFZ')));
	const result = await run(env, { ...getUser('x'), userId: rl('={{ $json.id }}') }, {
		items: [{ id: '../portals' }],
	});
	expect(env.server.requests).toHaveLength(0);
	expect(result.error?.message).toMatch(/^User "\.\.\/portals" is not a valid Synap ID: .* \[item 0\]$/);
});

test('429 with Retry-After is waited out and the item succeeds', async () => {
	env.server.script(json(429, { errors: [{ status: '429', title: 'Too Many Requests' }] }, { 'Retry-After': '1' }), json(200, userDoc('QsogF1GDFZ')));
	const started = Date.now();
	const result = await run(env, getUser('QsogF1GDFZ'));
	expect(result.error).toBeUndefined();
	expect(env.server.requests).toHaveLength(2);
	expect(Date.now() - started).toBeGreaterThanOrEqual(950);
	expect(result.items).toHaveLength(1);
});

test('a 400 with JSON:API errors names the field and keeps every detail', async () => {
	env.server.script(
		json(400, {
			errors: [
				{ status: '400', title: 'Invalid attribute', detail: 'Email address is invalid', source: { pointer: '/data/attributes/emailAddress' } },
				{ status: '400', title: 'Invalid attribute', detail: 'Name is required', source: { pointer: '/data/attributes/name' } },
			],
		}),
	);
	const result = await run(env, { resource: 'user', operation: 'create', name: 'x', emailAddress: 'not-an-email' });
	expect(env.server.requests).toHaveLength(1);
	expect(result.error?.message).toBe('Synap rejected the request (fields: emailAddress, name): Email address is invalid');
	expect(result.error?.description).toContain('Name is required (at /data/attributes/name)');
	expect(result.error?.description).not.toContain(TOKEN);
});

test('a create answered with a cut-off body is not sent again and says it may have been applied', async () => {
	env.server.script(raw(201, '{"data":{"type":"UserRegistration","id":"Ab'));
	const result = await run(env, { resource: 'user', operation: 'create', name: 'Ada', emailAddress: 'ada@example.com' });
	expect(env.server.requests).toHaveLength(1);
	expect(result.error?.message).toBe('Synap sent a response that is not valid JSON');
	expect(result.error?.description).toContain('may already have been applied');
});

test('a GET survives a connection reset and a 502 by retrying', async () => {
	env.server.script(reset, json(502, {}), json(200, userDoc('QsogF1GDFZ')));
	const result = await run(env, getUser('QsogF1GDFZ'));
	expect(result.error).toBeUndefined();
	expect(env.server.requests).toHaveLength(3);
});

test('a redirect is not followed, so the token never leaves for another host', async () => {
	env.server.script(json(302, {}, { Location: 'http://127.0.0.2:9/steal' }));
	const result = await run(env, getUser('QsogF1GDFZ'));
	expect(env.server.requests).toHaveLength(1);
	expect(result.error?.message).toContain('redirect');
});

test('a plain-http base URL that is not loopback is refused before anything is sent', async () => {
	const result = await run(env, getUser('QsogF1GDFZ'), {
		credentials: { baseUrl: 'http://synap.example.com/v3' },
	});
	expect(result.error?.message).toBe('Refusing to send the Personal Access Token over plain http:// to synap.example.com');
});

test('Continue On Fail: the failed item carries the error, the others succeed, order and pairing kept', async () => {
	env.server.script((req, res) => {
		if (req.path.endsWith('/Missing001')) return json(404, { errors: [{ status: '404', title: 'Not found', detail: 'User not found' }] })(req, res);
		return json(200, userDoc(req.path.split('/').pop() as string))(req, res);
	});
	const result = await run(env, { ...getUser('={{ $json.id }}'), userId: rl('={{ $json.id }}') }, {
		items: [{ id: 'UserAAAA01' }, { id: 'Missing001' }, { id: 'UserAAAA03' }],
		onError: 'continueRegularOutput',
	});
	expect(result.error).toBeUndefined();
	expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	expect(result.items[0].json.id).toBe('UserAAAA01');
	expect(result.items[1].json.error).toBe('Synap could not find what was asked for: User not found');
	expect(result.items[2].json.id).toBe('UserAAAA03');
});

test('Continue (using error output): the failed item goes to the error output', async () => {
	env.server.script((req, res) => {
		if (req.path.endsWith('/Missing001')) return json(404, { errors: [{ status: '404', detail: 'User not found' }] })(req, res);
		return json(200, userDoc(req.path.split('/').pop() as string))(req, res);
	});
	const result = await run(env, { ...getUser('x'), userId: rl('={{ $json.id }}') }, {
		items: [{ id: 'UserAAAA01' }, { id: 'Missing001' }],
		onError: 'continueErrorOutput',
	});
	expect(result.items.map((i) => i.json.id)).toEqual(['UserAAAA01']);
	expect(result.errorItems).toHaveLength(1);
	expect(result.errorItems[0].json.error).toContain('User not found');
});
