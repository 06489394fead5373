/**
 * Add Members / Remove Members.
 *
 * Documented (SEEN): `userGroups` is a writable relationship of User (PATCH /users/{id}).
 * Inferred: that the PATCH replaces the user's memberships with the list sent (JSON:API
 * semantics for a to-many relationship). Synap's guide mentions a separate "User Group API" for
 * adding an existing user to a group, but its endpoint is not public (NOT FOUND). So each member
 * is read (GET /users/{id}), and its group list is written back with the group added or removed,
 * only when it changes. Items that touch the same user at the same moment could overwrite each
 * other; set Request Options → Concurrency to 1 for such inputs.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { ENDPOINTS } from '../../transport/endpoints';
import { buildDocument, buildRelationship, type ResourceIdentifier } from '../../transport/jsonApi';
import { resourcePath } from '../../transport/paths';
import { synapRequest } from '../../transport/request';
import { fail, readIds, readRecordId } from '../shared/parameters';
import type { ItemContext, ItemExecutor } from '../shared/spec';

export const memberIdsProperty: INodeProperties = {
	displayName: 'User IDs',
	name: 'userIds',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. QsogF1GDFZ,Xk2v9LmQpA',
	description: 'The users to add or remove, comma-separated (or a list from an expression)',
};

async function changeMembership(this: IExecuteFunctions, ctx: ItemContext, add: boolean): Promise<INodeExecutionData[]> {
	const groupId = readRecordId.call(this, ctx);
	const userIds = readIds(this, ctx.itemIndex, 'User IDs', this.getNodeParameter('userIds', ctx.itemIndex));
	if (!userIds.length) fail(this, ctx.itemIndex, 'User IDs is empty', 'Enter at least one user ID.');
	const out: INodeExecutionData[] = [];
	for (const userId of userIds) {
		const current = await synapRequest.call(this, ctx.run, {
			method: 'GET',
			path: resourcePath('users', userId),
			subjectUserId: ctx.subjectUserId,
			itemIndex: ctx.itemIndex,
		});
		const data = current.body?.data;
		const relation = !Array.isArray(data) ? data?.relationships?.userGroups?.data : undefined;
		const groups = (Array.isArray(relation) ? relation : []).map((r: ResourceIdentifier) => r.id);
		const isMember = groups.includes(groupId);
		const changed = add ? !isMember : isMember;
		if (changed) {
			const ids = add ? [...groups, groupId] : groups.filter((g) => g !== groupId);
			await synapRequest.call(this, ctx.run, {
				method: 'PATCH',
				path: resourcePath('users', userId),
				body: buildDocument(
					ENDPOINTS.users.type,
					{},
					{ userGroups: buildRelationship({ type: ENDPOINTS.userGroups.type, ids, toMany: true }) },
					userId,
				),
				subjectUserId: ctx.subjectUserId,
				itemIndex: ctx.itemIndex,
			});
		}
		out.push({
			json: {
				userId,
				userGroupId: groupId,
				[add ? 'added' : 'removed']: changed,
				...(changed ? {} : { reason: add ? 'already a member' : 'not a member' }),
			},
		});
	}
	return out;
}

export const addMembers: ItemExecutor = async function (ctx) {
	return await changeMembership.call(this, ctx, true);
};

export const removeMembers: ItemExecutor = async function (ctx) {
	return await changeMembership.call(this, ctx, false);
};
