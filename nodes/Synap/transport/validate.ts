/**
 * Input checks that keep bad values from ever reaching the wrong place: IDs that would change a
 * path, Subject-User values that would inject a header, base URLs that would send the token in
 * clear text. Each returns a message that names the field and says how to fix it; callers add
 * the item index and raise a NodeOperationError.
 */

/** Synap IDs are alphanumeric (usually 10 characters); we also allow `-` and `_` for safety. */
const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export type Check<T> = { ok: true; value: T } | { ok: false; message: string; description: string };

const describeBadChars = (value: string) => {
	if (/[\r\n]/.test(value)) return 'a line break';
	if (/\s/.test(value)) return 'a space or other whitespace';
	if (value.includes('/')) return 'a "/"';
	if (value.includes('%')) return 'a "%"';
	if (/[?#]/.test(value)) return 'a "?" or "#"';
	if ([...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return 'a control character';
	if (/[^\x20-\x7e]/.test(value)) return 'a non-ASCII character';
	return 'a character other than letters, digits, "-" and "_"';
};

const preview = (value: string) => {
	const printable = JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
	return printable;
};

/** A resource ID that becomes one path segment. */
export function checkId(fieldLabel: string, raw: unknown): Check<string> {
	if (raw === undefined || raw === null || raw === '') {
		return {
			ok: false,
			message: `${fieldLabel} is empty`,
			description: `Enter the Synap ID, choose a record from the list, or map an expression that resolves to an ID such as "QsogF1GDFZ".`,
		};
	}
	if (typeof raw === 'number' && Number.isInteger(raw)) raw = String(raw);
	if (typeof raw !== 'string') {
		return {
			ok: false,
			message: `${fieldLabel} must be text, not ${Array.isArray(raw) ? 'a list' : typeof raw}`,
			description: 'Map a single ID (a string such as "QsogF1GDFZ"), not an object or a list.',
		};
	}
	if (!ID_PATTERN.test(raw)) {
		return {
			ok: false,
			message: `${fieldLabel} ${preview(raw)} is not a valid Synap ID: it contains ${describeBadChars(raw)}`,
			description:
				'Synap IDs are made of letters and digits (usually 10, e.g. "QsogF1GDFZ"). Check the mapped value; if it comes from a spreadsheet, remove surrounding spaces with {{ $json.id.trim() }}.',
		};
	}
	return { ok: true, value: raw };
}

/**
 * The Act As (Subject-User ID) field. Blank means "act as the token's administrator".
 * An expression that resolves to blank is refused: silently falling back to the administrator
 * would run the request with more privileges than the workflow intended for that item.
 */
export function checkSubjectUser(raw: unknown, wasExpression: boolean): Check<string | undefined> {
	const label = 'Act As (Subject-User ID)';
	if (raw === undefined || raw === null || raw === '') {
		if (wasExpression) {
			return {
				ok: false,
				message: `${label} resolved to an empty value`,
				description:
					'The expression in Act As produced no user ID for this item, so the request was not sent (it would otherwise run as the administrator who owns the token). Fix the mapping, or clear the field to act as the administrator on purpose.',
			};
		}
		return { ok: true, value: undefined };
	}
	const check = checkId(label, raw);
	if (!check.ok) {
		return {
			ok: false,
			message: check.message,
			description: `${check.description} Act As must be the User ID of the person to act for; leave it blank to act as the administrator who owns the token.`,
		};
	}
	return check;
}

const isLoopbackHost = (hostname: string) => {
	const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
	return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
};

/** Whether the token may be sent to this URL: https://, or http:// only to a loopback host. */
export function isTokenSafeUrl(url: URL): boolean {
	return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}

/**
 * Whether `url` is the credential's Base URL or below it: same scheme, host and port, and a path
 * under the base path (compared after the URL parser resolved any "..", encoded or not). The token
 * goes nowhere else, whichever node asks.
 */
export function isUnderBaseUrl(url: URL, baseUrl: string): boolean {
	const base = remembered(parsedBases, baseUrl, () => {
		const parsed = new URL(`${baseUrl.replace(/\/+$/, '')}/`);
		return { origin: parsed.origin, pathname: parsed.pathname };
	});
	return url.origin === base.origin && (url.pathname === base.pathname.slice(0, -1) || url.pathname.startsWith(base.pathname));
}

/**
 * The Base URL is checked and parsed for every request that carries the token (1,000 items, 1,000
 * times the same text): the last few results are kept. Pure functions of a string, so a kept
 * result is the result; the cap keeps a process that sees many credentials from growing.
 */
const REMEMBERED = 16;
const parsedBases = new Map<string, { origin: string; pathname: string }>();
const checkedBases = new Map<string, Check<string>>();

function remembered<T>(cache: Map<string, T>, key: string, compute: () => T): T {
	const kept = cache.get(key);
	if (kept !== undefined) return kept;
	const value = compute();
	if (cache.size >= REMEMBERED) cache.delete(cache.keys().next().value as string);
	cache.set(key, value);
	return value;
}

/**
 * A Synap base URL the token may be sent to: https://, or http:// only on loopback (a local
 * sandbox). No query or fragment. Returned without a trailing slash.
 */
export function checkBaseUrl(raw: unknown): Check<string> {
	return typeof raw === 'string' ? remembered(checkedBases, raw, () => checkBaseUrlText(raw.trim())) : checkBaseUrlText('');
}

function checkBaseUrlText(text: string): Check<string> {
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return {
			ok: false,
			message: 'The Base URL in the Synap API credential is not a valid URL',
			description: 'Use a full URL such as https://api.synap.ac/v3, or choose the Production environment.',
		};
	}
	if (url.username || url.password || url.search || url.hash) {
		return {
			ok: false,
			message: 'The Base URL in the Synap API credential may not contain a user name, password, query or fragment',
			description: 'Use only the scheme, host and path, for example https://api.synap.ac/v3.',
		};
	}
	if (url.protocol === 'http:' && !isTokenSafeUrl(url)) {
		return {
			ok: false,
			message: `Refusing to send the Personal Access Token over plain http:// to ${url.host}`,
			description:
				'Synap only accepts HTTPS. Change the Base URL in the Synap API credential to https://…; http:// is allowed only for a local sandbox on localhost or 127.0.0.1.',
		};
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		return {
			ok: false,
			message: `The Base URL must start with https:// (found ${url.protocol}//)`,
			description: 'Use a full URL such as https://api.synap.ac/v3.',
		};
	}
	if (url.pathname.replace(/\/+$/, '') === '') {
		// Synap's API lives under a version path (docs/synap-api.md §1): without one, every request
		// would miss it, and an answer like "not found" could not say why.
		return {
			ok: false,
			message: `The Base URL in the Synap API credential has no API path: ${url.origin}`,
			description: 'Add the API version to the end, e.g. https://api.synap.ac/v3 (Synap\'s API lives under /v3).',
		};
	}
	return { ok: true, value: url.toString().replace(/\/+$/, '') };
}
