// In-memory state of the sandbox. One ordered table per resource type (insertion order = creation
// order, the default list order), plus the indexes that keep 50,000+ users fast: e-mail -> user id
// and group id -> member ids. Readable by tests: `sandbox.store.find('User', id)`, `.all('User')`.
import type { Prng } from './prng.cjs';
import type { Ref, RelValue, ResourceRecord } from './types.cjs';

interface Table {
	map: Map<string, ResourceRecord>;
	order: string[];
}

export interface PersonalAccessToken {
	token: string;
	userId: string; // the administrator who issued it
	name: string;
	revoked: boolean;
	createdAt: string;
}

export function refIds(v: RelValue | undefined): string[] {
	if (!v) return [];
	return Array.isArray(v) ? v.map((r) => r.id) : [v.id];
}

export function relId(rec: ResourceRecord, name: string): string | undefined {
	const v = rec.relationships[name];
	return v && !Array.isArray(v) ? v.id : undefined;
}

export function ref(type: string, id: string): Ref {
	return { type, id };
}

export class Store {
	private readonly tables = new Map<string, Table>();
	private readonly usedIds = new Set<string>();
	/** lower-cased e-mail address -> User id */
	readonly emailIndex = new Map<string, string>();
	/** UserGroup id -> ids of its explicit members (the All Users group is implicit: every user) */
	readonly groupMembers = new Map<string, Set<string>>();
	/** Personal Access Tokens (`p:...`), not an API resource */
	readonly tokens = new Map<string, PersonalAccessToken>();
	/** id of the implicit "All Users" default group */
	allUsersGroupId = '';
	/** bumped on every change; list caches are keyed by it */
	version = 0;
	private readonly listCache = new Map<string, { version: number; ids: string[] }>();

	constructor(private idRng: Prng) {}

	/** Switch the id source (seeding, generated users and run time use separate streams). */
	useIdSource(rng: Prng): void {
		this.idRng = rng;
	}

	newId(): string {
		for (;;) {
			const id = this.idRng.id();
			if (!this.usedIds.has(id)) {
				this.usedIds.add(id);
				return id;
			}
		}
	}

	private table(type: string): Table {
		let t = this.tables.get(type);
		if (!t) {
			t = { map: new Map(), order: [] };
			this.tables.set(type, t);
		}
		return t;
	}

	types(): string[] {
		return [...this.tables.keys()];
	}

	find(type: string, id: string): ResourceRecord | undefined {
		return this.tables.get(type)?.map.get(id);
	}

	all(type: string): ResourceRecord[] {
		const t = this.tables.get(type);
		if (!t) return [];
		return t.order.map((id) => t.map.get(id) as ResourceRecord);
	}

	count(type: string): number {
		return this.tables.get(type)?.order.length ?? 0;
	}

	/** Ids in creation order. Do not mutate. */
	orderedIds(type: string): readonly string[] {
		return this.tables.get(type)?.order ?? [];
	}

	insert(rec: ResourceRecord): ResourceRecord {
		const t = this.table(rec.type);
		if (t.map.has(rec.id)) throw new Error(`duplicate ${rec.type} id ${rec.id}`);
		this.usedIds.add(rec.id);
		t.map.set(rec.id, rec);
		t.order.push(rec.id);
		if (rec.type === 'User') this.indexUser(rec, true);
		this.version++;
		return rec;
	}

	/** Apply attribute/relationship changes (shallow replace per key) and keep indexes right. */
	update(
		rec: ResourceRecord,
		attributes: Record<string, unknown> = {},
		relationships: Record<string, RelValue> = {},
	): ResourceRecord {
		if (rec.type === 'User') this.indexUser(rec, false);
		Object.assign(rec.attributes, attributes);
		Object.assign(rec.relationships, relationships);
		if (rec.type === 'User') this.indexUser(rec, true);
		this.version++;
		return rec;
	}

	remove(type: string, id: string): boolean {
		const t = this.tables.get(type);
		const rec = t?.map.get(id);
		if (!t || !rec) return false;
		if (type === 'User') this.indexUser(rec, false);
		if (type === 'UserGroup') {
			for (const userId of this.groupMembers.get(id) ?? []) {
				const user = this.find('User', userId);
				if (!user) continue;
				const groups = (user.relationships.userGroups as Ref[] | null) ?? [];
				const meta = { ...(user.attributes.userGroupsMetadata as Record<string, unknown>) };
				delete meta[id];
				user.relationships.userGroups = groups.filter((g) => g.id !== id);
				user.attributes.userGroupsMetadata = meta;
			}
			this.groupMembers.delete(id);
		}
		t.map.delete(id);
		const i = t.order.indexOf(id);
		if (i >= 0) t.order.splice(i, 1);
		this.version++;
		return true;
	}

	private indexUser(user: ResourceRecord, add: boolean): void {
		const email = user.attributes.emailAddress;
		if (typeof email === 'string') {
			const key = email.toLowerCase();
			if (add) this.emailIndex.set(key, user.id);
			else if (this.emailIndex.get(key) === user.id) this.emailIndex.delete(key);
		}
		for (const gid of refIds(user.relationships.userGroups)) {
			let members = this.groupMembers.get(gid);
			if (add) {
				if (!members) this.groupMembers.set(gid, (members = new Set()));
				members.add(user.id);
			} else members?.delete(user.id);
		}
	}

	userByEmail(email: string): ResourceRecord | undefined {
		const id = this.emailIndex.get(email.trim().toLowerCase());
		return id ? this.find('User', id) : undefined;
	}

	isMember(userId: string, groupId: string): boolean {
		if (groupId === this.allUsersGroupId) return this.find('User', userId) !== undefined;
		return this.groupMembers.get(groupId)?.has(userId) ?? false;
	}

	memberCount(groupId: string): number {
		if (groupId === this.allUsersGroupId) return this.count('User');
		return this.groupMembers.get(groupId)?.size ?? 0;
	}

	/** Memoise a computed id list until the next change of the store. */
	cachedIds(key: string, compute: () => string[]): string[] {
		const hit = this.listCache.get(key);
		if (hit && hit.version === this.version) return hit.ids;
		const ids = compute();
		if (this.listCache.size > 32) this.listCache.clear();
		this.listCache.set(key, { version: this.version, ids });
		return ids;
	}
}
