// Public entry point of the Synap sandbox, a local emulator of the Synap v3 JSON:API for tests,
// end-to-end runs, the demo and benchmarks. See README.md beside this file.
//
// Usage from a .cts test:
//   import type { Sandbox } from './sandbox/index.cjs';
//   const { startSandbox } = require('./sandbox') as typeof import('./sandbox/index.cjs');
//   const sandbox = await startSandbox({ seed: 1 });
//   await fetch(`${sandbox.baseUrl}/users`, { headers: { authorization: `Bearer ${sandbox.adminToken}` } });
//   await sandbox.close();
export type {
	ApiVariant,
	Delivery,
	FaultKind,
	RecordedRequest,
	Ref,
	RelValue,
	ResourceRecord,
	Role,
	Sandbox,
	SandboxOptions,
	SeededIds,
} from './types.cjs';
export type { Store, PersonalAccessToken } from './store.cjs';
export type { RouteDef } from './routes.cjs';

const server = require('./server') as typeof import('./server.cjs');
const realism = require('./realism') as typeof import('./realism.cjs');
const jsonapi = require('./jsonapi') as typeof import('./jsonapi.cjs');
const routes = require('./routes') as typeof import('./routes.cjs');
const webhooks = require('./webhooks') as typeof import('./webhooks.cjs');

export const startSandbox = server.startSandbox;
/** Every fault kind, in the order used when options.faults.kinds is not given. */
export const ALL_FAULT_KINDS = realism.ALL_FAULT_KINDS;
/** Whether a write is applied before each fault kind is shown to the client. */
export const FAULT_APPLIES_WRITE = realism.FAULT_APPLIES_WRITE;
/** The key a write is counted under in sandbox.writes / sandbox.writeAttempts. */
export const writeKey = jsonapi.writeKey;
export const MEDIA_TYPE = jsonapi.MEDIA_TYPE;
/** The endpoint table (method, path under /v3, type, source SEEN|INFERRED, roles). */
export const ROUTES = routes.ROUTES;
export const WEBHOOK_EVENT_NAMES = webhooks.EVENT_NAMES;
