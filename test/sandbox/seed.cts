// The seeded state: a portal with 2 sub-portals, the 5 user types, default groups (All Users, Admins,
// Managers, Educators, Markers, Students) plus 2 class groups, users of every type, invites, exams,
// collections, assignment groups with assignments, attempts (some completed), learning records and
// access policies; and optionally N generated Students (options.extraUsers), fast enough for 50,000+.
// Everything is deterministic from the seed (ids from separate streams, fixed timestamps).
import type { Store } from './store.cjs';
import type { Ref, RelValue, ResourceRecord, Role, SeededIds } from './types.cjs';
const { Prng, deriveSeed } = require('./prng') as typeof import('./prng.cjs');
const { Store: StoreClass, ref } = require('./store') as typeof import('./store.cjs');
const { attemptDefaults, splitName } = require('./routes') as typeof import('./routes.cjs');

const BASE = Date.UTC(2025, 0, 6, 9, 0, 0);
const at = (minutes: number) => new Date(BASE + minutes * 60_000).toISOString();
const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export interface SeedResult {
	store: Store;
	seeded: SeededIds;
	tokens: { admin: string; secondAdmin: string; revoked: string };
}

const FIRST = [
	'Olivia', 'Noah', 'Amelia', 'Oliver', 'Isla', 'George', 'Ava', 'Arthur', 'Mia', 'Muhammad', 'Ivy', 'Leo', 'Freya', 'Harry',
	'Lily', 'Oscar', 'Florence', 'Archie', 'Sophia', 'Henry', 'Chloe', 'Theo', 'Grace', 'Jack', 'Aisha', 'Finley', 'Zara',
	'Luca', 'Ella', 'Mohammed', 'Rosie', 'Alfie', 'Evie', 'Charlie', 'Maya', 'Freddie', 'Sienna', 'Thomas', 'Priya', 'Ethan',
	'Hannah', 'Samuel', 'Nadia', 'Daniel', 'Yusuf', 'Chen', 'Mei', 'Kofi', 'Ama', 'Mateo', 'Lucia', 'Ravi', 'Anika', 'Tomasz',
	'Zofia', 'Sean', 'Niamh', 'Ewan', 'Catriona', 'Dylan',
];
const LAST = [
	'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Patel', 'Robinson', 'Wright', 'Thompson',
	'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Wood', 'Jackson', 'Clarke', 'Khan', 'Ahmed', 'Singh', 'Murphy',
	'Kelly', 'Campbell', 'Stewart', 'MacDonald', 'Nowak', 'Kowalski', 'Mensah', 'Osei', 'Okafor', 'Adeyemi', 'Garcia',
	'Fernandes', 'Rossi', 'Ricci', 'Nguyen', 'Tran', 'Wang', 'Li', 'Zhang', 'Kim', 'Park', 'Cohen', 'Levi', 'Hughes', 'Edwards',
	'Price', 'Bennett', 'Reid', 'Fraser', 'Byrne', 'Doyle', 'Lynch', "O'Brien", 'Sharma', 'Gupta',
];

function rec(store: Store, type: string, attributes: Record<string, unknown>, relationships: Record<string, RelValue> = {}): ResourceRecord {
	return store.insert({ id: store.newId(), type, attributes, relationships });
}

export function userAttributes(
	name: string,
	email: string,
	createdAt: string,
	groupIds: string[],
	extra: Record<string, unknown> = {},
): Record<string, unknown> {
	const meta: Record<string, unknown> = {};
	for (const g of groupIds) meta[g] = { dateJoined: createdAt };
	return {
		name,
		emailAddress: email,
		externalId: null,
		profilePicture: null,
		preferences: { locale: 'en' },
		attr: {},
		timeZone: 'Europe/London',
		notificationConfig: {},
		marketingEmailsConsent: 'pending',
		createdAt,
		updatedAt: createdAt,
		lastSeen: null,
		emailVerified: true,
		authData: {},
		...splitName(name),
		userGroupsMetadata: meta,
		...extra,
	};
}

