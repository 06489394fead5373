// Resource schemas: which attributes and relationships each type has, which of them a client may
// write (`rw`), may set only on creation (`create`), or only reads (`ro`), and their value kinds.
// Field lists follow docs/synap-api.md §4.2 (SEEN); types with no captured page
// (LearningRecord, AccessPolicy, Assignment, SubPortal, UserType) are INFERRED and marked so.
import type { ErrorObject } from './jsonapi.cjs';
import type { Ref, RelValue } from './types.cjs';
const { errorObject, isPlainObject } = require('./jsonapi') as typeof import('./jsonapi.cjs');

export type AttrKind =
	| 'string'
	| 'boolean'
	| 'integer'
	| 'number'
	| 'object'
	| 'array'
	| 'date'
	| 'email'
	| 'url'
	| 'file'
	| 'any';
export type WriteMode = 'rw' | 'create' | 'ro' | 'writeOnly';

export interface AttrSpec {
	kind: AttrKind;
	write: WriteMode;
	nullable?: boolean;
	required?: boolean; // on creation
	enum?: readonly string[];
	range?: readonly [number, number]; // inclusive, for numbers
}

export interface RelSpec {
	target: string;
	many?: boolean;
	write: WriteMode;
	required?: boolean;
	nullable?: boolean;
}

export interface TypeSpec {
	type: string;
	/** collection path under /v3 when `GET /<path>/{id}` exists (used for links.self) */
	selfPath?: string;
	attributes: Record<string, AttrSpec>;
	relationships: Record<string, RelSpec>;
	/** the page was cut off in the docs: unknown attributes are accepted and stored (any kind) */
	openAttributes?: boolean;
	/** attributes searched by filter[search] */
	search?: string[];
}

/** Types the sandbox stores: a relationship to one of them must point at an existing record (else 404). */
export const STORED_TYPES = new Set([
	'Portal',
	'SubPortal',
	'UserType',
	'User',
	'UserGroup',
	'Invite',
	'Attempt',
	'AttemptSubmission',
	'AssignmentGroup',
	'Assignment',
	'Collection',
	'CollectionAccess',
	'CollectionFolder',
	'Exam-V-2',
	'StudyItem',
	'Flag',
	'LearningRecord',
	'AccessPolicy',
	'WebhookSubscription',
	'SynopticSession',
]);

const a = (kind: AttrKind, write: WriteMode, extra: Partial<AttrSpec> = {}): AttrSpec => ({ kind, write, ...extra });
const r = (target: string, write: WriteMode, extra: Partial<RelSpec> = {}): RelSpec => ({ target, write, ...extra });
const ro = (kind: AttrKind = 'any'): AttrSpec => ({ kind, write: 'ro' });

const FILE = (write: WriteMode = 'rw') => a('file', write, { nullable: true });
const CONSENT = ['removed', 'pending', 'confirmed'] as const;

/** The nine Rosalyn proctoring rule flags of an Attempt (SEEN on Get Attempt). */
export const PROCTOR_ROSALYN_RULES = [
	'proctorRosalynRuleUsePrivateTestArea',
	'proctorRosalynRuleVisibleFace',
	'proctorRosalynRuleDoNotAllowInteractionWithOthers',
	'proctorRosalynRuleDoNotAllowOtherMaterials',
	'proctorRosalynRuleDoNotAllowNoiseMakingDevices',
	'proctorRosalynRuleDoNotAllowAdditionalDevices',
	'proctorRosalynRuleAllowMouseKeyboardMonitorOnly',
	'proctorRosalynRuleDoNotAllowAppsOrBroswerTabs', // sic: Synap's spelling
	'proctorRosalynRuleDoNotAllowExamContentSharing',
] as const;

export const INVITE_STATUSES = ['pending', 'accepted', 'revoked', 'expired'] as const; // INFERRED ("pending" SEEN)

