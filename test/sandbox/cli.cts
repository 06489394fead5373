// `npm run sandbox [-- flags]`: start the Synap sandbox on 127.0.0.1 until SIGINT/SIGTERM.
//
// Flags (environment variable in brackets):
//   --port N            [SYNAP_SANDBOX_PORT]         default 4010 (0 = any free port)
//   --seed N            [SYNAP_SANDBOX_SEED]         default 1
//   --latency MS        [SYNAP_SANDBOX_LATENCY]      added before every /v3 response
//   --rate-limit R[:B]  [SYNAP_SANDBOX_RATE_LIMIT]   token bucket: R requests/s, burst B (default R)
//   --no-retry-after    [SYNAP_SANDBOX_NO_RETRY_AFTER=1]  429s without Retry-After
//   --fault-rate F      [SYNAP_SANDBOX_FAULT_RATE]   0..1
//   --fault-kinds a,b   [SYNAP_SANDBOX_FAULT_KINDS]  500,502,503,504,reset,truncate,429,429-no-retry-after,slow
//   --slow-ms MS        [SYNAP_SANDBOX_SLOW_MS]      delay of the 'slow' fault (default 65000)
//   --extra-users N     [SYNAP_SANDBOX_EXTRA_USERS]  generated Students
//   --subject-header H  [SYNAP_SANDBOX_SUBJECT_HEADER] default Subject-User
//   --variant JSON      [SYNAP_SANDBOX_VARIANT]      a Synap of another shape, e.g. '{"renamedPaths":{"exam-v-2s":"exams"}}'
//   --json              print only one JSON line (baseUrl, tokens, seeded ids)
// It prints the base URL, the admin token and the seeded ids, then a line
// `SYNAP_SANDBOX_READY {json}` that scripts can wait for.
import type { FaultKind, SandboxOptions } from './types.cjs';
const { startSandbox } = require('./server') as typeof import('./server.cjs');
const { ALL_FAULT_KINDS } = require('./realism') as typeof import('./realism.cjs');

function parseArgs(argv: string[]): Record<string, string> {
	const out: Record<string, string> = {};
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
		const eq = a.indexOf('=');
		if (eq > 0) out[a.slice(2, eq)] = a.slice(eq + 1);
		else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) out[a.slice(2)] = argv[++i];
		else out[a.slice(2)] = 'true';
	}
	return out;
}

function num(name: string, v: string | undefined): number | undefined {
	if (v === undefined || v === '') return undefined;
	const n = Number(v);
	if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got ${v}`);
	return n;
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	const env = process.env;
	const pick = (flag: string, envName: string) => args[flag] ?? env[envName];
	const options: SandboxOptions = {
		host: '127.0.0.1',
		port: num('port', pick('port', 'SYNAP_SANDBOX_PORT')) ?? 4010,
		seed: num('seed', pick('seed', 'SYNAP_SANDBOX_SEED')) ?? 1,
		latencyMs: num('latency', pick('latency', 'SYNAP_SANDBOX_LATENCY')) ?? 0,
		extraUsers: num('extra-users', pick('extra-users', 'SYNAP_SANDBOX_EXTRA_USERS')) ?? 0,
	};
	const subject = pick('subject-header', 'SYNAP_SANDBOX_SUBJECT_HEADER');
	if (subject) options.subjectUserHeader = subject;
	const variant = pick('variant', 'SYNAP_SANDBOX_VARIANT');
	if (variant) options.variant = JSON.parse(variant) as SandboxOptions['variant'];
	const rl = pick('rate-limit', 'SYNAP_SANDBOX_RATE_LIMIT');
	if (rl) {
		const [rate, burst] = rl.split(':');
		options.rateLimit = {
			requestsPerSecond: num('rate-limit', rate) ?? 0,
			burst: num('rate-limit', burst),
			sendRetryAfter: !(args['no-retry-after'] === 'true' || env.SYNAP_SANDBOX_NO_RETRY_AFTER === '1'),
		};
	}
	const rate = num('fault-rate', pick('fault-rate', 'SYNAP_SANDBOX_FAULT_RATE'));
	if (rate !== undefined && rate > 0) {
		const kindsRaw = pick('fault-kinds', 'SYNAP_SANDBOX_FAULT_KINDS');
		const kinds = kindsRaw ? (kindsRaw.split(',').map((k) => k.trim()) as FaultKind[]) : undefined;
		for (const k of kinds ?? []) if (!ALL_FAULT_KINDS.includes(k)) throw new Error(`unknown fault kind ${k}`);
		options.faults = { rate: Math.min(1, rate), kinds, slowMs: num('slow-ms', pick('slow-ms', 'SYNAP_SANDBOX_SLOW_MS')) };
	}

	const sandbox = await startSandbox(options);
	const info = { baseUrl: sandbox.baseUrl, origin: sandbox.origin, adminToken: sandbox.adminToken, tokens: sandbox.tokens, seeded: sandbox.seeded };
	const out = (s: string) => process.stdout.write(`${s}\n`);
	if (args.json !== 'true') {
		const u = sandbox.seeded.users;
		out('Synap sandbox (local emulator of the Synap v3 API) is running.');
		out('');
		out(`  Base URL        ${sandbox.baseUrl}`);
		out(`  Admin token     ${sandbox.adminToken}   (Alex Morgan, Admin)`);
		out(`  Second admin    ${sandbox.tokens.secondAdmin}   (Priya Raman, Admin)`);
		out(`  Revoked token   ${sandbox.tokens.revoked}`);
		out(`  Portal          ${sandbox.seeded.portalId}`);
		out(`  Users           admin ${u.admin}  manager ${u.manager}  educator ${u.educator}  marker ${u.marker}`);
		out(`                  student ${u.student}  student2 ${u.student2}  (+${sandbox.seeded.extraUserCount} generated)`);
		out(`  Subject-User    header "${options.subjectUserHeader ?? 'Subject-User'}"`);
		out(`  Knobs           latency ${options.latencyMs} ms, rate limit ${rl ?? 'off'}, faults ${options.faults ? `${options.faults.rate} ${(options.faults.kinds ?? ['all']).join(',')}` : 'off'}`);
		out(`  Control         ${sandbox.origin}/__sandbox/info  (reset, requests, state/<Type>, events, deliveries, options)`);
		out('');
		out('Example:');
		out(`  curl -H 'Authorization: Bearer ${sandbox.adminToken}' '${sandbox.baseUrl}/users?page[size]=5'`);
		out('');
	}
	out(`SYNAP_SANDBOX_READY ${JSON.stringify(info)}`);

	let stopping = false;
	const stop = (signal: string) => {
		if (stopping) return;
		stopping = true;
		if (args.json !== 'true') out(`Received ${signal}, stopping the Synap sandbox.`);
		sandbox.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e) => {
	process.stderr.write(`synap-sandbox: ${e instanceof Error ? e.message : String(e)}\n`);
	process.exit(1);
});
