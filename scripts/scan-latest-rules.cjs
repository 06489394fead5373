#!/usr/bin/env node
'use strict';
/**
 * npm run scan:latest — lints the package with the NEWER rule set n8n's verification scanner uses
 * (@n8n/eslint-plugin-community-nodes 0.32.0 with eslint 9.29.0, inline config ignored), which is
 * ahead of the 0.18 rules bundled with the @n8n/node-cli this project can install on Node 20.
 * The rule packages go into a cache folder outside the clone (never the package's dependencies).
 * Lints the source (package.json, nodes/, credentials/) and the packed tarball's .js files, as the
 * scanner does. Exit code 1 on any error.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const CACHE = path.join(process.env.SYNAP_N8N_CACHE || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'n8n-nodes-synap'), 'scanner-rules-0.32.0');
const PACKAGES = [
	'@n8n/eslint-plugin-community-nodes@0.32.0',
	'eslint@9.29.0',
	'typescript-eslint@8.35.0',
	'eslint-plugin-n8n-nodes-base@1.16.7',
	'n8n-workflow@2.8.0',
	'typescript@5.9.3',
];

function ensureRules() {
	const marker = path.join(CACHE, '.installed');
	if (fs.existsSync(marker)) return;
	fs.mkdirSync(CACHE, { recursive: true });
	fs.writeFileSync(path.join(CACHE, 'package.json'), JSON.stringify({ name: 'synap-scanner-rules', private: true }));
	process.stdout.write(`Installing the scanner's rule set into ${CACHE} (once)…\n`);
	execFileSync('npm', ['install', '--no-audit', '--no-fund', '--legacy-peer-deps', ...PACKAGES], {
		cwd: CACHE,
		stdio: 'inherit',
		env: { ...process.env, npm_config_yes: 'true' },
	});
	fs.writeFileSync(marker, new Date().toISOString());
}

const CONFIG = `
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import tseslint from 'typescript-eslint';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
export default [
	{ files: ['**/*.ts', '**/*.js', 'package.json'], languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: ['.json'] } } },
	{ ...n8nCommunityNodesPlugin.configs.recommended, files: ['**/*.ts', '**/*.js', 'package.json'] },
	{ files: ['**/*.ts', '**/*.js'], rules: { 'no-console': 'error' } },
	{ files: ['package.json'], plugins: { 'n8n-nodes-base': n8nNodesBase }, rules: { ...n8nNodesBase.configs.community.rules } },
	{ files: ['**/credentials/**/*.ts'], plugins: { 'n8n-nodes-base': n8nNodesBase }, rules: { ...n8nNodesBase.configs.credentials.rules, 'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off', 'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off' } },
	{ files: ['**/nodes/**/*.ts'], plugins: { 'n8n-nodes-base': n8nNodesBase }, rules: { ...n8nNodesBase.configs.nodes.rules, 'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off', 'n8n-nodes-base/node-class-description-outputs-wrong': 'off', 'n8n-nodes-base/node-param-type-options-max-value-present': 'off' } },
];
`;

function lint(dir, patterns) {
	fs.writeFileSync(path.join(CACHE, 'eslint.config.mjs'), CONFIG);
	try {
		execFileSync(path.join(CACHE, 'node_modules', '.bin', 'eslint'), ['-c', path.join(CACHE, 'eslint.config.mjs'), '--no-inline-config', '--max-warnings', '0', ...patterns], {
			cwd: dir,
			stdio: 'inherit',
		});
		return true;
	} catch {
		return false;
	}
}

function main() {
	ensureRules();
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'synap-scan-'));
	try {
		// Source, as the scanner fetches it at the attested commit.
		const src = path.join(work, 'src');
		fs.mkdirSync(src);
		for (const entry of ['package.json', 'nodes', 'credentials', 'icons']) fs.cpSync(path.join(ROOT, entry), path.join(src, entry), { recursive: true });
		const sourceOk = lint(src, ['package.json', 'nodes/**/*.ts', 'credentials/**/*.ts']);
		process.stdout.write(`source (package.json, nodes, credentials): ${sourceOk ? 'clean' : 'ERRORS'}\n`);
		// The packed tarball's JavaScript.
		execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
		const tgz = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').pop();
		execFileSync('tar', ['-xzf', path.join(work, tgz), '-C', work]);
		const tarballOk = lint(path.join(work, 'package'), ['**/*.js', 'package.json']);
		process.stdout.write(`tarball (${tgz}: **/*.js, package.json): ${tarballOk ? 'clean' : 'ERRORS'}\n`);
		process.exitCode = sourceOk && tarballOk ? 0 : 1;
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

main();
