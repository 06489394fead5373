/**
 * Synoptic Session → Create: POST /synoptic-sessions (SEEN) with the `attempt` (required) and
 * `candidate` relationships. Synap answers with a session `token` (SEEN), which is the `st` of the
 * candidate launch URL https://<portal>.synap.ac/quiz/a/<attemptId>?st=<token> (SEEN, Proctor
 * Integration "Launch" page). The item carries both, so a proctoring workflow can hand the URL on.
 *
 * The URL gives whoever opens it the candidate's session, so the portal subdomain is checked to be
 * one DNS label before anything is sent: a typo or a pasted value can never point it elsewhere.
 */
import type { IDataObject } from 'n8n-workflow';

import { candidateLaunchUrl, ENDPOINTS } from '../../transport/endpoints';
import { buildDocument, buildRelationship, primaryResources, simplifyResource, type Relationship } from '../../transport/jsonApi';
import { collectionPath } from '../../transport/paths';
import { synapRequest } from '../../transport/request';
import { attempt } from '../attempt/Attempt.resource';
import { fail, readIds, readRecordId } from '../shared/readParameters';
import { userRelationship } from '../shared/commonFields';
import { relationshipParameterName, type ItemExecutor, type RelationshipSpec } from '../shared/spec';

/** The candidate relationship, declared once for the parameters (./SynopticSession.resource.ts) and this executor. */
export const candidate: RelationshipSpec = userRelationship('candidate', 'Candidate User', 'The user who will sit the attempt (the attempt\'s candidate)');

const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** `acme`, `acme.synap.ac` or `https://acme.synap.ac/` → `acme`; anything else → undefined. */
export function portalSubdomainOf(raw: string): string | undefined {
	const host = raw
		.trim()
		.toLowerCase()
		.replace(/^https:\/\//, '')
		.replace(/\/+$/, '')
		.replace(/\.synap\.ac$/, '');
	return DNS_LABEL.test(host) ? host : undefined;
}

export const createSynopticSession: ItemExecutor = async function (ctx) {
	const i = ctx.itemIndex;
	const attemptId = readRecordId.call(this, ctx, attempt);
	const candidateIds = readIds(this, i, 'Candidate User ID', this.getNodeParameter(relationshipParameterName(candidate), i, ''));
	if (candidateIds.length > 1) fail(this, i, `Candidate User ID takes one ID, got ${candidateIds.length}`, 'Enter the single user who sits the attempt.');

	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const fromNode = String(options.portalSubdomain ?? '').trim();
	const fromCredential = ctx.run.portalSubdomain ?? '';
	const source = fromNode ? 'Options → Portal Subdomain' : 'the Portal Subdomain of the Synap API credential';
	const raw = fromNode || fromCredential;
	const subdomain = raw ? portalSubdomainOf(raw) : undefined;
	if (raw && !subdomain) {
		fail(
			this,
			i,
			`${source} ${JSON.stringify(raw.slice(0, 60))} is not a Synap portal subdomain`,
			'Enter only the first part of your portal\'s address: acme for https://acme.synap.ac (letters, digits and "-").',
		);
	}

	const relationships: Record<string, Relationship> = {
		attempt: buildRelationship({ type: ENDPOINTS.attempts.type, ids: [attemptId], toMany: false }),
	};
	if (candidateIds.length) {
		relationships.candidate = buildRelationship({ type: ENDPOINTS[candidate.target].type, ids: candidateIds, toMany: false });
	}
	const response = await synapRequest.call(this, ctx.run, {
		method: 'POST',
		path: collectionPath('synopticSessions'),
		body: buildDocument(ENDPOINTS.synopticSessions.type, {}, relationships),
		subjectUserId: ctx.subjectUserId,
		itemIndex: i,
	});

	const [session] = primaryResources(response.body);
	const item: IDataObject = session ? simplifyResource(session) : { type: ENDPOINTS.synopticSessions.type };
	item.attemptId = attemptId;
	const token = typeof item.token === 'string' && item.token !== '' ? item.token : undefined;
	item.launchUrl = token && subdomain ? candidateLaunchUrl(subdomain, attemptId, token) : null;
	if (!token) {
		item.launchUrlHint = 'Synap\'s response has no session token, so no launch URL could be built.';
	} else if (!subdomain) {
		item.launchUrlHint =
			'Set Options → Portal Subdomain (or Portal Subdomain in the Synap API credential) to get the candidate launch URL.';
	}
	return [{ json: item }];
};
