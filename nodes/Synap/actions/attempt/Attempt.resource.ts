/**
 * Attempt: get (GET /attempts/{id}, SEEN), create and list (named in the menu; INFERRED), and
 * submit (Create AttemptSubmission; INFERRED path, see ./submit.operation.ts).
 *
 * Get Attempt's page lists the attributes and relationships (SEEN). Which of them Create
 * accepts is NOT FOUND: the fields below are the ones a caller plausibly sets (who sits it, for
 * which exam/assignment/quiz, when, how often); everything else goes through Extra Attributes.
 */
import { userRelationship } from '../shared/commonFields';
import { collectionPath } from '../../transport/paths';
import { standardOperations } from '../shared/operations';
import type { ResourceSpec } from '../shared/spec';
import { submitAttempt } from './submit.operation';

export const attempt: ResourceSpec = {
	value: 'attempt',
	name: 'Attempt',
	endpoint: 'attempts',
	simplifyFields: ['id', 'type', 'title', 'status', 'isCompleted', 'score', 'timeStarted', 'timeCompleted', 'userId', 'examV2Id'],
	searchable: true,
	titleAttribute: 'title',
	attributes: [
		{ name: 'title', label: 'Title', type: 'string', description: 'The attempt\'s title, shown to the candidate' },
		{
			name: 'attemptsAllowed',
			label: 'Attempts Allowed',
			type: 'number',
			default: 1,
			description: 'How many times the candidate may sit it, resits included',
		},
		{
			name: 'candidateOpenDate',
			label: 'Candidate Open Date',
			type: 'dateTime',
			description: 'When the candidate can first open the attempt',
		},
		{
			name: 'schedule',
			label: 'Schedule (JSON)',
			type: 'json',
			placeholder: '{"activateAt": "2026-09-01T09:00:00Z", "deactivateAt": "2026-09-01T11:00:00Z"}',
			description: 'When the attempt opens and closes: {"activateAt": "…", "deactivateAt": "…"} in ISO 8601',
		},
		{ name: 'settings', label: 'Settings (JSON)', type: 'json', description: 'Player settings for this attempt as a JSON object' },
	],
	relationships: [
		userRelationship('user', 'Candidate User', 'The user who will sit the attempt', { requiredOnCreate: true }),
		{ name: 'examV2', label: 'Exam', target: 'exams', toMany: false, description: 'The exam this attempt is a sitting of' },
		{ name: 'assignment', label: 'Assignment', target: 'assignments', toMany: false, description: 'The assignment this attempt belongs to' },
		{ name: 'quiz', label: 'Quiz', target: 'quizzes', toMany: false, description: 'The quiz (question set) to attempt' },
		{ name: 'test', label: 'Test', target: 'tests', toMany: false, description: 'The test to attempt' },
	],
	filters: [
		{ name: 'assignment', label: 'Assignment ID', description: 'Only attempts of this assignment' },
		{ name: 'examV2', label: 'Exam ID', description: 'Only sittings of this exam' },
		{ name: 'isCompleted', label: 'Is Completed', type: 'boolean', description: 'Whether to list only completed attempts (on) or only unfinished ones (off)' },
		{ name: 'status', label: 'Status', description: 'Only attempts with this status, e.g. draft or completed' },
		{ name: 'user', label: 'Candidate User ID', description: 'Only attempts sat by this user' },
	],
	operations: [
		...standardOperations({ one: 'attempt', many: 'attempts' }, ['create', 'get', 'getAll'], {
			create: { description: 'Create an attempt for a candidate, e.g. a sitting of an exam', source: 'INFERRED' },
			get: { description: 'Get an attempt with its status, score, marks, grade and proctoring results' },
			getAll: { description: 'List attempts, with filters', source: 'INFERRED' },
		}),
		{
			value: 'submit',
			name: 'Submit',
			action: 'Submit an attempt',
			description: 'Submit (hand in) an attempt on the candidate\'s behalf, e.g. when they leave a proctored exam',
			kind: 'custom',
			endpoint: 'attemptSubmissions',
			request: { method: 'POST', path: collectionPath('attemptSubmissions') },
			needsId: true,
			simplify: true,
			execute: submitAttempt,
		},
	],
};
