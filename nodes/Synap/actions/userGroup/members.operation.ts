/**
 * Add Members / Remove Members.
 *
 * Documented (SEEN, docs/synap-api.md §4.2 User): `userGroups` is a writable relationship of
 * User, and Synap uses JSON:API relationship routes elsewhere (Update CollectionSubFolder is
 * `PATCH /collection-folders/{id}/relationships/items/`, §4.1).
 * Inferred (§4.6): the same route exists for a user's groups, so the node adds or removes just
 * this one group with `POST` / `DELETE /users/{id}/relationships/userGroups` and
 * `{"data": [{"type": "UserGroup", "id": …}]}`. Unlike writing back the whole list, two items
 * changing the same user's groups at the same moment cannot undo each other.
 *
 * Each member is read first (GET /users/{id}) to report whether anything changed and to skip
 * no-op writes. If the relationship route is not there (404 or 405 from it while the user was
 * just read), the node falls back to the documented PATCH /users/{id} with the whole group list,
 * which has the read-modify-write race the route avoids: for such portals, set Request Options →
 * Concurrency to 1 when several items touch the same user.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { ENDPOINTS } from '../../transport/endpoints';
import { buildDocument, buildRelationship, type ResourceIdentifier } from '../../transport/jsonApi';
import { relationshipPath, resourcePath } from '../../transport/paths';
import { synapRequest } from '../../transport/request';
import { fail, readIds, readRecordId } from '../shared/readParameters';
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

/**
 * Runs (executions) in which the portal answered the relationship route with "no such route": the
 * other items of the run go straight to the PATCH instead of asking again.
 */
const routeMissingIn = new WeakSet<object>();

/** Synap answered the relationship route with "no such route" (the user itself was just read). */
const isMissingRoute = (error: unknown) => {
	const code = (error as { httpCode?: unknown })?.httpCode;
	return code === '404' || code === '405';
};

/** POST/DELETE the one group on the user's relationship route; false when the portal has no such route. */
async function viaRelationshipRoute(this: IExecuteFunctions, ctx: ItemContext, userId: string, groupId: string, add: boolean): Promise<boolean> {
	return await synapRequest
		.call(this, ctx.run, {
			method: add ? 'POST' : 'DELETE',
			path: relationshipPath('users', userId, 'userGroups'),
			body: { data: [{ type: ENDPOINTS.userGroups.type, id: groupId }] },
			subjectUserId: ctx.subjectUserId,
			itemIndex: ctx.itemIndex,
		})
		.then(
			() => true,
			async (error: unknown) => {
				if (!isMissingRoute(error)) return await Promise.reject(error);
				routeMissingIn.add(ctx.run);
				return false;
			},
		);
}

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
			// A failure other than "no such route" rejects here and fails the item as it is.
			const viaRoute = !routeMissingIn.has(ctx.run) && (await viaRelationshipRoute.call(this, ctx, userId, groupId, add));
			if (!viaRoute) {
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
