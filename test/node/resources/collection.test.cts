/**
 * Collection (Create, Get, Get Many, Update, Delete, and Give Group Access: POST /collection-accesses,
 * documented) against the sandbox.
 */
import { apiRequests, expectRequest, outputOf, rl, run, useSandbox } from '../support.cjs';

const env = useSandbox();

describe('Collection', () => {
	let createdId = '';
	const grades = [
		{ label: 'Pass', minScore: 0.6, isPass: true, description: 'Passed' },
		{ label: 'Fail', minScore: 0, isPass: false, description: 'Not yet' },
	];

	test('Create sends the name and typed settings, grades as a JSON list', async () => {
		const result = await run(env, {
			resource: 'collection',
			operation: 'create',
			name: 'Physics Revision',
			additionalFields: {
				shortDescription: 'Forces and motion',
				allowedModes: 'practice',
				calculatorEnabled: true,
				grades: '={{ $json.grades }}',
				settings: '{"takeTest": true}',
				attributesJson: '{"instructionsEnabled": true}',
			},
		}, { items: [{ grades }] });
		expectRequest(env, {
			method: 'POST',
			path: '/collections',
			body: {
				data: {
					type: 'Collection',
					attributes: {
						name: 'Physics Revision',
						shortDescription: 'Forces and motion',
						allowedModes: ['practice'],
						calculatorEnabled: true,
						grades,
						settings: { takeTest: true },
						instructionsEnabled: true,
					},
				},
			},
		});
		const [out] = outputOf(result);
		expect(out).toMatchObject({ type: 'Collection', name: 'Physics Revision', grades, instructionsEnabled: true });
		createdId = out.id as string;
	});

	test('Get reads /collections/{id} with sparse fields', async () => {
		const id = env.sandbox.seeded.collections.chemistryRevision;
		const result = await run(env, { resource: 'collection', operation: 'get', collectionId: rl(id), options: { fields: 'name, calculatorType' } });
		expectRequest(env, { method: 'GET', path: `/collections/${id}`, query: { 'fields[Collection]': 'name,calculatorType' } });
		expect(outputOf(result)).toEqual([{ id, type: 'Collection', name: 'GCSE Chemistry Revision', calculatorType: 'basic' }]);
	});

	test('Get Many with the archived filter, raw output', async () => {
		const result = await run(env, { resource: 'collection', operation: 'getAll', returnAll: true, filters: { isArchived: false }, simplify: false });
		expectRequest(env, { method: 'GET', path: '/collections', query: { 'page[size]': '100', 'filter[isArchived]': 'false' } });
		const out = outputOf(result);
		expect(out.map((c) => (c.attributes as { name: string }).name)).toEqual(['GCSE Chemistry Revision', 'Workplace Safety Essentials', 'Physics Revision']);
		expect(out[0]).toMatchObject({ type: 'Collection', attributes: { calculatorType: 'basic' } });
	});

	test('Update patches the collection', async () => {
		const result = await run(env, { resource: 'collection', operation: 'update', collectionId: rl(createdId), updateFields: { isArchived: true, description: 'Archived' } });
		expectRequest(env, {
			method: 'PATCH',
			path: `/collections/${createdId}`,
			body: { data: { type: 'Collection', id: createdId, attributes: { isArchived: true, description: 'Archived' } } },
		});
		expect(outputOf(result)[0]).toMatchObject({ id: createdId, isArchived: true, description: 'Archived' });
	});

	test('Delete removes it', async () => {
		const result = await run(env, { resource: 'collection', operation: 'delete', collectionId: rl(createdId) });
		expectRequest(env, { method: 'DELETE', path: `/collections/${createdId}` });
		expect(outputOf(result)).toEqual([{ deleted: true, id: createdId }]);
	});
});

describe('Collection → Give Group Access', () => {
	test('posts a CollectionAccess with the picked collection and group, and the documented attributes', async () => {
		const { collections, groups } = env.sandbox.seeded;
		const result = await run(env, {
			resource: 'collection',
			operation: 'giveGroupAccess',
			collectionId: rl(collections.chemistryRevision),
			userGroupId: groups.chemistryClass,
			additionalFields: { level: 'editor', upgradeInstructionsType: 'product', upgradeInstructionsData: '[{"productId": "PrChem0001"}]' },
		});
		expectRequest(env, {
			method: 'POST',
			path: '/collection-accesses',
			body: {
				data: {
					type: 'CollectionAccess',
					attributes: { level: 'editor', upgradeInstructionsType: 'product', upgradeInstructionsData: [{ productId: 'PrChem0001' }] },
					relationships: {
						userGroup: { data: { type: 'UserGroup', id: groups.chemistryClass } },
						collection: { data: { type: 'Collection', id: collections.chemistryRevision } },
					},
				},
			},
		});
		const [out] = outputOf(result);
		expect(out).toMatchObject({
			type: 'CollectionAccess',
			level: 'editor',
			userGroupId: groups.chemistryClass,
			collectionId: collections.chemistryRevision,
		});
		const stored = env.sandbox.store.find('CollectionAccess', out.id as string);
		expect(stored?.relationships).toMatchObject({ collection: { id: collections.chemistryRevision }, userGroup: { id: groups.chemistryClass } });
	});

	test('a group expression that resolves to nothing fails the item before anything is sent, naming the field', async () => {
		const result = await run(env, {
			resource: 'collection',
			operation: 'giveGroupAccess',
			collectionId: rl(env.sandbox.seeded.collections.chemistryRevision),
			userGroupId: '={{ $json.group }}',
		});
		expect(result.error?.message).toBe('User Group is required [item 0]');
		expect(apiRequests(env)).toHaveLength(0);
	});
});
