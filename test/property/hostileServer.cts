/**
 * The generative hostile server of the property suite: one HTTP server on 127.0.0.1 that plays
 * Synap (the credential's origin), and TRAPS on every other origin a test can reach from here —
 * another port on 127.0.0.1, another host (127.0.0.2), and the same host and port over https
 * (a TLS hello reaching the plain server is counted). Every request is recorded; a trap counts
 * every connection and keeps the first bytes it got, so a token sent elsewhere is seen.
 *
 * Each property case installs a `respond` function. The server never lets a case run away: past
 * `hardCap` requests in one case it answers 404 with `Connection: close` (so a retry or paging
 * loop of the node ends) and the case is marked `capped` — the invariant "requests bounded" has
 * already failed by then, with a far lower bound.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface HostileRequest {
	method: string;
	/** As sent on the request line (not normalised). */
	url: string;
	path: string;
	query: URLSearchParams;
	host: string;
	authorization: string;
	headers: IncomingMessage['headers'];
	body: string;
	at: number;
	/** Requests of this case before this one. */
	index: number;
}

export type Respond = (req: HostileRequest, res: ServerResponse) => unknown;

export interface TrapHit {
	trap: string;
	firstBytes: string;
}

/** A plain TCP listener: any connection to it is a request sent outside the credential's origin. */
async function startTrap(name: string, host: string, hits: TrapHit[], sockets: Set<Socket>): Promise<{ server: NetServer; origin: string; port: number }> {
	const server = createNetServer((socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => undefined);
		const hit: TrapHit = { trap: name, firstBytes: '' };
		hits.push(hit);
		socket.on('data', (chunk: Buffer) => {
			if (hit.firstBytes.length < 4096) hit.firstBytes += chunk.toString('latin1');
			// An HTTP answer, so a client that sent HTTP is not left waiting for its timeout.
			if (/^[A-Z]+ /.test(hit.firstBytes)) socket.end('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\nConnection: close\r\n\r\n{"data":[]}');
			else socket.destroy();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, host, resolve));
	const port = (server.address() as AddressInfo).port;
	return { server, origin: `http://${host}:${port}`, port };
}

export class HostileServer {
	origin = '';
	baseUrl = '';
	port = 0;
	/** Other origins, each a trap: another port, another host. */
	otherPortOrigin = '';
	otherHostOrigin = '';
	otherPort = 0;
	otherHostPort = 0;
	readonly requests: HostileRequest[] = [];
	readonly trapHits: TrapHit[] = [];
	/** TLS (or other non-HTTP) bytes that reached the plain server: an https:// request to this host and port. */
	clientErrors = 0;
	/** Bytes of response bodies written in this case. */
	bytesWritten = 0;
	capped = false;
	hardCap = 400;
	/** Called for each request, e.g. to sample memory. */
	onRequest: () => void = () => undefined;
	private respond: Respond = (_req, res) => {
		res.end();
	};
	private server!: Server;
	private readonly traps: NetServer[] = [];
	private readonly sockets = new Set<Socket>();
	private caseStart = Date.now();

	async start(): Promise<this> {
		this.server = createServer((req, res) => this.handle(req, res));
		this.server.on('connection', (s) => {
			this.sockets.add(s);
			s.on('close', () => this.sockets.delete(s));
		});
		this.server.on('clientError', (_err, socket) => {
			this.clientErrors++;
			socket.destroy();
		});
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		this.port = (this.server.address() as AddressInfo).port;
		this.origin = `http://127.0.0.1:${this.port}`;
		this.baseUrl = `${this.origin}/v3`;
		const otherPort = await startTrap('another port on 127.0.0.1', '127.0.0.1', this.trapHits, this.sockets);
		const otherHost = await startTrap('another host (127.0.0.2)', '127.0.0.2', this.trapHits, this.sockets);
		this.traps.push(otherPort.server, otherHost.server);
		this.otherPortOrigin = otherPort.origin;
		this.otherPort = otherPort.port;
		this.otherHostOrigin = otherHost.origin;
		this.otherHostPort = otherHost.port;
		return this;
	}

	/** Starts a case: a new responder, everything recorded so far forgotten. */
	reset(respond: Respond, hardCap = 400): void {
		this.respond = respond;
		this.requests.length = 0;
		this.trapHits.length = 0;
		this.clientErrors = 0;
		this.bytesWritten = 0;
		this.capped = false;
		this.hardCap = hardCap;
		this.caseStart = Date.now();
	}

	/** After a case: whatever still arrives is answered at once and not recorded. */
	quiesce(): void {
		this.respond = (_req, res) => {
			res.writeHead(404, { Connection: 'close' });
			res.end();
		};
		for (const s of this.sockets) s.destroy();
	}

	/** Writes `total` bytes of `chunk` repeated, honouring backpressure; stops when the client goes. */
	async stream(res: ServerResponse, head: string, chunk: string, total: number, tail: string): Promise<void> {
		const write = (text: string) =>
			new Promise<boolean>((resolve) => {
				if (res.destroyed || res.writableEnded) return resolve(false);
				this.bytesWritten += Buffer.byteLength(text);
				if (res.write(text)) resolve(true);
				else {
					const done = () => {
						res.off('drain', done);
						res.off('close', done);
						resolve(!res.destroyed);
					};
					res.on('drain', done);
					res.on('close', done);
				}
			});
		if (!(await write(head))) return;
		let sent = 0;
		const big = chunk.repeat(Math.max(1, Math.floor(65536 / Math.max(1, chunk.length))));
		while (sent < total) {
			const piece = total - sent >= big.length ? big : big.slice(0, total - sent);
			if (!(await write(piece))) return;
			sent += piece.length;
		}
		if (await write(tail)) res.end();
	}

	private handle(req: IncomingMessage, res: ServerResponse): void {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			this.onRequest();
			const url = new URL(req.url ?? '/', 'http://127.0.0.1');
			const recorded: HostileRequest = {
				method: req.method ?? '',
				url: req.url ?? '',
				path: url.pathname,
				query: url.searchParams,
				host: String(req.headers.host ?? ''),
				authorization: String(req.headers.authorization ?? ''),
				headers: req.headers,
				body: Buffer.concat(chunks).toString('utf8'),
				at: Date.now() - this.caseStart,
				index: this.requests.length,
			};
			this.requests.push(recorded);
			if (this.requests.length > this.hardCap) {
				this.capped = true;
				res.writeHead(404, { 'Content-Type': 'application/vnd.api+json', Connection: 'close' });
				res.end(JSON.stringify({ errors: [{ status: '404', title: 'hostile server: request cap of this case reached' }] }));
				return;
			}
			res.on('error', () => undefined);
			Promise.resolve(this.respond(recorded, res)).catch(() => res.destroy());
		});
	}

	async close(): Promise<void> {
		for (const s of this.sockets) s.destroy();
		await Promise.all([this.server, ...this.traps].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
	}
}
