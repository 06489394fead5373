import {
	buildDocument,
	buildRelationship,
	primaryResources,
	rawResource,
	relatedIdKey,
	simplifyResource,
	indexIncluded,
} from '../../nodes/Synap/transport/jsonApi';

describe('JSON:API documents', () => {
	test('a create body has type, attributes and relationships, and leaves out empty members', () => {
		expect(
			buildDocument('UserRegistration', { name: 'Ada', emailAddress: 'ada@example.com' }, {
				userGroups: buildRelationship({ type: 'UserGroup', ids: ['bh7EbXdKcf'], toMany: true }),
			}),
		).toEqual({
			data: {
				type: 'UserRegistration',
				attributes: { name: 'Ada', emailAddress: 'ada@example.com' },
				relationships: { userGroups: { data: [{ type: 'UserGroup', id: 'bh7EbXdKcf' }] } },
			},
		});
		expect(buildDocument('User', {}, {})).toEqual({ data: { type: 'User' } });
	});

	test('a PATCH body carries data.id', () => {
		expect(buildDocument('User', { name: 'B' }, {}, 'QsogF1GDFZ')).toEqual({ data: { type: 'User', id: 'QsogF1GDFZ', attributes: { name: 'B' } } });
	});

	test('to-one, to-many and cleared relationships', () => {
		expect(buildRelationship({ type: 'SubPortal', ids: ['Sub0000001'], toMany: false })).toEqual({ data: { type: 'SubPortal', id: 'Sub0000001' } });
		expect(buildRelationship({ type: 'SubPortal', ids: [], toMany: false })).toEqual({ data: null });
		expect(buildRelationship({ type: 'UserGroup', ids: [], toMany: true })).toEqual({ data: [] });
	});

	test('related ID keys read naturally', () => {
		expect(relatedIdKey('userGroups', true)).toBe('userGroupIds');
		expect(relatedIdKey('subPortal', false)).toBe('subPortalId');
		expect(relatedIdKey('accessPolicies', true)).toBe('accessPolicyIds');
		expect(relatedIdKey('examV2', false)).toBe('examV2Id');
	});

	const user = {
		type: 'User',
		id: 'QsogF1GDFZ',
		attributes: { name: 'Ada', emailAddress: 'ada@example.com' },
		relationships: {
			userGroups: { data: [{ type: 'UserGroup', id: 'G000000001' }, { type: 'UserGroup', id: 'G000000002' }] },
			subPortal: { data: { type: 'SubPortal', id: 'S000000001' } },
			owner: { links: { related: '/users/x/owner' } },
		},
	};
	const included = [
		{ type: 'UserGroup', id: 'G000000001', attributes: { name: 'Students' } },
		{ type: 'SubPortal', id: 'S000000001', attributes: { name: 'North campus' } },
	];

	test('simplify flattens attributes and related IDs; relationships without data are skipped', () => {
		expect(simplifyResource(user)).toEqual({
			id: 'QsogF1GDFZ',
			type: 'User',
			name: 'Ada',
			emailAddress: 'ada@example.com',
			userGroupIds: ['G000000001', 'G000000002'],
			subPortalId: 'S000000001',
		});
	});

	test('included records are folded in under the relationship name', () => {
		const item = simplifyResource(user, indexIncluded(included));
		expect(item.userGroups).toEqual([{ id: 'G000000001', type: 'UserGroup', name: 'Students' }]);
		expect(item.subPortal).toEqual({ id: 'S000000001', type: 'SubPortal', name: 'North campus' });
		expect(rawResource(user, indexIncluded(included)).included).toEqual(included);
		expect(rawResource(user)).toEqual(user);
	});

	test('primary data as a list, whatever its shape', () => {
		expect(primaryResources({ data: user })).toEqual([user]);
		expect(primaryResources({ data: [user, { nope: 1 } as never] })).toEqual([user]);
		expect(primaryResources({ data: null })).toEqual([]);
		expect(primaryResources(undefined)).toEqual([]);
	});
});
