/**
 * Flag: create (POST /flags, SEEN) — flag a question for review, as a learner does in the player.
 * Attributes `comment`, `source`, `issue`; relationships `planter`, `question`, `portal` (SEEN).
 */
import { userRelationship } from '../shared/commonFields';
import { standardOperations } from '../shared/operations';
import type { ResourceSpec } from '../shared/spec';

export const flag: ResourceSpec = {
	value: 'flag',
	name: 'Flag',
	endpoint: 'flags',
	simplifyFields: ['id', 'type', 'comment', 'issue', 'source', 'isReviewed', 'createdAt', 'planterId', 'questionId'],
	attributes: [
		{
			name: 'comment',
			label: 'Comment',
			type: 'string',
			requiredOnCreate: true,
			placeholder: 'e.g. Option C is also correct',
			description: 'What is wrong with the question',
		},
		{ name: 'issue', label: 'Issue', type: 'string', description: 'The kind of problem, e.g. a typo or a wrong answer' },
		{ name: 'source', label: 'Source', type: 'string', description: 'Where the flag was raised, e.g. the quiz player' },
	],
	relationships: [
		{
			name: 'question',
			label: 'Question',
			target: 'quizQuestions',
			toMany: false,
			requiredOnCreate: true,
			description: 'The question being flagged',
		},
		userRelationship('planter', 'Flagged By User', 'The user raising the flag'),
		{ name: 'portal', label: 'Portal', target: 'portals', toMany: false, description: 'The portal the question belongs to' },
	],
	operations: standardOperations({ one: 'flag', many: 'flags' }, ['create'], {
		create: { action: 'Flag a question', description: 'Flag a question for review with a comment' },
	}),
};
