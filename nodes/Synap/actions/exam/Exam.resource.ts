/**
 * Exam (JSON:API type `Exam-V-2`): create (body SEEN, path cut off), get, list, update — all paths
 * INFERRED (see ENDPOINTS.exams).
 *
 * Every attribute name below is written out on Synap's Create Exam page (docs/synap-api.md
 * §4.2 Exam-V-2), with one exception each way:
 *   - option values other than the page's examples ("manual", "parallel") are INFERRED and say so;
 *   - the two fields released as "Blind Marking" (`markingBlindEnabled`) and "Marker Concealment"
 *     (`markerConcealmentEnabled`) have names the page does not have. Their parameter names stay
 *     (saved workflows use them), and they send the documented per-role attributes they stand
 *     for: Blind Marking sets every `markingBlind…Marker`, Marker Concealment every
 *     `markerConcealment…`. The per-role fields, declared after them, override them one by one.
 */
import {
	coverImageRelationship,
	customAttributes,
	isArchived,
	isArchivedFilter,
	nameAttribute,
	ownerRelationship,
	searchFilter,
	shortDescriptionAttribute,
	userGroupRelationship,
} from '../shared/commonFields';
import { standardOperations } from '../shared/operations';
import type { AttributeSpec, RelationshipSpec, ResourceSpec } from '../shared/spec';

const allocation = (name: string, label: string, what: string): AttributeSpec => ({
	name,
	label,
	type: 'options',
	options: [
		{ name: 'Manual', value: 'manual', description: 'An administrator assigns markers (Synap\'s documented value)' },
		{ name: 'Automatic', value: 'automatic', description: 'Synap assigns markers (inferred; not in Synap\'s public docs)' },
	],
	default: 'manual',
	description: `How ${what} are assigned to scripts`,
});

const flag = (name: string, label: string, description: string): AttributeSpec => ({ name, label, type: 'boolean', description });

/** The per-role blind-marking flags on Synap's Create Exam page, with the role each names. */
const BLIND_MARKER_ROLES = [
	['markingBlindProvisionalMarker', 'Provisional'],
	['markingBlindModeratingMarker', 'Moderating'],
	['markingBlindEscalationMarker', 'Escalation'],
	['markingBlindBackReadingMarker', 'Back-Reading'],
	['markingBlindAuditingMarker', 'Auditing'],
] as const;

/** The per-role marker-concealment flags on the same page. */
const CONCEALED_ROLES = [
	['markerConcealmentProvisional', 'Provisional'],
	['markerConcealmentModerating', 'Moderating'],
	['markerConcealmentEscalation', 'Escalation'],
	['markerConcealmentAuditing', 'Auditing'],
] as const;

