/**
 * `npm run probe`: a read-only check of a real Synap portal against what the node assumes.
 *
 * For every operation the node models (./plan.cts) it sends GET requests only: each list with the
 * smallest page, then one record where the list gave one; a write's path is read (never written)
 * to show whether it exists. Per operation it reports: documented (on Synap's pages), verified on
 * this portal, not found (404), not allowed (403), different shape, or not probed (writes), with
 * the attribute names the portal returned that the node does not know and those the node sends
 * that the portal never showed. The token is only ever put in the Authorization header: it is
 * never printed, and any answer that echoes it has it removed.
 */
import { checkBaseUrl } from '../../nodes/Synap/transport/validate';
import { ENDPOINTS, PAGE_SIZE_PARAM, PRODUCTION_BASE_URL, type EndpointKey } from '../../nodes/Synap/transport/endpoints';
import { attributesTheNodeSends, probeTargets, type ProbeTarget } from './plan.cjs';

export type Outcome = 'verified' | 'notFound' | 'forbidden' | 'differentShape' | 'error' | 'notProbed' | 'noRecord';

export interface ProbeResult {
	target: ProbeTarget;
	outcome: Outcome;
	/** The GET the probe sent (path with the record ID), or undefined when nothing was sent. */
	sent?: string;
	status?: number;
	detail: string;
}

export interface TypeAttributes {
	type: string;
	returned: string[];
	unknownToNode: string[];
	sentButNeverShown: string[];
}

export interface ProbeReport {
	baseUrl: string;
	startedAt: string;
	results: ProbeResult[];
	attributes: TypeAttributes[];
	requests: number;
	tokenRejected: boolean;
}

export interface ProbeOptions {
	token: string;
	baseUrl?: string;
	/** Per request, default 30 s. */
	timeoutMs?: number;
	/** Attribute names the repo already knows per type (docs/synap-api.md §4.2), besides the node's. */
	knownAttributes?: Map<string, Set<string>>;
	/** Progress lines (never contain the token). */
	log?: (line: string) => void;
	/** Record IDs to read where no list gives one, by collection path (`{"portals": "WL9FcCNQBg"}`). */
	ids?: Record<string, string>;
	/** Injectable for tests. */
	fetchImpl?: typeof fetch;
}

interface Answer {
	status: number;
	body: unknown;
	text: string;
}

const redactor = (token: string) => (text: string) => (token ? text.split(token).join('[token]') : text);

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The JSON:API error status and detail of an answer, shortened and without the token. */
function errorSummary(answer: Answer, clean: (s: string) => string): string {
	const errors = isObject(answer.body) && Array.isArray(answer.body.errors) ? answer.body.errors : [];
	const first = errors.find(isObject);
	const text = first ? [first.title, first.detail].filter((x) => typeof x === 'string').join(': ') : answer.text.replace(/\s+/g, ' ');
	return clean(text).slice(0, 160);
}

