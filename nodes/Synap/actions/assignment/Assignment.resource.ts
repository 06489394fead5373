/**
 * Assignment (one learner's assignment within an assignment group): list only ("List
 * Assignments" is named in the menu; path and attributes INFERRED).
 */
import { standardOperations } from '../shared/operations';
import type { ResourceSpec } from '../shared/spec';

export const assignment: ResourceSpec = {
	value: 'assignment',
	name: 'Assignment',
	endpoint: 'assignments',
	simplifyFields: ['id', 'type', 'name', 'status', 'progress', 'completedAt', 'userId', 'assignmentGroupId'],
	titleAttribute: 'name',
	attributes: [],
	relationships: [],
	filters: [
		{ name: 'assignmentGroup', label: 'Assignment Group ID', description: 'Only assignments in this assignment group' },
		{ name: 'status', label: 'Status', description: 'Only assignments with this status, e.g. completed' },
		{ name: 'user', label: 'User ID', description: 'Only this learner\'s assignments' },
	],
	operations: standardOperations({ one: 'assignment', many: 'assignments' }, ['getAll'], {
		getAll: { description: 'List learners\' assignments and their status, with filters' },
	}),
};