const examAttributes: AttributeSpec[] = [
	{ ...nameAttribute('exam'), requiredOnCreate: true },
	shortDescriptionAttribute('exam'),
	{
		name: 'preExamInstructions',
		label: 'Pre-Exam Instructions',
		type: 'string',
		description: 'Instructions candidates read before they start',
	},
	flag('isDynamic', 'Is Dynamic', 'Whether each candidate gets questions drawn dynamically instead of a fixed paper'),
	flag('isSectioned', 'Is Sectioned', 'Whether the exam is split into sections'),
	flag('hideFromCandidateList', 'Hide From Candidate List', 'Whether the exam is hidden from candidates\' list of exams'),
	{
		name: 'ipAllowList',
		label: 'IP Allow List',
		type: 'stringList',
		placeholder: 'e.g. 203.0.113.10,198.51.100.0/24',
		description: 'IP addresses candidates may sit the exam from, comma-separated; leave empty for anywhere',
	},
	flag('lockedByDefault', 'Locked By Default', 'Whether attempts start locked until an invigilator unlocks them'),
	flag('notificationAutomateEmails', 'Automated Emails', 'Whether Synap emails candidates automatically about the exam'),
	flag('resumeAllowed', 'Resume Allowed', 'Whether candidates may resume an interrupted attempt'),
	flag('resumeSameSession', 'Resume Same Session Only', 'Whether a resumed attempt must continue in the same session'),
	customAttributes,
	isArchived,
	// Marking
	flag('markingDoubleEnabled', 'Double Marking', 'Whether each script is marked by more than one marker'),
	allocation('markingDoubleAllocation', 'Double Marking Allocation', 'double markers'),
	{
		name: 'markingDoubleMinMarkers',
		label: 'Double Marking Min Markers',
		type: 'number',
		default: 2,
		description: 'How many markers mark each script when double marking is on',
	},
	{
		name: 'markingDoubleSequence',
		label: 'Double Marking Sequence',
		type: 'options',
		options: [
			{ name: 'Parallel', value: 'parallel', description: 'Markers mark at the same time (Synap\'s documented value)' },
			{ name: 'Sequential', value: 'sequential', description: 'Markers mark one after another (inferred; not in Synap\'s public docs)' },
		],
		default: 'parallel',
		description: 'Whether double markers mark at the same time or one after another',
	},
	// Released names Synap does not have: kept as parameters, sent as the documented attributes.
	{
		...flag('markingBlindEnabled', 'Blind Marking (All Marker Roles)', 'Whether every marker role marks blind; sets each Blind … Marker field at once (those fields override it)'),
		sendAs: BLIND_MARKER_ROLES.map(([name]) => name),
	},
	{
		...flag('markerConcealmentEnabled', 'Marker Concealment (All Marker Roles)', 'Whether every marker role is concealed; sets each Marker Concealment … field at once (those fields override it)'),
		sendAs: CONCEALED_ROLES.map(([name]) => name),
	},
	...BLIND_MARKER_ROLES.map(([name, role]) => flag(name, `Blind ${role} Marker`, `Whether the ${role.toLowerCase()} marker marks blind`)),
	flag('markingBlindIsolate', 'Blind Marking Isolate', 'Whether blind marking isolates markers from one another'),
	...CONCEALED_ROLES.map(([name, role]) => flag(name, `Marker Concealment ${role}`, `Whether the ${role.toLowerCase()} marker is concealed`)),
	flag('markingEscalationEnabled', 'Escalation', 'Whether markers can escalate a script to an escalation marker'),
	flag('markingEscalationModeratorsCanEscalate', 'Moderators Can Escalate', 'Whether moderating markers may escalate a script too'),
	{
		name: 'markingEscalationReasons',
		label: 'Escalation Reasons (JSON)',
		type: 'jsonList',
		placeholder: '[{"slug": "illegible", "label": "Illegible", "description": "Handwriting cannot be read"}]',
		description: 'Reasons a marker can pick when escalating, as a JSON list of {"slug", "label", "description"}',
	},
	allocation('markingEscalationMarkerAllocation', 'Escalation Marker Allocation', 'escalation markers'),
	flag('markingBackReadingEnabled', 'Back-Reading', 'Whether a sample of marked scripts is back-read'),
	flag('markingAuditingEnabled', 'Auditing', 'Whether marking is audited'),
	flag('markingResolutionEnabled', 'Resolution', 'Whether disagreements between markers go to resolution'),
	allocation('markingModeratingMarkerAllocation', 'Moderating Marker Allocation', 'moderating markers'),
	allocation('markingProvisionalMarkerAllocation', 'Provisional Marker Allocation', 'provisional markers'),
];

const markerGroup = (name: string, label: string, who: string): RelationshipSpec =>
	userGroupRelationship(name, label, `The group whose members ${who}.`);

export const exam: ResourceSpec = {
	value: 'exam',
	name: 'Exam',
	endpoint: 'exams',
	simplifyFields: ['id', 'type', 'name', 'shortDescription', 'isArchived', 'isDynamic', 'userGroupId', 'ownerId', 'createdAt', 'updatedAt'],
	searchable: true,
	titleAttribute: 'name',
	attributes: examAttributes,
	relationships: [
		userGroupRelationship('userGroup', 'Candidates Group', 'The group whose members sit the exam (each gets an attempt).'),
		ownerRelationship,
		markerGroup('markers', 'Markers Group', 'mark the exam'),
		markerGroup('moderatingMarkers', 'Moderating Markers Group', 'moderate the marking'),
		markerGroup('escalatingMarkers', 'Escalation Markers Group', 'handle escalated scripts'),
		markerGroup('auditingMarkers', 'Auditing Markers Group', 'audit the marking'),
		markerGroup('backReadingMarkers', 'Back-Reading Markers Group', 'back-read marked scripts'),
		coverImageRelationship,
		{ name: 'currentVersion', label: 'Current Version Quiz', target: 'quizzes', toMany: false, description: 'The quiz version being edited' },
		{ name: 'publishedVersion', label: 'Published Version Quiz', target: 'quizzes', toMany: false, description: 'The quiz version candidates sit' },
	],
	filters: [
		isArchivedFilter,
		searchFilter('Exams', 'name'),
		{ name: 'userGroup', label: 'Candidates Group', description: 'Only exams sat by this group.', loadOptions: 'getUserGroups' },
	],
	operations: standardOperations({ one: 'exam', many: 'exams' }, ['create', 'get', 'getAll', 'update'], {
		create: { description: 'Create an exam with its candidates, markers and marking settings' },
		update: { description: 'Change an exam\'s details, candidates, markers or marking settings' },
	}),
};
