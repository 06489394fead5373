/**
 * The probe's Markdown report (to paste into an issue) and its update of
 * docs/verified-operations.json. Nothing here sees the token.
 */
import type { ProbeReport, ProbeResult } from './probe.cjs';

const OUTCOME: Record<ProbeResult['outcome'], string> = {
	verified: 'verified on this portal',
	notFound: 'not found (404)',
	forbidden: 'not allowed (403)',
	differentShape: 'different shape',
	error: 'error',
	noRecord: 'not checked (no record to read)',
	notProbed: 'not probed',
};

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');

export interface VerifiedEntry {
	operation: string;
	request: string;
	portal: string;
	date: string;
	confirmed: string;
}

/** The operations a report verified, as docs/verified-operations.json entries. */
export function verifiedEntries(report: ProbeReport): VerifiedEntry[] {
	const portal = new URL(report.baseUrl).host;
	return report.results
		.filter((r) => r.outcome === 'verified')
		.map((r) => ({
			operation: r.target.key,
			request: `${r.target.method} ${r.target.path}`,
			portal,
			date: report.startedAt.slice(0, 10),
			confirmed: `${r.detail}; type ${r.target.type}`,
		}));
}

/** Adds new verified operations to the data file's list (one entry per operation, newest kept). */
export function mergeVerified(file: { verified: VerifiedEntry[] } & Record<string, unknown>, entries: VerifiedEntry[]) {
	const byOperation = new Map(file.verified.map((e) => [e.operation, e]));
	for (const e of entries) byOperation.set(e.operation, e);
	return { ...file, verified: [...byOperation.values()].sort((a, b) => a.operation.localeCompare(b.operation)) };
}

export function renderReport(report: ProbeReport, packageVersion: string): string {
	const count = (o: ProbeResult['outcome']) => report.results.filter((r) => r.outcome === o).length;
	const lines = [
		'# Synap probe report',
		'',
		`- Portal API: \`${report.baseUrl}\``,
		`- Run: ${report.startedAt}, n8n-nodes-synap ${packageVersion}`,
		`- ${report.results.length} operations; ${report.requests} GET requests sent, no writes.`,
		`- Verified ${count('verified')}, not found ${count('notFound')}, not allowed ${count('forbidden')}, different shape ${count('differentShape')}, errors ${count('error')}, no record to read ${count('noRecord')}, writes not probed ${count('notProbed')}.`,
	];
	if (report.tokenRejected) lines.push('', '**Synap did not accept the token (401): the probe stopped. Check SYNAP_TOKEN and SYNAP_BASE_URL.**');
	lines.push(
		'',
		'Documented: the method and path are on Synap\'s public pages. Inferred: the package\'s best guess (see docs/synap-api.md).',
		'',
		'| Operation | Request the node sends | Documented | Result | Probe request | Details |',
		'|---|---|---|---|---|---|',
	);
	for (const r of report.results) {
		const t = r.target;
		lines.push(
			`| ${cell(`${t.resource} → ${t.operation}`)} (\`${t.key}\`) | ${t.endpoint ? `\`${t.method} ${t.path}\`` : 'any request the user writes'} | ${t.documented ? 'documented' : 'inferred'} | ${OUTCOME[r.outcome]} | ${r.sent ? `\`${cell(r.sent)}\` → ${r.status}` : '—'} | ${cell(r.detail)} |`,
		);
	}
	lines.push('', '## Attribute names', '');
	if (!report.attributes.length) lines.push('No records came back, so no attribute names could be compared.');
	for (const a of report.attributes) {
		lines.push(
			`**${a.type}**: the portal returned ${a.returned.length} attribute(s).`,
			`- Returned but unknown to the node: ${a.unknownToNode.length ? a.unknownToNode.map((n) => `\`${n}\``).join(', ') : 'none'}`,
			`- Sent by the node but never shown by the portal: ${a.sentButNeverShown.length ? a.sentButNeverShown.map((n) => `\`${n}\``).join(', ') : 'none'}`,
			'',
		);
	}
	const verified = verifiedEntries(report);
	lines.push(
		'## For the maintainers',
		'',
		`Verified operations, for docs/verified-operations.json (\`npm run probe -- --update-verified\` adds them):`,
		'',
		'```json',
		JSON.stringify(verified, null, 2),
		'```',
		'',
	);
	return lines.join('\n');
}
