/**
 * The built node description (`new Synap().description`), checked as n8n and a user meet it:
 * - the resources × operations table (printed; the README shows the same table), each operation
 *   marked documented (method and path on a captured Synap page) or inferred (operationSource);
 * - the internal parameter names and values, which are a compatibility contract with saved workflows;
 * - every operation is driven by at least one workflow test, and each resource has its own test file;
 * - n8n's own node-parameter lint rules, applied to the GENERATED parameters (the static lint only
 *   sees the spec data, whose objects use `label`, so it cannot check the parameters built from it).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeProperties, INodePropertyCollection, INodePropertyOptions } from 'n8n-workflow';

import { RESOURCES } from '../../nodes/Synap/actions/registry';
import { operationSource, searchMethodName } from '../../nodes/Synap/actions/shared/buildProperties';
import { Synap } from '../../nodes/Synap/Synap.node';

const description = new Synap().description;
const properties = description.properties;

const resourceValues = (properties.find((p) => p.name === 'resource')?.options ?? []) as INodePropertyOptions[];
const operationsOf = (resource: string) =>
	(properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource))?.options ??
		[]) as INodePropertyOptions[];

/** Operations confirmed on a real portal (docs/verified-operations.json, written by `npm run probe`). */
const verifiedFile = JSON.parse(readFileSync(join(__dirname, '..', '..', 'docs', 'verified-operations.json'), 'utf8')) as {
	verified: Array<{ operation: string }>;
};
const VERIFIED = new Set(verifiedFile.verified.map((v) => v.operation));

