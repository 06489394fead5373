/**
 * The node's parameters, assembled from the resource registry.
 */
import type { INodeProperties } from 'n8n-workflow';

import { RESOURCES } from './registry';
import { describeResource } from './shared/buildProperties';
import { requestOptions, subjectUserId } from './shared/standardParameters';

const resourceOptions = [...RESOURCES].map((r) => ({ name: r.name, value: r.value })).sort((a, b) => a.name.localeCompare(b.name));

export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: resourceOptions,
		default: 'user',
	},
	...RESOURCES.flatMap(describeResource),
	subjectUserId,
	requestOptions,
];
