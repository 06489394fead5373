/**
 * Attempt → Submit: POST /attempt-submissions with the chosen attempt as the `attempt`
 * relationship. "Create AttemptSubmission" is named in Synap's menu and in the proctor "Cancel"
 * guide (force-submit an attempt when the candidate closes the proctoring tool); its path is
 * NOT FOUND, so `attempt-submissions` is INFERRED (see ENDPOINTS). It is a create on another
 * endpoint whose only input is the attempt picked in the locator.
 */
import type { IDataObject } from 'n8n-workflow';

import { ENDPOINTS } from '../../transport/endpoints';
import { buildDocument, buildRelationship, primaryResources } from '../../transport/jsonApi';
import { collectionPath } from '../../transport/paths';
import { synapRequest } from '../../transport/request';
import { toItems, wantsSimplify } from '../shared/standardExecutors';
import { readRecordId } from '../shared/readParameters';
import type { ItemExecutor } from '../shared/spec';

export const submitAttempt: ItemExecutor = async function (ctx) {
	const attemptId = readRecordId.call(this, ctx);
	const response = await synapRequest.call(this, ctx.run, {
		method: 'POST',
		path: collectionPath('attemptSubmissions'),
		body: buildDocument(
			ENDPOINTS.attemptSubmissions.type,
			{},
			{ attempt: buildRelationship({ type: ENDPOINTS.attempts.type, ids: [attemptId], toMany: false }) },
		),
		subjectUserId: ctx.subjectUserId,
		itemIndex: ctx.itemIndex,
	});
	const resources = primaryResources(response.body);
	// A 201/204 without a document still means Synap accepted the submission.
	if (!resources.length) return [{ json: { submitted: true, attemptId } as IDataObject }];
	return toItems(resources, response.body, wantsSimplify.call(this, ctx));
};
