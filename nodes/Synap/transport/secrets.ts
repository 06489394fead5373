/**
 * The token in every form a server, proxy or log could show it in, and the functions that take
 * those forms out of text and JSON values before anything reaches n8n's output, errors or logs.
 *
 * A token is stored as the user pasted it (maybe with a trailing line break or a "Bearer "
 * prefix); the credential sends it cleaned (see `cleanToken`). Either may come back: raw, cleaned,
 * without its "p:" prefix, URL-encoded once or twice (with upper- or lower-case hex), with JSON's
 * escaped "\/", or base64-encoded inside a larger text (a server echoing `Authorization: Bearer …`
 * as base64). In error texts, which a server may cut anywhere, any piece of FRAGMENT characters of
 * those forms is taken out as well (`redactFragments`).
 */

const REDACTED = '[redacted]';

/** Forms shorter than this are not looked for: they would redact ordinary words. */
const MIN_FORM_LENGTH = 8;

/** The token as the credential sends it: trimmed, without a pasted "Bearer " scheme. */
export function cleanToken(stored: unknown): string {
	return String(stored ?? '')
		.trim()
		.replace(/^Bearer\s+/i, '');
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64(bytes: Uint8Array): string {
	let out = '';
	for (let i = 0; i < bytes.length; i += 3) {
		const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
		out += BASE64[(n >> 18) & 63] + BASE64[(n >> 12) & 63];
		out += i + 1 < bytes.length ? BASE64[(n >> 6) & 63] : '=';
		out += i + 2 < bytes.length ? BASE64[n & 63] : '=';
	}
	return out;
}

/**
 * What base64 of any text containing `value` must contain, at each of the three byte alignments
 * the value can start at: the encoding with the first and last 4-character groups dropped (those
 * mix in the neighbouring bytes). Also in the URL-safe alphabet.
 */
function base64Cores(value: string): string[] {
	const bytes = new TextEncoder().encode(value);
	const cores: string[] = [];
	for (let shift = 0; shift < 3; shift++) {
		const padded = new Uint8Array(shift + bytes.length);
		padded.set(bytes, shift);
		const encoded = base64(padded);
		const core = encoded.slice(shift === 0 ? 0 : 4, encoded.length - 4);
		if (core.length >= MIN_FORM_LENGTH) cores.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
	}
	return cores;
}

const lowerHex = (encoded: string) => encoded.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase());

/** Every form of the stored token worth looking for, longest first (so a longer form wins). */
export function secretForms(stored: unknown): string[] {
	const raw = typeof stored === 'string' ? stored : '';
	const token = cleanToken(raw);
	if (!token) return [];
	const bases = new Set([raw, raw.trim(), token, token.replace(/^p:/, '')]);
	const forms = new Set<string>();
	for (const base of bases) {
		if (base.length < MIN_FORM_LENGTH) continue;
		const encoded = encodeURIComponent(base);
		// Encoded twice too: a URL that carries another URL (a `links.self` holding a callback).
		const twice = encodeURIComponent(encoded);
		for (const form of [base, encoded, lowerHex(encoded), twice, lowerHex(twice), base.replace(/\//g, '\\/')]) forms.add(form);
	}
	// The shortest base is inside all the others, so its cores cover theirs.
	for (const core of base64Cores(token.replace(/^p:/, ''))) forms.add(core);
	return [...forms].filter((f) => f.length >= MIN_FORM_LENGTH).sort((a, b) => b.length - a.length);
}

/** Pieces this long of a secret's forms count as the secret in error texts (72 bits or more). */
const FRAGMENT = 12;

/** Per list of secrets (a run's), its pieces; rebuilt when a secret was added (the trigger adds its password). */
const fragmentsOf = new WeakMap<ReadonlyArray<string | undefined>, { count: number; pieces: Set<string> }>();

function fragments(secrets: ReadonlyArray<string | undefined>): Set<string> {
	const known = fragmentsOf.get(secrets);
	if (known && known.count === secrets.length) return known.pieces;
	const pieces = new Set<string>();
	for (const form of secrets) {
		if (!form) continue;
		for (let k = 0; k + FRAGMENT <= form.length; k++) pieces.add(form.slice(k, k + FRAGMENT));
	}
	fragmentsOf.set(secrets, { count: secrets.length, pieces });
	return pieces;
}

/**
 * Takes out every run of text made of pieces of the secrets' forms: what is left of a token when
 * a server cut its echo (or its whole body) in the middle of it. For error texts, which are short.
 */
export function redactFragments(text: string, secrets: ReadonlyArray<string | undefined>): string {
	if (text.length < FRAGMENT) return text;
	const pieces = fragments(secrets);
	if (pieces.size === 0) return text;
	let out = '';
	let copied = 0;
	let cutEnd = -1;
	for (let k = 0; k + FRAGMENT <= text.length; k++) {
		if (!pieces.has(text.slice(k, k + FRAGMENT))) continue;
		if (k > cutEnd) {
			out += text.slice(copied, k) + REDACTED;
		}
		cutEnd = k + FRAGMENT;
		copied = cutEnd;
	}
	return copied === 0 ? text : out + text.slice(copied);
}

/** Whether `text` holds any of the forms (a fast test before a deep scrub). */
export function containsSecret(text: string, forms: readonly string[]): boolean {
	return forms.some((f) => text.includes(f));
}

/** Replaces every form of the secrets; in error texts also anything shaped like a PAT or Bearer value. */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>, { patterns = true } = {}): string {
	let out = text;
	for (const secret of secrets) {
		if (secret && secret.length >= 4 && out.includes(secret)) out = out.split(secret).join(REDACTED);
	}
	if (!patterns) return out;
	return out.replace(/Bearer\s+[^\s"',;]+/gi, `Bearer ${REDACTED}`).replace(/\bp:[A-Za-z0-9._~+/=-]{8,}/g, REDACTED);
}

/**
 * A deep copy of a JSON value with every string, keys included, passed through `clean`. Done on
 * the values rather than on JSON text: redacting serialised JSON can eat an escaping backslash
 * and leave text that no longer parses. Iterative, because a body may be nested very deep; keys
 * are defined, not assigned, so a "__proto__" key stays a plain key.
 */
export function scrub(value: unknown, clean: (s: string) => string): unknown {
	const copy = (v: unknown): unknown =>
		typeof v === 'string' ? clean(v) : v === null || typeof v !== 'object' ? v : Array.isArray(v) ? [] : {};
	const root = copy(value);
	const stack: Array<[object, object]> = root !== null && typeof root === 'object' ? [[value as object, root]] : [];
	while (stack.length) {
		const [from, to] = stack.pop() as [object, object];
		for (const [key, v] of Object.entries(from)) {
			const c = copy(v);
			Object.defineProperty(to, Array.isArray(to) ? key : clean(key), { value: c, enumerable: true, writable: true, configurable: true });
			if (c !== null && typeof c === 'object') stack.push([v as object, c]);
		}
	}
	return root;
}

/**
 * A successful answer's text, checked before it becomes items: when it may hold the token (one of
 * its forms, or JSON escapes that could spell it out) the parsed value is scrubbed of every form.
 * Only the known forms are removed here, not look-alikes: a record's own text stays as it is.
 */
export function mayHideSecret(text: string, forms: readonly string[]): boolean {
	return containsSecret(text, forms) || /\\u00[0-7][0-9a-fA-F]|\\\//.test(text);
}
