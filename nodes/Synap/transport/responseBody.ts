/**
 * Reads an answer's body with a size cap. Requests ask n8n's helper for a stream, so an answer is
 * read chunk by chunk and reading stops (the connection is closed) as soon as it passes the cap:
 * a server sending hundreds of megabytes, or a compressed body that unpacks to them, fails its
 * item with a plain message instead of exhausting n8n's memory. The request's deadline still
 * applies while reading (the credential's abort signal ends the stream).
 */

export type CappedBody = { tooLarge: false; body: unknown } | { tooLarge: true };

interface Destroyable {
	destroy?: (error?: unknown) => void;
}

const isStream = (body: unknown): body is AsyncIterable<unknown> & Destroyable =>
	body !== null && typeof body === 'object' && typeof (body as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';

function declaredLength(headers: Record<string, unknown> | undefined): number | undefined {
	const value = headers?.['content-length'];
	const n = Number(Array.isArray(value) ? value[0] : value);
	return Number.isFinite(n) && n >= 0 ? n : undefined;
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
	const out = new Uint8Array(total);
	let at = 0;
	for (const c of chunks) {
		out.set(c, at);
		at += c.length;
	}
	return out;
}

/** The body as text (a stream or bytes) or as n8n gave it (already parsed), unless over `maxBytes`. */
export async function readCapped(body: unknown, headers: Record<string, unknown> | undefined, maxBytes: number): Promise<CappedBody> {
	if (isStream(body)) {
		if ((declaredLength(headers) ?? 0) > maxBytes) {
			body.destroy?.();
			return { tooLarge: true };
		}
		const chunks: Uint8Array[] = [];
		let total = 0;
		const encoder = new TextEncoder();
		for await (const chunk of body) {
			const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : (chunk as Uint8Array);
			total += bytes.length;
			if (total > maxBytes) {
				body.destroy?.();
				return { tooLarge: true };
			}
			chunks.push(bytes);
		}
		return { tooLarge: false, body: new TextDecoder('utf-8').decode(concat(chunks, total)) };
	}
	if (typeof body === 'string' && body.length > maxBytes) return { tooLarge: true };
	if (body instanceof Uint8Array && body.length > maxBytes) return { tooLarge: true };
	return { tooLarge: false, body };
}
