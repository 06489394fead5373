/**
 * Synoptic Session: create (POST /synoptic-sessions, SEEN) — a proctoring session token for one
 * candidate's attempt, plus the candidate launch URL built from it (./create.operation.ts).
 */
import { collectionPath } from '../../transport/paths';
import type { INodeProperties } from 'n8n-workflow';

import type { ResourceSpec } from '../shared/spec';
import { attempt } from '../attempt/Attempt.resource';
import { idLocator, relationshipProperty } from '../shared/buildProperties';
import { candidate, createSynopticSession } from './create.operation';

const synopticSessionProperties: INodeProperties[] = [
	idLocator(attempt, 'The attempt the candidate will sit under proctoring'),
	relationshipProperty(candidate),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Portal Subdomain',
				name: 'portalSubdomain',
				type: 'string',
				default: '',
				placeholder: 'e.g. acme',
				description:
					'Your portal\'s subdomain (acme for https://acme.synap.ac), used to build the launch URL. Leave empty to use the one in the Synap API credential.',
			},
		],
	},
];

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
