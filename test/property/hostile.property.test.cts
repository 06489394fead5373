/**
 * Issue 12 — the property-based hostile-server suite ("find cases from the threat model, not from
 * the code"). Each property drives the Synap node (or the trigger, or another node using the
 * credential) in n8n-core's real engine against the generative hostile server of
 * ./hostileServer.cts, and prints "property <name>: N cases, V violations"; a failure prints the
 * shrunk counterexample. The properties, their generators and their bounds are described at the top
 * of each ./*.property.cts. One file, so n8n-core is loaded once for all of them.
 *
 * Replay a failure: the report gives fast-check's seed and path (see runProperty.cts).
 */
import { HostileServer } from './hostileServer.cjs';
import { sampleHeap } from './engine.cjs';
import { propertyBodies } from './bodies.property.cjs';
import { propertyCredentialOrigin } from './credentialOrigin.property.cjs';
import { propertyEndlessList, propertyPagination } from './pagination.property.cjs';
import { propertyRetries } from './retries.property.cjs';
import { propertyTokenEcho } from './tokenEcho.property.cjs';
import { propertyTriggerLifecycle } from './trigger.property.cjs';
import { propertyTriggerDeliveries } from './webhook.property.cjs';

/** Jest's time limit per property, scaled like the property's own (PROPERTY_RUNS, see runProperty.cts). */
const scaled = (ms: number) => ms * Math.max(1, Number(process.env.PROPERTY_RUNS) || 1);

let server: HostileServer;
beforeAll(async () => {
	server = await new HostileServer().start();
	server.onRequest = sampleHeap;
});
afterAll(async () => server.close());

test('retries: bounded requests and time, no item lost, no token, for any status and Retry-After', async () => {
	await propertyRetries(server);
}, scaled(120_000));

test('token echo: no form of the token shows anywhere, whatever the server echoes', async () => {
	await propertyTokenEcho(server);
}, scaled(120_000));

test('pagination: no record twice, none lost on a well-formed list, nothing sent elsewhere, bounded', async () => {
	await propertyPagination(server);
}, scaled(120_000));

test('pagination (endless list): the node stops by itself, with an error, within the bounds', async () => {
	await propertyEndlessList(server);
}, scaled(200_000));

test("credential origin: the token goes to the credential's origin and base path only", async () => {
	await propertyCredentialOrigin(server);
}, scaled(120_000));

test('bodies: any body shape or size ends each item once, as objects, within memory', async () => {
	await propertyBodies(server);
}, scaled(180_000));

test('trigger lifecycle: no request off the subscription paths, bounded, no secret shown', async () => {
	await propertyTriggerLifecycle(server);
}, scaled(240_000));

test("trigger deliveries: a run starts exactly when the called URL's secret, the body and a chosen known event are right", async () => {
	await propertyTriggerDeliveries();
}, scaled(60_000));
