/**
 * The Synap node as an AI Agent tool (issue 4 §5): parameters filled by `$fromAI()` expressions,
 * run the way n8n 2.8 runs a tool call (see ./agent.cts), against the sandbox.
 */
import { runAsAgentTool } from './agent.cjs';
import { apiRequests, rl, run, useSandbox } from './support.cjs';

const env = useSandbox();

test('Register a user: the model sees a "name"/"email" tool and Synap receives what it chose', async () => {
	const result = await runAsAgentTool({
		parameters: {
			resource: 'user',
			operation: 'create',
			name: "={{ $fromAI('name', 'The new user\\'s full name', 'string') }}",
			emailAddress: "={{ $fromAI('email', 'The new user\\'s email address', 'string') }}",
			additionalFields: { welcomeEmailDisabled: true },
		},
		call: { id: 'call_register_1', input: { name: 'Ada Lovelace', email: 'ada.lovelace@example.com' } },
		credentials: env.credentials,
	});
	expect(result.error).toBeUndefined();

	// What n8n hands the model: the operation's action as the tool description, the $fromAI keys as its schema.
	expect(result.log.tools).toHaveLength(1);
	expect(result.log.tools[0]).toMatchObject({ name: 'Synap', description: 'Register a user in Synap', schemaKeys: ['email', 'name'] });

	const [req] = apiRequests(env);
	expect(apiRequests(env)).toHaveLength(1);
	expect(req).toMatchObject({ method: 'POST', path: '/v3/user-registrations' });
	expect(req.headers.authorization).toBe(`Bearer ${env.sandbox.adminToken}`);
	expect(req.body).toEqual({
		data: {
			type: 'UserRegistration',
			attributes: { name: 'Ada Lovelace', emailAddress: 'ada.lovelace@example.com', welcomeEmailDisabled: true },
		},
	});

	// The engine ran the Synap node as a tool call: its run carries the model's arguments as
	// inputOverride.ai_tool, which is where $fromAI() reads them from in n8n-workflow 2.8.
	const toolRun = result.run.data.resultData.runData.Synap[0];
	expect(toolRun.inputOverride?.ai_tool?.[0]?.[0]?.json).toEqual({ name: 'Ada Lovelace', email: 'ada.lovelace@example.com' });
	expect(result.toolItems).toHaveLength(1);
	expect(result.toolItems[0]).toMatchObject({ type: 'UserRegistration', name: 'Ada Lovelace', emailAddress: 'ada.lovelace@example.com' });
	// The agent is resumed with the tool's output.
	expect(result.agentItems).toHaveLength(1);
	expect(result.agentItems[0].toolCallId).toBe('call_register_1');
	expect(JSON.stringify(result.agentItems[0].result)).toContain('ada.lovelace@example.com');
});

test('Create a synoptic session: a resource locator and a relationship filled by the model', async () => {
	const { attempts, users } = env.sandbox.seeded;
	const result = await runAsAgentTool({
		parameters: {
			resource: 'synopticSession',
			operation: 'create',
			attemptId: rl("={{ $fromAI('attemptId', 'The Synap ID of the attempt', 'string') }}"),
			candidateId: "={{ $fromAI('candidateId', 'The Synap user ID of the candidate', 'string') }}",
			options: { portalSubdomain: 'northbridge' },
		},
		call: { id: 'call_session_1', input: { attemptId: attempts.studentOpen, candidateId: users.student } },
		credentials: env.credentials,
	});
	expect(result.error).toBeUndefined();
	expect(result.log.tools[0]).toMatchObject({ description: 'Create a synoptic session in Synap', schemaKeys: ['attemptId', 'candidateId'] });

	const [req] = apiRequests(env);
	expect(req).toMatchObject({ method: 'POST', path: '/v3/synoptic-sessions' });
	expect(req.body).toEqual({
		data: {
			type: 'SynopticSession',
			relationships: {
				attempt: { data: { type: 'Attempt', id: attempts.studentOpen } },
				candidate: { data: { type: 'User', id: users.student } },
			},
		},
	});
	const [out] = result.toolItems;
	expect(out.launchUrl).toBe(`https://northbridge.synap.ac/quiz/a/${attempts.studentOpen}?st=${out.token as string}`);
});

test('A model-chosen ID that would change the path is refused; nothing is sent and the model reads why', async () => {
	const result = await runAsAgentTool({
		parameters: {
			resource: 'attempt',
			operation: 'get',
			attemptId: rl("={{ $fromAI('attemptId', 'The Synap ID of the attempt', 'string') }}"),
		},
		call: { id: 'call_get_1', input: { attemptId: '../portals' } },
		credentials: env.credentials,
	});
	expect(apiRequests(env)).toHaveLength(0);
	// n8n 2.8 records the tool's error as its ai_tool output and resumes the agent with it.
	const message = 'Attempt "../portals" is not a valid Synap ID: it contains a "/" [item 0]';
	expect(result.toolItems).toEqual([{ error: message }]);
	expect(result.agentItems).toHaveLength(1);
	expect(result.agentItems[0]).toMatchObject({ toolCallId: 'call_get_1', result: { data: { ai_tool: [[{ json: { error: message } }]] } } });
});

test('Outside an agent (a manual run), n8n-workflow 2.8 resolves $fromAI from the FIRST input item, for every item', async () => {
	const { attempts } = env.sandbox.seeded;
	const result = await run(
		env,
		{ resource: 'attempt', operation: 'get', attemptId: rl("={{ $fromAI('attemptId', 'The Synap ID of the attempt', 'string') }}") },
		// `query.<key>` is read first, then `<key>`: what n8n's "test this tool" run puts on the item.
		{ items: [{ query: { attemptId: attempts.studentOpen } }, { attemptId: attempts.student2Open }] },
	);
	expect(result.error).toBeUndefined();
	expect(apiRequests(env).map((r) => r.path)).toEqual([`/v3/attempts/${attempts.studentOpen}`, `/v3/attempts/${attempts.studentOpen}`]);
});

test('A tool added today (node version 1.1) answers a Get Many with the Simplified output: at most 10 fields per user', async () => {
	const result = await runAsAgentTool({
		parameters: {
			resource: 'user',
			operation: 'getAll',
			limit: "={{ $fromAI('limit', 'How many users to return', 'number') }}",
			filters: { search: "={{ $fromAI('search', 'Text to find in the user\\'s name or email', 'string') }}" },
		},
		call: { id: 'call_users_1', input: { limit: 5, search: 'northbridge' } },
		credentials: env.credentials,
		typeVersion: 1.1,
	});
	expect(result.error).toBeUndefined();
	expect(result.log.tools[0]).toMatchObject({ description: 'Get many users in Synap', schemaKeys: ['limit', 'search'] });
	const [req] = apiRequests(env);
	expect(req.query).toEqual({ 'filter[search]': 'northbridge', 'page[size]': '5' });
	expect(result.toolItems.length).toBeGreaterThan(0);
	const simplified = ['id', 'type', 'name', 'emailAddress', 'externalId', 'userGroupIds', 'subPortalId', 'emailVerified', 'lastSeen', 'createdAt'];
	for (const item of result.toolItems) expect(Object.keys(item)).toEqual(simplified);
	// What the model reads back is that short form, not every attribute (preferences, authData, userGroupsMetadata…).
	const text = JSON.stringify(result.agentItems[0].result);
	expect(text).toContain(result.toolItems[0].emailAddress as string);
	expect(text).not.toContain('userGroupsMetadata');
});
