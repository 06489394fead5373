/**
 * Learning Record and Access Policy (Create, Get, Get Many, Update, Delete; attributes INFERRED)
 * and Webhook Subscription (Create, Get, Get Many, Delete) against the sandbox.
 */
import { apiRequests, expectRequest, outputOf, rl, run, useSandbox } from './support.cjs';

const env = useSandbox();

describe('Learning Record', () => {
	let createdId = '';

	test('Create sends Synap\'s record fields (Record Name → name, Record Date → date, Score), the learner, and extra attributes from JSON', async () => {
		const learner = env.sandbox.seeded.users.student2;
		const result = await run(env, {
			resource: 'learningRecord',
			operation: 'create',
			title: 'Forklift licence renewal',
			additionalFields: {
				completedAt: '2026-01-15T16:00:00Z',
				score: 85,
				externalId: 'FLT-2026-7',
				userId: learner,
				attributesJson: '{"attr": {"provider": "RTITB"}}',
			},
		});
		expectRequest(env, {
			method: 'POST',
			path: '/learning-records',
			body: {
				data: {
					type: 'LearningRecord',
					attributes: {
						name: 'Forklift licence renewal',
						date: '2026-01-15T16:00:00Z',
						score: 85,
						externalId: 'FLT-2026-7',
						attr: { provider: 'RTITB' },
					},
					relationships: { user: { data: { type: 'User', id: learner } } },
				},
			},
		});
		const [out] = outputOf(result);
		expect(out).toMatchObject({ type: 'LearningRecord', name: 'Forklift licence renewal', date: '2026-01-15T16:00:00Z', score: 85, userId: learner });
		expect(out).not.toHaveProperty('title');
		expect(out).not.toHaveProperty('completedAt');
		createdId = out.id as string;
	});

	test('Get reads /learning-records/{id}', async () => {
		const id = env.sandbox.seeded.learningRecords[0];
		const result = await run(env, { resource: 'learningRecord', operation: 'get', learningRecordId: rl(id) });
		expectRequest(env, { method: 'GET', path: `/learning-records/${id}` });
		expect(outputOf(result)[0]).toMatchObject({ id, name: 'First Aid at Work refresher', score: 92, externalId: 'FAW-2025-118' });
	});

	test('Get Many filters by learner', async () => {
		const learner = env.sandbox.seeded.users.student2;
		const result = await run(env, { resource: 'learningRecord', operation: 'getAll', returnAll: true, filters: { user: learner } });
		expectRequest(env, { method: 'GET', path: '/learning-records', query: { 'page[size]': '100', 'filter[user]': learner } });
		expect(outputOf(result).map((r) => r.name)).toEqual(['First Aid at Work refresher', 'Forklift licence renewal']);
	});

	test('Update patches the record name (the released Title field sends name)', async () => {
		const result = await run(env, { resource: 'learningRecord', operation: 'update', learningRecordId: rl(createdId), updateFields: { title: 'Forklift licence' } });
		expectRequest(env, {
			method: 'PATCH',
			path: `/learning-records/${createdId}`,
			body: { data: { type: 'LearningRecord', id: createdId, attributes: { name: 'Forklift licence' } } },
		});
		expect(outputOf(result)[0]).toMatchObject({ id: createdId, name: 'Forklift licence' });
	});

	test('Delete removes it', async () => {
		const result = await run(env, { resource: 'learningRecord', operation: 'delete', learningRecordId: rl(createdId) });
		expectRequest(env, { method: 'DELETE', path: `/learning-records/${createdId}` });
		expect(outputOf(result)).toEqual([{ deleted: true, id: createdId }]);
	});
});

