/**
 * Player Attempt: update (PATCH /player-attempts/{id}, SEEN). The candidate's in-player state of
 * an attempt; the page lists `timeStarted`, `timeCompleted`, `examStatus` and `status` as
 * writable and shows one example value of each status. There is no list, so it is picked by ID.
 */
import { standardOperations } from '../shared/operations';
import type { ResourceSpec } from '../shared/spec';

export const playerAttempt: ResourceSpec = {
	value: 'playerAttempt',
	name: 'Player Attempt',
	endpoint: 'playerAttempts',
	simplifyFields: ['id', 'type', 'status', 'examStatus', 'timeStarted', 'timeCompleted', 'score', 'points', 'maxPoints', 'ownerId'],
	attributes: [
		{ name: 'timeStarted', label: 'Time Started', type: 'dateTime', description: 'When the candidate started the attempt' },
		{ name: 'timeCompleted', label: 'Time Completed', type: 'dateTime', description: 'When the candidate finished the attempt' },
		{
			name: 'examStatus',
			label: 'Exam Status',
			type: 'string',
			placeholder: 'e.g. enrolled',
			description: 'The candidate\'s exam status; Synap documents "enrolled" and does not publish the other values',
		},
		{
			name: 'status',
			label: 'Status',
			type: 'string',
			placeholder: 'e.g. completed',
			description: 'The attempt\'s status in the player; Synap documents "completed" and does not publish the other values',
		},
	],
	relationships: [],
	operations: standardOperations({ one: 'player attempt', many: 'player attempts' }, ['update'], {
		update: { description: 'Change when a candidate started or finished an attempt, or its status in the player' },
	}),
};
