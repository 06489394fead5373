import { shutdownEngine } from './workflow.cjs';

afterAll(async () => {
	await shutdownEngine();
});
