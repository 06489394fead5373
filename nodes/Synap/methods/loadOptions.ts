/**
 * Dropdowns: user groups, sub-portals and user types.
 */
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import type { EndpointKey } from '../transport/endpoints';
import { listPages } from '../transport/pagination';
import { collectionPath } from '../transport/paths';
import { RUN_PROFILES, runContextFor } from '../transport/runContext';

/** A dropdown should stay usable; beyond this, users pick "By ID" or an expression. */
const MAX_OPTIONS = 2000;

async function optionsOf(this: ILoadOptionsFunctions, endpoint: EndpointKey, describe?: (a: Record<string, unknown>) => string | undefined) {
	const run = await runContextFor(this, RUN_PROFILES.editor);
	const options: INodePropertyOptions[] = [];
	for await (const page of listPages.call(this, run, { path: collectionPath(endpoint), limit: MAX_OPTIONS })) {
		for (const r of page.resources) {
			const a = r.attributes ?? {};
			options.push({ name: String(a.name ?? a.title ?? r.id), value: r.id, description: describe?.(a) });
		}
	}
	return options.sort((x, y) => x.name.localeCompare(y.name));
}

export async function getUserGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await optionsOf.call(this, 'userGroups', (a) =>
		[a.defaultGroupType ?? a.userTypeName, typeof a.totalUsers === 'number' ? `${a.totalUsers} members` : undefined]
			.filter(Boolean)
			.join(' · ') || undefined,
	);
}

export async function getSubPortals(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await optionsOf.call(this, 'subPortals');
}

export async function getUserTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await optionsOf.call(this, 'userTypes');
}
