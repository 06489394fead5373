import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { CREDENTIAL_TYPE, createRunContext, type RunContext } from '../transport/runContext';

/** Load-options and list-search calls run one at a time from the editor; a small context suffices. */
export async function editorRunContext(this: ILoadOptionsFunctions): Promise<RunContext> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	return createRunContext(this.getNode(), credentials, { concurrency: 4, timeoutMs: 30_000, maxRateLimitWaitMs: 20_000 });
}
