/**
 * Request paths built from the endpoint table. IDs are validated (./validate.ts) before they get
 * here and are still percent-encoded, so no value can add a segment, a query or a fragment.
 */
import { ENDPOINTS, type EndpointKey } from './endpoints';

export const collectionPath = (endpoint: EndpointKey) => `/${ENDPOINTS[endpoint].path}`;

export const resourcePath = (endpoint: EndpointKey, id: string) =>
	`/${ENDPOINTS[endpoint].path}/${encodeURIComponent(id)}`;

export const typeOf = (endpoint: EndpointKey) => ENDPOINTS[endpoint].type;

/** A JSON:API relationship route, `/users/{id}/relationships/userGroups` (INFERRED, see its callers). */
export const relationshipPath = (endpoint: EndpointKey, id: string, relationship: string) =>
	`${resourcePath(endpoint, id)}/relationships/${relationship}`;
