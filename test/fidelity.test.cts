/**
 * Nothing in the node or the sandbox may contradict what Synap's pages show. docs/synap-api.md §4.2
 * holds, per JSON:API type, the attribute and relationship names SEEN on Synap's pages, and whether
 * the page shows the whole list. This test reads that table and checks:
 *   - every attribute and relationship the node can send on a create or update of that type is on
 *     the list when the list is complete (no invented name reaches Synap);
 *   - the sandbox's schema of that type has every SEEN name, with the SEEN value kind, and accepts
 *     no name outside a complete list (only the INFERRED timestamps createdAt/updatedAt, read-only).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { RESOURCES } from '../nodes/Synap/actions/registry';
import { attributesOf, relationshipsOf } from '../nodes/Synap/actions/shared/buildProperties';
import { wirePaths } from '../nodes/Synap/actions/shared/readParameters';
import type { OperationSpec, ResourceSpec, Writable } from '../nodes/Synap/actions/shared/spec';
import { ENDPOINTS } from '../nodes/Synap/transport/endpoints';

import { readSeenTable } from './probe/seen.cjs';

const { SCHEMAS } = require('./sandbox/schema') as typeof import('./sandbox/schema.cjs');

const SEEN = readSeenTable(readFileSync(join(__dirname, '..', 'docs', 'synap-api.md'), 'utf8'));
const seenOf = (type: string) => SEEN.find((t) => t.type === type);

/** Each (resource, operation, mode) that writes a JSON:API document, with the type it writes. */
function writes(): Array<{ resource: ResourceSpec; op: OperationSpec; mode: Writable; type: string }> {
	const out = [];
	for (const resource of RESOURCES) {
		for (const op of resource.operations) {
			if (op.kind !== 'create' && op.kind !== 'update') continue;
			const endpoint = op.endpoint ?? resource.endpoint;
			if (!endpoint) continue;
			out.push({ resource, op, mode: op.kind, type: ENDPOINTS[endpoint].type });
		}
	}
	return out;
}

/**
 * Read-only names the sandbox serves beyond a complete list, each INFERRED with its reason: an
 * exam's schedule appears in the user.registeredForExam webhook (docs/synap-api.md §6).
 */
const INFERRED_READ_ONLY: Record<string, string[]> = { 'Exam-V-2': ['schedule'] };

const KIND_OK: Record<string, string[]> = {
	string: ['string', 'date', 'email', 'url', 'any'],
	number: ['number', 'integer', 'any'],
	boolean: ['boolean', 'any'],
	object: ['object', 'file', 'any'],
	array: ['array', 'any'],
};

test('the table is read and covers the documented types', () => {
	expect(SEEN.map((t) => t.type)).toEqual(
		expect.arrayContaining(['User', 'UserRegistration', 'UserGroup', 'Invite', 'Attempt', 'PlayerAttempt', 'Exam-V-2', 'Collection', 'AssignmentGroup', 'Flag', 'WebhookSubscription']),
	);
	expect(seenOf('Exam-V-2')?.attributes.has('markingBlindProvisionalMarker')).toBe(true);
	expect(seenOf('Attempt')?.attributes.get('version')).toBe('string');
});

describe('the node sends only names Synap shows', () => {
	test.each(writes().map((w) => [`${w.resource.name} → ${w.op.name} (${w.type})`, w] as const))('%s', (_label, { resource, op, mode, type }) => {
		const seen = seenOf(type);
		if (!seen) return; // no readable page: names are INFERRED and say so (docs/synap-api.md §8)
		const sent = attributesOf(resource, op)
			.filter((a) => (a.on ?? ['create', 'update']).includes(mode))
			.flatMap((a) => wirePaths(a).map((p) => p.split('.')[0]));
		if (seen.attributesComplete) expect(sent.filter((n) => !seen.attributes.has(n))).toEqual([]);
		const rels = relationshipsOf(resource, op)
			.filter((r) => (r.on ?? ['create', 'update']).includes(mode))
			.map((r) => r.name);
		if (seen.relationshipsComplete) expect(rels.filter((n) => !seen.relationships.includes(n))).toEqual([]);
	});

	test('Exam sends neither markingBlindEnabled nor markerConcealmentEnabled (names Synap\'s Create Exam page does not have)', () => {
		const exam = RESOURCES.find((r) => r.value === 'exam') as ResourceSpec;
		const sent = exam.attributes.flatMap((a) => wirePaths(a));
		expect(sent).not.toContain('markingBlindEnabled');
		expect(sent).not.toContain('markerConcealmentEnabled');
	});
});

describe('the sandbox models what Synap shows, and nothing a complete list rules out', () => {
	const stored = SEEN.filter((t) => SCHEMAS[t.type]);
	test.each(stored.map((t) => [t.type, t] as const))('%s', (_type, seen) => {
		const schema = SCHEMAS[seen.type];
		const missing = [...seen.attributes.keys()].filter((n) => !(n in schema.attributes));
		expect({ missing }).toEqual({ missing: [] });
		const wrongKind = [...seen.attributes]
			.filter(([n, kind]) => kind && n in schema.attributes && !KIND_OK[kind].includes(schema.attributes[n].kind))
			.map(([n, kind]) => `${n}: page shows ${kind}, sandbox has ${schema.attributes[n].kind}`);
		expect(wrongKind).toEqual([]);
		if (seen.attributesComplete) {
			const extra = Object.entries(schema.attributes)
				.filter(([n, spec]) => !seen.attributes.has(n) && !(spec.write === 'ro' && ['createdAt', 'updatedAt', ...(INFERRED_READ_ONLY[seen.type] ?? [])].includes(n)))
				.map(([n]) => n);
			expect({ extra }).toEqual({ extra: [] });
			expect(schema.openAttributes ?? false).toBe(false);
		}
		const missingRels = seen.relationships.filter((n) => !(n in schema.relationships));
		expect({ missingRels }).toEqual({ missingRels: [] });
		if (seen.relationshipsComplete) expect(Object.keys(schema.relationships).filter((n) => !seen.relationships.includes(n))).toEqual([]);
	});
});
