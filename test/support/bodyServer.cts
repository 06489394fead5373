/**
 * A loopback HTTP server that hands each request, with its body read, to a handler, and closes
 * every open socket on close (so a test that leaves a connection hanging cannot keep jest alive).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface BodyServer {
	origin: string;
	close(): Promise<void>;
}

export async function startBodyServer(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<BodyServer> {
	const sockets = new Set<Socket>();
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => handler(req, res, Buffer.concat(chunks).toString('utf8')));
	});
	server.on('connection', (s) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		close: async () => {
			for (const s of sockets) s.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
