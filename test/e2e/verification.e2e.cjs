'use strict';
/**
 * Verification readiness of the PACKED tarball (what npm would publish), checked the way n8n's
 * community-package scanner (`@n8n/scan-community-package`, scanner/scanner.mjs) and its
 * verification guidelines look at it:
 *
 *  - the tarball holds only dist/**, package.json, README.md, LICENSE.md (and CHANGELOG.md)
 *  - package.json: no dependencies, peerDependencies exactly {"n8n-workflow": "*"}, no overrides,
 *    MIT, author with email, homepage, files ["dist"], the `n8n` section's paths exist in the
 *    tarball, no install-time lifecycle scripts
 *  - the icons the built node and credential classes reference exist in the tarball, and light
 *    and dark differ
 *  - the scanner's tarball leg: ESLint (Node API, allowInlineConfig: false, so disable comments
 *    do not count) with @n8n/eslint-plugin-community-nodes `recommended` + no-console and the
 *    eslint-plugin-n8n-nodes-base `community` rules on package.json, over `**\/*.js` and
 *    `package.json` → zero errors
 *  - no `process`, timers, `require('fs')`, `child_process`, environment access, eval in the
 *    JS under dist/nodes and dist/credentials (an AST check with ESLint's core rules)
 * No n8n is started here.
 */
