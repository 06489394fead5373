/**
 * The Basic-auth secret Synap sends with each delivery.
 *
 * - The node generates it (crypto.randomBytes: 72-bit username, 192-bit password) when it creates
 *   its subscriptions; it is sent to Synap once, in the subscription's `basicAuth`.
 * - Only the username and the SHA-256 digest of the password are kept (in the workflow's static
 *   data, which n8n stores unencrypted with the workflow): the password itself is never stored,
 *   output or logged. A 192-bit random password needs no salt or slow hash.
 * - Deliveries are checked in constant time: both sides are reduced to SHA-256 digests (always
 *   32 bytes, so `timingSafeEqual` never sees different lengths) and every stored registration is
 *   compared, without stopping at the first match.
 */
import { createHash, randomBytes, timingSafeEqual } from 'crypto';

export interface GeneratedSecret {
	username: string;
	password: string;
	passwordSha256: string;
}

const sha256 = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

export function generateSecret(): GeneratedSecret {
	const username = `n8n-${randomBytes(9).toString('base64url')}`;
	const password = randomBytes(24).toString('base64url');
	return { username, password, passwordSha256: sha256(password).toString('hex') };
}

export interface StoredCredentials {
	username: string;
	passwordSha256: string;
}

/** `Basic base64(user:pass)` → its parts; undefined when absent or malformed. */
export function parseBasicAuth(header: unknown): { username: string; password: string } | undefined {
	const value = Array.isArray(header) ? header[0] : header;
	if (typeof value !== 'string') return undefined;
	const match = /^\s*Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(value);
	if (!match) return undefined;
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon < 0) return undefined;
	return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Whether the Authorization header carries the credentials of one of the stored registrations. */
export function isAuthorized(header: unknown, stored: StoredCredentials[]): boolean {
	const given = parseBasicAuth(header);
	const userDigest = sha256(given?.username ?? '');
	const passwordDigest = sha256(given?.password ?? '');
	let matched = false;
	for (const credentials of stored) {
		const expectedPassword = Buffer.from(String(credentials.passwordSha256 ?? ''), 'hex');
		if (expectedPassword.length !== passwordDigest.length) continue;
		const userOk = timingSafeEqual(userDigest, sha256(String(credentials.username ?? '')));
		const passwordOk = timingSafeEqual(passwordDigest, expectedPassword);
		matched = (userOk && passwordOk) || matched;
	}
	return given !== undefined && matched;
}
