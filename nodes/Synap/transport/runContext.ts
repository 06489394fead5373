/**
 * What every request of one execution shares: where Synap is, the Subject-User header name,
 * the concurrency limiter (shared with the process's other executions on the same credential,
 * see ./limiter.ts) and the rate-limit wait budget. Built once per execution (or per
 * load-options / webhook call) from the credential and the node's Request Options.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject, INode } from 'n8n-workflow';

import { DEFAULT_SUBJECT_USER_HEADER, PRODUCTION_BASE_URL } from './endpoints';
import { createLimiter, type ExecutionLimiter } from './limiter';
import { DEFAULT_RETRY_LIMITS, type RetryLimits } from './retry';
import { secretForms } from './secrets';
import { checkBaseUrl } from './validate';

export const CREDENTIAL_TYPE = 'synapApi';

export interface RunOptions {
	/** Most requests in flight at once; undefined = adaptive (Auto). */
	concurrency: number | undefined;
	/**
	 * Share the limiter with the other executions in this process that use the same credential
	 * (the node's executions); off for one-off calls (editor lists, trigger activation).
	 */
	shareLimiter: boolean;
	/** Per-request timeout. */
	timeoutMs: number;
	/** Total time the whole execution may spend waiting on 429s before items fail. */
	maxRateLimitWaitMs: number;
	/** Largest answer read; a larger one fails its item instead of filling n8n's memory. */
	maxResponseBytes: number;
}

export const DEFAULT_RUN_OPTIONS: RunOptions = {
	concurrency: undefined,
	shareLimiter: false,
	timeoutMs: 60_000,
	maxRateLimitWaitMs: 300_000,
	maxResponseBytes: 16 * 1_048_576,
};

export interface RunContext {
	baseUrl: string;
	subjectUserHeader: string;
	portalSubdomain?: string;
	/** Values never to show in output or errors: every form of the token (see ./secrets.ts). */
	secrets: string[];
	/**
	 * The credential as read once for this execution, handed to n8n's request helper so it does not
	 * load and decrypt the credential again for every request of a bulk run.
	 */
	credentials: ICredentialDataDecryptedObject;
	limiter: ExecutionLimiter;
	timeoutMs: number;
	retry: RetryLimits;
	/** Total wall time the execution may be paused by 429s (measured by the limiter). */
	rateLimitBudgetMs: number;
	maxResponseBytes: number;
}

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

export function createRunContext(node: INode, credentials: ICredentialDataDecryptedObject, options: Partial<RunOptions> = {}): RunContext {
	const opts = { ...DEFAULT_RUN_OPTIONS, ...options };
	const environment = (credentials.environment as string) || 'production';
	const base = checkBaseUrl(environment === 'production' ? PRODUCTION_BASE_URL : credentials.baseUrl);
	if (!base.ok) throw new NodeOperationError(node, base.message, { description: base.description });
	const header = String(credentials.subjectUserHeader || DEFAULT_SUBJECT_USER_HEADER).trim();
	if (!HEADER_NAME.test(header)) {
		throw new NodeOperationError(node, 'The Subject-User Header Name in the Synap API credential is not a valid HTTP header name', {
			description: `Use letters, digits and "-" only, for example ${DEFAULT_SUBJECT_USER_HEADER}.`,
		});
	}
	const subdomain = typeof credentials.portalSubdomain === 'string' ? credentials.portalSubdomain.trim() : '';
	return {
		baseUrl: base.value,
		subjectUserHeader: header,
		portalSubdomain: subdomain || undefined,
		secrets: secretForms(credentials.accessToken),
		credentials,
		limiter: createLimiter({
			concurrency: opts.concurrency,
			shared: opts.shareLimiter ? { origin: new URL(base.value).origin, token: String(credentials.accessToken ?? '') } : undefined,
		}),
		timeoutMs: opts.timeoutMs,
		retry: DEFAULT_RETRY_LIMITS,
		rateLimitBudgetMs: opts.maxRateLimitWaitMs,
		maxResponseBytes: opts.maxResponseBytes,
	};
}

/** Anything n8n hands a node (execute, editor methods, hooks, polls): it knows its node and credential. */
interface CredentialedContext {
	getNode(): INode;
	getCredentials(type: string): Promise<ICredentialDataDecryptedObject>;
}

/**
 * How each place that is not a workflow execution sends requests: they should fail in seconds, not
 * wait minutes on rate limits, and they never share the executions' rate budget.
 */
export const RUN_PROFILES = {
	/** List search and dropdowns, asked one at a time from the editor. */
	editor: { concurrency: 4, timeoutMs: 30_000, maxRateLimitWaitMs: 20_000 },
	/** The Synap Trigger's activation and deactivation. */
	hook: { concurrency: 2, timeoutMs: 30_000, maxRateLimitWaitMs: 30_000 },
	/** One poll of the Synap Polling Trigger (the next poll tries again). */
	poll: { concurrency: 1, timeoutMs: 30_000, maxRateLimitWaitMs: 30_000 },
} satisfies Record<string, Partial<RunOptions>>;

/** The one way a run context is made: the credential read once, then `createRunContext`. */
export async function runContextFor(ctx: CredentialedContext, options: Partial<RunOptions>): Promise<RunContext> {
	return createRunContext(ctx.getNode(), await ctx.getCredentials(CREDENTIAL_TYPE), options);
}
