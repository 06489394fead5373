/**
 * Every resource the node offers. To add one: declare a ResourceSpec in actions/<resource>/ and
 * list it here; its parameters, operations, list search and tests' coverage follow from the data.
 */
import { accessPolicy } from './accessPolicy/AccessPolicy.resource';
import { assignment } from './assignment/Assignment.resource';
import { assignmentGroup } from './assignmentGroup/AssignmentGroup.resource';
import { attempt } from './attempt/Attempt.resource';
import { collection } from './collection/Collection.resource';
import { collectionFolder } from './collectionFolder/CollectionFolder.resource';
import { custom } from './custom/Custom.resource';
import { exam } from './exam/Exam.resource';
import { flag } from './flag/Flag.resource';
import { invite } from './invite/Invite.resource';
import { learningRecord } from './learningRecord/LearningRecord.resource';
import { playerAttempt } from './playerAttempt/PlayerAttempt.resource';
import { portal } from './portal/Portal.resource';
import type { ResourceSpec } from './shared/spec';
import { studyItem } from './studyItem/StudyItem.resource';
import { synopticSession } from './synopticSession/SynopticSession.resource';
import { user } from './user/User.resource';
import { userGroup } from './userGroup/UserGroup.resource';
import { webhookSubscription } from './webhookSubscription/WebhookSubscription.resource';

export const RESOURCES: ResourceSpec[] = [
	user,
	userGroup,
	invite,
	portal,
	attempt,
	playerAttempt,
	synopticSession,
	assignmentGroup,
	assignment,
	collection,
	collectionFolder,
	exam,
	studyItem,
	flag,
	learningRecord,
	accessPolicy,
	webhookSubscription,
	custom,
];
