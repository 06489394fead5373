// Shared types of the Synap sandbox (a local emulator of the Synap v3 JSON:API).
// Type-only module: import it with `import type { ... } from './types.cjs'`.
import type { Store } from './store.cjs';

export type FaultKind =
	| '500'
	| '502'
	| '503'
	| '504'
	| 'reset'
	| 'truncate'
	| '429'
	| '429-no-retry-after'
	| 'slow';

export interface SandboxOptions {
	host?: string; // default '127.0.0.1'
	port?: number; // default 0 (random)
	seed?: number; // all randomness (ids, tokens, faults, generated data) derives from it; default 1
	latencyMs?: number; // added before every /v3 response
	rateLimit?: { requestsPerSecond: number; burst?: number; sendRetryAfter?: boolean /* default true */ } | null;
	faults?: { rate: number /* 0..1 */; kinds?: FaultKind[] /* default all */; slowMs?: number /* default 65000 */ } | null;
	extraUsers?: number; // N additional generated Student users
	subjectUserHeader?: string; // default 'Subject-User'
	maxPageSize?: number; // default 100
	defaultPageSize?: number; // default 20
	maxRecordedRequests?: number; // request log cap (oldest dropped first); default 50000
	variant?: ApiVariant | null; // a Synap whose shape differs from the inferred one (see ApiVariant)
}

/**
 * A Synap that differs from what the package infers, to test how the node, the credential test and
 * the probe cope when an inferred path or parameter is wrong on a real portal.
 */
export interface ApiVariant {
	/** Routes answered 404 routeNotFound as if absent, as `METHOD /path` from the route table (`GET /users`). */
	missingRoutes?: string[];
	/** A collection served under another first path segment (`{"exam-v-2s": "exams"}`); the old name is 404. */
	renamedPaths?: Record<string, string>;
	/** Query parameters answered 400 with `source.parameter` (`page[size]`). */
	rejectedQueryParams?: string[];
}

export interface RecordedRequest {
	method: string;
	path: string; // raw path as received, without query
	rawUrl: string;
	query: Record<string, string>;
	headers: Record<string, string | string[] | undefined>;
	body: unknown; // parsed JSON, else raw string, else undefined
	status: number; // 0 while pending, and for a 'reset' fault (no response was sent)
	concurrent: number; // /v3 requests being answered when it arrived, itself included (1 = alone)
	fault?: FaultKind;
}

export type Role = 'Admin' | 'Manager' | 'Educator' | 'Marker' | 'Student';

export interface Ref {
	type: string;
	id: string;
}
export type RelValue = Ref | Ref[] | null;

/** A stored resource. `attributes` holds every attribute (also response-only and write-only ones). */
export interface ResourceRecord {
	id: string;
	type: string;
	attributes: Record<string, unknown>;
	relationships: Record<string, RelValue>;
}

export interface Delivery {
	subscriptionId: string;
	url: string;
	eventName: string;
	status: number; // HTTP status of the target's answer; 0 when the delivery failed (connection error, timeout, refused target)
	body: unknown;
	headers: Record<string, string>;
	error?: string;
}

export interface SeededIds {
	portalId: string;
	subPortalIds: string[];
	userTypes: Record<Role, string>;
	groups: Record<
		'allUsers' | 'admins' | 'managers' | 'educators' | 'markers' | 'students' | 'chemistryClass' | 'corporateOnboarding',
		string
	>;
	users: Record<'admin' | 'admin2' | 'manager' | 'educator' | 'marker' | 'student' | 'student2', string>;
	invites: { pending: string; accepted: string };
	exams: { chemistryMock: string; complianceFinal: string };
	collections: { chemistryRevision: string; workplaceSafety: string };
	collectionFolders: { atomicStructure: string; manualHandling: string };
	assignmentGroups: { onboarding: string; chemistryHomework: string };
	assignments: { studentOnboarding: string; student2Onboarding: string; studentHomework: string };
	/** studentOpen: exam attempt in progress; studentHomework: open, linked to assignments.studentHomework */
	attempts: {
		studentCompleted: string;
		studentOpen: string;
		studentHomework: string;
		student2Completed: string;
		student2Open: string;
	};
	learningRecords: string[];
	accessPolicies: string[];
	/** how many extra Students were generated (options.extraUsers) */
	extraUserCount: number;
}

export interface Sandbox {
	baseUrl: string; // e.g. 'http://127.0.0.1:43123/v3'
	origin: string; // 'http://127.0.0.1:43123'
	adminToken: string;
	tokens: { admin: string; secondAdmin: string; revoked: string };
	seeded: SeededIds;
	requests: RecordedRequest[];
	clearRequests(): void;
	/** Applied writes (plus writes rejected only because they duplicate an applied one), by write key. */
	writes: Map<string, number>;
	/** Every write that reached the application (whatever its outcome), by write key. */
	writeAttempts: Map<string, number>;
	options: SandboxOptions;
	store: Store;
	emitEvent(eventName: string, data?: Record<string, unknown>): Promise<Array<{ url: string; status: number }>>;
	/** Resolves when every webhook delivery started so far has finished. */
	waitForDeliveries(): Promise<void>;
	deliveries: Delivery[];
	reset(opts?: { options?: boolean }): void;
	close(): Promise<void>;
}
