/**
 * Every resource the node offers. To add one: declare a ResourceSpec in actions/<resource>/ and
 * list it here; its parameters, operations, list search and tests' coverage follow from the data.
 */
import { custom } from './custom/Custom.resource';
import type { ResourceSpec } from './shared/spec';
import { user } from './user/User.resource';
import { userGroup } from './userGroup/UserGroup.resource';

export const RESOURCES: ResourceSpec[] = [user, userGroup, custom];
