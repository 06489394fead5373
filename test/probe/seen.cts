/**
 * The table of attribute and relationship names SEEN on Synap's pages (docs/synap-api.md §4.2), read
 * by the fidelity test and by the probe (which counts those names as known to the package).
 */
export interface SeenType {
	type: string;
	page: string;
	/** Name → the kind of the page's sample value, where the table gives one. */
	attributes: Map<string, string | undefined>;
	attributesComplete: boolean;
	relationships: string[];
	relationshipsComplete: boolean;
}

const names = (cell: string) => cell.split(',').map((s) => s.trim()).filter(Boolean);

export function readSeenTable(markdown: string): SeenType[] {
	const block = /<!-- seen-attributes:start -->([\s\S]*?)<!-- seen-attributes:end -->/.exec(markdown);
	if (!block) throw new Error('docs/synap-api.md has no seen-attributes table');
	return block[1]
		.split('\n')
		.filter((line) => line.startsWith('| ') && !line.startsWith('| Type ') && !line.startsWith('|---'))
		.map((line) => {
			const [type, page, attrs, attrsList, rels, relsList] = line.split('|').slice(1, -1).map((c) => c.trim());
			return {
				type,
				page,
				attributes: new Map(names(attrs).map((n) => n.split(':') as [string, string | undefined])),
				attributesComplete: attrsList === 'complete',
				relationships: names(rels),
				relationshipsComplete: relsList === 'complete',
			};
		});
}

/** Type → the attribute names Synap's pages show for it. */
export function seenAttributes(markdown: string): Map<string, Set<string>> {
	return new Map(readSeenTable(markdown).map((t) => [t.type, new Set(t.attributes.keys())]));
}
