/**
 * A tiny HTTP server that answers from a script and records every request: for tests that need an
 * exact response sequence (a 429 then a 200, a redirect, a cut-off body) rather than the sandbox's
 * realistic behaviour.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
	method: string;
	url: string;
	path: string;
	query: URLSearchParams;
	headers: IncomingMessage['headers'];
	body: string;
}

export type Responder = (req: Recorded, res: ServerResponse) => void;

export interface ScriptedServer {
	origin: string;
	baseUrl: string;
	requests: Recorded[];
	/** Responses used in order; the last one repeats. */
	script(...responders: Responder[]): void;
	close(): Promise<void>;
}

export const json =
	(status: number, body: unknown, headers: Record<string, string> = {}): Responder =>
	(_req, res) => {
		res.writeHead(status, { 'Content-Type': 'application/vnd.api+json', ...headers });
		res.end(body === undefined ? '' : JSON.stringify(body));
	};

export const raw =
	(status: number, text: string, headers: Record<string, string> = {}): Responder =>
	(_req, res) => {
		res.writeHead(status, { 'Content-Type': 'application/vnd.api+json', ...headers });
		res.end(text);
	};

export const reset: Responder = (_req, res) => {
	res.socket?.destroy();
};

export async function startScriptedServer(): Promise<ScriptedServer> {
	const requests: Recorded[] = [];
	let responders: Responder[] = [json(200, { data: [] })];
	let served = 0;
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const url = new URL(req.url ?? '/', 'http://127.0.0.1');
			const recorded: Recorded = {
				method: req.method ?? '',
				url: req.url ?? '',
				path: url.pathname,
				query: url.searchParams,
				headers: req.headers,
				body: Buffer.concat(chunks).toString('utf8'),
			};
			requests.push(recorded);
			const responder = responders[Math.min(served++, responders.length - 1)];
			responder(recorded, res);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	const origin = `http://127.0.0.1:${port}`;
	return {
		origin,
		baseUrl: `${origin}/v3`,
		requests,
		script(...next: Responder[]) {
			responders = next;
			served = 0;
			requests.length = 0;
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
