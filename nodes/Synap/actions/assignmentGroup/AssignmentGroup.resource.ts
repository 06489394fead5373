/**
 * Assignment Group (a course-like bundle of assignments): update (PATCH /assignment-groups/{id},
 * SEEN); create, get and delete (named in the menu; INFERRED); list (INFERRED, for the locator).
 * Attributes are the ones on the Update page. `relativeDeadline` is listed there without a format,
 * so it has no typed field: send it through Extra Attributes.
 */
import {
	coverImageRelationship,
	descriptionAttribute,
	isArchived,
	isArchivedFilter,
	nameAttribute,
	searchFilter,
	shortDescriptionAttribute,
	userGroupRelationship,
} from '../shared/commonFields';
import { standardOperations } from '../shared/operations';
import type { ResourceSpec } from '../shared/spec';

export const assignmentGroup: ResourceSpec = {
	value: 'assignmentGroup',
	name: 'Assignment Group',
	endpoint: 'assignmentGroups',
	simplifyFields: ['id', 'type', 'name', 'status', 'isActive', 'deadlineType', 'absoluteDeadline', 'startDate', 'endDate', 'isArchived'],
	searchable: true,
	titleAttribute: 'name',
	attributes: [
		{ ...nameAttribute('assignment group'), requiredOnCreate: true },
		descriptionAttribute('assignment group'),
		shortDescriptionAttribute('assignment group'),
		{
			name: 'image',
			label: 'Image (JSON)',
			type: 'json',
			placeholder: '{"url": "https://…/cover.png"}',
			description: 'The image shown for the group, as a JSON object shaped like the example',
		},
		{
			name: 'status',
			label: 'Status',
			type: 'options',
			options: [
				{ name: 'Active', value: 'active', description: 'Learners can work on it (inferred from the isActive flag)' },
				{ name: 'Inactive', value: 'inactive', description: 'Not available to learners (Synap\'s documented example)' },
			],
			default: 'inactive',
			description: 'Whether learners can work on the group\'s assignments',
		},
		{ name: 'startDate', label: 'Start Date', type: 'dateTime', description: 'When the assignments become available' },
		{ name: 'endDate', label: 'End Date', type: 'dateTime', description: 'When the assignments stop being available' },
		{
			name: 'deadlineType',
			label: 'Deadline Type',
			type: 'string',
			placeholder: 'e.g. indefinite',
			description: 'How the deadline works; Synap documents "indefinite" and does not publish the other values',
		},
		{ name: 'absoluteDeadline', label: 'Absolute Deadline', type: 'dateTime', description: 'A fixed date and time by which learners must finish' },
		{
			name: 'progressionType',
			label: 'Progression Type',
			type: 'string',
			description: 'How learners move through the assignments (values not published by Synap)',
		},
		{ name: 'isReviewRequired', label: 'Review Required', type: 'boolean', description: 'Whether a reviewer must approve the learner\'s work' },
		isArchived,
		{
			name: 'certificateTemplateId',
			label: 'Certificate Template ID',
			type: 'string',
			description: 'The certificate template awarded on completion',
		},
		{
			name: 'certificateIgnoreSubPortalBranding',
			label: 'Certificate Ignores Sub-Portal Branding',
			type: 'boolean',
			description: 'Whether the certificate uses the main portal\'s branding even for sub-portal learners',
		},
		{
			name: 'certificateShareList',
			label: 'Certificate Share Links (JSON)',
			type: 'jsonList',
			placeholder: '[{"label": "LinkedIn", "urlPrefix": "https://www.linkedin.com/…"}]',
			description: 'Where learners can share the certificate, as a JSON list of {"label": "…", "urlPrefix": "…"}',
		},
	],
	relationships: [
		userGroupRelationship('reviewers', 'Reviewers Group', 'The group whose members review learners\' work.'),
		coverImageRelationship,
	],
	filters: [isArchivedFilter, searchFilter('Assignment groups', 'name or description'), { name: 'status', label: 'Status', description: 'Only groups with this status, e.g. active' }],
	operations: standardOperations({ one: 'assignment group', many: 'assignment groups' }, ['create', 'delete', 'get', 'getAll', 'update'], {
		create: { source: 'INFERRED', description: 'Create an assignment group (a set of assignments with deadlines and a certificate)' },
		delete: { source: 'INFERRED', description: 'Delete an assignment group and its assignments' },
		get: { source: 'INFERRED' },
		getAll: { source: 'INFERRED' },
		update: { description: 'Change an assignment group\'s details, dates, status or certificate' },
	}),
};
