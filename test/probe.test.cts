/**
 * `npm run probe` against the sandbox: every operation the node models is in the report, only GET
 * requests reach Synap (the sandbox's request log and write counters prove it), the token never
 * appears in what it prints or writes, and a portal that differs (renamed paths, another shape, a
 * refusal) is reported as such.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { RESOURCES } from '../nodes/Synap/actions/registry';
import type { Sandbox } from './sandbox/index.cjs';
import { runProbe, type ProbeReport } from './probe/probe.cjs';
import { mergeVerified, renderReport, verifiedEntries } from './probe/report.cjs';

const { startSandbox } = require('./sandbox') as typeof import('./sandbox/index.cjs');

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ seed: 11 });
});
afterAll(async () => sandbox.close());
beforeEach(() => {
	sandbox.options.variant = null;
	sandbox.clearRequests();
	sandbox.writeAttempts.clear();
});

const ALL_OPERATIONS = RESOURCES.flatMap((r) => r.operations.map((o) => `${r.value}.${o.value}`)).sort();
const outcomeOf = (report: ProbeReport, key: string) => report.results.find((r) => r.target.key === key)?.outcome;
const probe = (extra: Partial<Parameters<typeof runProbe>[0]> = {}) => runProbe({ token: sandbox.adminToken, baseUrl: sandbox.baseUrl, ...extra });

test('every modelled operation is reported, reads are verified, and only GET requests are sent', async () => {
	const lines: string[] = [];
	const report = await probe({ log: (l) => lines.push(l) });
	expect(report.results.map((r) => r.target.key).sort()).toEqual(ALL_OPERATIONS);
	const methods = new Set(sandbox.requests.map((r) => r.method));
	expect([...methods]).toEqual(['GET']);
	expect(sandbox.requests).toHaveLength(report.requests);
	expect(sandbox.writeAttempts.size).toBe(0);
	// Every list and every record read the sandbox can answer is verified.
	for (const key of ['user.getAll', 'user.get', 'user.getAccount', 'userGroup.get', 'invite.get', 'attempt.get', 'exam.getAll', 'exam.get', 'learningRecord.get', 'assignment.getAll']) {
		expect([key, outcomeOf(report, key)]).toEqual([key, 'verified']);
	}
	// Writes are never sent; their paths are read instead.
	expect(report.results.filter((r) => r.target.check === 'pathOfWrite').every((r) => r.outcome === 'notProbed')).toBe(true);
	expect(report.results.find((r) => r.target.key === 'user.update')).toMatchObject({ sent: 'GET /users/{id}', status: 200 });
	const text = renderReport(report, '0.0.0');
	for (const key of ALL_OPERATIONS) expect(text).toContain(`(\`${key}\`)`);
	expect(text).not.toContain(sandbox.adminToken);
	expect(lines.join('\n')).not.toContain(sandbox.adminToken);
	expect(text).toContain('no writes');
});

test('a portal with renamed paths: those operations are reported not found, the rest still verified', async () => {
	sandbox.options.variant = { renamedPaths: { 'exam-v-2s': 'exams', 'learning-records': 'records-of-learning' } };
	const report = await probe();
	expect(outcomeOf(report, 'exam.getAll')).toBe('notFound');
	expect(outcomeOf(report, 'learningRecord.getAll')).toBe('notFound');
	expect(outcomeOf(report, 'exam.get')).toBe('noRecord');
	expect(report.results.find((r) => r.target.key === 'exam.update')?.detail).toMatch(/no record to read: the list answered 404/);
	expect(outcomeOf(report, 'user.getAll')).toBe('verified');
	expect(renderReport(report, '0.0.0')).toMatch(/\| Exam → Get Many \(`exam.getAll`\) \| `GET \/exam-v-2s` \| inferred \| not found \(404\) \|/);
	expect(new Set(sandbox.requests.map((r) => r.method))).toEqual(new Set(['GET']));
});

test('a record no list can give (the portal) is read with --id', async () => {
	expect(outcomeOf(await probe(), 'portal.get')).toBe('noRecord');
	const report = await probe({ ids: { portals: sandbox.seeded.portalId } });
	expect(report.results.find((r) => r.target.key === 'portal.get')).toMatchObject({ outcome: 'verified', sent: 'GET /portals/{id}', status: 200 });
	expect(report.results.find((r) => r.target.key === 'portal.update')).toMatchObject({ outcome: 'notProbed', status: 200 });
});

test('a portal that refuses page[size] is read without it', async () => {
	sandbox.options.variant = { rejectedQueryParams: ['page[size]'] };
	const report = await probe();
	expect(outcomeOf(report, 'user.getAll')).toBe('verified');
	expect(report.results.find((r) => r.target.key === 'user.getAll')?.sent).toBe('GET /users (page[size] refused)');
});

test('another shape, a refusal, and attribute names are reported', async () => {
	const real = fetch;
	const fetchImpl = (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
		const url = new URL(String(input));
		if (url.pathname === '/v3/access-policies') return new Response(JSON.stringify({ errors: [{ status: '403', title: 'Forbidden', detail: 'not for you' }] }), { status: 403 });
		if (url.pathname === '/v3/assignments') return new Response(JSON.stringify({ data: [{ type: 'Enrolment', id: 'x', attributes: {} }] }), { status: 200 });
		if (url.pathname === '/v3/collections') return new Response('<html>not an API</html>', { status: 200 });
		const res = await real(input, init);
		if ((url.pathname === '/v3/users' || url.pathname.startsWith('/v3/users/')) && res.status === 200) {
			// This portal never shows timeZone, and shows an attribute the node does not know.
			const doc = (await res.json()) as { data: Array<{ attributes: Record<string, unknown> }> | { attributes: Record<string, unknown> } };
			for (const record of Array.isArray(doc.data) ? doc.data : [doc.data]) {
				delete record.attributes.timeZone;
				record.attributes.favouriteColour = 'teal';
			}
			return new Response(JSON.stringify(doc), { status: 200 });
		}
		return res;
	}) as typeof fetch;
	const report = await probe({ fetchImpl });
	expect(outcomeOf(report, 'accessPolicy.getAll')).toBe('forbidden');
	expect(report.results.find((r) => r.target.key === 'assignment.getAll')).toMatchObject({ outcome: 'differentShape', detail: 'records of type Enrolment, the node expects Assignment' });
	expect(outcomeOf(report, 'collection.getAll')).toBe('differentShape');
	const user = report.attributes.find((a) => a.type === 'User');
	expect(user?.unknownToNode).toContain('favouriteColour');
	expect(user?.sentButNeverShown).toContain('timeZone');
});

test('a token Synap does not accept stops the probe after the first answer', async () => {
	const report = await runProbe({ token: 'p:notARealToken123', baseUrl: sandbox.baseUrl });
	expect(report.tokenRejected).toBe(true);
	expect(report.requests).toBe(1);
	expect(renderReport(report, '0.0.0')).toContain('Synap did not accept the token');
});

test('verified operations become docs/verified-operations.json entries, merged one per operation', async () => {
	const report = await probe();
	const entries = verifiedEntries(report);
	expect(entries.map((e) => e.operation)).toEqual(report.results.filter((r) => r.outcome === 'verified').map((r) => r.target.key));
	expect(entries[0]).toMatchObject({ portal: new URL(sandbox.baseUrl).host, request: expect.stringMatching(/^GET \//) });
	const merged = mergeVerified({ about: 'x', verified: [{ ...entries[0], date: '2000-01-01' }] }, entries);
	expect(merged.verified).toHaveLength(entries.length);
	expect(merged.verified.find((e) => e.operation === entries[0].operation)?.date).not.toBe('2000-01-01');
});

test('npm run probe (scripts/probe.cjs) writes the report and never prints the token', async () => {
	const dir = mkdtempSync(join(tmpdir(), 'synap-probe-'));
	try {
		const out = join(dir, 'report.md');
		const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(__dirname, '..', 'scripts', 'probe.cjs'), '--out', out], {
			env: { ...process.env, SYNAP_TOKEN: sandbox.adminToken, SYNAP_BASE_URL: sandbox.baseUrl },
		});
		const report = readFileSync(out, 'utf8');
		expect(report).toContain('# Synap probe report');
		expect(`${stdout}${stderr}${report}`).not.toContain(sandbox.adminToken);
		expect(stdout).toMatch(/\d+ GET requests, no writes\. Report: /);
		expect(new Set(sandbox.requests.map((r) => r.method))).toEqual(new Set(['GET']));
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});
