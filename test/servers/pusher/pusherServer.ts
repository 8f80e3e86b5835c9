import { randomInt, timingSafeEqual } from 'crypto';
import type { IncomingMessage, Server } from 'http';
import type { Duplex } from 'stream';
import PusherServerLib from 'pusher';
import { WebSocket, WebSocketServer } from 'ws';

/**
 * A Pusher Channels protocol-7 server for tests, written on `ws`. It speaks what a
 * private-channel client needs (docs/reference/pusher-protocol.md §1–§6): `/app/<key>` upgrade,
 * `pusher:connection_established` with `activity_timeout`, `pusher:subscribe` whose
 * `auth` is checked against the official `pusher` library's `authorizeChannel`,
 * ping/pong, a publish API, close-code injection and both subscription-failure
 * styles (laravel-websockets `pusher:error` 4009, soketi `pusher:subscription_error`).
 *
 * It behaves as real servers do (soketi 1.6.1 `dist/ws-handler.js`, laravel-websockets
 * `src/WebSockets/Messages/PusherChannelProtocolMessage.php` and `Exceptions/InvalidSignature.php`):
 * `pusher:error` and `pusher:pong` data are JSON objects, `pusher_internal:subscription_succeeded`
 * carries no data, the server never sends `pusher:ping`, a client that sends nothing
 * for `idleCloseMs` (soketi: 120 s, reset only by what the client sends) is closed with
 * 4201, and while it shuts down (`beginShutdown`) it answers every connection, ping and
 * subscribe with `pusher:error` 4200 and a 4200 close, as soketi's `closing` flag does.
 */
export type SignatureFailureStyle = 'laravel' | 'soketi';

export interface PusherServerOptions {
	appId: string;
	appKey: string;
	appSecret: string;
	/** Seconds, sent in connection_established (laravel-websockets and soketi send 30). */
	activityTimeout?: number;
	/** Close a client that sent nothing for this long with 4201 (soketi: 120 000). */
	idleCloseMs?: number;
}

export interface ServerConnection {
	socketId: string;
	ws: WebSocket;
	channels: Set<string>;
	query: URLSearchParams;
	pingsReceived: number;
	idleTimer?: ReturnType<typeof setTimeout>;
}

export interface SubscribeRecord {
	socketId: string;
	channel: string;
	ok: boolean;
}

export class PusherProtocolServer {
	readonly lib: PusherServerLib;
	readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
	readonly connections = new Set<ServerConnection>();
	readonly subscribes: SubscribeRecord[] = [];
	/** Every connection attempt on /app/<key>, accepted or not. */
	connectionsTotal = 0;
	/** How a bad signature is reported. */
	failureStyle: SignatureFailureStyle = 'laravel';
	/** When > 0, that many next subscribes are rejected whatever their signature. */
	rejectNextSubscribes = 0;
	/** Answer `pusher:ping` with `pusher:pong`. Off simulates a half-dead connection. */
	answerPings = true;
	/** When set, new connections are closed with this code right after connection_established. */
	closeNewConnectionsWith: { code: number; reason: string; beforeHandshake?: boolean } | undefined;
	/** When set, a connection is closed with this code `afterMs` after its subscription succeeded (a flapping server). */
	closeAfterSubscribe: { code: number; afterMs: number } | undefined;
	activityTimeout: number;
	/** soketi's `closing`: every connection, ping and subscribe gets `pusher:error` 4200 and a 4200 close. */
	shuttingDown = false;
	/** Connections closed by the idle rule (4201). */
	idleCloses = 0;
	idleCloseMs: number;

	constructor(readonly options: PusherServerOptions) {
		// The REST host is never used: the library only signs here.
		this.lib = new PusherServerLib({ appId: options.appId, key: options.appKey, secret: options.appSecret, host: '127.0.0.1' });
		this.activityTimeout = options.activityTimeout ?? 30;
		this.idleCloseMs = options.idleCloseMs ?? 120000;
	}

