/**
 * The standard operations (Create, Delete, Get, Get Many, Update) of a resource, worded the same
 * way for every resource so that a resource file only says which ones it has and what differs.
 */
import type { OperationSpec } from './spec';

export type StandardOperation = 'create' | 'delete' | 'get' | 'getAll' | 'update';

export interface Noun {
	/** Singular, lower case, as in "Get a user group". */
	one: string;
	/** Plural, lower case, as in "Get many user groups". */
	many: string;
}

/** "a" or "an" by the sound of the word: "an exam", "an access policy", but "a user", "a user group". */
export const article = (word: string) => (/^(u[sr]|uni|eu|one)/i.test(word) ? 'a' : /^[aeiou]/i.test(word) ? 'an' : 'a');

/** One standard operation; `overrides` replaces any part (description, source, attributes…). */
export function standardOperation(kind: StandardOperation, noun: Noun, overrides: Partial<OperationSpec> = {}): OperationSpec {
	const a = `${article(noun.one)} ${noun.one}`;
	const base: Record<StandardOperation, OperationSpec> = {
		create: { value: 'create', name: 'Create', action: `Create ${a}`, description: `Create ${a}`, kind: 'create' },
		delete: { value: 'delete', name: 'Delete', action: `Delete ${a}`, description: `Delete ${a} permanently`, kind: 'delete' },
		get: { value: 'get', name: 'Get', action: `Get ${a}`, description: `Get ${a} by ID`, kind: 'get' },
		getAll: { value: 'getAll', name: 'Get Many', action: `Get many ${noun.many}`, description: `List ${noun.many}, with filters`, kind: 'getAll' },
		update: { value: 'update', name: 'Update', action: `Update ${a}`, description: `Change ${a}'s details`, kind: 'update' },
	};
	return { ...base[kind], ...overrides };
}

/** Several standard operations; `overrides` per operation. */
export function standardOperations(
	noun: Noun,
	kinds: StandardOperation[],
	overrides: Partial<Record<StandardOperation, Partial<OperationSpec>>> = {},
): OperationSpec[] {
	return kinds.map((kind) => standardOperation(kind, noun, overrides[kind]));
}

/** Create or Update of a resource that declares its upsert keys (ResourceSpec.upsert). */
export function upsertOperation(noun: Noun, overrides: Partial<OperationSpec> = {}): OperationSpec {
	const a = `${article(noun.one)} ${noun.one}`;
	return {
		value: 'upsert',
		name: 'Create or Update',
		action: `Create or update ${a}`,
		// n8n's prescribed wording (lint rule node-param-description-wrong-for-upsert).
		description: 'Create a new record, or update the current one if it already exists (upsert)',
		kind: 'upsert',
		...overrides,
	};
}