describe('Access Policy', () => {
	let createdId = '';

	test('Create sends name, group and sub-portal, rules through Extra Attributes', async () => {
		const { groups, subPortalIds } = env.sandbox.seeded;
		const rules = [{ resourceType: 'Collection', resourceId: env.sandbox.seeded.collections.workplaceSafety, access: 'read' }];
		const result = await run(env, {
			resource: 'accessPolicy',
			operation: 'create',
			name: 'Safety content for corporate',
			additionalFields: {
				userGroupId: groups.corporateOnboarding,
				subPortalId: subPortalIds[1],
				attributesJson: JSON.stringify({ rules }),
			},
		});
		expectRequest(env, {
			method: 'POST',
			path: '/access-policies',
			body: {
				data: {
					type: 'AccessPolicy',
					attributes: { name: 'Safety content for corporate', rules },
					relationships: {
						userGroup: { data: { type: 'UserGroup', id: groups.corporateOnboarding } },
						subPortal: { data: { type: 'SubPortal', id: subPortalIds[1] } },
					},
				},
			},
		});
		const [out] = outputOf(result);
		expect(out).toMatchObject({ type: 'AccessPolicy', name: 'Safety content for corporate', rules, userGroupId: groups.corporateOnboarding });
		createdId = out.id as string;
	});

	test('Get reads /access-policies/{id}', async () => {
		const id = env.sandbox.seeded.accessPolicies[0];
		const result = await run(env, { resource: 'accessPolicy', operation: 'get', accessPolicyId: rl(id) });
		expectRequest(env, { method: 'GET', path: `/access-policies/${id}` });
		expect(outputOf(result)[0]).toMatchObject({ id, name: 'Chemistry class content' });
	});

	test('Get Many searches', async () => {
		const result = await run(env, { resource: 'accessPolicy', operation: 'getAll', limit: 10, filters: { search: 'safety' } });
		expectRequest(env, { method: 'GET', path: '/access-policies', query: { 'page[size]': '10', 'filter[search]': 'safety' } });
		expect(outputOf(result).map((p) => p.name)).toEqual(['Corporate safety content', 'Safety content for corporate']);
	});

	test('Update patches the description', async () => {
		const result = await run(env, { resource: 'accessPolicy', operation: 'update', accessPolicyId: rl(createdId), updateFields: { description: 'Read access' } });
		expectRequest(env, {
			method: 'PATCH',
			path: `/access-policies/${createdId}`,
			body: { data: { type: 'AccessPolicy', id: createdId, attributes: { description: 'Read access' } } },
		});
		expect(outputOf(result)[0]).toMatchObject({ id: createdId, description: 'Read access' });
	});

	test('Delete removes it', async () => {
		const result = await run(env, { resource: 'accessPolicy', operation: 'delete', accessPolicyId: rl(createdId) });
		expectRequest(env, { method: 'DELETE', path: `/access-policies/${createdId}` });
		expect(outputOf(result)).toEqual([{ deleted: true, id: createdId }]);
	});
});

describe('Webhook Subscription', () => {
	let createdId = '';

	test('Create sends the event, URL and basic auth as one object (the sandbox masks the password in its answer)', async () => {
		const result = await run(env, {
			resource: 'webhookSubscription',
			operation: 'create',
			eventName: 'user.registered',
			targetUrl: 'https://n8n.example.com/webhook/synap',
			additionalFields: { active: true, basicAuthUsername: 'synap', basicAuthPassword: 's3cret-Passw0rd' },
		});
		expectRequest(env, {
			method: 'POST',
			path: '/webhook-subscriptions',
			body: {
				data: {
					type: 'WebhookSubscription',
					attributes: {
						eventName: 'user.registered',
						targetUrl: 'https://n8n.example.com/webhook/synap',
						active: true,
						basicAuth: { username: 'synap', password: 's3cret-Passw0rd' },
					},
				},
			},
		});
		const [out] = outputOf(result);
		expect(out).toMatchObject({ type: 'WebhookSubscription', eventName: 'user.registered', active: true, basicAuth: { username: 'synap' } });
		expect(JSON.stringify(out)).not.toContain('s3cret-Passw0rd');
		createdId = out.id as string;
	});

	test('Create accepts Synap\'s sample spelling assignment.complete through an expression', async () => {
		const result = await run(env, {
			resource: 'webhookSubscription',
			operation: 'create',
			eventName: '={{ "assignment.complete" }}',
			targetUrl: 'https://n8n.example.com/webhook/assignments',
		});
		const [req] = apiRequests(env);
		expect((req.body as { data: { attributes: { eventName: string } } }).data.attributes.eventName).toBe('assignment.complete');
		expect(outputOf(result)[0]).toMatchObject({ eventName: 'assignment.complete' });
	});

	test('Get reads /webhook-subscriptions/{id}', async () => {
		const result = await run(env, { resource: 'webhookSubscription', operation: 'get', webhookSubscriptionId: rl(createdId) });
		expectRequest(env, { method: 'GET', path: `/webhook-subscriptions/${createdId}` });
		expect(outputOf(result)[0]).toMatchObject({ id: createdId, targetUrl: 'https://n8n.example.com/webhook/synap' });
	});

	test('Get Many filters by event', async () => {
		const result = await run(env, { resource: 'webhookSubscription', operation: 'getAll', returnAll: true, filters: { eventName: 'user.registered', active: true } });
		expectRequest(env, {
			method: 'GET',
			path: '/webhook-subscriptions',
			query: { 'page[size]': '100', 'filter[eventName]': 'user.registered', 'filter[active]': 'true' },
		});
		expect(outputOf(result).map((w) => w.id)).toEqual([createdId]);
	});

	test('Delete removes it', async () => {
		const result = await run(env, { resource: 'webhookSubscription', operation: 'delete', webhookSubscriptionId: rl(createdId) });
		expectRequest(env, { method: 'DELETE', path: `/webhook-subscriptions/${createdId}` });
		expect(outputOf(result)).toEqual([{ deleted: true, id: createdId }]);
		expect(env.sandbox.store.find('WebhookSubscription', createdId)).toBeUndefined();
	});
});
