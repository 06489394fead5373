#!/usr/bin/env node
'use strict';
/**
 * npm run probe [-- --out <file>] [--id <collection>=<id>]… [--update-verified]
 *
 * A read-only check of a real Synap portal: GET requests only, for every operation the node models.
 * Reads the token from SYNAP_TOKEN (and the API root from SYNAP_BASE_URL, default
 * https://api.synap.ac/v3), prints one line per operation, and writes a Markdown report to paste
 * into an issue (default synap-probe-report.md). The token is never printed or written.
 *   --id portals=<id>   a record to read where no list gives one (the portal's own ID; repeatable)
 *   --update-verified   also add the verified operations to docs/verified-operations.json
 * The work is done by test/probe/ (TypeScript, run through test/support/register.cjs).
 */
require('../test/support/register.cjs');
const fs = require('node:fs');
const path = require('node:path');
const { runProbe } = require('../test/probe/probe.cts');
const { renderReport, verifiedEntries, mergeVerified } = require('../test/probe/report.cts');
const { seenAttributes } = require('../test/probe/seen.cts');

async function main() {
	const args = process.argv.slice(2);
	const outIndex = args.indexOf('--out');
	const out = path.resolve(outIndex >= 0 ? args[outIndex + 1] : 'synap-probe-report.md');
	const root = path.join(__dirname, '..');
	const token = process.env.SYNAP_TOKEN ?? '';
	if (!token.trim()) {
		process.stderr.write('Set SYNAP_TOKEN to a Personal Access Token of the portal to check (and SYNAP_BASE_URL if it is not https://api.synap.ac/v3).\n');
		process.exitCode = 2;
		return;
	}
	const ids = {};
	args.forEach((arg, i) => {
		if (arg !== '--id') return;
		const [collection, id] = String(args[i + 1] ?? '').split('=');
		if (collection && id) ids[collection] = id;
	});
	const knownAttributes = seenAttributes(fs.readFileSync(path.join(root, 'docs', 'synap-api.md'), 'utf8'));
	const report = await runProbe({
		token,
		baseUrl: process.env.SYNAP_BASE_URL || undefined,
		knownAttributes,
		ids,
		log: (line) => process.stdout.write(`${line}\n`),
	});
	const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;
	fs.writeFileSync(out, renderReport(report, version));
	process.stdout.write(`\n${report.requests} GET requests, no writes. Report: ${out}\n`);
	if (args.includes('--update-verified')) {
		const file = path.join(root, 'docs', 'verified-operations.json');
		const merged = mergeVerified(JSON.parse(fs.readFileSync(file, 'utf8')), verifiedEntries(report));
		fs.writeFileSync(file, `${JSON.stringify(merged, null, 2)}\n`);
		process.stdout.write(`Updated ${path.relative(root, file)}; update the README's operations table to match (the test suite checks it).\n`);
	}
	if (report.tokenRejected) process.exitCode = 1;
}

main().catch((error) => {
	const token = (process.env.SYNAP_TOKEN ?? '').trim();
	const message = String(error && error.message ? error.message : error);
	process.stderr.write(`Probe failed: ${token ? message.split(token).join('[token]') : message}\n`);
	process.exitCode = 1;
});