export const SCHEMAS: Record<string, TypeSpec> = {
	Portal: {
		type: 'Portal',
		selfPath: 'portals',
		attributes: {
			name: a('string', 'rw'),
			headerIcon: FILE(),
			favicon: FILE(),
			squareIcon: FILE(),
			extraInformation: a('object', 'rw', { nullable: true }),
			emailSettings: a('object', 'rw'),
			externalApi: a('object', 'rw'),
			hostnameWhitelist: a('array', 'rw'),
			registrationSettings: a('object', 'rw'),
			affiliation: a('object', 'rw'),
			webMetaInfo: a('object', 'rw'),
			styleConfig: a('object', 'rw'),
			subdomain: ro('string'), // INFERRED
			createdAt: ro('date'),
			updatedAt: ro('date'),
		},
		relationships: {},
	},
	SubPortal: {
		// INFERRED (type name SEEN in relationships)
		type: 'SubPortal',
		attributes: { name: ro('string'), subdomain: ro('string'), attr: ro('object'), createdAt: ro('date') },
		relationships: {},
		search: ['name'],
	},
	UserType: {
		// INFERRED (type name SEEN; the five names SEEN in the academy)
		type: 'UserType',
		attributes: { name: ro('string'), description: ro('string') },
		relationships: {},
		search: ['name'],
	},
	User: {
		type: 'User',
		selfPath: 'users',
		attributes: {
			name: a('string', 'rw'),
			emailAddress: a('email', 'rw'),
			externalId: a('string', 'rw', { nullable: true }),
			profilePicture: FILE(),
			preferences: a('object', 'rw'),
			attr: a('object', 'rw'),
			timeZone: a('string', 'rw', { nullable: true }),
			notificationConfig: a('object', 'rw'),
			marketingEmailsConsent: a('string', 'rw', { enum: CONSENT, nullable: true }),
			createdAt: ro('date'),
			// INFERRED: not in Synap's User sample (other resources have it); the polling trigger's User Updated reads it
			updatedAt: ro('date'),
			lastSeen: ro('date'),
			emailVerified: ro('boolean'),
			authData: ro('object'),
			firstName: ro('string'),
			lastName: ro('string'),
			userGroupsMetadata: ro('object'),
		},
		relationships: {
			subPortal: r('SubPortal', 'rw', { nullable: true }),
			userAttributes: r('UserAttribute', 'rw', { many: true }),
			userGroups: r('UserGroup', 'rw', { many: true }),
		},
		search: ['name', 'emailAddress'],
	},
	UserRegistration: {
		type: 'UserRegistration',
		attributes: {
			name: a('string', 'rw', { required: true }), // required: INFERRED
			emailAddress: a('email', 'rw', { required: true }),
			password: a('string', 'writeOnly'), // optional: INFERRED; never echoed back
			registrationSource: a('object', 'rw'),
			welcomeEmailDisabled: a('boolean', 'rw'),
			marketingEmailsConsent: a('string', 'rw', { enum: CONSENT }),
			locale: a('string', 'rw'),
			fontSize: a('string', 'rw'),
			timeZone: a('string', 'rw'),
			attr: a('object', 'rw'),
			utm: a('object', 'rw'),
			signUpSource: a('string', 'rw'),
			registration: a('object', 'rw'),
			preferences: a('object', 'rw'),
			createdAt: ro('date'),
		},
		relationships: {
			userGroups: r('UserGroup', 'rw', { many: true }),
			subPortal: r('SubPortal', 'rw', { nullable: true }),
		},
	},
	UserAccount: {
		type: 'UserAccount',
		selfPath: 'user-accounts',
		attributes: {
			hasExternalAuth: ro('boolean'),
			canChangePassword: ro('boolean'),
			canSetNewPassword: ro('boolean'),
			shouldVerifyEmail: ro('boolean'),
			name: ro('string'),
			emailAddress: ro('email'),
			profilePicture: ro('file'),
			preferences: ro('object'),
			attr: ro('object'),
			timeZone: ro('string'),
			notificationConfig: ro('object'),
		},
		relationships: {},
	},
	UserGroup: {
		type: 'UserGroup',
		selfPath: 'user-groups',
		attributes: {
			name: a('string', 'rw', { required: true }),
			description: a('string', 'rw', { nullable: true }),
			attr: a('object', 'rw'),
			isArchived: a('boolean', 'rw'),
			membershipExpiryEnabled: a('boolean', 'rw'),
			membershipExpiryTimeToExpireInMs: a('integer', 'rw', { nullable: true }),
			isDefaultGroup: ro('boolean'),
			defaultGroupType: ro('string'),
			totalUsers: ro('integer'),
			parentId: ro('string'),
			internal: ro('boolean'),
			createdAt: ro('date'),
		},
		relationships: {
			owner: r('User', 'rw', { nullable: true }),
			userType: r('UserType', 'create'),
			subPortal: r('SubPortal', 'create', { nullable: true }),
			parentGroup: r('UserGroup', 'rw', { nullable: true }),
		},
		search: ['name', 'description'],
	},
	Invite: {
		type: 'Invite',
		selfPath: 'invites',
		attributes: {
			emailAddress: ro('email'),
			name: ro('string'),
			personalMessage: ro('string'),
			expiryDate: ro('date'),
			valid: ro('boolean'),
			status: a('string', 'rw', { enum: INVITE_STATUSES }),
			lastSent: a('date', 'rw', { nullable: true }),
			externalId: ro('string'),
			attr: ro('object'),
			createdAt: ro('date'),
		},
		relationships: {
			owner: r('User', 'ro'),
			invitee: r('User', 'ro'),
			userGroup: r('UserGroup', 'ro'),
			subPortal: r('SubPortal', 'ro'),
		},
		search: ['name', 'emailAddress'],
	},
	Attempt: {
		type: 'Attempt',
		selfPath: 'attempts',
		attributes: {
			// writable on POST /attempts: INFERRED
			title: a('string', 'rw'),
			schedule: a('object', 'rw'),
			settings: a('object', 'rw'),
			attemptsAllowed: a('integer', 'rw', { nullable: true }),
			candidateOpenDate: a('date', 'rw', { nullable: true }),
			createdAt: ro('date'),
			isCompleted: ro('boolean'),
			timeStarted: ro('date'),
			timeCompleted: ro('date'),
			proctor: ro('object'),
			resitCount: ro('integer'),
			status: ro('string'),
			state: ro('object'),
			quizSetup: ro('object'),
			grade: ro('object'),
			examStatus: ro('string'),
			version: ro('string'),
			score: ro('number'),
			marks: ro('object'),
			isRevoked: ro('boolean'),
			isOpen: ro('boolean'),
			isUpcoming: ro('boolean'),
			isPast: ro('boolean'),
			resultsStatus: ro('string'),
			resultsMarkingStatus: ro('string'),
			resultsPendingMarks: ro('integer'),
			proctorStatus: ro('string'),
			proctorEnabled: ro('boolean'),
			proctorVendor: ro('string'),
			proctorSessionId: ro('string'),
			proctorIsApproved: ro('boolean'),
			proctorReviews: ro('array'),
			proctorRequiresReview: ro('boolean'),
			proctorBreaches: ro('number'),
			proctorLiveProctoring: ro('boolean'),
			...Object.fromEntries(PROCTOR_ROSALYN_RULES.map((name) => [name, ro('boolean')])),
		},
		relationships: {
			examV2: r('Exam-V-2', 'rw', { nullable: true }),
			user: r('User', 'rw', { required: true }),
			owner: r('User', 'ro'),
			test: r('Test', 'rw', { nullable: true }),
			quiz: r('Quiz', 'rw', { nullable: true }),
			assignment: r('Assignment', 'rw', { nullable: true }),
			// SEEN on Get Attempt; its target type is cut off there ("As…"): INFERRED AssignmentItem, not stored
			assignmentItem: r('AssignmentItem', 'ro', { nullable: true }),
		},
		search: ['title'],
	},
	PlayerAttempt: {
		type: 'PlayerAttempt',
		attributes: {
			timeStarted: a('date', 'rw', { nullable: true }),
			timeCompleted: a('date', 'rw', { nullable: true }),
			examStatus: a('string', 'rw'),
			status: a('string', 'rw'),
			title: ro('string'),
			quizMode: ro('string'),
			locked: ro('boolean'),
			revoked: ro('boolean'),
			theme: ro('string'),
			fontSize: ro('string'),
			pinnedMessage: ro('string'),
			disableNavigation: ro('boolean'),
			disableControlPanel: ro('boolean'),
			disableNotifications: ro('boolean'),
			proctorEnabled: ro('boolean'),
			proctorVendor: ro('string'),
			proctorSessionId: ro('string'),
			scheduleStatus: ro('string'),
			attr: ro('object'),
			openTime: ro('date'),
			closeTime: ro('date'),
			credits: ro('number'),
			penalties: ro('number'),
			maxPoints: ro('number'),
			points: ro('number'),
			showAvailableMarks: ro('boolean'),
			score: ro('number'),
		},
		relationships: {
			test: r('Test', 'ro'),
			exam: r('Exam-V-2', 'ro'),
			owner: r('User', 'ro'),
			audioInstructions: r('File', 'ro'),
			responses: r('PlayerAudioResponse', 'ro', { many: true }),
			sections: r('PlayerSection', 'ro', { many: true }),
		},
	},
	AttemptSubmission: {
		// INFERRED (operation name SEEN in the menu and the proctor "Cancel" guide)
		type: 'AttemptSubmission',
		attributes: { createdAt: ro('date') },
		relationships: { attempt: r('Attempt', 'rw', { required: true }) },
	},
	AssignmentGroup: {
		type: 'AssignmentGroup',
		selfPath: 'assignment-groups',
		attributes: {
			name: a('string', 'rw', { required: true }),
			description: a('string', 'rw', { nullable: true }),
			shortDescription: a('string', 'rw', { nullable: true }),
			image: a('object', 'rw', { nullable: true }),
			absoluteDeadline: a('date', 'rw', { nullable: true }),
			relativeDeadline: a('any', 'rw', { nullable: true }),
			deadlineType: a('string', 'rw'),
			progressionType: a('string', 'rw'),
			isReviewRequired: a('boolean', 'rw'),
			isArchived: a('boolean', 'rw'),
			status: a('string', 'rw'),
			certificateTemplateId: a('string', 'rw', { nullable: true }),
			certificateIgnoreSubPortalBranding: a('boolean', 'rw'),
			certificateShareList: a('array', 'rw'),
			startDate: a('date', 'rw', { nullable: true }),
			endDate: a('date', 'rw', { nullable: true }),
			createdAt: ro('date'),
			updatedAt: ro('date'),
			isActive: ro('boolean'),
		},
		relationships: {
			reviewers: r('UserGroup', 'rw', { nullable: true }),
			coverImage: r('File', 'rw', { nullable: true }),
		},
		search: ['name', 'description'],
	},
	Assignment: {
		// INFERRED (only "List Assignments" SEEN in the menu)
		type: 'Assignment',
		attributes: {
			name: ro('string'),
			status: ro('string'),
			progress: ro('number'),
			createdAt: ro('date'),
			completedAt: ro('date'),
		},
		relationships: { user: r('User', 'ro'), assignmentGroup: r('AssignmentGroup', 'ro') },
		search: ['name'],
	},
	Collection: {
		type: 'Collection',
		selfPath: 'collections',
		openAttributes: true, // the Create Collection page is cut off after tagSelectionDisplayMode
		attributes: {
			name: a('string', 'rw', { required: true }),
			description: a('string', 'rw', { nullable: true }),
			shortDescription: a('string', 'rw', { nullable: true }),
			settings: a('object', 'rw'),
			attr: a('object', 'rw'),
			extraInformation: a('object', 'rw', { nullable: true }),
			isArchived: a('boolean', 'rw'),
			generatedAttemptsEnabled: a('boolean', 'rw'),
			mocks: a('array', 'rw'),
			grades: a('array', 'rw'),
			allowedModes: a('any', 'rw'),
			allowedLengths: a('any', 'rw'),
			allowedPlayers: a('any', 'rw'),
			allowedTagSets: a('any', 'rw'),
			allowedFacets: a('any', 'rw'),
			calculatorEnabled: a('boolean', 'rw'),
			calculatorType: a('string', 'rw'),
			tagSelectionDisplayMode: a('string', 'rw'),
			createdAt: ro('date'),
			updatedAt: ro('date'),
		},
		relationships: { owner: r('User', 'ro') },
		search: ['name', 'description'],
	},
	CollectionAccess: {
		// SEEN (create-collectionaccess): attributes level (e.g. "editor"), upgradeInstructionsType (e.g.
		// "product"), upgradeInstructionsData[]; relationships userGroup, collection. Allowed values,
		// required fields and GET/DELETE routes NOT FOUND: the sandbox requires both relationships only.
		type: 'CollectionAccess',
		attributes: {
			level: a('string', 'rw', { nullable: true }),
			upgradeInstructionsType: a('string', 'rw', { nullable: true }),
			upgradeInstructionsData: a('array', 'rw'),
			createdAt: ro('date'),
		},
		relationships: {
			userGroup: r('UserGroup', 'rw', { required: true }),
			collection: r('Collection', 'rw', { required: true }),
		},
	},
	CollectionFolder: {
		// SEEN (update-collectionfolder): PATCH /collection-folders/{id}, attribute name; relationships
		// collection, coverImage (File), items [CollectionSubFolder]. No GET route is documented.
		type: 'CollectionFolder',
		attributes: {
			name: a('string', 'rw'),
			createdAt: ro('date'),
			updatedAt: ro('date'),
		},
		relationships: {
			collection: r('Collection', 'rw', { nullable: true }),
			coverImage: r('File', 'rw', { nullable: true }),
			items: r('CollectionSubFolder', 'rw', { many: true }),
		},
	},
	'Exam-V-2': {
		type: 'Exam-V-2',
		selfPath: 'exam-v-2s',
		attributes: {
			name: a('string', 'rw', { required: true }),
			isDynamic: a('boolean', 'rw'),
			isSectioned: a('boolean', 'rw'),
			shortDescription: a('string', 'rw', { nullable: true }),
			preExamInstructions: a('string', 'rw', { nullable: true }),
			notificationAutomateEmails: a('boolean', 'rw'),
			hideFromCandidateList: a('boolean', 'rw'),
			ipAllowList: a('array', 'rw'),
			lockedByDefault: a('boolean', 'rw'),
			resumeSameSession: a('boolean', 'rw'),
			resumeAllowed: a('boolean', 'rw'),
			attr: a('object', 'rw'),
			isArchived: a('boolean', 'rw'),
			markingDoubleEnabled: a('boolean', 'rw'),
			markingDoubleAllocation: a('string', 'rw'),
			markingDoubleMinMarkers: a('integer', 'rw'),
			markingDoubleSequence: a('string', 'rw'),
			markingBlindProvisionalMarker: a('boolean', 'rw'),
			markingBlindModeratingMarker: a('boolean', 'rw'),
			markingBlindEscalationMarker: a('boolean', 'rw'),
			markingBlindBackReadingMarker: a('boolean', 'rw'),
			markingBlindAuditingMarker: a('boolean', 'rw'),
			markingBlindIsolate: a('boolean', 'rw'),
			markerConcealmentProvisional: a('boolean', 'rw'),
			markerConcealmentModerating: a('boolean', 'rw'),
			markerConcealmentEscalation: a('boolean', 'rw'),
			markerConcealmentAuditing: a('boolean', 'rw'),
			markingEscalationEnabled: a('boolean', 'rw'),
			markingEscalationModeratorsCanEscalate: a('boolean', 'rw'),
			markingEscalationReasons: a('array', 'rw'),
			markingModeratingMarkerAllocation: a('string', 'rw'),
			markingProvisionalMarkerAllocation: a('string', 'rw'),
			markingEscalationMarkerAllocation: a('string', 'rw'),
			markingBackReadingEnabled: a('boolean', 'rw'),
			markingAuditingEnabled: a('boolean', 'rw'),
			markingResolutionEnabled: a('boolean', 'rw'),
			schedule: ro('object'), // INFERRED (webhook exam.schedule{openDate, closeDate}); not on Create Exam
			createdAt: ro('date'),
			updatedAt: ro('date'),
		},
		relationships: {
			owner: r('User', 'rw', { nullable: true }),
			userGroup: r('UserGroup', 'rw', { nullable: true }),
			markers: r('UserGroup', 'rw', { nullable: true }),
			moderatingMarkers: r('UserGroup', 'rw', { nullable: true }),
			escalatingMarkers: r('UserGroup', 'rw', { nullable: true }),
			auditingMarkers: r('UserGroup', 'rw', { nullable: true }),
			backReadingMarkers: r('UserGroup', 'rw', { nullable: true }),
			coverImage: r('File', 'rw', { nullable: true }),
			publishedVersion: r('Quiz', 'rw', { nullable: true }),
			currentVersion: r('Quiz', 'rw', { nullable: true }),
		},
		search: ['name'],
	},
	StudyItem: {
		type: 'StudyItem',
		attributes: { createdAt: ro('date') },
		relationships: {
			owner: r('User', 'rw', { nullable: true }),
			quiz: r('Quiz', 'rw', { nullable: true }),
			collection: r('Collection', 'rw', { nullable: true }),
			study: r('Study', 'rw', { nullable: true }),
		},
	},
	Flag: {
		type: 'Flag',
		attributes: {
			comment: a('string', 'rw', { required: true }), // required: INFERRED
			source: a('string', 'rw', { nullable: true }),
			issue: a('string', 'rw', { nullable: true }),
			createdAt: ro('date'),
			updatedAt: ro('date'),
			isReviewed: ro('boolean'),
		},
		relationships: {
			planter: r('User', 'rw', { nullable: true }),
			question: r('QuizQuestion', 'rw', { nullable: true }),
			portal: r('Portal', 'rw', { nullable: true }),
		},
	},
	LearningRecord: {
		// Operation names SEEN (menu); the academy's default fields SEEN (record name required, score as
		// a percentage, record date), their attribute names INFERRED (name, score, date); the rest INFERRED.
		type: 'LearningRecord',
		selfPath: 'learning-records',
		attributes: {
			name: a('string', 'rw', { required: true }),
			score: a('number', 'rw', { nullable: true, range: [0, 100] }), // a percentage (SEEN); the range INFERRED
			date: a('date', 'rw', { nullable: true }),
			description: a('string', 'rw', { nullable: true }),
			externalId: a('string', 'rw', { nullable: true }),
			attr: a('object', 'rw'),
			createdAt: ro('date'),
			updatedAt: ro('date'),
		},
		relationships: { user: r('User', 'create') },
		search: ['name', 'description'],
	},
	AccessPolicy: {
		// INFERRED throughout (only the operation names are SEEN)
		type: 'AccessPolicy',
		selfPath: 'access-policies',
		attributes: {
			name: a('string', 'rw', { required: true }),
			description: a('string', 'rw', { nullable: true }),
			rules: a('array', 'rw'),
			isActive: a('boolean', 'rw'),
			priority: a('integer', 'rw'),
			createdAt: ro('date'),
			updatedAt: ro('date'),
		},
		relationships: {
			userGroup: r('UserGroup', 'rw', { nullable: true }),
			subPortal: r('SubPortal', 'rw', { nullable: true }),
		},
		search: ['name', 'description'],
	},
	WebhookSubscription: {
		type: 'WebhookSubscription',
		selfPath: 'webhook-subscriptions',
		attributes: {
			eventName: a('string', 'rw', { required: true }),
			targetUrl: a('url', 'rw', { required: true }),
			basicAuth: a('object', 'rw', { nullable: true }),
			active: a('boolean', 'rw'),
			createdAt: ro('date'),
		},
		relationships: {},
		search: ['eventName', 'targetUrl'],
	},
	SynopticSession: {
		type: 'SynopticSession',
		attributes: { token: ro('string'), createdAt: ro('date') },
		relationships: {
			attempt: r('Attempt', 'rw', { required: true }),
			candidate: r('User', 'rw', { required: true }),
		},
	},
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export function isEmail(v: unknown): v is string {
	return typeof v === 'string' && v.length <= 254 && EMAIL.test(v);
}

/** Returns why `value` is not of `spec`, or undefined when it is. */
export function checkValue(spec: AttrSpec, value: unknown): string | undefined {
	if (value === null) return spec.nullable ? undefined : 'must not be null';
	switch (spec.kind) {
		case 'string':
			if (typeof value !== 'string') return 'must be a string';
			break;
		case 'boolean':
			if (typeof value !== 'boolean') return 'must be a boolean';
			break;
		case 'integer':
			if (typeof value !== 'number' || !Number.isInteger(value)) return 'must be an integer';
			break;
		case 'number':
			if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
			break;
		case 'object':
			if (!isPlainObject(value)) return 'must be an object';
			break;
		case 'array':
			if (!Array.isArray(value)) return 'must be an array';
			break;
		case 'date':
			if (typeof value !== 'string' || !ISO_DATE.test(value) || Number.isNaN(Date.parse(value)))
				return 'must be an ISO-8601 date-time string, e.g. "2019-08-24T14:15:22Z"';
			break;
		case 'email':
			if (!isEmail(value)) return 'must be a valid e-mail address';
			break;
		case 'url': {
			if (typeof value !== 'string') return 'must be an absolute http(s) URL';
			try {
				const u = new URL(value);
				if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'must be an absolute http(s) URL';
			} catch {
				return 'must be an absolute http(s) URL';
			}
			break;
		}
		case 'file':
			if (!isPlainObject(value) || typeof value.url !== 'string')
				return 'must be a File object {"__type":"File","name":"…","url":"…"}';
			break;
		case 'any':
			break;
	}
	if (spec.enum && !spec.enum.includes(value as string)) return `must be one of: ${spec.enum.join(', ')}`;
	if (spec.range && typeof value === 'number' && (value < spec.range[0] || value > spec.range[1])) {
		return `must be between ${spec.range[0]} and ${spec.range[1]}`;
	}
	return undefined;
}

export interface ParsedWrite {
	attributes: Record<string, unknown>;
	relationships: Record<string, RelValue>;
}

export interface WriteContext {
	mode: 'create' | 'update';
	/** current values, for create-only fields on update */
	existing?: { attributes: Record<string, unknown>; relationships: Record<string, RelValue> };
	/** does a stored record of `type` with `id` exist? */
	exists: (type: string, id: string) => boolean;
}

function sameRel(x: RelValue | undefined, y: RelValue | undefined): boolean {
	const norm = (v: RelValue | undefined) =>
		v == null ? '' : Array.isArray(v) ? v.map((e) => `${e.type}:${e.id}`).join(',') : `${v.type}:${v.id}`;
	return norm(x) === norm(y);
}

/**
 * Validate `data.attributes` and `data.relationships` of a write against `spec`.
 * Collects one error per bad field (400, or 404 for a related resource that does not exist).
 */
export function validateWrite(spec: TypeSpec, data: Record<string, unknown>, ctx: WriteContext): {
	parsed: ParsedWrite;
	errors: ErrorObject[];
} {
	const errors: ErrorObject[] = [];
	const parsed: ParsedWrite = { attributes: {}, relationships: {} };
	const attrs = data.attributes;
	if (attrs !== undefined && !isPlainObject(attrs)) {
		errors.push(errorObject(400, '`attributes` must be an object.', { pointer: '/data/attributes' }));
	} else if (attrs) {
		for (const [name, value] of Object.entries(attrs)) {
			const pointer = `/data/attributes/${name}`;
			const as = spec.attributes[name];
			if (!as) {
				if (spec.openAttributes) parsed.attributes[name] = value;
				else
					errors.push(
						errorObject(400, `${spec.type} has no writable attribute \`${name}\`.`, {
							pointer,
							title: 'Invalid Attribute',
							code: 'unknownAttribute',
						}),
					);
				continue;
			}
			if (as.write === 'ro') {
				errors.push(
					errorObject(400, `\`${name}\` is read-only on ${spec.type}.`, {
						pointer,
						title: 'Invalid Attribute',
						code: 'readOnlyAttribute',
					}),
				);
				continue;
			}
			const why = checkValue(as, value);
			if (why) {
				errors.push(errorObject(400, `\`${name}\` ${why}.`, { pointer, title: 'Invalid Attribute', code: 'invalidValue' }));
				continue;
			}
			if (as.write === 'create' && ctx.mode === 'update' && ctx.existing) {
				if (JSON.stringify(ctx.existing.attributes[name]) !== JSON.stringify(value)) {
					errors.push(
						errorObject(400, `\`${name}\` cannot be changed after creation.`, {
							pointer,
							title: 'Invalid Attribute',
							code: 'immutableAttribute',
						}),
					);
				}
				continue;
			}
			parsed.attributes[name] = value;
		}
	}
	if (ctx.mode === 'create') {
		for (const [name, as] of Object.entries(spec.attributes)) {
			if (as.required && (!attrs || !isPlainObject(attrs) || attrs[name] === undefined)) {
				errors.push(
					errorObject(400, `\`${name}\` is required.`, {
						pointer: `/data/attributes/${name}`,
						title: 'Invalid Attribute',
						code: 'required',
					}),
				);
			}
		}
	}
	const rels = data.relationships;
	if (rels !== undefined && !isPlainObject(rels)) {
		errors.push(errorObject(400, '`relationships` must be an object.', { pointer: '/data/relationships' }));
	} else if (rels) {
		for (const [name, raw] of Object.entries(rels)) {
			const pointer = `/data/relationships/${name}`;
			const rs = spec.relationships[name];
			if (!rs) {
				errors.push(errorObject(400, `${spec.type} has no relationship \`${name}\`.`, { pointer, code: 'unknownRelationship' }));
				continue;
			}
			if (rs.write === 'ro') {
				errors.push(errorObject(400, `Relationship \`${name}\` is read-only on ${spec.type}.`, { pointer, code: 'readOnlyRelationship' }));
				continue;
			}
			if (!isPlainObject(raw) || !('data' in raw)) {
				errors.push(errorObject(400, `Relationship \`${name}\` must be an object with a \`data\` member.`, { pointer }));
				continue;
			}
			const d = raw.data;
			const refErr = (i: number | undefined, msg: string, status = 400) =>
				errors.push(errorObject(status, msg, { pointer: `${pointer}/data${i === undefined ? '' : `/${i}`}` }));
			const toRef = (v: unknown, i: number | undefined): Ref | undefined => {
				if (!isPlainObject(v) || typeof v.type !== 'string' || typeof v.id !== 'string' || v.id === '') {
					refErr(i, 'A resource identifier must be {"type": "...", "id": "..."}.');
					return undefined;
				}
				if (v.type !== rs.target) {
					refErr(i, `\`${name}\` must reference type ${rs.target}, not ${v.type}.`);
					return undefined;
				}
				if (STORED_TYPES.has(rs.target) && !ctx.exists(rs.target, v.id)) {
					refErr(i, `${rs.target} ${v.id} does not exist.`, 404);
					return undefined;
				}
				return { type: v.type, id: v.id };
			};
			let value: RelValue;
			if (rs.many) {
				if (!Array.isArray(d)) {
					refErr(undefined, `\`${name}\` is a to-many relationship: \`data\` must be an array.`);
					continue;
				}
				const refs = d.map((v, i) => toRef(v, i));
				if (refs.some((x) => x === undefined)) continue;
				value = refs as Ref[];
			} else {
				if (Array.isArray(d)) {
					refErr(undefined, `\`${name}\` is a to-one relationship: \`data\` must be an object or null.`);
					continue;
				}
				if (d === null) {
					if (!rs.nullable || rs.required) {
						refErr(undefined, `\`${name}\` cannot be null.`);
						continue;
					}
					value = null;
				} else {
					const x = toRef(d, undefined);
					if (!x) continue;
					value = x;
				}
			}
			if (rs.write === 'create' && ctx.mode === 'update' && ctx.existing) {
				if (!sameRel(ctx.existing.relationships[name], value)) {
					errors.push(
						errorObject(400, `Relationship \`${name}\` cannot be changed after creation.`, {
							pointer,
							code: 'immutableRelationship',
						}),
					);
				}
				continue;
			}
			parsed.relationships[name] = value;
		}
	}
	if (ctx.mode === 'create') {
		for (const [name, rs] of Object.entries(spec.relationships)) {
			if (rs.required && parsed.relationships[name] === undefined && !errors.some((e) => e.source?.pointer?.startsWith(`/data/relationships/${name}`))) {
				errors.push(
					errorObject(400, `Relationship \`${name}\` is required.`, { pointer: `/data/relationships/${name}`, code: 'required' }),
				);
			}
		}
	}
	return { parsed, errors };
}
