/**
 * Synoptic Session: create (POST /synoptic-sessions, SEEN) — a proctoring session token for one
 * candidate's attempt, plus the candidate launch URL built from it (./createSession.ts).
 */
import { collectionPath } from '../../transport/paths';
import type { ResourceSpec } from '../shared/spec';
import { createSynopticSession, synopticSessionProperties } from './createSession';

export const synopticSession: ResourceSpec = {
	value: 'synopticSession',
	name: 'Synoptic Session',
	endpoint: 'synopticSessions',
	simplifyFields: ['id', 'type', 'token', 'attemptId', 'candidateId'],
	attributes: [],
	relationships: [],
	operations: [
		{
			value: 'create',
			name: 'Create',
			action: 'Create a synoptic session',
			description: 'Create a synoptic (proctoring) session for a candidate\'s attempt and get its token and launch URL',
			kind: 'custom',
			request: { method: 'POST', path: collectionPath('synopticSessions') },
			properties: synopticSessionProperties,
			execute: createSynopticSession,
		},
	],
};
