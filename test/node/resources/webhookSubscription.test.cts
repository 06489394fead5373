/**
 * Webhook Subscription (Create, Get, Get Many, Delete) against the sandbox.
 */
import { apiRequests, expectRequest, outputOf, rl, run, useSandbox } from '../support.cjs';

const env = useSandbox();

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
