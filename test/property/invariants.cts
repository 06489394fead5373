/**
 * The invariants every property checks, each returning the violations it found as plain text
 * (empty = holds). They are written from the threat model, not from the code:
 *
 *   token       no form of the token that can be derived from it (raw, trimmed, without "Bearer",
 *               without "p:", URL-encoded, base64 of the token and of "Bearer <token>", and any
 *               12 consecutive characters of the bare or encoded token, 20 of a base64 form)
 *               occurs in the output items, the errors, JSON.stringify of the run, a deep walk of
 *               the run (non-enumerable fields, causes) or anything n8n logged or printed;
 *   items       every input item ends exactly once — its results (each with pairedItem, each
 *               json a plain object) or one error item — and with Stop Workflow the error names
 *               the item; n8n-core itself never fails;
 *   origin      nothing reaches another origin (the traps) or leaves the base path, and no
 *               request reaches the server under another Host spelling or over https;
 *   requests    at most `bound` requests;
 *   wall, memory within their bounds.
 */
import type { INodeExecutionData, IDataObject } from 'n8n-workflow';

import { deepText } from '../reliability/support.cjs';
import type { CaseRun } from './engine.cjs';
import type { HostileServer } from './hostileServer.cjs';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const b64url = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

/** Every string a leak of `token` (clean, "p:…") could show up as, and the fragment length for each. */
export function tokenForms(token: string): Array<{ name: string; text: string; fragment: number }> {
	const bare = token.replace(/^p:/, '');
	return [
		{ name: 'bare token', text: bare, fragment: 12 },
		{ name: 'URL-encoded token', text: encodeURIComponent(token), fragment: 12 },
		{ name: 'URL-encoded bare token', text: encodeURIComponent(bare), fragment: 12 },
		{ name: 'base64(token)', text: b64(token), fragment: 20 },
		{ name: 'base64(Bearer token)', text: b64(`Bearer ${token}`).slice(8), fragment: 20 },
		{ name: 'base64(bare token)', text: b64(bare), fragment: 20 },
		{ name: 'base64url(token)', text: b64url(token), fragment: 20 },
	];
}

/** The forms of the token found in `text` (a name per form, once). */
export function tokenLeaks(text: string, token: string): string[] {
	const found: string[] = [];
	for (const form of tokenForms(token)) {
		const n = Math.min(form.fragment, form.text.length);
		for (let k = 0; k + n <= form.text.length; k++) {
			if (text.includes(form.text.slice(k, k + n))) {
				found.push(form.name);
				break;
			}
		}
	}
	return found;
}

function safeStringify(value: unknown): string {
	const seen = new WeakSet<object>();
	try {
		return (
			JSON.stringify(value, (_key, v: unknown) => {
				if (typeof v === 'object' && v !== null) {
					if (seen.has(v)) return '[circular]';
					seen.add(v);
				}
				return v;
			}) ?? ''
		);
	} catch (error) {
		return `unstringifiable: ${String(error)}`;
	}
}

export function checkToken(result: CaseRun, token: string, extra: Record<string, string> = {}): string[] {
	const places: Record<string, string> = {
		'output items': safeStringify(result.items) + safeStringify(result.errorItems) + deepText([result.items, result.errorItems], 200_000),
		error: deepText(result.error, 200_000) + safeStringify(result.error),
		'JSON.stringify(run)': safeStringify(result.run),
		'deep walk of the run': deepText(result.run, 400_000),
		logs: result.logs.text(),
		...extra,
	};
	const out: string[] = [];
	for (const [place, text] of Object.entries(places)) {
		const forms = tokenLeaks(text, token);
		if (forms.length) out.push(`token in ${place} (${forms.join(', ')})`);
	}
	return out;
}

const isPlainObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
const pairedIndex = (item: INodeExecutionData) => {
	const p = item.pairedItem as { item?: number } | Array<{ item?: number }> | number | undefined;
	return typeof p === 'number' ? p : Array.isArray(p) ? p[0]?.item : p?.item;
};
const isErrorItem = (item: INodeExecutionData) => item.error !== undefined || (item.json as IDataObject)?.error !== undefined;

