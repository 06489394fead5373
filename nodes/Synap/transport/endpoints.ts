/**
 * The one table of Synap v3 endpoints this package uses.
 *
 * Synap's public reference is partial (the full OpenAPI file is "available upon request"), so
 * every path and type here is marked:
 *   SEEN      - the method and path were in Synap's published pages (docs/synap-api.md §4.1)
 *   INFERRED  - our most plausible JSON:API reading of the pattern Synap follows
 *               (plural kebab-case collection, `/{id}` for one resource)
 * If Synap's full reference says otherwise, correct the one line below; nothing else in the
 * package spells a path or a JSON:API type.
 */

export type Source = 'SEEN' | 'INFERRED';

export interface Endpoint {
	/** Collection path under the base URL, without a leading slash. */
	readonly path: string;
	/** JSON:API `type` of the resources at this path. */
	readonly type: string;
	/** Where the path comes from. */
	readonly source: Source;
	/** Why we think so, for the maintainer who has to check it. */
	readonly note: string;
}

export const ENDPOINTS = {
	portals: { path: 'portals', type: 'Portal', source: 'INFERRED', note: 'Update Portal body SEEN, path cut off in the docs' },
	subPortals: { path: 'sub-portals', type: 'SubPortal', source: 'INFERRED', note: 'type SEEN in relationships' },
	userTypes: { path: 'user-types', type: 'UserType', source: 'INFERRED', note: 'type SEEN in relationships' },
	users: { path: 'users', type: 'User', source: 'SEEN', note: 'PATCH /users SEEN; GET/DELETE in the menu' },
	userRegistrations: { path: 'user-registrations', type: 'UserRegistration', source: 'SEEN', note: 'POST SEEN' },
	userAccounts: { path: 'user-accounts', type: 'UserAccount', source: 'SEEN', note: 'GET /{id} SEEN' },
	userAttributes: { path: 'user-attributes', type: 'UserAttribute', source: 'INFERRED', note: 'type SEEN in User relationships' },
	userGroups: { path: 'user-groups', type: 'UserGroup', source: 'SEEN', note: 'PATCH SEEN; list/create/get/delete INFERRED' },
	invites: { path: 'invites', type: 'Invite', source: 'SEEN', note: 'GET and PATCH /{id} SEEN; list in the menu' },
	attempts: { path: 'attempts', type: 'Attempt', source: 'SEEN', note: 'GET /{id} SEEN; list/create in the menu' },
	attemptSubmissions: { path: 'attempt-submissions', type: 'AttemptSubmission', source: 'INFERRED', note: 'Create AttemptSubmission named in the menu; path NOT FOUND' },
	playerAttempts: { path: 'player-attempts', type: 'PlayerAttempt', source: 'SEEN', note: 'PATCH /{id} SEEN' },
	assignmentGroups: { path: 'assignment-groups', type: 'AssignmentGroup', source: 'SEEN', note: 'PATCH SEEN; create/get/delete in the menu' },
	assignments: { path: 'assignments', type: 'Assignment', source: 'INFERRED', note: 'List Assignments named in the menu' },
	collections: { path: 'collections', type: 'Collection', source: 'INFERRED', note: 'Create Collection body SEEN, path cut off' },
	collectionAccesses: { path: 'collection-accesses', type: 'CollectionAccess', source: 'SEEN', note: 'POST SEEN (create-collectionaccess)' },
	collectionFolders: { path: 'collection-folders', type: 'CollectionFolder', source: 'SEEN', note: 'PATCH /{id} SEEN (update-collectionfolder)' },
	collectionSubFolders: { path: 'collection-sub-folders', type: 'CollectionSubFolder', source: 'INFERRED', note: 'type SEEN in CollectionFolder items; only used as a relationship target, never called' },
	exams: { path: 'exam-v-2s', type: 'Exam-V-2', source: 'INFERRED', note: 'Create Exam-V-2 body SEEN, path cut off; kebab plural of the type' },
	studyItems: { path: 'study-items', type: 'StudyItem', source: 'SEEN', note: 'POST SEEN' },
	flags: { path: 'flags', type: 'Flag', source: 'SEEN', note: 'POST SEEN' },
	learningRecords: { path: 'learning-records', type: 'LearningRecord', source: 'INFERRED', note: 'CRUD named in the menu' },
	accessPolicies: { path: 'access-policies', type: 'AccessPolicy', source: 'INFERRED', note: 'CRUD named in the menu' },
	webhookSubscriptions: { path: 'webhook-subscriptions', type: 'WebhookSubscription', source: 'SEEN', note: 'POST SEEN; list/get/delete INFERRED' },
	synopticSessions: { path: 'synoptic-sessions', type: 'SynopticSession', source: 'SEEN', note: 'POST SEEN' },
	files: { path: 'files', type: 'File', source: 'INFERRED', note: 'type SEEN in relationships (coverImage); only used as a relationship target, never called' },
	quizzes: { path: 'quizzes', type: 'Quiz', source: 'INFERRED', note: 'type SEEN in relationships (Attempt, Exam-V-2, StudyItem); only used as a relationship target, never called' },
	quizQuestions: { path: 'quiz-questions', type: 'QuizQuestion', source: 'INFERRED', note: 'type SEEN in Flag relationships; only used as a relationship target, never called' },
	studies: { path: 'studies', type: 'Study', source: 'INFERRED', note: 'type SEEN in StudyItem relationships; only used as a relationship target, never called' },
	tests: { path: 'tests', type: 'Test', source: 'INFERRED', note: 'type SEEN in Attempt relationships; only used as a relationship target, never called' },
} as const satisfies Record<string, Endpoint>;

export type EndpointKey = keyof typeof ENDPOINTS;

/** Production base URL (SEEN in every curl sample). */
export const PRODUCTION_BASE_URL = 'https://api.synap.ac/v3';

/**
 * Subject-User header name. Synap's page stops before naming it (NOT FOUND); the section title
 * suggests `Subject-User`. The credential lets a user override it without a new release.
 */
export const DEFAULT_SUBJECT_USER_HEADER = 'Subject-User';

/** Largest `page[size]` we ask for (INFERRED: JSON:API page-based pagination; limit NOT FOUND). */
export const MAX_PAGE_SIZE = 100;

/** Query parameter names for page-based pagination (INFERRED, JSON:API convention). */
export const PAGE_SIZE_PARAM = 'page[size]';
export const PAGE_NUMBER_PARAM = 'page[number]';

/** Filter used by the searchable lists (INFERRED: `filter[search]`, matched on name and email). */
export const SEARCH_FILTER = 'filter[search]';

/** Candidate launch URL of a proctored attempt (SEEN, Proctor Integration "Launch" page). */
export const candidateLaunchUrl = (portalSubdomain: string, attemptId: string, sessionToken: string) =>
	`https://${portalSubdomain}.synap.ac/quiz/a/${encodeURIComponent(attemptId)}?st=${encodeURIComponent(sessionToken)}`;