export function seedStore(seed: number, extraUsers = 0): SeedResult {
	const store = new StoreClass(new Prng(deriveSeed(seed, 'ids')));
	const tokenRng = new Prng(deriveSeed(seed, 'tokens'));

	const portal = rec(store, 'Portal', {
		name: 'Northbridge Academy',
		headerIcon: { __type: 'File', name: 'logo.png', url: 'https://cdn.northbridge-academy.example/logo.png' },
		favicon: null,
		squareIcon: null,
		extraInformation: {},
		emailSettings: {
			fromEmail: 'learning@northbridge-academy.example',
			fromName: 'Northbridge Academy',
			marketingEmailsConsent: { enabled: true, requireEmailConfirmation: false, defaultAgree: false, customLabel: null },
			isDisabled: false,
			welcomeEmail: { subject: 'Welcome to Northbridge Academy', body: 'Hi {{name}}, welcome aboard.' },
			header: { logoUrl: 'https://cdn.northbridge-academy.example/logo.png' },
			maxPerWeek: 5,
			address: '1 Northbridge Way, Leeds LS1 4AP, UK',
		},
		externalApi: {},
		hostnameWhitelist: ['northbridge.synap.ac'],
		registrationSettings: { pageTitle: 'Join Northbridge Academy', registerMethod: 'open', collectAttrs: [], domainWhitelist: [] },
		affiliation: {},
		webMetaInfo: { site: { siteName: 'Northbridge Academy', description: 'Revision and assessment', imageUrl: null } },
		styleConfig: { brand: { primaryColor: '#1F4E79' } },
		subdomain: 'northbridge',
		createdAt: at(-100_000),
		updatedAt: at(-1_000),
	});
	const subPortals = [
		rec(store, 'SubPortal', { name: 'Northbridge Schools', subdomain: 'schools-northbridge', attr: {}, createdAt: at(-90_000) }),
		rec(store, 'SubPortal', { name: 'Acme Logistics (Corporate)', subdomain: 'acme-northbridge', attr: {}, createdAt: at(-80_000) }),
	];
	const types = {} as Record<Role, string>;
	const typeDescriptions: Record<Role, string> = {
		Admin: 'Full control of the portal',
		Manager: 'Manages users, groups and content',
		Educator: 'Creates content and manages Students',
		Marker: 'Marks attempts',
		Student: 'Takes exams, collections and assignments',
	};
	for (const name of ['Admin', 'Manager', 'Educator', 'Marker', 'Student'] as Role[]) {
		types[name] = rec(store, 'UserType', { name, description: typeDescriptions[name] }).id;
	}
	const group = (
		name: string,
		userType: Role | null,
		defaultGroupType: string | null,
		description: string,
		subPortal: ResourceRecord | null = null,
		minutes = -95_000,
	) =>
		rec(
			store,
			'UserGroup',
			{
				name,
				description,
				attr: {},
				isArchived: false,
				membershipExpiryEnabled: false,
				membershipExpiryTimeToExpireInMs: null,
				isDefaultGroup: defaultGroupType !== null,
				defaultGroupType,
				totalUsers: 0,
				parentId: null,
				internal: false,
				createdAt: at(minutes),
			},
			{
				owner: null,
				userType: userType ? ref('UserType', types[userType]) : null,
				subPortal: subPortal ? ref('SubPortal', subPortal.id) : null,
				parentGroup: null,
			},
		);
	// Managers and Markers default groups: sandbox choice (the academy names All Users, Admins,
	// Educators and Students as the default groups).
	const gAll = group('All Users', null, 'allUsers', 'Every user of the portal');
	store.allUsersGroupId = gAll.id;
	const gAdmins = group('Admins', 'Admin', 'admins', 'Portal administrators');
	const gManagers = group('Managers', 'Manager', 'managers', 'Portal managers');
	const gEducators = group('Educators', 'Educator', 'educators', 'Teaching staff');
	const gMarkers = group('Markers', 'Marker', 'markers', 'Exam markers');
	const gStudents = group('Students', 'Student', 'students', 'Default group for new learners');
	const gChem = group('Year 10 Chemistry', 'Student', null, 'GCSE Chemistry class, 2025 intake', subPortals[0], -60_000);
	const gCorp = group('Corporate Onboarding 2025', 'Student', null, 'New starters at Acme Logistics', subPortals[1], -50_000);

	const user = (name: string, email: string, groups: ResourceRecord[], minutes: number, subPortal: ResourceRecord | null = null, extra = {}) =>
		rec(store, 'User', userAttributes(name, email, at(minutes), groups.map((g) => g.id), extra), {
			subPortal: subPortal ? ref('SubPortal', subPortal.id) : null,
			userAttributes: [],
			userGroups: groups.map((g) => ref('UserGroup', g.id)),
		});
	const uAdmin = user('Alex Morgan', 'alex.morgan@northbridge-academy.example', [gAdmins], -99_000, null, { lastSeen: at(-10) });
	const uAdmin2 = user('Priya Raman', 'priya.raman@northbridge-academy.example', [gAdmins], -98_000);
	const uManager = user('Jordan Lee', 'jordan.lee@northbridge-academy.example', [gManagers], -97_000);
	const uEducator = user('Helen Carter', 'helen.carter@northbridge-academy.example', [gEducators], -96_000, null, {
		externalId: 'staff-0042',
	});
	const uMarker = user('Samuel Okafor', 'samuel.okafor@northbridge-academy.example', [gMarkers], -95_500);
	const uStudent = user('Emma Thompson', 'emma.thompson@students.northbridge-academy.example', [gStudents, gChem], -59_000, subPortals[0], {
		externalId: 'STU-10231',
		attr: { yearGroup: '10', house: 'Kingfisher' },
		timeZone: 'Europe/London',
	});
	const uStudent2 = user("Liam O'Connor", 'liam.oconnor@acme-logistics.example', [gStudents, gCorp], -49_000, subPortals[1], {
		externalId: 'ACME-7781',
		attr: { department: 'Warehouse', site: 'Doncaster' },
		timeZone: 'Europe/Dublin',
		preferences: { locale: 'en-IE' },
	});
	for (const g of [gChem, gCorp]) g.relationships.owner = ref('User', uEducator.id);

	const invite = (name: string, email: string, status: string, g: ResourceRecord, minutes: number, invitee: ResourceRecord | null) =>
		rec(
			store,
			'Invite',
			{
				emailAddress: email,
				name,
				personalMessage: 'Looking forward to having you on the course!',
				expiryDate: at(minutes + 14 * 24 * 60),
				valid: status === 'pending',
				status,
				lastSent: at(minutes),
				externalId: null,
				attr: {},
				createdAt: at(minutes),
			},
			{
				owner: ref('User', uEducator.id),
				invitee: invitee ? ref('User', invitee.id) : null,
				userGroup: ref('UserGroup', g.id),
				subPortal: relOf(g, 'subPortal'),
			},
		);
	const invPending = invite('Noah Patel', 'noah.patel@students.northbridge-academy.example', 'pending', gChem, -2_000, null);
	const invAccepted = invite('Emma Thompson', uStudent.attributes.emailAddress as string, 'accepted', gChem, -59_500, uStudent);

	const exam = (name: string, g: ResourceRecord, minutes: number, schedule: Record<string, unknown>) =>
		rec(
			store,
			'Exam-V-2',
			{
				name,
				isDynamic: false,
				isSectioned: true,
				shortDescription: `${name} (sandbox)`,
				preExamInstructions: 'You have 60 minutes. Calculators are allowed.',
				notificationAutomateEmails: true,
				hideFromCandidateList: false,
				ipAllowList: [],
				lockedByDefault: false,
				resumeSameSession: true,
				resumeAllowed: true,
				attr: {},
				isArchived: false,
				markingDoubleEnabled: false,
				markingBlindProvisionalMarker: false,
				markerConcealmentProvisional: false,
				markingEscalationEnabled: false,
				markingEscalationReasons: [],
				markingBackReadingEnabled: false,
				markingAuditingEnabled: false,
				markingResolutionEnabled: false,
				schedule,
				createdAt: at(minutes),
				updatedAt: at(minutes),
			},
			{ owner: ref('User', uEducator.id), userGroup: ref('UserGroup', g.id), markers: ref('UserGroup', gMarkers.id) },
		);
	const exChem = exam('GCSE Chemistry Mock Exam 2025', gChem, -30_000, { openDate: at(-20_000), closeDate: at(40_000) });
	const exComp = exam('Warehouse Safety Compliance Final', gCorp, -25_000, { openDate: at(-15_000), closeDate: at(60_000) });

	const collection = (name: string, description: string, minutes: number) =>
		rec(
			store,
			'Collection',
			{
				name,
				description,
				shortDescription: description.slice(0, 60),
				settings: { takeTest: true, playerView: { enabled: true, hideOverviewPage: false }, trackedProgress: true },
				attr: {},
				extraInformation: {},
				isArchived: false,
				generatedAttemptsEnabled: true,
				mocks: [],
				grades: [
					{ label: 'Pass', minScore: 0.5, isPass: true, description: 'Passed' },
					{ label: 'Fail', minScore: 0, isPass: false, description: 'Not yet' },
				],
				allowedModes: ['practice'],
				calculatorEnabled: true,
				calculatorType: 'basic',
				tagSelectionDisplayMode: 'dropdown',
				createdAt: at(minutes),
				updatedAt: at(minutes),
			},
			{ owner: ref('User', uEducator.id) },
		);
	const colChem = collection('GCSE Chemistry Revision', 'Topic-by-topic revision questions for GCSE Chemistry.', -40_000);
	const colSafety = collection('Workplace Safety Essentials', 'Manual handling, fire safety and first aid basics.', -35_000);

	const agroup = (name: string, status: string, minutes: number, reviewers: ResourceRecord | null) =>
		rec(
			store,
			'AssignmentGroup',
			{
				name,
				description: `${name} — sandbox assignment group`,
				shortDescription: name,
				image: null,
				absoluteDeadline: null,
				relativeDeadline: null,
				deadlineType: 'indefinite',
				progressionType: 'sequential',
				isReviewRequired: false,
				isArchived: false,
				status,
				certificateTemplateId: null,
				certificateIgnoreSubPortalBranding: false,
				certificateShareList: [],
				startDate: at(minutes),
				endDate: null,
				createdAt: at(minutes),
				updatedAt: at(minutes),
				isActive: status === 'active',
			},
			{ reviewers: reviewers ? ref('UserGroup', reviewers.id) : null, coverImage: null },
		);
	const agOnboarding = agroup('Autumn Term Onboarding', 'active', -45_000, gEducators);
	const agHomework = agroup('Chemistry Homework: Bonding', 'active', -20_000, null);
	const assignment = (g: ResourceRecord, u: ResourceRecord, status: string, minutes: number) =>
		rec(
			store,
			'Assignment',
			{
				name: g.attributes.name,
				status,
				progress: status === 'completed' ? 1 : 0,
				createdAt: at(minutes),
				completedAt: status === 'completed' ? at(minutes + 3_000) : null,
			},
			{ user: ref('User', u.id), assignmentGroup: ref('AssignmentGroup', g.id) },
		);
	const asStudentOnb = assignment(agOnboarding, uStudent, 'completed', -44_000);
	const asStudent2Onb = assignment(agOnboarding, uStudent2, 'inProgress', -44_000);
	const asHomework = assignment(agHomework, uStudent, 'notStarted', -19_000);

	const attempt = (
		title: string,
		u: ResourceRecord,
		links: { exam?: ResourceRecord; assignment?: ResourceRecord },
		minutes: number,
		completed: null | { score: number },
	) => {
		const attrs = attemptDefaults(title, Boolean(links.exam));
		attrs.createdAt = at(minutes);
		if (completed) {
			const points = Math.round(completed.score * 40);
			Object.assign(attrs, {
				isCompleted: true,
				status: 'completed',
				timeStarted: at(minutes + 10),
				timeCompleted: at(minutes + 52),
				score: completed.score,
				marks: { points, maxPoints: 40, credits: 0, penalties: 0 },
				grade: completed.score >= 0.5 ? { label: 'Pass', minScore: 0.5, isPass: true } : { label: 'Fail', minScore: 0, isPass: false },
				resultsStatus: 'released',
				resultsMarkingStatus: 'completed',
				examStatus: links.exam ? 'completed' : null,
				isOpen: false,
				isPast: true,
			});
		} else if (links.exam) {
			Object.assign(attrs, { status: 'inProgress', timeStarted: at(minutes + 5), examStatus: 'inProgress' });
		}
		return rec(store, 'Attempt', attrs, {
			examV2: links.exam ? ref('Exam-V-2', links.exam.id) : null,
			user: ref('User', u.id),
			owner: ref('User', uEducator.id),
			test: null,
			quiz: null,
			assignment: links.assignment ? ref('Assignment', links.assignment.id) : null,
		});
	};
	const atStudentDone = attempt('GCSE Chemistry Revision: Atomic Structure', uStudent, { assignment: asStudentOnb }, -43_000, { score: 0.72 });
	const atStudentOpen = attempt('GCSE Chemistry Mock Exam 2025', uStudent, { exam: exChem }, -100, null);
	const atStudentHw = attempt('Chemistry Homework: Bonding', uStudent, { assignment: asHomework }, -18_000, null);
	const atStudent2Done = attempt('Warehouse Safety Compliance Final', uStudent2, { exam: exComp }, -14_000, { score: 0.88 });
	const atStudent2Open = attempt('Workplace Safety Essentials: Manual Handling', uStudent2, { assignment: asStudent2Onb }, -13_000, null);

	const lr = (name: string, u: ResourceRecord, minutes: number, extra: Record<string, unknown>) =>
		rec(
			store,
			'LearningRecord',
			{
				name,
				score: null,
				date: at(minutes),
				description: null,
				externalId: null,
				attr: {},
				createdAt: at(minutes),
				updatedAt: at(minutes),
				...extra,
			},
			{ user: ref('User', u.id) },
		);
	const lr1 = lr('First Aid at Work refresher', uStudent2, -12_000, { score: 92, externalId: 'FAW-2025-118' });
	const lr2 = lr('Safeguarding Level 2', uEducator, -70_000, { description: 'Northbridge HR, 3 hours' });

	const ap = (name: string, g: ResourceRecord, rules: unknown[], minutes: number) =>
		rec(
			store,
			'AccessPolicy',
			{ name, description: `${name} (sandbox)`, rules, isActive: true, priority: 0, createdAt: at(minutes), updatedAt: at(minutes) },
			{ userGroup: ref('UserGroup', g.id), subPortal: relOf(g, 'subPortal') },
		);
	const ap1 = ap('Chemistry class content', gChem, [{ resourceType: 'Collection', resourceId: colChem.id, access: 'read' }], -39_000);
	const ap2 = ap('Corporate safety content', gCorp, [{ resourceType: 'Collection', resourceId: colSafety.id, access: 'read' }], -34_000);

	// Collection folders (after everything above, so the ids seeded before them do not change).
	const folder = (name: string, c: ResourceRecord, minutes: number) =>
		rec(store, 'CollectionFolder', { name, createdAt: at(minutes), updatedAt: at(minutes) }, { collection: ref('Collection', c.id), coverImage: null, items: [] });
	const folderChem = folder('Atomic structure', colChem, -39_500);
	const folderSafety = folder('Manual handling', colSafety, -34_500);

	// Personal Access Tokens
	const pat = (u: ResourceRecord, name: string, revoked: boolean, minutes: number) => {
		const token = `p:${tokenRng.chars(43, TOKEN_ALPHABET)}`;
		store.tokens.set(token, { token, userId: u.id, name, revoked, createdAt: at(minutes) });
		return token;
	};
	const tokens = {
		admin: pat(uAdmin, 'Main Token', false, -5_000),
		secondAdmin: pat(uAdmin2, 'Automation Token', false, -4_000),
		revoked: pat(uAdmin, 'dave-testing', true, -6_000),
	};

	// Generated Students (own id stream, so the seeded ids above do not depend on extraUsers).
	if (extraUsers > 0) {
		store.useIdSource(new Prng(deriveSeed(seed, 'extra-users')));
		const rng = new Prng(deriveSeed(seed, 'extra-user-data'));
		const studentsRef: Ref[] = [ref('UserGroup', gStudents.id)];
		const sp0 = ref('SubPortal', subPortals[0].id);
		const sp1 = ref('SubPortal', subPortals[1].id);
		for (let i = 0; i < extraUsers; i++) {
			const first = FIRST[rng.int(FIRST.length)];
			const last = LAST[rng.int(LAST.length)];
			const createdAt = new Date(BASE + 60_000 + i * 37_000).toISOString();
			const email = `${first}.${last}.${i + 1}@learners.example`.toLowerCase().replace(/'/g, '');
			store.insert({
				id: store.newId(),
				type: 'User',
				attributes: userAttributes(`${first} ${last}`, email, createdAt, [gStudents.id], { emailVerified: i % 3 !== 0 }),
				relationships: { subPortal: i % 5 === 0 ? sp0 : i % 7 === 0 ? sp1 : null, userAttributes: [], userGroups: studentsRef },
			});
		}
	}
	store.useIdSource(new Prng(deriveSeed(seed, 'runtime')));

	const seeded: SeededIds = {
		portalId: portal.id,
		subPortalIds: subPortals.map((s) => s.id),
		userTypes: types,
		groups: {
			allUsers: gAll.id,
			admins: gAdmins.id,
			managers: gManagers.id,
			educators: gEducators.id,
			markers: gMarkers.id,
			students: gStudents.id,
			chemistryClass: gChem.id,
			corporateOnboarding: gCorp.id,
		},
		users: {
			admin: uAdmin.id,
			admin2: uAdmin2.id,
			manager: uManager.id,
			educator: uEducator.id,
			marker: uMarker.id,
			student: uStudent.id,
			student2: uStudent2.id,
		},
		invites: { pending: invPending.id, accepted: invAccepted.id },
		exams: { chemistryMock: exChem.id, complianceFinal: exComp.id },
		collections: { chemistryRevision: colChem.id, workplaceSafety: colSafety.id },
		collectionFolders: { atomicStructure: folderChem.id, manualHandling: folderSafety.id },
		assignmentGroups: { onboarding: agOnboarding.id, chemistryHomework: agHomework.id },
		assignments: { studentOnboarding: asStudentOnb.id, student2Onboarding: asStudent2Onb.id, studentHomework: asHomework.id },
		attempts: {
			studentCompleted: atStudentDone.id,
			studentOpen: atStudentOpen.id,
			studentHomework: atStudentHw.id,
			student2Completed: atStudent2Done.id,
			student2Open: atStudent2Open.id,
		},
		learningRecords: [lr1.id, lr2.id],
		accessPolicies: [ap1.id, ap2.id],
		extraUserCount: extraUsers,
	};
	return { store, seeded, tokens };
}

function relOf(r: ResourceRecord, name: string): RelValue {
	return r.relationships[name] ?? null;
}
