/**
 * The sandbox on its own thread of this process, for scenarios measured against an absolute ideal
 * (the 50 ms latency one): on the same event loop as the node, every response the sandbox writes
 * delays the node's next request and vice versa, which is not how n8n meets Synap. Everything else
 * about it is the in-process sandbox.
 */
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';

import type { SandboxOptions } from '../sandbox/index.cjs';

export interface SandboxThread {
	baseUrl: string;
	adminToken: string;
	userIds: string[];
	close(): Promise<void>;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
require(workerData.register);
const { startSandbox } = require(workerData.sandbox);
startSandbox(workerData.options).then((sandbox) => {
	parentPort.postMessage({ baseUrl: sandbox.baseUrl, adminToken: sandbox.adminToken, userIds: sandbox.store.all('User').map((u) => u.id) });
	parentPort.on('message', async () => {
		await sandbox.close();
		parentPort.postMessage('closed');
	});
});
`;

export async function startSandboxThread(options: SandboxOptions): Promise<SandboxThread> {
	const worker = new Worker(WORKER_SOURCE, {
		eval: true,
		workerData: {
			register: join(__dirname, '..', 'support', 'register.cjs'),
			sandbox: join(__dirname, '..', 'sandbox', 'index.cts'),
			options,
		},
	});
	const ready = await new Promise<{ baseUrl: string; adminToken: string; userIds: string[] }>((resolve, reject) => {
		worker.once('message', resolve);
		worker.once('error', reject);
	});
	return {
		...ready,
		close: async () => {
			const closed = new Promise((resolve) => worker.once('message', resolve));
			worker.postMessage('close');
			await closed;
			await worker.terminate();
		},
	};
}