export interface ItemRules {
	itemsIn: number;
	onError: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
	/** An operation that outputs exactly one item per input item when it succeeds (Get, Create, Update, Delete). */
	onePerItem: boolean;
}

export function checkItems(result: CaseRun, rules: ItemRules): string[] {
	const out: string[] = [];
	if (result.abandoned) return out;
	const error = result.error;
	const itemIndex = error?.context?.itemIndex ?? (error as { itemIndex?: number } | undefined)?.itemIndex;
	if (error && (rules.onError !== 'stopWorkflow' || typeof itemIndex !== 'number')) {
		out.push(`the run failed as a whole${rules.onError !== 'stopWorkflow' ? ' under Continue On Fail' : ', naming no item'}: ${String(error.message).slice(0, 160)}`);
		return out;
	}
	if (error) return out;
	const all = [...result.items, ...result.errorItems];
	const successes = new Map<number, number>();
	const failures = new Map<number, number>();
	for (const item of all) {
		const index = pairedIndex(item);
		if (typeof index !== 'number' || index < 0 || index >= rules.itemsIn) {
			out.push(`an output item without a valid pairedItem (${safeStringify(item.pairedItem)})`);
			continue;
		}
		if (!isPlainObject(item.json)) out.push(`item ${index}: an output item whose json is ${Array.isArray(item.json) ? 'a list' : String(item.json)}`);
		const map = isErrorItem(item) ? failures : successes;
		map.set(index, (map.get(index) ?? 0) + 1);
	}
	for (let i = 0; i < rules.itemsIn; i++) {
		const s = successes.get(i) ?? 0;
		const f = failures.get(i) ?? 0;
		if (f > 1) out.push(`item ${i}: ${f} error items`);
		if (f && s) out.push(`item ${i}: both results and an error`);
		if (!f && rules.onePerItem && s !== 1) out.push(`item ${i}: ${s === 0 ? 'lost (no result, no error)' : `${s} results for one record`}`);
	}
	return out;
}

export interface OriginRules {
	/** Base path requests must stay under, e.g. /v3/. */
	basePath: string;
}

export function checkOrigin(server: HostileServer, token: string, rules: OriginRules = { basePath: '/v3/' }): string[] {
	const out: string[] = [];
	for (const hit of server.trapHits) {
		const leaked = tokenLeaks(hit.firstBytes, token).length ? ' WITH THE TOKEN' : '';
		out.push(`connection to ${hit.trap}${leaked}: ${JSON.stringify(hit.firstBytes.split('\r\n')[0].slice(0, 80))}`);
	}
	if (server.clientErrors) out.push(`${server.clientErrors} non-HTTP (TLS) connection(s) to the server's port: an https:// request`);
	const expectedHost = `127.0.0.1:${server.port}`;
	for (const r of server.requests) {
		if (r.host !== expectedHost) out.push(`${r.method} ${r.url} reached the server as Host ${JSON.stringify(r.host)}${r.authorization ? ' with the token' : ''}`);
		else if (!r.path.startsWith(rules.basePath)) out.push(`${r.method} ${r.url} is outside the base path ${rules.basePath}${r.authorization ? ' (token attached)' : ''}`);
	}
	return out;
}

export function checkBounds(result: CaseRun, server: HostileServer, bounds: { requests: number; wallMs: number; heapBytes: number }): string[] {
	const out: string[] = [];
	if (server.capped) out.push(`requests unbounded: the server stopped answering after ${server.hardCap}`);
	else if (server.requests.length > bounds.requests) out.push(`${server.requests.length} requests (bound ${bounds.requests})`);
	if (result.abandoned) out.push(`wall time: no end within ${bounds.wallMs} ms (abandoned)`);
	else if (result.wallMs > bounds.wallMs) out.push(`wall time ${result.wallMs} ms (bound ${bounds.wallMs})`);
	if (result.peakHeapGrowth > bounds.heapBytes) out.push(`heap grew ${(result.peakHeapGrowth / 1048576).toFixed(0)} MiB (bound ${(bounds.heapBytes / 1048576).toFixed(0)} MiB)`);
	return out;
}
