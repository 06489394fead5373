/**
 * Property "credential origin": another node that uses the Synap API credential (as n8n's HTTP
 * Request node or AI HTTP Request Tool with a predefined credential type does) asks for URLs of its
 * choosing. The token may go only to the credential's own origin (scheme, host, port) and base path:
 *
 *   - no connection at all reaches another port, another host (127.0.0.2) or, over https, the
 *     server's own port;
 *   - no request reaches the server under another Host spelling (localhost) or outside /v3/;
 *   - every URL outside the origin and base path is refused (the node gets an error, no token);
 *   - URLs inside it (however spelled: upper-case scheme, a trailing dot segment that stays under
 *     /v3/, baseURL + relative url) still work;
 *   - no form of the token is in what the node got back, its errors, the run or the logs.
 */
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { HostileServer } from './hostileServer.cjs';
import { ATTACKER_TYPE, runCase } from './engine.cjs';
import { credentialsFor, dirtArb, send, tokenArb } from './generators.cjs';
import { checkOrigin, checkToken } from './invariants.cjs';
import { runProperty } from './runProperty.cjs';

let server: HostileServer;

/** A target: where the attacker points the request, and whether that is the credential's own origin and base path. */
interface Target {
	name: string;
	url?: string;
	baseURL?: string;
	inside: boolean;
}

const TARGETS: Array<(s: HostileServer, suffix: string) => Target> = [
	(s, x) => ({ name: 'another host (http, loopback)', url: `${s.otherHostOrigin}/v3/${x}`, inside: false }),
	(s, x) => ({ name: 'another port', url: `${s.otherPortOrigin}/v3/${x}`, inside: false }),
	(s, x) => ({ name: 'https on the same host and port', url: `https://127.0.0.1:${s.port}/v3/${x}`, inside: false }),
	(s, x) => ({ name: 'https on another host', url: `https://127.0.0.2:${s.otherHostPort}/v3/${x}`, inside: false }),
	(s, x) => ({ name: 'localhost for 127.0.0.1', url: `http://localhost:${s.port}/v3/${x}`, inside: false }),
	(s, x) => ({ name: 'outside the base path', url: `${s.origin}/admin/${x}`, inside: false }),
	(s, x) => ({ name: 'base path prefix trick', url: `${s.origin}/v3evil/${x}`, inside: false }),
	(s, x) => ({ name: 'dot-dot out of the base path', url: `${s.origin}/v3/../admin/${x}`, inside: false }),
	(s, x) => ({ name: 'encoded dot-dot', url: `${s.origin}/v3/%2e%2e/admin/${x}`, inside: false }),
	(s, x) => ({ name: 'user-info host trick', url: `http://127.0.0.1:${s.port}@127.0.0.2:${s.otherHostPort}/v3/${x}`, inside: false }),
	(s, x) => ({ name: 'baseURL of another host', baseURL: `${s.otherHostOrigin}/v3`, url: `/${x}`, inside: false }),
	(s, x) => ({ name: 'protocol-relative to another host', baseURL: s.baseUrl, url: `//127.0.0.2:${s.otherHostPort}/v3/${x}`, inside: false }),
	(s, x) => ({ name: 'the base URL itself', url: `${s.baseUrl}/${x}`, inside: true }),
	(s, x) => ({ name: 'upper-case scheme', url: `HTTP://127.0.0.1:${s.port}/v3/${x}`, inside: true }),
	(s, x) => ({ name: 'baseURL + relative url', baseURL: s.baseUrl, url: `/${x}`, inside: true }),
	(s, x) => ({ name: 'dot segment staying inside', url: `${s.baseUrl}/users/../${x}`, inside: true }),
];

const caseArb = fc.record({
	targets: fc.array(fc.integer({ min: 0, max: TARGETS.length - 1 }), { minLength: 1, maxLength: 4 }),
	suffix: fc.constantFrom('users', 'users?page[size]=1', 'portals/x', ''),
	token: tokenArb,
	dirt: dirtArb,
});
type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

/** property credential origin: the token goes to the credential's origin and base path only. */
export async function propertyCredentialOrigin(hostile: HostileServer): Promise<void> {
	server = hostile;
	await runProperty<Case>({
		name: 'credential origin',
		arbitrary: caseArb,
		numRuns: 40,
		examples: [
			// issue 12 class 4: the token attached for any https host / loopback http host
			...[0, 3, 4, 7].map((k) => ({ targets: [k], suffix: 'users' as const, token: 'p:QANJch+mockPG4Z/oxmjHOyUFw4idWGugMIUPX==', dirt: 'clean' as const })),
			// found by this property: a protocol-relative url with a baseURL, refused only by accident ("Invalid URL")
			{ targets: [11], suffix: 'users', token: 'p:QANJch+mockPG4Z/oxmjHOyUFw4idWGugMIUPX==', dirt: 'clean' },
		],
		timeLimitMs: 30_000,
		show: (c) => JSON.stringify({ ...c, targets: c.targets.map((k) => TARGETS[k](server, c.suffix)) }),
		check: async (c) => {
			server.reset((_req, res) => send(res, 200, { data: [] }), 50);
			const targets = c.targets.map((k) => TARGETS[k](server, c.suffix));
			const result = await runCase({
				nodeType: ATTACKER_TYPE,
				parameters: {},
				items: targets.map(({ url, baseURL }) => ({ ...(url !== undefined ? { url } : {}), ...(baseURL !== undefined ? { baseURL } : {}) })),
				credentials: credentialsFor(server.baseUrl, c.token, c.dirt),
				wallBoundMs: 10_000,
			});
			server.quiesce();
			const violations = [...checkOrigin(server, c.token), ...checkToken(result, c.token)];
			if (result.error) violations.push(`the attacker node failed as a whole: ${result.error.message}`);
			targets.forEach((t, i) => {
				const got = result.items.find((it) => (it.pairedItem as { item?: number })?.item === i)?.json as IDataObject | undefined;
				if (!got) return;
				if (!t.inside && got.refused !== true) violations.push(`${t.name}: not refused`);
				if (t.inside && got.refused === true) violations.push(`${t.name}: refused although inside the origin and base path (${String(got.message).slice(0, 120)})`);
				if (!t.inside && got.refused === true && !/origin|base url|refus/i.test(String(got.message))) {
					violations.push(`${t.name}: refused without saying why (${String(got.message).slice(0, 120)})`);
				}
			});
			return violations;
		},
	});
}
