import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import {
	DEFAULT_SUBJECT_USER_HEADER,
	ENDPOINTS,
	PRODUCTION_BASE_URL,
} from '../nodes/Synap/transport/endpoints';
import { cleanToken } from '../nodes/Synap/transport/secrets';
import { checkBaseUrl, isTokenSafeUrl, isUnderBaseUrl } from '../nodes/Synap/transport/validate';

type RequestSignal = NonNullable<IHttpRequestOptions['abortSignal']>;
/** The runtime's AbortSignal (Node 20+); the build compiles without DOM or Node typings. */
declare const AbortSignal: {
	timeout(ms: number): RequestSignal;
	any(signals: RequestSignal[]): RequestSignal;
};

/**
 * Each combined request signal → the deadline signal it was built from. Node 20's AbortSignal.any
 * and AbortSignal.timeout's timer hold the deadline only weakly, so after a garbage collection the
 * deadline could vanish and a trickling server held the item forever. The combined signal is held
 * by the request while it is pending; through this map it holds its deadline too, and both go
 * once the request is done.
 */
const deadlineOf = new WeakMap<RequestSignal, RequestSignal>();

/**
 * Where a request will really go: axios joins a relative url onto baseURL. Nodes built on n8n's
 * older request helper (the HTTP Request node among them) name the address `uri`, not `url`.
 */
const destination = (options: IHttpRequestOptions): URL | undefined => {
	const address = (options as { uri?: unknown }).uri ?? options.url;
	if (typeof address !== 'string') return undefined;
	try {
		if (/^[a-z][a-z0-9+.-]*:/i.test(address)) return new URL(address);
		// axios takes "//host/path" as absolute (on the base's scheme), not as a path under baseURL.
		if (address.startsWith('//')) return new URL(address, options.baseURL);
		const base = (options.baseURL ?? '').replace(/\/+$/, '');
		return new URL(`${base}/${address.replace(/^\/+/, '')}`);
	} catch {
		return undefined;
	}
};

export class SynapApi implements ICredentialType {
	name = 'synapApi';

	displayName = 'Synap API';

	icon = { light: 'file:../icons/synap.svg', dark: 'file:../icons/synap.dark.svg' } as const;

	documentationUrl = 'https://api-docs.synap.ac/authentication-634225m0';