const { describe, before, after, test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { createRequire } = require('node:module');
const { pathToFileURL } = require('node:url');
const { spawnSync } = require('node:child_process');
const h = require('./support/n8n-harness.cjs');

const ROOT = h.REPO_ROOT;
const ALLOWED_TOP = new Set(['package.json', 'README.md', 'LICENSE.md', 'CHANGELOG.md']);
const FORBIDDEN_LIFECYCLE = ['prepare', 'preinstall', 'install', 'postinstall', 'prepublish', 'preprepare', 'postprepare'];

/** The linting packages, resolved from @n8n/node-cli (which depends on them) so versions match `npm run lint`. */
function lintModules() {
	const cliDir = require.resolve.paths('@n8n/node-cli').map((d) => path.join(d, '@n8n', 'node-cli')).find((d) => fs.existsSync(d));
	const fromCli = createRequire(path.join(cliDir || ROOT, 'package.json'));
	const resolve = (id) => {
		try {
			return fromCli.resolve(id);
		} catch {
			return require.resolve(id);
		}
	};
	return {
		eslint: require(resolve('eslint')),
		communityNodes: resolve('@n8n/eslint-plugin-community-nodes'),
		nodesBase: resolve('eslint-plugin-n8n-nodes-base'),
		tsParser: resolve('@typescript-eslint/parser'),
	};
}

/**
 * The scanner's flat config (scanner.mjs buildScanConfig): community-nodes `recommended`, no-console,
 * eslint-plugin-n8n-nodes-base `community` rules on package.json and its `credentials` / `nodes`
 * rules (with node-cli's off-overrides) on .ts sources, the TypeScript parser for .json and .ts.
 */
async function scanConfig(mods) {
	const cn = await import(pathToFileURL(mods.communityNodes).href);
	const plugin = cn.n8nCommunityNodesPlugin || cn.default;
	const nodesBase = require(mods.nodesBase);
	const parser = require(mods.tsParser);
	return [
		plugin.configs.recommended,
		{ rules: { 'no-console': 'error' } },
		{ plugins: { 'n8n-nodes-base': nodesBase } },
		{ files: ['package.json'], rules: { ...nodesBase.configs.community.rules } },
		{
			files: ['**/credentials/**/*.ts'],
			rules: {
				...nodesBase.configs.credentials.rules,
				'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
				'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
			},
		},
		{
			files: ['**/nodes/**/*.ts'],
			rules: {
				...nodesBase.configs.nodes.rules,
				'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
				'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
				'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
			},
		},
		{ files: ['**/*.json'], languageOptions: { parser } },
		{ files: ['**/*.ts'], languageOptions: { parser } },
	];
}

async function scannerEslint(cwd) {
	const mods = lintModules();
	return new mods.eslint.ESLint({ cwd, allowInlineConfig: false, overrideConfigFile: true, overrideConfig: await scanConfig(mods) });
}

async function failOnErrors(eslint, results, t) {
	const errors = results.reduce((n, r) => n + r.errorCount, 0);
	const warnings = results.reduce((n, r) => n + r.warningCount, 0);
	const rulesSeen = new Set(results.flatMap((r) => r.messages.map((m) => m.ruleId)));
	t.diagnostic(`${results.length} files linted: ${errors} errors, ${warnings} warnings${rulesSeen.size ? ` (${[...rulesSeen].join(', ')})` : ''}`);
	if (errors) {
		const formatter = await eslint.loadFormatter('stylish');
		assert.fail(await formatter.format(results.filter((r) => r.errorCount)));
	}
}

const errorRules = (results) => [...new Set(results.flatMap((r) => r.messages.filter((m) => m.severity === 2).map((m) => m.ruleId)))].sort();

const RESTRICTED_GLOBALS = [
	'process',
	'global',
	'globalThis',
	'setTimeout',
	'setInterval',
	'setImmediate',
	'clearTimeout',
	'clearInterval',
	'clearImmediate',
	'__dirname',
	'__filename',
	'eval',
	'Function',
].map((name) => ({ name, message: `${name} is not allowed in a verified community node` }));

const RESTRICTED_SYNTAX = [
	{
		selector:
			"CallExpression[callee.name='require'][arguments.0.value=/^(node:)?(fs|fs\\u002Fpromises|child_process|os|net|tls|dgram|worker_threads|cluster|vm|module|v8|process|http|https|http2)$/]",
		message: 'a Node built-in that reaches the file system, processes or the network directly',
	},
	{ selector: "Literal[value=/child_process/]", message: 'child_process' },
	{ selector: "MemberExpression[object.name='process']", message: 'process.*' },
	{ selector: "MemberExpression[property.name='env'][object.type='MemberExpression']", message: 'environment access' },
	{ selector: 'ImportExpression', message: 'dynamic import()' },
];

describe('verification readiness of the packed tarball', { timeout: 5 * 60_000 }, () => {
	let tarball;
	let files;
	let dir; // extracted package
	let pkg;

	before(() => {
		tarball = h.getTarball();
		files = h.tarballFiles(tarball).filter((f) => !f.endsWith('/'));
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synap-verify-'));
		const r = spawnSync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1'], { encoding: 'utf8' });
		assert.equal(r.status, 0, r.stderr);
		pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
	});

	after(() => {
		if (dir && process.env.SYNAP_E2E_KEEP !== '1') fs.rmSync(dir, { recursive: true, force: true });
	});

	test('the tarball holds only dist/**, package.json, README.md, LICENSE.md (and CHANGELOG.md)', () => {
		const stray = files.filter((f) => !(f.startsWith('dist/') || ALLOWED_TOP.has(f)));
		assert.deepEqual(stray, [], `unexpected files in the tarball: ${stray.join(', ')}`);
		for (const f of ['package.json', 'README.md', 'LICENSE.md']) assert.ok(files.includes(f), `${f} is in the tarball`);
		const notBuilt = files.filter((f) => /\.(ts|cts|mts)$/.test(f) && !/\.d\.ts$/.test(f));
		assert.deepEqual(notBuilt, [], 'no TypeScript sources');
		const tests = files.filter((f) => /(^|\/)(test|tests|__tests__)\/|\.test\.|\.spec\./.test(f));
		assert.deepEqual(tests, [], 'no test files');
	});

	test('package.json: no dependencies, peerDependencies exactly {"n8n-workflow":"*"}, no overrides, MIT, author with email, homepage, files ["dist"]', () => {
		assert.equal(pkg.dependencies === undefined || Object.keys(pkg.dependencies).length === 0, true, `dependencies: ${JSON.stringify(pkg.dependencies)}`);
		assert.equal(pkg.optionalDependencies, undefined);
		assert.equal(pkg.bundleDependencies ?? pkg.bundledDependencies, undefined);
		assert.deepEqual(pkg.peerDependencies, { 'n8n-workflow': '*' });
		assert.equal(pkg.overrides, undefined);
		assert.equal(pkg.license, 'MIT');
		assert.equal(typeof pkg.author, 'object', 'author is an object with name and email');
		assert.ok(pkg.author.name, 'author.name');
		assert.match(String(pkg.author.email), /^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'author.email');
		assert.doesNotThrow(() => new URL(pkg.homepage), 'homepage is a URL');
		assert.deepEqual(pkg.files, ['dist']);
		assert.match(pkg.name, /^(@[a-z0-9-~][a-z0-9-._~]*\/)?n8n-nodes-[a-z0-9-._~]+$/);
		assert.ok(pkg.keywords.includes('n8n-community-node-package'));
		assert.ok(String(pkg.description || '').trim().length > 0, 'description');
		assert.ok(pkg.repository?.url, 'repository.url');
		for (const s of FORBIDDEN_LIFECYCLE) assert.equal(pkg.scripts?.[s], undefined, `no "${s}" script`);
		const licenseText = fs.readFileSync(path.join(dir, 'LICENSE.md'), 'utf8');
		assert.match(licenseText, /MIT License|Permission is hereby granted, free of charge/);
	});

	test('the n8n section: API version 1, strict, and every listed node and credential file is in the tarball', () => {
		assert.equal(pkg.n8n.n8nNodesApiVersion, 1);
		assert.equal(pkg.n8n.strict, true);
		assert.ok(Array.isArray(pkg.n8n.nodes) && pkg.n8n.nodes.length > 0);
		for (const f of [...pkg.n8n.nodes, ...(pkg.n8n.credentials || [])]) {
			assert.match(f, /^dist\//, `${f} starts with dist/`);
			assert.ok(files.includes(f), `${f} is in the tarball`);
		}
	});

	test('icons referenced by the built node and credential classes exist in the tarball; light and dark differ', () => {
		// the extracted package resolves n8n-workflow from the repo's node_modules, as n8n would from its own
		fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
		try {
			const checked = [];
			const check = (file, what, icon) => {
				assert.equal(typeof icon, 'object', `${what}: icon is { light, dark }`);
				const light = path.resolve(path.dirname(path.join(dir, file)), String(icon.light).replace(/^file:/, ''));
				const dark = path.resolve(path.dirname(path.join(dir, file)), String(icon.dark).replace(/^file:/, ''));
				for (const [k, p] of [['light', light], ['dark', dark]]) {
					assert.match(String(icon[k]), /^file:.+\.svg$/, `${what}: ${k} icon is a file: SVG`);
					const rel = path.relative(dir, p);
					assert.ok(files.includes(rel), `${what}: ${k} icon ${rel} is in the tarball`);
					assert.match(fs.readFileSync(p, 'utf8'), /<svg[\s>]/, `${rel} is an SVG`);
				}
				assert.notEqual(light, dark, `${what}: light and dark are different files`);
				assert.notEqual(fs.readFileSync(light, 'utf8'), fs.readFileSync(dark, 'utf8'), `${what}: light and dark icons differ`);
				checked.push(what);
			};
			for (const file of pkg.n8n.nodes) {
				const cls = path.basename(file).split('.')[0];
				const NodeClass = require(path.join(dir, file))[cls];
				assert.equal(typeof NodeClass, 'function', `${file} exports class ${cls}`);
				check(file, `node ${cls}`, new NodeClass().description.icon);
			}
			for (const file of pkg.n8n.credentials || []) {
				const cls = path.basename(file).split('.')[0];
				const CredClass = require(path.join(dir, file))[cls];
				assert.equal(typeof CredClass, 'function', `${file} exports class ${cls}`);
				check(file, `credential ${cls}`, new CredClass().icon);
			}
			assert.ok(checked.length >= 3, checked.join(', '));
		} finally {
			fs.rmSync(path.join(dir, 'node_modules'), { force: true });
		}
	});

	test("n8n's scanner rules over the tarball (**/*.js + package.json, inline config ignored): zero errors", async (t) => {
		const eslint = await scannerEslint(dir);
		// the config really bites: a canary node file and a package.json with overrides fail it
		const canary = await eslint.lintText(
			'"use strict";\n// eslint-disable-next-line\nconsole.log(process.env.X); setTimeout(() => {}, 1);\n',
			{ filePath: path.join(dir, 'dist', 'nodes', 'Canary', 'Canary.node.js') },
		);
		assert.deepEqual(errorRules(canary), ['@n8n/community-nodes/no-restricted-globals', 'no-console']);
		const badPkg = await eslint.lintText(JSON.stringify({ ...pkg, overrides: { x: '1' }, dependencies: { axios: '1' } }, null, 2), {
			filePath: path.join(dir, 'package.json'),
		});
		assert.deepEqual(errorRules(badPkg), ['@n8n/community-nodes/no-overrides-field', '@n8n/community-nodes/no-runtime-dependencies']);

		const targets = files.filter((f) => f.endsWith('.js') || f === 'package.json').map((f) => path.join(dir, f));
		assert.ok(targets.length > 10, `${targets.length} files to lint`);
		const results = await eslint.lintFiles(targets);
		await failOnErrors(eslint, results, t);
		const pj = results.find((r) => r.filePath.endsWith('package.json'));
		assert.ok(pj && pj.messages.every((m) => !m.fatal), `package.json parsed: ${JSON.stringify(pj?.messages)}`);
	});

	test("the scanner's source leg (package.json + {nodes,credentials}/**/*.{js,ts,json} of the repo): zero errors", async (t) => {
		const eslint = await scannerEslint(ROOT);
		const results = await eslint.lintFiles(['package.json', '{nodes,credentials}/**/*.{js,ts,json}']);
		assert.ok(results.some((r) => r.filePath.endsWith('.node.ts')), 'the node sources were linted');
		await failOnErrors(eslint, results, t);
	});

	test('no process, timers, fs, child_process, environment access or eval in dist/nodes and dist/credentials', async () => {
		const { ESLint } = lintModules().eslint;
		const eslint = new ESLint({
			cwd: dir,
			allowInlineConfig: false,
			overrideConfigFile: true,
			overrideConfig: [
				{
					files: ['**/*.js'],
					languageOptions: { sourceType: 'commonjs', ecmaVersion: 'latest', globals: {} },
					rules: {
						'no-restricted-globals': ['error', ...RESTRICTED_GLOBALS],
						'no-restricted-syntax': ['error', ...RESTRICTED_SYNTAX],
						'no-eval': 'error',
						'no-new-func': 'error',
						'no-implied-eval': 'error',
					},
				},
			],
		});
		const canary = await eslint.lintText(
			"const fs = require('fs'); const cp = require('node:child_process'); fs.x(process.env.HOME, setInterval, globalThis, eval('1'));",
			{ filePath: path.join(dir, 'dist', 'nodes', 'Canary.js') },
		);
		assert.ok(canary[0].errorCount >= 6, JSON.stringify(canary[0].messages.map((m) => m.message)));
		const targets = files.filter((f) => /^dist\/(nodes|credentials)\/.+\.js$/.test(f)).map((f) => path.join(dir, f));
		assert.ok(targets.some((f) => f.includes('/credentials/')) && targets.some((f) => f.includes('/nodes/')));
		const results = await eslint.lintFiles(targets);
		const problems = results.flatMap((r) => r.messages.map((m) => `${path.relative(dir, r.filePath)}:${m.line} ${m.message}`));
		assert.deepEqual(problems, []);
		// and, independent of the parser, not even in a string
		for (const f of targets) {
			const text = fs.readFileSync(f, 'utf8');
			assert.doesNotMatch(text, /require\(["'](node:)?(fs|child_process)["']\)|process\.env/, path.relative(dir, f));
		}
	});
});
