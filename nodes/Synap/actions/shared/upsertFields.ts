/**
 * The fields of a Create or Update, derived from the resource's create and update operations:
 * the create's required fields on top, the key to match on, and one Additional Fields collection
 * holding every other field either operation takes (the create's version when both take it).
 * Pure data, shared by the parameter builder (./buildProperties.ts) and the executor (./upsert.ts).
 */
import { attributesOf, relationshipsOf, writableOn } from './spec';
import type { AttributeSpec, OperationSpec, RelationshipSpec, ResourceSpec, UpsertKey, UpsertSpec } from './spec';


export interface UpsertPlan {
	spec: UpsertSpec;
	create: OperationSpec;
	update: OperationSpec;
	/** Every field, all marked writable on 'create' so readDocumentParts reads them in one pass. */
	fields: OperationSpec;
	/** Root attribute / relationship names each operation accepts. */
	createAttributes: Set<string>;
	updateAttributes: Set<string>;
	createRelationships: Set<string>;
	updateRelationships: Set<string>;
}

/** n8n's rule: one sentence ends without a period, several end with one. */
const createOnlyNote = (text: string) =>
	text.includes('. ') ? `${text.replace(/\.$/, '')}. Used only when the record is created.` : `${text} (used only when the record is created)`;

/** The top-level attribute names a field is sent as (several for a field with a list `sendAs`). */
const rootNames = (a: AttributeSpec) => (a.sendAs === undefined ? [a.name] : typeof a.sendAs === 'string' ? [a.sendAs] : a.sendAs).map((p) => p.split('.')[0]);

/** A key whose value is not already one of the create's required fields gets its own field. */
export const keyHasOwnField = (plan: UpsertPlan, key: UpsertKey) =>
	!plan.fields.attributes?.some((a) => a.requiredOnCreate && a.name === key.attribute);

const plans = new WeakMap<ResourceSpec, UpsertPlan>();

export function upsertPlan(resource: ResourceSpec): UpsertPlan {
	const cached = plans.get(resource);
	if (cached) return cached;
	const spec = resource.upsert;
	const create = resource.operations.find((o) => o.value === spec?.create);
	const update = resource.operations.find((o) => o.value === spec?.update);
	if (!spec || !create || !update) throw new Error(`Resource ${resource.value} declares no usable upsert`);

	const createAttrs = attributesOf(resource, create).filter((a) => writableOn(a.on, 'create'));
	const updateAttrs = attributesOf(resource, update).filter((a) => writableOn(a.on, 'update'));
	const createRels = relationshipsOf(resource, create).filter((r) => writableOn(r.on, 'create'));
	const updateRels = relationshipsOf(resource, update).filter((r) => writableOn(r.on, 'update'));

	// A key with its own field (External ID) stays in Additional Fields too, for items matched on another key.
	const attributes: AttributeSpec[] = [];
	for (const a of [...createAttrs, ...updateAttrs]) {
		if (attributes.some((b) => b.name === a.name)) continue;
		const createOnly = !updateAttrs.some((b) => b.name === a.name);
		attributes.push({
			...a,
			on: ['create'],
			requiredOnCreate: a.requiredOnCreate && createAttrs.includes(a),
			...(createOnly && !a.requiredOnCreate ? { description: createOnlyNote(a.description) } : {}),
		});
	}
	const relationships: RelationshipSpec[] = [];
	for (const r of [...createRels, ...updateRels]) {
		if (relationships.some((b) => b.name === r.name)) continue;
		const merged = spec.mergeOnUpdate?.includes(r.name);
		relationships.push({
			...r,
			on: ['create'],
			requiredOnCreate: r.requiredOnCreate && createRels.includes(r),
			...(merged
				? { description: `A new record gets this ${r.label.toLowerCase()}; an existing one is added to it and keeps its others.` }
				: {}),
		});
	}
	const plan: UpsertPlan = {
		spec,
		create,
		update,
		fields: { ...create, value: 'upsert', kind: 'upsert', attributes, relationships },
		createAttributes: new Set(createAttrs.flatMap(rootNames)),
		updateAttributes: new Set(updateAttrs.flatMap(rootNames)),
		createRelationships: new Set(createRels.map((r) => r.name)),
		updateRelationships: new Set(updateRels.map((r) => r.name)),
	};
	plans.set(resource, plan);
	return plan;
}