describe('resources × operations', () => {
	test('every verified operation in docs/verified-operations.json is one the node has', () => {
		const known = new Set(RESOURCES.flatMap((r) => r.operations.map((o) => `${r.value}.${o.value}`)));
		expect([...VERIFIED].filter((key) => !known.has(key))).toEqual([]);
	});

	test('the table (printed for the README)', () => {
		const STANDARD = ['create', 'get', 'getAll', 'update', 'delete'];
		const header = '| Resource | Create | Get | Get Many | Update | Delete | Other operations |';
		const rows = [header, '|---|---|---|---|---|---|---|'];
		let total = 0;
		let documented = 0;
		let verifiedCount = 0;
		for (const { name, value } of [...resourceValues].sort((a, b) => a.name.localeCompare(b.name))) {
			const spec = RESOURCES.find((r) => r.value === value);
			expect(spec).toBeDefined();
			const ops = operationsOf(value as string);
			expect(ops.map((o) => o.value).sort()).toEqual(spec!.operations.map((o) => o.value).sort());
			const source = (opValue: string) => {
				const op = spec!.operations.find((o) => o.value === opValue)!;
				return operationSource(spec!, op) === 'SEEN' ? 'documented' : 'inferred';
			};
			const mark = (opValue: string) => `${source(opValue)}${VERIFIED.has(`${value}.${opValue}`) ? ' ✓' : ''}`;
			const cells: string[] = STANDARD.map((v) => (ops.some((o) => o.value === v) ? mark(v) : ''));
			const other = ops
				.filter((o) => !STANDARD.includes(o.value as string))
				.map((o) => `${o.name} (${mark(o.value as string)})`)
				.join(', ');
			// User → Create is labelled "Register".
			const create = ops.find((o) => o.value === 'create');
			if (create && create.name !== 'Create') cells[0] = `${create.name}: ${cells[0]}`;
			rows.push(`| ${name} | ${cells.join(' | ')} | ${other} |`);
			for (const op of ops) {
				total++;
				if (source(op.value as string) === 'documented') documented++;
				if (VERIFIED.has(`${value}.${op.value}`)) verifiedCount++;
			}
		}
		rows.push(
			'',
			`${resourceValues.length} resources, ${total} operations: ${documented} documented, ${total - documented} inferred; ${verifiedCount} verified on a real portal (✓).`,
		);
		process.stdout.write(`\n${rows.join('\n')}\n\n`);
		// The README shows exactly this table, between its operations-table markers.
		const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
		const block = readme.split('<!-- operations-table:start -->')[1]?.split('<!-- operations-table:end -->')[0]?.trim();
		expect(block).toBe(rows.join('\n').trim());
		expect(resourceValues).toHaveLength(18);
		expect(total).toBe(60);
	});

	test('resource and operation values are the released contract', () => {
		const contract = Object.fromEntries(resourceValues.map((r) => [r.value, operationsOf(r.value as string).map((o) => o.value).sort()]));
		expect(contract).toEqual({
			accessPolicy: ['create', 'delete', 'get', 'getAll', 'update'],
			assignment: ['getAll'],
			assignmentGroup: ['create', 'delete', 'get', 'getAll', 'update'],
			attempt: ['create', 'get', 'getAll', 'submit'],
			collection: ['create', 'delete', 'get', 'getAll', 'giveGroupAccess', 'update'],
			collectionFolder: ['update'],
			custom: ['apiRequest'],
			exam: ['create', 'get', 'getAll', 'update'],
			flag: ['create'],
			invite: ['get', 'getAll', 'update'],
			learningRecord: ['create', 'delete', 'get', 'getAll', 'update'],
			playerAttempt: ['update'],
			portal: ['get', 'update'],
			studyItem: ['create'],
			synopticSession: ['create'],
			user: ['create', 'delete', 'get', 'getAccount', 'getAll', 'update', 'upsert'],
			userGroup: ['addMembers', 'create', 'delete', 'get', 'getAll', 'removeMembers', 'update', 'upsert'],
			webhookSubscription: ['create', 'delete', 'get', 'getAll'],
		});
	});

	test('every operation is run by at least one workflow test', () => {
		const files: string[] = [];
		const walk = (dir: string) => {
			for (const name of readdirSync(dir)) {
				const path = join(dir, name);
				if (statSync(path).isDirectory()) walk(path);
				else if (name.endsWith('.test.cts')) files.push(path);
			}
		};
		walk(join(__dirname, '..'));
		const tested = new Set<string>();
		for (const file of files) {
			const text = readFileSync(file, 'utf8');
			for (const m of text.matchAll(/resource: '(\w+)',\s*operation: '(\w+)'/g)) tested.add(`${m[1]}/${m[2]}`);
		}
		const untested = RESOURCES.flatMap((r) => r.operations.map((o) => `${r.value}/${o.value}`)).filter((k) => !tested.has(k));
		// A ratchet: operations that predate this guard and still lack a workflow test. When one
		// gets its test, remove it here; a new operation without a test fails this test.
		const KNOWN_GAPS: string[] = [];
		expect(untested.sort()).toEqual(KNOWN_GAPS);
	});

	test('each resource has one workflow test file named after it in test/node/resources/, and that folder holds nothing else', () => {
		const files = readdirSync(join(__dirname, 'resources')).sort();
		expect(files).toEqual(RESOURCES.map((r) => `${r.value}.test.cts`).sort());
	});

	test('every searchable resource has its list search method, and only resources with a list are searchable', () => {
		const methods = Object.keys(new Synap().methods.listSearch);
		for (const r of RESOURCES) {
			if (r.searchable) expect(methods).toContain(searchMethodName(r));
			if (r.searchable) expect(r.operations.some((o) => o.kind === 'getAll') || r.value === 'user').toBe(true);
		}
		expect(RESOURCES.filter((r) => !r.searchable && r.endpoint).map((r) => r.value).sort()).toEqual(
			['assignment', 'collectionFolder', 'flag', 'playerAttempt', 'portal', 'studyItem', 'synopticSession'].sort(),
		);
	});
});

