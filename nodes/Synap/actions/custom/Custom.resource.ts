/**
 * Custom: reach any Synap v3 endpoint the node does not model yet.
 */
import type { ResourceSpec } from '../shared/spec';
import { apiRequest, apiRequestProperties } from './apiRequest.operation';

export const custom: ResourceSpec = {
	value: 'custom',
	name: 'Custom',
	attributes: [],
	relationships: [],
	operations: [
		{
			value: 'apiRequest',
			name: 'API Request',
			action: 'Make an API request',
			description: 'Send any request to Synap\'s v3 API with this credential',
			kind: 'custom',
			source: 'SEEN',
			properties: apiRequestProperties,
			execute: apiRequest,
		},
	],
};
