import type { IncomingMessage, Server, ServerResponse } from 'http';
import { createServer } from 'http';
import type { AddressInfo } from 'net';

/**
 * A plain HTTP server on 127.0.0.1 that records every request it receives (method,
 * URL, headers, body) and answers with `reply` (default 200 `{}`). Used as "another
 * host" (another origin: same address, other port) that must never receive a
 * credential, and as a stand-in for endpoints that redirect or echo.
 */
export interface Received {
	method: string;
	url: string;
	headers: IncomingMessage['headers'];
	body: string;
}

export interface RecorderReply {
	status?: number;
	headers?: Record<string, string>;
	body?: unknown;
}

export class RecordingServer {
	readonly requests: Received[] = [];
	url = '';
	reply: (request: Received) => RecorderReply = () => ({ status: 200, body: {} });
	private server?: Server;

	static async start(reply?: RecordingServer['reply']): Promise<RecordingServer> {
		const recorder = new RecordingServer();
		if (reply) recorder.reply = reply;
		recorder.server = createServer((req, res) => recorder.handle(req, res));
		await new Promise<void>((resolve) => recorder.server!.listen(0, '127.0.0.1', resolve));
		recorder.url = `http://127.0.0.1:${(recorder.server.address() as AddressInfo).port}`;
		return recorder;
	}

	/** Everything received, as one string (to search for secrets). */
	get everything(): string {
		return JSON.stringify(this.requests);
	}

	async stop(): Promise<void> {
		if (!this.server) return;
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server!.close(() => resolve()));
		this.server = undefined;
	}

	private handle(req: IncomingMessage, res: ServerResponse) {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const received: Received = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
			this.requests.push(received);
			const { status = 200, headers = {}, body } = this.reply(received);
			const payload = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
			res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/html; charset=utf-8' : 'application/json', ...headers });
			res.end(payload);
		});
	}
}
