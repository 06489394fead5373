/**
 * The Synap Polling Trigger in n8n-core's real polling machinery, against the sandbox.
 *
 * Activation goes through n8n-core's real ActiveWorkflows.add (as n8n's ActiveWorkflowManager
 * calls it): it reads Poll Times, runs the first poll at once (an error there fails the
 * activation) and emits its items through the PollContext's __emit. Later polls run the same
 * function ActiveWorkflows schedules with cron (createPollExecuteFn), on the same Workflow object,
 * as a timer would. Static data is "saved to the database" when n8n saves it: when a poll emits
 * (ActiveWorkflowManager's __emit calls saveStaticData); a restart re-reads that saved copy.
 * "Fetch Test Event" is n8n-core's WorkflowExecute path for a poll node in manual mode: a
 * PollContext in mode "manual". Requests go through n8n-core's real httpRequestWithAuthentication
 * and the real SynapApi credential class.
 */
import '../harness/env.cjs';

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Container } from '@n8n/di';
import { ActiveWorkflows, PollContext } from 'n8n-core';
import { Workflow } from 'n8n-workflow';
import type {
	IDataObject,
	INode,
	INodeExecutionData,
	INodeProperties,
	INodeTypes,
	IPollFunctions,
	IWorkflowExecuteAdditionalData,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { credentialsHelper, type SynapCredentials } from '../harness/workflow.cjs';
import { SynapPollingTrigger } from '../../nodes/SynapPollingTrigger/SynapPollingTrigger.node';
import { POLL_EVENTS } from '../../nodes/SynapPollingTrigger/events';
import { MAX_PAGES_PER_POLL, PAGE_SIZE } from '../../nodes/SynapPollingTrigger/poll';
import type { RecordedRequest, Sandbox } from '../sandbox/index.cjs';
import { json, startScriptedServer, type ScriptedServer } from '../support/scriptedServer.cjs';

const { startSandbox } = require('../sandbox') as typeof import('../sandbox/index.cjs');

const TYPE = 'n8n-nodes-synap.synapPollingTrigger';
const trigger = new SynapPollingTrigger();
// n8n's node loader adds Poll Times to every polling node (DirectoryLoader.applySpecialNodeParameters).
const { commonPollingParameters } = require('n8n-core/dist/nodes-loader/constants') as { commonPollingParameters: INodeProperties[] };
trigger.description.properties.unshift(...commonPollingParameters);
const nodeTypes = {
	getByName: () => trigger,
	getByNameAndVersion: () => trigger,
	getKnownTypes: () => ({}),
} as unknown as INodeTypes;

let sandbox: Sandbox;
let credentials: SynapCredentials;
let workflowCount = 0;

const clone = <T,>(value: T): T => JSON.parse(JSON.stringify(value ?? {})) as T;

/** One n8n instance with one active workflow holding a Synap Polling Trigger. */
class PollingN8n {
	/** The workflow's static data as the database holds it. */
	savedStaticData: IDataObject = {};
	/** Every run the trigger started: its items. */
	readonly runs: IDataObject[][] = [];
	readonly errors: Error[] = [];
	readonly node: INode;
	readonly workflowId = `wf-poll-${++workflowCount}`;
	private workflow?: Workflow;
	private pollFunctions?: IPollFunctions;
	private readonly active = Container.get(ActiveWorkflows);
	private readonly additionalData: IWorkflowExecuteAdditionalData;

	constructor(event: string, creds: SynapCredentials = credentials) {
		this.node = {
			id: 'poll-node',
			name: 'Synap Polling Trigger',
			type: TYPE,
			typeVersion: 1,
			position: [0, 0],
			// Poll Times is added to every polling node by n8n; an empty list schedules nothing here,
			// the tests call the scheduled function themselves.
			parameters: { event, pollTimes: { item: [] } },
			credentials: { synapApi: { id: 'cred-1', name: 'Synap account' } },
		};
		this.additionalData = { credentialsHelper: credentialsHelper(creds), variables: {} } as unknown as IWorkflowExecuteAdditionalData;
	}

	private newWorkflow(): Workflow {
		return new Workflow({
			id: this.workflowId,
			name: 'Synap polling test',
			nodes: [this.node],
			connections: {},
			active: true,
			nodeTypes,
			staticData: clone(this.savedStaticData),
			settings: {},
		});
	}

	/** ActiveWorkflowManager.add: the real ActiveWorkflows, our __emit/__emitError. */
	async activate(): Promise<void> {
		this.workflow = this.newWorkflow();
		const getPollFunctions = (workflow: Workflow, node: INode, data: IWorkflowExecuteAdditionalData, mode: WorkflowExecuteMode, activation: WorkflowActivateMode) => {
			this.pollFunctions = new PollContext(
				workflow,
				node,
				data,
				mode,
				activation,
				(items: INodeExecutionData[][]) => {
					// ActiveWorkflowManager: saveStaticData (only when changed), then run the workflow.
					const staticData = workflow.staticData as IDataObject & { __dataChanged?: boolean };
					if (staticData.__dataChanged) this.savedStaticData = clone(staticData);
					this.runs.push(items[0].map((item) => item.json));
				},
				(error: Error) => this.errors.push(error),
			);
			return this.pollFunctions;
		};
		await this.active.add(this.workflowId, this.workflow, this.additionalData, 'trigger', 'activate', (() => undefined) as never, getPollFunctions as never);
	}

	/** What a Poll Times tick does. */
	async tick(): Promise<void> {
		// The function ActiveWorkflows.activatePolling registers with the cron (private in its types).
		const scheduled = this.active as unknown as {
			createPollExecuteFn(workflow: Workflow, node: INode, pollFunctions: IPollFunctions): (testingTrigger?: boolean) => Promise<void>;
		};
		await scheduled.createPollExecuteFn(this.workflow as Workflow, this.node, this.pollFunctions as IPollFunctions)();
	}

	async deactivate(): Promise<void> {
		if (this.active.isActive(this.workflowId)) await this.active.remove(this.workflowId);
	}

	/** n8n restarts: the workflow is built again from the database. */
	async restart(): Promise<void> {
		await this.deactivate();
		await this.activate();
	}

	/** "Fetch Test Event": WorkflowExecute.executePollNode in manual mode. */
	async fetchTestEvent(): Promise<IDataObject[]> {
		const workflow = this.newWorkflow();
		const context = new PollContext(workflow, this.node, this.additionalData, 'manual', 'manual');
		const result = await trigger.poll.call(context);
		return (result?.[0] ?? []).map((item) => item.json);
	}

	get cursor(): IDataObject | undefined {
		const live = (this.workflow?.staticData as IDataObject | undefined)?.['node:Synap Polling Trigger'] as IDataObject | undefined;
		return live?.cursor as IDataObject | undefined;
	}

	/** n8n's logger as the trigger's poll context has it. */
	get logger(): IPollFunctions['logger'] {
		return (this.pollFunctions as IPollFunctions).logger;
	}

	get items(): IDataObject[] {
		return this.runs.flat();
	}
}

let n8n: PollingN8n | undefined;

async function activate(event: string, creds?: SynapCredentials): Promise<PollingN8n> {
	n8n = new PollingN8n(event, creds);
	await n8n.activate();
	return n8n;
}

async function registerUser(name: string, email: string): Promise<string> {
	const res = await fetch(`${sandbox.baseUrl}/user-registrations`, {
		method: 'POST',
		headers: { authorization: `Bearer ${sandbox.adminToken}`, 'content-type': 'application/vnd.api+json' },
		body: JSON.stringify({ data: { type: 'UserRegistration', attributes: { name, emailAddress: email, welcomeEmailDisabled: true } } }),
	});
	expect(res.status).toBe(201);
	return ((await res.json()) as { data: { id: string } }).data.id;
}

/** Users inserted straight into the sandbox's store, all created at the same instant. */
function insertUsersAt(createdAt: string, count: number, prefix: string): string[] {
	const store = sandbox.store;
	const studentGroup = store.all('UserGroup').find((g) => g.attributes.name === 'Students')!;
	const ids: string[] = [];
	for (let i = 0; i < count; i++) {
		const user = store.insert({
			id: store.newId(),
			type: 'User',
			attributes: {
				...clone(store.all('User')[0].attributes),
				name: `${prefix} ${i}`,
				emailAddress: `${prefix.toLowerCase()}.${i}@example.com`,
				createdAt,
				updatedAt: createdAt,
			},
			relationships: { userGroups: [{ type: 'UserGroup', id: studentGroup.id }], subPortal: null, userAttributes: [] },
		});
		ids.push(user.id);
	}
	return ids;
}

/** The sandbox's required text attributes of a type, set to `value` (LearningRecord's names are INFERRED and may change). */
function requiredText(type: string, value: string): IDataObject {
	const { SCHEMAS } = require('../sandbox/schema') as typeof import('../sandbox/schema.cjs');
	const required = Object.entries(SCHEMAS[type].attributes).filter(([, spec]) => spec.required);
	expect(required.length).toBeGreaterThan(0);
	return Object.fromEntries(required.map(([name]) => [name, value]));
}

const listRequests = (path: string): RecordedRequest[] => sandbox.requests.filter((r) => r.method === 'GET' && r.path.startsWith(path));
const newestUser = () => [...sandbox.store.all('User')].sort((a, b) => String(b.attributes.createdAt).localeCompare(String(a.attributes.createdAt)))[0];

beforeAll(async () => {
	sandbox = await startSandbox({ seed: 21 });
	credentials = { accessToken: sandbox.adminToken, environment: 'custom', baseUrl: sandbox.baseUrl };
});

afterAll(async () => {
	await sandbox.close();
});

beforeEach(() => {
	sandbox.reset({ options: true });
});

afterEach(async () => {
	await n8n?.deactivate();
	n8n = undefined;
});

describe('New User', () => {
	test('activation outputs nothing (no flood of existing users) and starts the cursor at the newest user', async () => {
		expect(sandbox.store.all('User').length).toBeGreaterThan(5);
		const instance = await activate('user.registered');

		expect(instance.runs).toEqual([]);
		expect(instance.errors).toEqual([]);
		const newest = newestUser();
		expect(instance.cursor).toMatchObject({ event: 'user.registered', time: newest.attributes.createdAt, ids: [newest.id] });
		// One request: the newest users, newest first.
		const requests = listRequests('/v3/users');
		expect(requests).toHaveLength(1);
		expect(requests[0].query).toMatchObject({ sort: '-createdAt,-id' });
		expect(requests[0].headers.authorization).toBe(`Bearer ${sandbox.adminToken}`);

		// A poll with nothing new outputs nothing either.
		await instance.tick();
		expect(instance.runs).toEqual([]);
	});

	test('new registrations are output once each, in the Synap Trigger’s shape, and never again', async () => {
		const instance = await activate('user.registered');
		const ada = await registerUser('Ada Lovelace', 'ada@example.com');
		const alan = await registerUser('Alan Turing', 'alan@example.com');
		sandbox.requests.length = 0;

		await instance.tick();
		expect(instance.runs).toHaveLength(1);
		const items = instance.runs[0];
		expect(items.map((i) => i.id)).toEqual([ada, alan]);
		const adaUser = sandbox.store.find('User', ada)!;
		expect(items[0]).toMatchObject({
			id: ada,
			type: 'User',
			name: 'Ada Lovelace',
			emailAddress: 'ada@example.com',
			synap: {
				event: 'user.registered',
				userId: ada,
				userEmail: 'ada@example.com',
				portalId: null,
				occurredAt: adaUser.attributes.createdAt,
			},
		});
		expect(Date.parse((items[0].synap as IDataObject).receivedAt as string)).not.toBeNaN();
		// What Synap received: oldest first, from the cursor.
		const [request] = listRequests('/v3/users');
		expect(request.query).toMatchObject({ sort: 'createdAt,id', 'filter[createdAt][gte]': expect.any(String), 'page[size]': '100' });
		// The emit saved the cursor with the workflow.
		expect((instance.savedStaticData['node:Synap Polling Trigger'] as IDataObject).cursor).toMatchObject({ ids: [alan] });

		await instance.tick();
		await instance.tick();
		expect(instance.runs).toHaveLength(1);

		const grace = await registerUser('Grace Hopper', 'grace@example.com');
		await instance.tick();
		expect(instance.runs.map((run) => run.map((i) => i.id))).toEqual([[ada, alan], [grace]]);
	});

	test('records sharing a timestamp are neither lost nor repeated across polls', async () => {
		const instance = await activate('user.registered');
		const at = new Date(Date.parse(String(newestUser().attributes.createdAt)) + 60_000).toISOString();
		const first = insertUsersAt(at, 3, 'First');
		await instance.tick();
		expect(instance.items.map((i) => i.id)).toEqual([...first].sort());

		// Two more at the very same instant, after the poll that handed the first three over.
		const later = insertUsersAt(at, 2, 'Later');
		await instance.tick();
		expect(instance.runs).toHaveLength(2);
		expect(instance.runs[1].map((i) => i.id).sort()).toEqual([...later].sort());
		expect(instance.cursor).toMatchObject({ time: at });
		expect((instance.cursor!.ids as string[]).sort()).toEqual([...first, ...later].sort());

		await instance.tick();
		expect(instance.items).toHaveLength(5);
	});

	test('more new records than a poll reads: the next poll continues where it stopped, nothing lost or repeated', async () => {
		const instance = await activate('user.registered');
		// Two records per page, so one poll reads at most 2 × MAX_PAGES_PER_POLL records.
		sandbox.options.maxPageSize = 2;
		const bound = 2 * MAX_PAGES_PER_POLL;
		const base = Date.parse(String(newestUser().attributes.createdAt));
		const ids: string[] = [];
		for (let i = 0; i < bound + 5; i++) ids.push(...insertUsersAt(new Date(base + 1000 * (i + 1)).toISOString(), 1, `Bulk${i}`));
		sandbox.requests.length = 0;

		const requestsPerPoll: number[] = [];
		for (let poll = 0; poll < 6; poll++) {
			sandbox.requests.length = 0;
			await instance.tick();
			requestsPerPoll.push(listRequests('/v3/users').length);
		}
		// Every poll stops at the bound; the first ones read up to it, the next continues from the cursor.
		expect(Math.max(...requestsPerPoll)).toBe(MAX_PAGES_PER_POLL);
		expect(instance.runs.length).toBeGreaterThan(1);
		for (const run of instance.runs) expect(run.length).toBeLessThanOrEqual(bound);
		// Nothing lost, nothing repeated, in order.
		expect(instance.items.map((i) => i.id)).toEqual(ids);
		// The last polls found nothing more.
		expect(requestsPerPoll.at(-1)).toBe(1);
	});

	test('a block of same-timestamp records larger than a poll reads is delivered over several polls without repeats', async () => {
		const instance = await activate('user.registered');
		sandbox.options.maxPageSize = 2;
		const at = new Date(Date.parse(String(newestUser().attributes.createdAt)) + 60_000).toISOString();
		const ids = insertUsersAt(at, 2 * MAX_PAGES_PER_POLL + 5, 'Same');

		for (let poll = 0; poll < 4; poll++) await instance.tick();
		const seen = instance.items.map((i) => i.id as string);
		expect(seen.length).toBe(ids.length);
		expect(new Set(seen).size).toBe(ids.length);
		expect(instance.runs.length).toBeGreaterThan(1);
	});

	test('two ticks at once (two Poll Times entries firing in the same second) output each record once', async () => {
		const instance = await activate('user.registered');
		sandbox.options.latencyMs = 50;
		const ids = [await registerUser('Tick One', 'tick.one@example.com'), await registerUser('Tick Two', 'tick.two@example.com')];
		sandbox.requests.length = 0;

		await Promise.all([instance.tick(), instance.tick(), instance.tick()]);
		expect(instance.errors).toEqual([]);
		expect(instance.runs).toHaveLength(1);
		expect(instance.items.map((i) => i.id)).toEqual(ids);
		// One poll read Synap; the others did nothing.
		expect(listRequests('/v3/users')).toHaveLength(1);

		// The next tick runs again.
		const three = await registerUser('Tick Three', 'tick.three@example.com');
		await instance.tick();
		expect(instance.items.map((i) => i.id)).toEqual([...ids, three]);
	});

	test('after a restart the saved cursor is used: records from while n8n was down are output, earlier ones are not', async () => {
		const instance = await activate('user.registered');
		const before = await registerUser('Before Restart', 'before@example.com');
		await instance.tick();
		expect(instance.items.map((i) => i.id)).toEqual([before]);

		await instance.deactivate();
		const during = await registerUser('During Downtime', 'during@example.com');
		await instance.restart();
		expect(instance.items.map((i) => i.id)).toEqual([before, during]);
	});

	test('changing the event starts again from now', async () => {
		const instance = await activate('user.registered');
		await registerUser('Some User', 'some@example.com');
		await instance.tick();
		expect(instance.runs).toHaveLength(1);

		await instance.deactivate();
		instance.node.parameters.event = 'learningRecord.created';
		await instance.activate();
		expect(instance.runs).toHaveLength(1);
		expect(instance.cursor).toMatchObject({ event: 'learningRecord.created' });
	});
});

describe('other events', () => {
	test('User Updated outputs updated users, not new registrations', async () => {
		const instance = await activate('user.updated');
		const fresh = await registerUser('Fresh User', 'fresh@example.com');
		const student = sandbox.store.all('User').find((u) => u.attributes.emailAddress !== 'fresh@example.com' && u.attributes.name !== 'Alex Morgan')!;
		const res = await fetch(`${sandbox.baseUrl}/users/${student.id}`, {
			method: 'PATCH',
			headers: { authorization: `Bearer ${sandbox.adminToken}`, 'content-type': 'application/vnd.api+json' },
			body: JSON.stringify({ data: { type: 'User', id: student.id, attributes: { name: 'Renamed Student' } } }),
		});
		expect(res.status).toBe(200);

		await instance.tick();
		expect(instance.items.map((i) => i.id)).toEqual([student.id]);
		expect(instance.items[0]).toMatchObject({ name: 'Renamed Student', synap: { event: 'user.updated', userId: student.id } });
		expect(instance.items.map((i) => i.id)).not.toContain(fresh);
		expect(listRequests('/v3/users').at(-1)!.query).toMatchObject({ sort: 'updatedAt,id' });
	});

	test('Attempt Completed outputs a submitted attempt with its user', async () => {
		const instance = await activate('attempt.completed');
		const open = sandbox.store.all('Attempt').find((a) => a.attributes.isCompleted !== true)!;
		const userId = (open.relationships.user as { id: string }).id;
		const res = await fetch(`${sandbox.baseUrl}/attempt-submissions`, {
			method: 'POST',
			headers: { authorization: `Bearer ${sandbox.adminToken}`, 'content-type': 'application/vnd.api+json' },
			body: JSON.stringify({ data: { type: 'AttemptSubmission', relationships: { attempt: { data: { type: 'Attempt', id: open.id } } } } }),
		});
		expect(res.status).toBeLessThan(300);

		await instance.tick();
		expect(instance.items).toHaveLength(1);
		const user = sandbox.store.find('User', userId)!;
		expect(instance.items[0]).toMatchObject({
			id: open.id,
			isCompleted: true,
			userId,
			user: { id: userId, emailAddress: user.attributes.emailAddress },
			synap: { event: 'attempt.completed', userId, userEmail: user.attributes.emailAddress },
		});
		expect(listRequests('/v3/attempts').at(-1)!.query).toMatchObject({
			'filter[isCompleted]': 'true',
			sort: 'timeCompleted,id',
			include: 'user',
		});
	});

	test('New Learning Record outputs a created record with its user', async () => {
		const instance = await activate('learningRecord.created');
		const student = sandbox.store.all('User').find((u) => u.attributes.name !== 'Alex Morgan')!;
		const res = await fetch(`${sandbox.baseUrl}/learning-records`, {
			method: 'POST',
			headers: { authorization: `Bearer ${sandbox.adminToken}`, 'content-type': 'application/vnd.api+json' },
			body: JSON.stringify({
				data: { type: 'LearningRecord', attributes: requiredText('LearningRecord', 'First aid course'), relationships: { user: { data: { type: 'User', id: student.id } } } },
			}),
		});
		expect(res.status).toBe(201);
		const id = ((await res.json()) as { data: { id: string } }).data.id;

		await instance.tick();
		expect(instance.items).toEqual([expect.objectContaining({ id, synap: expect.objectContaining({ event: 'learningRecord.created', userId: student.id, userEmail: student.attributes.emailAddress }) })]);
	});
});

describe('Fetch Test Event', () => {
	test('returns the newest record and leaves the cursor alone', async () => {
		const instance = new PollingN8n('user.registered');
		const id = await registerUser('Newest Person', 'newest@example.com');
		const items = await instance.fetchTestEvent();
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({ id, synap: { event: 'user.registered', userEmail: 'newest@example.com' } });
		expect(instance.savedStaticData).toEqual({});
	});

	test('with no record yet it says so and how to get one', async () => {
		for (const attempt of sandbox.store.all('Attempt')) attempt.attributes.isCompleted = false;
		sandbox.store.version++;
		const instance = new PollingN8n('attempt.completed');
		await expect(instance.fetchTestEvent()).rejects.toMatchObject({
			message: 'No completed attempt found in Synap to use as a test event',
			description: expect.stringContaining('Create one in Synap'),
		});
	});
});

describe('errors', () => {
	test('a revoked token fails the activation with the credential message', async () => {
		const revoked = { ...credentials, accessToken: sandbox.tokens.revoked };
		const instance = new PollingN8n('user.registered', revoked);
		n8n = instance;
		await expect(instance.activate()).rejects.toThrow(/Synap did not accept the Personal Access Token/);
	});

	describe('from a Synap that does not support the inferred list parameters', () => {
		let scripted: ScriptedServer;
		beforeAll(async () => {
			scripted = await startScriptedServer();
		});
		afterAll(async () => scripted.close());
		const scriptedCredentials = (): SynapCredentials => ({ accessToken: 'p:scriptedPollToken0123456789', environment: 'custom', baseUrl: scripted.baseUrl });
		const user = (id: string, createdAt: string) => ({ type: 'User', id, attributes: { name: id, emailAddress: `${id}@example.com`, createdAt } });

		test('a 400 for the query is explained: which parameters, that they are inferred, what to do instead', async () => {
			const refusal = json(400, { errors: [{ status: '400', title: 'Bad Request', detail: 'Unknown query parameter sort', source: { parameter: 'sort' } }] });
			const message =
				'Synap did not accept the list query the Synap Polling Trigger uses for "New User": Synap rejected the request: Unknown query parameter sort';

			// At activation n8n shows the message only (WorkflowActivationError keeps the cause's message).
			scripted.script(refusal);
			const atActivation = new PollingN8n('user.registered', scriptedCredentials());
			n8n = atActivation;
			await expect(atActivation.activate()).rejects.toThrow(`There was a problem activating the workflow: "${message}"`);

			// On a later poll the error run holds the whole error.
			scripted.script(json(200, { data: [user('newest0001', '2026-01-01T00:00:00.000Z')] }), refusal);
			const instance = new PollingN8n('user.registered', scriptedCredentials());
			n8n = instance;
			await instance.activate();
			await instance.tick();
			const error = instance.errors[0] as Error & { description?: string };
			expect(error?.message).toBe(message);
			expect(error?.description).toContain('/users with filter[createdAt][gte]=2026-01-01T00:00:00.000Z, sort=createdAt,id, page[size]=100');
			expect(error?.description).toContain('inferred');
			expect(error?.description).toContain('Synap Trigger (webhooks)');
			expect(error?.description).toContain('[400] Bad Request - Unknown query parameter sort (at query parameter sort)');
			expect(error?.description).not.toContain('Correct the value(s)');
			expect(JSON.stringify([error, error?.description])).not.toContain('scriptedPollToken0123456789');
		});

		test('a page that fails after new records: those are output, the next poll continues from them', async () => {
			const t = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();
			const page = Array.from({ length: 100 }, (_, i) => user(`new${String(i).padStart(7, '0')}`, t(i + 1)));
			const notFound = json(404, { errors: [{ status: '404', title: 'Not Found', detail: 'Gone' }] });
			scripted.script(
				json(200, { data: [user('newest0001', t(0))] }),
				json(200, { data: page, links: { next: `${scripted.baseUrl}/users?page[number]=2` } }),
				notFound,
			);
			const instance = new PollingN8n('user.registered', scriptedCredentials());
			n8n = instance;
			await instance.activate();
			const warn = jest.spyOn(instance.logger, 'warn').mockImplementation(() => undefined);
			await instance.tick();
			expect(instance.errors).toEqual([]);
			expect(instance.items.map((i) => i.id)).toEqual(page.map((r) => r.id));
			// Said in n8n's log, as no execution shows it.
			expect(warn).toHaveBeenCalledWith(expect.stringMatching(/a page request failed after 100 new record\(s\).*Synap could not find what was asked for: Gone/));
			warn.mockRestore();

			scripted.requests.length = 0;
			scripted.script(json(200, { data: [page[99], user('later00001', t(200))] }));
			await instance.tick();
			expect(instance.runs.map((run) => run.length)).toEqual([100, 1]);
			expect(instance.runs[1][0].id).toBe('later00001');
			expect(scripted.requests[0].query.get('filter[createdAt][gte]')).toBe(t(100));
		});

		test('a Synap that ignores the time filter is detected instead of reading old records forever; the error reaches n8n', async () => {
			const old = Array.from({ length: 100 }, (_, i) => user(`old${String(i).padStart(7, '0')}`, new Date(Date.UTC(2020, 0, 1, 0, i)).toISOString()));
			scripted.script(
				// activation: newest first
				json(200, { data: [user('newest0001', '2026-01-01T00:00:00.000Z')] }),
				// a poll: a full page of records older than the cursor, with a next page
				json(200, { data: old, links: { next: `${scripted.baseUrl}/users?page[number]=2` } }),
			);
			const instance = new PollingN8n('user.registered', scriptedCredentials());
			n8n = instance;
			await instance.activate();
			await instance.tick();
			expect(instance.runs).toEqual([]);
			expect(instance.errors).toHaveLength(1);
			expect(instance.errors[0].message).toBe('Synap returned users older than the trigger\'s cursor for "New User"');
			expect((instance.errors[0] as Error & { description?: string }).description).toMatch(/filter\[createdAt\]\[gte\]=2026-01-01T00:00:00.000Z/);
			// It stopped at the first such page.
			expect(scripted.requests.filter((r) => r.path === '/v3/users')).toHaveLength(2);
		});
	});
});

describe('documentation', () => {
	const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
	const section = readme.slice(readme.indexOf('## Synap Polling Trigger'), readme.indexOf('## Examples'));

	test('the README lists every event with its code, and states the per-poll bound the node uses', () => {
		expect(section.length).toBeGreaterThan(100);
		for (const event of POLL_EVENTS) expect(section).toContain(`| ${event.name} | \`${event.value}\` |`);
		expect(section).toContain(`At most ${MAX_PAGES_PER_POLL} pages of ${PAGE_SIZE} records per poll** (${(MAX_PAGES_PER_POLL * PAGE_SIZE).toLocaleString('en')} records)`);
	});

	test('the node says Act As does not apply, and which trigger to use otherwise', () => {
		const notice = trigger.description.properties.find((p) => p.name === 'notice')!;
		expect(notice.displayName).toContain('Act As does not apply');
		expect(notice.displayName).toContain('Synap Trigger');
	});
});