	properties: INodeProperties[] = [
		{
			displayName: 'Personal Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			placeholder: 'p:…',
			description:
				'A Synap administrator creates it in the portal under Settings → Automations → API. It starts with "p:" and is shown only once. Requests run as that administrator unless a node acts as another user.',
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{
					name: 'Production',
					value: 'production',
					description: PRODUCTION_BASE_URL,
				},
				{
					name: 'Custom URL',
					value: 'custom',
					description: 'A staging environment Synap set up for you, or a local sandbox',
				},
			],
			default: 'production',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'https://api.example.synap.ac/v3',
			description:
				'The API root, ending in /v3. Must use https:// (http:// is accepted only for a local sandbox on localhost or 127.0.0.1).',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Portal Subdomain',
			name: 'portalSubdomain',
			type: 'string',
			default: '',
			placeholder: 'acme',
			description:
				'Optional. Your portal\'s subdomain (acme for https://acme.synap.ac), used to build candidate launch URLs for proctored attempts.',
		},
		{
			displayName: 'Subject-User Header Name',
			name: 'subjectUserHeader',
			type: 'string',
			default: DEFAULT_SUBJECT_USER_HEADER,
			description:
				'Advanced. The HTTP header that carries the user to act as when a node sets Act As (Subject-User ID). Synap\'s public documentation does not name it; change it only if Synap tells you it differs.',
		},
	];

	/**
	 * Adds the token, and refuses to send it anywhere but this credential's own Base URL (the
	 * production API, or the Custom URL): this is the one place the token is attached, so it is the
	 * one place that must say no. Another node using this credential (n8n's HTTP Request node or an
	 * AI agent's HTTP tool with "Synap API" chosen) can reach only Synap with it.
	 */
	authenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => {
		// The credential test sends to a baseURL built from the Base URL field: hold it to the
		// rules the node applies (checkBaseUrl), so the test never says "Connection successful"
		// for a Base URL that every node run then refuses (user name, password, query, fragment).
		if (requestOptions.baseURL !== undefined) {
			const testBase = checkBaseUrl(requestOptions.baseURL);
			if (!testBase.ok) throw new Error(`${testBase.message}. ${testBase.description}`);
		}
		const target = destination(requestOptions);
		if (!target || !isTokenSafeUrl(target)) {
			throw new Error(
				`Refusing to send the Synap Personal Access Token to ${target ? `${target.protocol}//${target.host}` : 'an invalid URL'}: use an https:// Base URL (http:// only for a local sandbox on localhost).`,
			);
		}
		const base = checkBaseUrl(credentials.environment === 'custom' ? credentials.baseUrl : PRODUCTION_BASE_URL);
		if (!base.ok) throw new Error(`Refusing to send the Synap Personal Access Token: ${base.message}. ${base.description}`);
		if (!isUnderBaseUrl(target, base.value)) {
			throw new Error(
				`Refusing to send the Synap Personal Access Token to ${target.protocol}//${target.host}${target.pathname}: this credential sends it only to its Base URL, ${base.value}. To call another address, use a credential made for it.`,
			);
		}
		// Pasted with its scheme ("Bearer p:…"), the token is used without it. Anything else that a
		// token cannot contain (a space, a line break, a control or non-ASCII character) is refused
		// here: Node would reject such a header value only when sending, which reaches the user as a
		// connection failure, retried four times.
		const token = cleanToken(credentials.accessToken);
		if (!/^[\x21-\x7e]*$/.test(token)) {
			throw new Error(
				'The Personal Access Token in the Synap API credential contains a space, a line break or another character a token cannot have. Copy it again from Synap (it starts with p:) and paste only the token.',
			);
		}
		requestOptions.headers = { ...(requestOptions.headers ?? {}), Authorization: `Bearer ${token}` };
		// Never follow a redirect with the token. n8n follows redirects unless told not to and
		// re-attaches the Authorization header even on another origin
		// (sendCredentialsOnCrossOriginRedirect defaults to true), so without this the credential
		// test (which, unlike the node's requests, sets no redirect option) handed the token to any
		// host a 301/302/307/308 named. Set here so it holds for every request that carries it.
		requestOptions.disableFollowRedirect = true;
		requestOptions.sendCredentialsOnCrossOriginRedirect = false;
		// A hard deadline for the whole exchange. `timeout` alone is axios's idle-socket timeout:
		// a server that trickles its answer a byte at a time never trips it, and the item hung as
		// long as the server kept sending. n8n replaces a node's abortSignal with the execution's
		// cancel signal just before calling authenticate, so the deadline is joined to it here.
		// synapRequest reports the abort as a timeout (see request.ts).
		if (typeof requestOptions.timeout === 'number' && requestOptions.timeout > 0) {
			const deadline = AbortSignal.timeout(requestOptions.timeout);
			const cancel = requestOptions.abortSignal;
			try {
				if (cancel) {
					const combined = AbortSignal.any([cancel, deadline]);
					deadlineOf.set(combined, deadline);
					requestOptions.abortSignal = combined;
				} else {
					requestOptions.abortSignal = deadline;
				}
			} catch {
				// Not a native signal: keep n8n's cancel signal rather than lose it.
			}
		}
		return requestOptions;
	};

	/**
	 * One cheap read that no guess can break (docs/synap-api.md §2.4): `GET /user-accounts/{id}`, a
	 * path SEEN on Synap's pages, for an ID no Synap record can have (Synap IDs are letters and
	 * digits). Synap answers a token it accepts with a JSON:API error (404 not found, or 400/403)
	 * and a token it does not accept with 401 (SEEN). So any JSON:API error other than 401 (and
	 * the temporary 429/5xx) means connected; no JSON:API error at all (an HTML page, a redirect, an
	 * empty or foreign answer) means the Base URL is not Synap's API. The answer is read whatever
	 * its status (ignoreHttpStatusErrors): n8n 2.8's credential tester never applies `responseCode`
	 * rules, and not raising an error means no error body, which could echo the token, is logged.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{ $credentials.environment === "custom" ? String($credentials.baseUrl).trim().replace(/\\/+$/, "") : "${PRODUCTION_BASE_URL}" }}`,
			url: `/${ENDPOINTS.userAccounts.path}/${CREDENTIAL_TEST_RECORD_ID}`,
			headers: { Accept: 'application/vnd.api+json' },
			ignoreHttpStatusErrors: true,
		},
		rules: [
			...CREDENTIAL_TEST_STATUS_MESSAGES.map(([status, message]) => ({
				type: 'responseSuccessBody' as const,
				properties: { key: 'errors[0].status', value: status, message },
			})),
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'errors[0].status',
					value: undefined,
					message:
						'The Base URL did not answer like Synap\'s API (no JSON:API answer came back). Check the Environment / Base URL: it must be the API root ending in /v3, such as https://api.synap.ac/v3.',
				},
			},
		],
	};
}

/** An ID no Synap record can have (Synap IDs are letters and digits): the test reads nothing. */
const CREDENTIAL_TEST_RECORD_ID = 'n8n-credential-test';

/**
 * What the credential test says for the JSON:API error statuses that are not "connected": Synap's
 * answer to a token it does not accept (401), the temporary ones, and redirects. Any other
 * JSON:API error (400, 403, 404…) came back after Synap accepted the token, so it means connected.
 */
const CREDENTIAL_TEST_STATUS_MESSAGES: Array<[string, string]> = [
	[
		'401',
		'Synap rejected this token. Paste the whole Personal Access Token including the "p:" prefix; if it was revoked, create a new one in Synap under Settings → Automations → API.',
	],
	['429', 'Synap is rate-limiting this token right now. Wait a minute and test again.'],
	['500', 'Synap had an internal problem. Test again in a moment; if it persists, contact Synap support.'],
	...['502', '503', '504'].map((status): [string, string] => [status, 'Synap is temporarily unavailable. Test again in a moment.']),
	...['301', '302', '303', '307', '308'].map((status): [string, string] => [
		status,
		'The Base URL answered with a redirect, which Synap\'s API does not do (the token is never sent on). Check the Environment / Base URL: it must be the API root ending in /v3, such as https://api.synap.ac/v3.',
	]),
];