describe('generated parameters', () => {
	const shown = (p: INodeProperties, resource: string, operation: string) =>
		p.displayOptions?.show?.resource?.includes(resource) && p.displayOptions?.show?.operation?.includes(operation);
	const fieldsOf = (resource: string, operation: string, collection: string) =>
		((properties.find((p) => p.name === collection && shown(p, resource, operation))?.options ?? []) as INodeProperties[]).map((o) => o.name);

	test('fields writable only on create are not offered on update', () => {
		expect(fieldsOf('learningRecord', 'create', 'additionalFields')).toContain('userId');
		expect(fieldsOf('learningRecord', 'update', 'updateFields')).not.toContain('userId');
		expect(fieldsOf('invite', 'update', 'updateFields').sort()).toEqual(['attributesJson', 'lastSent', 'relationshipsJson', 'status']);
	});

	test('the webhook password field is masked', () => {
		const options = properties.find((p) => p.name === 'additionalFields' && shown(p, 'webhookSubscription', 'create'))?.options as INodeProperties[];
		expect(options.find((o) => o.name === 'basicAuthPassword')?.typeOptions).toEqual({ password: true });
	});

	test('pass n8n\'s node-parameter lint rules (eslint-plugin-n8n-nodes-base, "nodes" config)', async () => {
		// Printed as TypeScript source with bare keys, which is what the rules parse.
		const key = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k}'`);
		const literal = (value: unknown, indent: string): string => {
			if (Array.isArray(value)) {
				if (!value.length) return '[]';
				return `[\n${value.map((v) => `${indent}\t${literal(v, `${indent}\t`)},`).join('\n')}\n${indent}]`;
			}
			if (value && typeof value === 'object') {
				const entries = Object.entries(value).filter(([, v]) => v !== undefined);
				if (!entries.length) return '{}';
				return `{\n${entries.map(([k, v]) => `${indent}\t${key(k)}: ${literal(v, `${indent}\t`)},`).join('\n')}\n${indent}}`;
			}
			if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
			return String(value);
		};
		// Plain JavaScript, so ESLint's default parser reads it (much faster than typescript-eslint's).
		const source = `export const properties = ${literal(properties, '')};\n`;

		const { ESLint } = require('eslint') as typeof import('eslint');
		const n8nNodesBase = require('eslint-plugin-n8n-nodes-base') as { configs: { nodes: { rules: Record<string, unknown> } } };
		const eslint = new ESLint({
			cwd: join(__dirname, '..', '..'),
			overrideConfigFile: true,
			overrideConfig: [
				{
					files: ['**/*.ts'],
					languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
					plugins: { 'n8n-nodes-base': n8nNodesBase as never },
					rules: n8nNodesBase.configs.nodes.rules as never,
				},
			],
		});
		const [result] = await eslint.lintText(source, { filePath: 'nodes/Synap/GeneratedDescription.ts' });
		const lines = source.split('\n');
		const problems = result.messages.map((m) => `${m.ruleId}: ${m.message} — ${lines[m.line - 1]?.trim()}`);
		expect(problems).toEqual([]);
	});

	test('options and collection items are alphabetised, booleans start with "Whether"', () => {
		const problems: string[] = [];
		const visit = (list: Array<INodeProperties | INodePropertyOptions | INodePropertyCollection>, where: string) => {
			for (const p of list) {
				if (!('type' in p)) continue;
				const prop = p as INodeProperties;
				if (prop.type === 'boolean' && prop.description && !prop.description.startsWith('Whether')) problems.push(`${where}/${prop.name}: boolean description`);
				if ((prop.type === 'options' || prop.type === 'collection') && Array.isArray(prop.options) && prop.name !== 'operation' && prop.name !== 'resource') {
					const names = (prop.options as Array<{ name?: string; displayName?: string }>).map((o) => o.displayName ?? o.name ?? '');
					const sorted = [...names].sort((a, b) => a.localeCompare(b));
					if (names.join('|') !== sorted.join('|')) problems.push(`${where}/${prop.name}: not alphabetised`);
				}
				if (prop.type === 'collection') visit(prop.options as INodeProperties[], `${where}/${prop.name}`);
			}
		};
		visit(properties, '');
		expect(problems).toEqual([]);
	});
});

describe('action labels (shown in the node panel and as the default node name on the canvas)', () => {
	const actions = resourceValues.flatMap((r) => operationsOf(r.value as string).map((o) => String(o.action)));

	test('use the article that fits the sound of the word: "a user", "an exam", "an access policy"', () => {
		expect(actions.length).toBeGreaterThan(40);
		const wrong = actions.filter((a) => /\ban (u[sr]|uni|eu)/i.test(a) || /\ba [aeio]/i.test(a) || /\ba u(?![sr]|ni)/i.test(a));
		expect(wrong).toEqual([]);
		expect(actions).toEqual(expect.arrayContaining(['Get a user', 'Create a user group', 'Get an exam', 'Delete an access policy']));
	});

	test('Create, Get, Update and Delete name the resource as the Resource list does (one name per thing)', () => {
		for (const r of resourceValues) {
			for (const o of operationsOf(r.value as string)) {
				if (!['create', 'get', 'update', 'delete'].includes(o.value as string)) continue;
				expect(String(o.action).toLowerCase()).toContain(r.name.toLowerCase());
			}
		}
	});
});