export async function runProbe(options: ProbeOptions): Promise<ProbeReport> {
	const base = checkBaseUrl(options.baseUrl ?? PRODUCTION_BASE_URL);
	if (!base.ok) throw new Error(`${base.message}. ${base.description}`);
	const baseUrl = base.value;
	const token = options.token.trim().replace(/^Bearer\s+/i, '');
	if (!token) throw new Error('SYNAP_TOKEN is empty: set it to a Personal Access Token (p:…) of the portal to check.');
	const clean = redactor(token);
	const log = options.log ?? (() => undefined);
	const doFetch = options.fetchImpl ?? fetch;
	const timeoutMs = options.timeoutMs ?? 30_000;
	let requests = 0;
	let tokenRejected = false;

	/** The only request the probe can send: a GET, never following a redirect with the token. */
	async function get(path: string, query: Record<string, string> = {}): Promise<Answer> {
		const url = new URL(`${baseUrl}${path}`);
		for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
		requests++;
		const res = await doFetch(url, {
			method: 'GET',
			headers: { Authorization: `Bearer ${token}`, Accept: 'application/vnd.api+json' },
			redirect: 'manual',
			signal: AbortSignal.timeout(timeoutMs),
		});
		if (res.status === 401) tokenRejected = true;
		const text = await res.text();
		let body: unknown = undefined;
		try {
			body = text ? JSON.parse(text) : undefined;
		} catch {
			body = undefined;
		}
		return { status: res.status, body, text };
	}

	const targets = probeTargets();
	const sends = attributesTheNodeSends();
	const returned = new Map<string, Set<string>>();
	/** Per collection: the list answer (read once) and the first record's ID. */
	const lists = new Map<EndpointKey, { answer: Answer; sent: string; id?: string }>();

	const collect = (type: string, resource: unknown) => {
		if (!isObject(resource) || resource.type !== type || !isObject(resource.attributes)) return;
		const names = returned.get(type) ?? new Set<string>();
		for (const name of Object.keys(resource.attributes)) names.add(name);
		returned.set(type, names);
	};

	async function readList(endpoint: EndpointKey, path: string) {
		const cached = lists.get(endpoint);
		if (cached) return cached;
		let answer = await get(path, { [PAGE_SIZE_PARAM]: '1' });
		let sent = `GET ${path}?${PAGE_SIZE_PARAM}=1`;
		if (answer.status === 400) {
			// The smallest page is asked for with an inferred parameter; without it, the default page.
			answer = await get(path);
			sent = `GET ${path} (${PAGE_SIZE_PARAM} refused)`;
		}
		const data = isObject(answer.body) ? answer.body.data : undefined;
		const first = Array.isArray(data) ? data.find(isObject) : undefined;
		const entry = { answer, sent, id: typeof first?.id === 'string' ? first.id : undefined };
		lists.set(endpoint, entry);
		return entry;
	}

	function classify(target: ProbeTarget, answer: Answer, sent: string, many: boolean): ProbeResult {
		const base = { target, sent, status: answer.status };
		if (answer.status === 401) {
			tokenRejected = true;
			return { ...base, outcome: 'error', detail: `401: Synap did not accept the token (${errorSummary(answer, clean)})` };
		}
		if (answer.status === 404) return { ...base, outcome: 'notFound', detail: `404: ${errorSummary(answer, clean)}` };
		if (answer.status === 403) return { ...base, outcome: 'forbidden', detail: `403: ${errorSummary(answer, clean)}` };
		if (answer.status < 200 || answer.status >= 300) return { ...base, outcome: 'error', detail: `${answer.status}: ${errorSummary(answer, clean)}` };
		const data = isObject(answer.body) ? answer.body.data : undefined;
		if (many ? !Array.isArray(data) : !isObject(data)) {
			return { ...base, outcome: 'differentShape', detail: `${answer.status}, but not a JSON:API ${many ? 'list' : 'record'} (no data ${many ? 'array' : 'object'})` };
		}
		const records = (many ? (data as unknown[]) : [data]).filter(isObject);
		const types = [...new Set(records.map((r) => String(r.type)))];
		const wrong = types.filter((t) => t !== target.type);
		if (wrong.length) return { ...base, outcome: 'differentShape', detail: `records of type ${wrong.join(', ')}, the node expects ${target.type}` };
		for (const r of records) collect(target.type, r);
		return { ...base, outcome: 'verified', detail: many ? `${records.length} record(s) on the first page` : 'the record came back' };
	}

	const results: ProbeResult[] = [];
	for (const target of targets) {
		if (tokenRejected) {
			results.push({ target, outcome: 'notProbed', detail: 'stopped: Synap did not accept the token' });
			continue;
		}
		const endpoint = target.endpoint;
		if (target.check === 'none' || !endpoint) {
			results.push({ target, outcome: 'notProbed', detail: target.note ?? 'not probed' });
			continue;
		}
		if (target.check === 'list') {
			const list = await readList(endpoint, target.path);
			const result = classify(target, list.answer, list.sent, true);
			results.push(result);
			log(`${target.key}: ${result.outcome}`);
			continue;
		}
		if (target.check === 'pathOfWrite' && !target.path.includes('{id}')) {
			// A create is never sent: the collection is read instead, which shows whether it is there.
			const list = await readList(endpoint, target.path);
			results.push({ target, outcome: 'notProbed', sent: list.sent, status: list.answer.status, detail: `${target.note}; ${pathEvidence(list.answer.status)}` });
			continue;
		}
		// One record: its ID is given (--id), or comes from the first page of the resource's own list.
		const source = target.idFrom ?? endpoint;
		const given = options.ids?.[ENDPOINTS[source].path];
		const list = given ? { answer: { status: 200, body: undefined, text: '' }, sent: `--id ${ENDPOINTS[source].path}=…`, id: given } : await readList(source, `/${ENDPOINTS[source].path}`);
		if (!list.id) {
			const why = list.answer.status >= 200 && list.answer.status < 300 ? 'the list was empty' : `the list answered ${list.answer.status}`;
			const outcome = target.check === 'pathOfWrite' ? 'notProbed' : 'noRecord';
			const note = target.check === 'pathOfWrite' ? `${target.note}; ` : '';
			results.push({ target, outcome, sent: list.sent, status: list.answer.status, detail: `${note}no record to read: ${why}` });
			continue;
		}
		const answer = await get(target.path.replace('{id}', encodeURIComponent(list.id)));
		if (target.check === 'pathOfWrite') {
			// An update or delete is never sent: the same path is read instead.
			results.push({ target, outcome: 'notProbed', sent: `GET ${target.path}`, status: answer.status, detail: `${target.note}; ${pathEvidence(answer.status)}` });
			continue;
		}
		const result = classify(target, answer, `GET ${target.path}`, false);
		results.push(result);
		log(`${target.key}: ${result.outcome}`);
	}

	const attributes: TypeAttributes[] = [];
	for (const [type, names] of [...returned].sort(([a], [b]) => a.localeCompare(b))) {
		const nodeSends = sends.get(type) ?? new Set<string>();
		const known = new Set([...nodeSends, ...(options.knownAttributes?.get(type) ?? [])]);
		attributes.push({
			type,
			returned: [...names].sort(),
			unknownToNode: [...names].filter((n) => !known.has(n)).sort(),
			sentButNeverShown: [...nodeSends].filter((n) => !names.has(n)).sort(),
		});
	}
	return { baseUrl, startedAt: new Date().toISOString(), results, attributes, requests, tokenRejected };
}

/** What a read of a write's path says about the path. */
function pathEvidence(status: number): string {
	if (status >= 200 && status < 300) return 'a read of the same path answered';
	if (status === 405) return 'the path exists (405 to a read)';
	if (status === 404) return 'a read of the same path answered 404: check the path';
	return `a read of the same path answered ${status}`;
}
