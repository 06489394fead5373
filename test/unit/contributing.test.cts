/**
 * CONTRIBUTING.md lists the touch points for adding a field, a resource, an operation and an event.
 * Every file it names must exist, so the list cannot drift from the tree unnoticed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const text = readFileSync(join(ROOT, 'CONTRIBUTING.md'), 'utf8');

/** Paths in backticks or links, without templates such as <resource>. */
const named = [...text.matchAll(/[`(]((?:nodes|credentials|test|docs|scripts|\.ci)\/[A-Za-z0-9_./-]+|\.ci\/run|README\.md|CONTRIBUTING\.md)[`)]/g)]
	.map((m) => m[1])
	.filter((p) => !p.includes('<'));

test('CONTRIBUTING.md names real files and folders', () => {
	expect(named.length).toBeGreaterThan(20);
	expect(named.filter((p) => !existsSync(join(ROOT, p.replace(/\/$/, ''))))).toEqual([]);
});

test('the layout block names real folders', () => {
	const layout = text.slice(text.indexOf('## Layout'));
	const entries = [...layout.matchAll(/^((?:nodes|credentials|test|docs|scripts)\/\S*)/gm)].map((m) => m[1]).filter((p) => !p.includes('<'));
	expect(entries.length).toBeGreaterThan(10);
	expect(entries.filter((p) => !existsSync(join(ROOT, p.replace(/\/$/, ''))))).toEqual([]);
});
