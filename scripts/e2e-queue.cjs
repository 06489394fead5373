#!/usr/bin/env node
'use strict';
/**
 * npm run test:e2e:queue [-- options]
 *
 * n8n 2.8.4 in queue mode on 127.0.0.1 (Redis and PostgreSQL from Debian, installed with apt-get
 * when missing; main, 2 workers with --concurrency=5, 1 webhook processor; each with the packed
 * package installed) against the Synap sandbox, through n8n's public API and production webhooks.
 * Prints one line per scenario and `N passed, N failed`; exits non-zero on a failure.
 *
 * Options:
 *   --only=<name>[,<name>…]  run only these scenarios (return-all, trigger, trigger-auth,
 *                            trigger-off, stop, bulk-register, burst, worker-crash)
 *   --n8n=<version>          another n8n version (default 2.8.4)
 *   --no-build               pack without running `npm run build` first
 *   --keep                   keep the n8n user folders (their logs) (SYNAP_E2E_KEEP=1)
 *   --verbose                echo n8n's output and failures' stacks (SYNAP_E2E_VERBOSE=1)
 */
const { runQueueE2e } = require('../test/e2e/support/queue/run.cjs');

const opts = { build: true, only: [] };
for (const a of process.argv.slice(2)) {
	if (a === '--no-build') opts.build = false;
	else if (a === '--keep') process.env.SYNAP_E2E_KEEP = '1';
	else if (a === '--verbose') process.env.SYNAP_E2E_VERBOSE = '1';
	else if (a.startsWith('--only=')) opts.only.push(...a.slice(7).split(',').filter(Boolean));
	else if (a.startsWith('--n8n=')) opts.version = a.slice(6);
	else {
		process.stderr.write(`unknown option ${a}\n`);
		process.exit(2);
	}
}

runQueueE2e(opts).then(
	(code) => process.exit(code),
	(e) => {
		process.stderr.write(`${e.stack || e}\n`);
		process.exit(1);
	},
);