	/** Hooks the `/app/<key>` upgrade onto an HTTP server. */
	attach(server: Server) {
		server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
			const url = new URL(req.url ?? '/', 'http://127.0.0.1');
			const match = /^\/app\/([^/]+)$/.exec(url.pathname);
			if (!match) {
				socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
				return;
			}
			this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, decodeURIComponent(match[1]), url.searchParams));
		});
	}

	private onConnection(ws: WebSocket, key: string, query: URLSearchParams) {
		this.connectionsTotal++;
		if (key !== this.options.appKey) {
			this.sendError(ws, 4001, `App key ${key} does not exist`);
			ws.close(4001, 'App does not exist');
			return;
		}
		if (query.get('protocol') !== '7') {
			this.sendError(ws, 4007, 'Unsupported protocol version');
			ws.close(4007, 'Unsupported protocol version');
			return;
		}
		if (this.shuttingDown) {
			this.sendError(ws, 4200, 'Server is closing. Please reconnect shortly.');
			ws.close(4200);
			return;
		}
		const injected = this.closeNewConnectionsWith;
		if (injected?.beforeHandshake) {
			ws.close(injected.code, injected.reason);
			return;
		}
		const connection: ServerConnection = {
			socketId: `${randomInt(1, 2 ** 31)}.${randomInt(1, 2 ** 31)}`,
			ws,
			channels: new Set(),
			query,
			pingsReceived: 0,
		};
		this.connections.add(connection);
		const gone = () => {
			this.connections.delete(connection);
			if (connection.idleTimer) clearTimeout(connection.idleTimer);
		};
		ws.on('close', gone);
		ws.on('error', gone);
		ws.on('message', (raw, isBinary) => {
			this.armIdleClose(connection);
			if (isBinary) return;
			this.onFrame(connection, raw.toString());
		});
		this.armIdleClose(connection);
		ws.send(
			JSON.stringify({
				event: 'pusher:connection_established',
				data: JSON.stringify({ socket_id: connection.socketId, activity_timeout: this.activityTimeout }),
			}),
		);
		if (injected) ws.close(injected.code, injected.reason);
	}

	private onFrame(connection: ServerConnection, text: string) {
		let frame: { event?: string; channel?: string; data?: unknown };
		try {
			frame = JSON.parse(text);
		} catch {
			this.sendError(connection.ws, 4200, 'Invalid JSON');
			return;
		}
		const data = (typeof frame.data === 'string' ? safeParse(frame.data) : frame.data) as Record<string, unknown> | undefined;
		switch (frame.event) {
			case 'pusher:ping':
				connection.pingsReceived++;
				if (this.answerPings) this.send(connection.ws, { event: 'pusher:pong', data: {} });
				if (this.shuttingDown) this.closeForShutdown(connection.ws);
				return;
			case 'pusher:pong':
				return;
			case 'pusher:subscribe':
				this.onSubscribe(connection, String(data?.channel ?? ''), String(data?.auth ?? ''));
				return;
			case 'pusher:unsubscribe':
				connection.channels.delete(String(data?.channel ?? ''));
				return;
			default:
				return;
		}
	}

	private onSubscribe(connection: ServerConnection, channel: string, auth: string) {
		if (this.shuttingDown) {
			this.closeForShutdown(connection.ws);
			return;
		}
		let ok = true;
		if (channel.startsWith('private-') || channel.startsWith('presence-')) {
			ok = this.verify(connection.socketId, channel, auth);
		}
		if (ok && this.rejectNextSubscribes > 0) {
			this.rejectNextSubscribes--;
			ok = false;
		}
		this.subscribes.push({ socketId: connection.socketId, channel, ok });
		if (!ok) {
			if (this.failureStyle === 'laravel') {
				// laravel-websockets InvalidSignature: connection-level, data as an object.
				this.send(connection.ws, { event: 'pusher:error', data: { code: 4009, message: 'Invalid Signature' } });
			} else {
				// soketi (ws-handler.js subscribeToChannel): on the channel, data as an object; the socket stays open.
				this.send(connection.ws, {
					event: 'pusher:subscription_error',
					channel,
					data: { type: 'AuthError', error: 'The connection is unauthorized.', status: 401 },
				});
			}
			return;
		}
		connection.channels.add(channel);
		// soketi and laravel-websockets send no data for a private channel.
		this.send(connection.ws, { event: 'pusher_internal:subscription_succeeded', channel });
		const flap = this.closeAfterSubscribe;
		if (flap) setTimeout(() => connection.ws.close(flap.code, 'flapping'), flap.afterMs);
	}

	/** soketi's `updateTimeout`: 4201 once the client has sent nothing for `idleCloseMs`. */
	private armIdleClose(connection: ServerConnection) {
		if (connection.idleTimer) clearTimeout(connection.idleTimer);
		connection.idleTimer = setTimeout(() => {
			this.idleCloses++;
			connection.ws.close(4201);
		}, this.idleCloseMs);
	}

	/** soketi `stop()`: refuse new work and close every connection with 4200. */
	beginShutdown() {
		this.shuttingDown = true;
		for (const connection of this.connections) this.closeForShutdown(connection.ws);
	}

	private closeForShutdown(ws: WebSocket) {
		this.sendError(ws, 4200, 'Server closed. Please reconnect shortly.');
		ws.close(4200);
	}

	/** Signature check with the official library, in constant time. */
	verify(socketId: string, channel: string, auth: string): boolean {
		const expected = Buffer.from(this.lib.authorizeChannel(socketId, channel).auth);
		const given = Buffer.from(auth);
		return expected.length === given.length && timingSafeEqual(expected, given);
	}

	/** Publishes an app event the way a Pusher server does: `data` JSON-encoded. Returns the receivers. */
	publish(channel: string, event: string, payload: unknown): number {
		return this.publishFrame(channel, JSON.stringify({ event, channel, data: JSON.stringify(payload) }));
	}

	/** Sends a prepared frame to every connection subscribed to `channel`. */
	publishFrame(channel: string, frame: string): number {
		let count = 0;
		for (const connection of this.connections) {
			if (connection.channels.has(channel) && connection.ws.readyState === WebSocket.OPEN) {
				connection.ws.send(frame);
				count++;
			}
		}
		return count;
	}

	/** Sends `count` copies of a frame (built per index) to the subscribers of `channel`, respecting back-pressure. */
	async blast(channel: string, count: number, frameAt: (i: number) => string, highWaterMark = 4 * 1024 * 1024): Promise<number> {
		const targets = [...this.connections].filter((c) => c.channels.has(channel));
		for (let i = 0; i < count; i++) {
			const frame = frameAt(i);
			for (const target of targets) target.ws.send(frame);
			if ((i & 255) === 0) {
				while (targets.some((t) => t.ws.bufferedAmount > highWaterMark && t.ws.readyState === WebSocket.OPEN)) {
					await new Promise((r) => setTimeout(r, 1));
				}
			}
		}
		return targets.length;
	}

	subscribers(channel: string): ServerConnection[] {
		return [...this.connections].filter((c) => c.channels.has(channel));
	}

	/** Server-initiated close of every connection (close frame with code and reason). */
	closeAll(code: number, reason = '') {
		for (const connection of this.connections) connection.ws.close(code, reason);
	}

	/** Abrupt loss of every connection (no close frame: the client sees 1006). */
	terminateAll() {
		for (const connection of this.connections) connection.ws.terminate();
	}

	/** soketi and laravel-websockets send the error's data as an object, not a JSON string. */
	private sendError(ws: WebSocket, code: number, message: string) {
		this.send(ws, { event: 'pusher:error', data: { code, message } });
	}

	private send(ws: WebSocket, frame: unknown) {
		if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
	}

	close() {
		for (const connection of this.connections) {
			if (connection.idleTimer) clearTimeout(connection.idleTimer);
			connection.ws.terminate();
		}
		this.connections.clear();
		this.wss.close();
	}
}

function safeParse(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}
