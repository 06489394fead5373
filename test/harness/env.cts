// n8n-core reads N8N_USER_FOLDER when it is first imported (InstanceSettings writes .n8n/config
// there), so this module must be imported before anything that loads n8n-core.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

if (!process.env.N8N_USER_FOLDER) {
	process.env.N8N_USER_FOLDER = mkdtempSync(join(tmpdir(), 'synap-n8n-core-'));
}
process.env.N8N_ENCRYPTION_KEY ??= 'synap-tests-encryption-key';
