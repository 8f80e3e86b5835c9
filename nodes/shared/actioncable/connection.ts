import type WebSocket from 'ws';

import type { ConnectionEnd, ConnectionEndReason } from './errors';
import type { ServerFrame } from './frames';
import { ACTIONCABLE_SUBPROTOCOL, parseFrame, performCommand, subscribeCommand } from './frames';
import { Watchdog } from './watchdog';

/**
 * `ws` is loaded when the first connection opens, not when n8n loads the node at
 * start-up: only an active Chatwoot Realtime Trigger needs it. Node's module cache
 * makes later calls cheap.
 */
function loadWebSocket(): typeof WebSocket {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require('ws') as typeof WebSocket;
}

/** WebSocket readyState values (the same in ws and the WHATWG API), usable before ws is loaded. */
const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;

export interface ConnectionTiming {
	/** WebSocket upgrade timeout. */
	handshakeTimeoutMs: number;
	/** From open to `welcome`, and from `subscribe` to `confirm_subscription`. */
	confirmTimeoutMs: number;
	/** No frame of any kind for this long → stale. */
	staleAfterMs: number;
	/** Close handshake grace before the socket is destroyed. */
	closeGraceMs: number;
}

export interface ConnectionOptions {
	url: string;
	origin?: string;
	headers?: Record<string, string>;
	identifier: string;
	timing: ConnectionTiming;
	now: () => number;
	/** A `{event,data}` (any message) for our identifier, in arrival order, after confirmation. */
	onMessage: (message: unknown) => void;
	onConfirmed: () => void;
}

/**
 * One socket, one subscription: open → `welcome` → `subscribe` → `confirm_subscription`
 * → messages. Ends on the first of: socket close, stale watchdog, confirmation or
 * welcome timeout, `reject_subscription`, `disconnect` frame, or `close()`. `done`
 * resolves once the socket is really gone and every timer is cleared.
 */
export class CableConnection {
	readonly done: Promise<ConnectionEnd>;
	lastServerTime: number | undefined;

	private ws: WebSocket | undefined;
	private resolveDone!: (end: ConnectionEnd) => void;
	private ending: Omit<ConnectionEnd, 'lastFrameAt' | 'confirmed'> | undefined;
	private confirmed = false;
	private welcomed = false;
	private opened = false;
	private finished = false;
	private stepTimer: ReturnType<typeof setTimeout> | undefined;
	private graceTimer: ReturnType<typeof setTimeout> | undefined;
	private socketError: Error | undefined;
	private early: unknown[] | undefined;
	private readonly watchdog: Watchdog;

	constructor(private readonly options: ConnectionOptions) {
		this.done = new Promise((resolve) => (this.resolveDone = resolve));
		this.watchdog = new Watchdog(options.timing.staleAfterMs, () => this.end({ reason: 'stale' }), options.now);
	}

	get isConfirmed(): boolean {
		return this.confirmed;
	}

	/** Our clock (ms) of the last frame, to a quarter of the stale timeout; 0 before the socket opened. */
	get lastFrameAt(): number {
		return this.opened ? this.watchdog.lastFrameAt : 0;
	}

	open(): void {
		if (this.ws || this.finished) return;
		let ws: WebSocket;
		try {
			// Inside the try: should ws be missing, the connection ends with that reason and the
			// client reports it after its retries instead of rejecting its loop.
			const WebSocketClass = loadWebSocket();
			ws = new WebSocketClass(this.options.url, [ACTIONCABLE_SUBPROTOCOL], {
				origin: this.options.origin,
				headers: this.options.headers,
				handshakeTimeout: this.options.timing.handshakeTimeoutMs,
				// Frames are parsed as JSON right away; invalid UTF-8 would only turn into U+FFFD.
				skipUTF8Validation: true,
			});
		} catch (error) {
			this.ending = { reason: 'closed', detail: (error as Error).message, error: error as Error };
			this.finish();
			return;
		}
		this.ws = ws;
		ws.on('open', this.onOpen);
		ws.on('message', this.onMessage);
		ws.on('error', this.onError);
		ws.on('close', this.onClose);
	}

	/** Sends `perform(action)` on the subscription; false when not connected and confirmed. */
	perform(action: string, data?: Record<string, unknown>): boolean {
		if (!this.confirmed || this.ending || this.ws?.readyState !== OPEN) return false;
		this.ws.send(performCommand(this.options.identifier, action, data));
		return true;
	}

	/** Closes the socket (idempotent); resolves with how it ended. */
	async close(): Promise<ConnectionEnd> {
		this.end({ reason: 'client_closed' });
		return await this.done;
	}

	private readonly onOpen = () => {
		if (this.ending) return;
		this.opened = true;
		this.watchdog.start();
		this.arm('no_welcome');
	};

	private readonly onMessage = (raw: WebSocket.RawData, isBinary: boolean) => {
		this.watchdog.kick();
		if (this.ending || isBinary) return;
		const frame = parseFrame(raw.toString());
		if (frame === undefined) return;
		const type = frame.type;
		if (type === undefined) {
			if (frame.identifier !== this.options.identifier || frame.message === undefined) return;
			if (this.confirmed) this.options.onMessage(frame.message);
			else (this.early ??= []).push(frame.message);
			return;
		}
		this.onControl(frame);
	};

	private onControl(frame: ServerFrame) {
		switch (frame.type) {
			case 'ping':
				if (typeof frame.message === 'number') this.lastServerTime = frame.message;
				return;
			case 'welcome':
				if (this.welcomed) return;
				this.welcomed = true;
				this.arm('subscription_timeout');
				this.ws?.send(subscribeCommand(this.options.identifier));
				return;
			case 'confirm_subscription':
				if (frame.identifier !== this.options.identifier || this.confirmed) return;
				this.confirmed = true;
				this.disarm();
				this.options.onConfirmed();
				if (this.early) {
					const early = this.early;
					this.early = undefined;
					for (const message of early) {
						if (this.ending) break;
						this.options.onMessage(message);
					}
				}
				return;
			case 'reject_subscription':
				if (frame.identifier === this.options.identifier) this.end({ reason: 'rejected' });
				return;
			case 'disconnect':
				this.end({
					reason: 'disconnect',
					disconnectReason: typeof frame.reason === 'string' ? frame.reason : undefined,
					reconnect: frame.reconnect !== false,
				});
				return;
			default:
				return;
		}
	}

	private readonly onError = (error: Error) => {
		// 'close' always follows; keep the first cause for the end report.
		this.socketError ??= error;
	};

	private readonly onClose = (code: number, reason: Buffer) => {
		if (!this.ending) {
			const error = this.socketError;
			const status = error && /Unexpected server response: (\d{3})/.exec(error.message);
			this.ending = status
				? { reason: 'handshake_failed', statusCode: Number(status[1]), detail: error.message, code }
				: {
						reason: 'closed',
						code,
						detail: error?.message ?? (reason.length ? reason.toString() : undefined),
						error,
					};
		} else if (this.ending.code === undefined) {
			this.ending.code = code;
		}
		this.finish();
	};

	private arm(reason: ConnectionEndReason) {
		this.disarm();
		this.stepTimer = setTimeout(() => this.end({ reason }), this.options.timing.confirmTimeoutMs);
	}

	private disarm() {
		if (this.stepTimer !== undefined) clearTimeout(this.stepTimer);
		this.stepTimer = undefined;
	}

	/** First cause wins; stops timers and closes the socket. `finish` runs on 'close'. */
	private end(ending: NonNullable<CableConnection['ending']>) {
		if (this.ending || this.finished) return;
		this.ending = ending;
		this.disarm();
		this.watchdog.stop();
		this.early = undefined;
		const ws = this.ws;
		if (!ws) {
			this.finish();
			return;
		}
		switch (ws.readyState) {
			case CONNECTING:
				ws.terminate();
				break;
			case OPEN:
				// Stale or client close: the peer may never answer the close frame.
				if (ending.reason === 'stale') {
					ws.terminate();
				} else {
					ws.close(1000);
					this.graceTimer = setTimeout(() => ws.terminate(), this.options.timing.closeGraceMs);
				}
				break;
			case CLOSING:
				this.graceTimer = setTimeout(() => ws.terminate(), this.options.timing.closeGraceMs);
				break;
			default:
				this.finish();
		}
	}

	private finish() {
		if (this.finished) return;
		this.finished = true;
		this.disarm();
		this.watchdog.stop();
		if (this.graceTimer !== undefined) clearTimeout(this.graceTimer);
		this.graceTimer = undefined;
		const ws = this.ws;
		if (ws) {
			ws.off('open', this.onOpen);
			ws.off('message', this.onMessage);
			ws.off('close', this.onClose);
			// Keep a no-op error listener: a late socket error must not become an uncaught exception.
			ws.off('error', this.onError);
			ws.on('error', noop);
		}
		const ending = this.ending ?? { reason: 'closed' as const };
		this.resolveDone({
			...ending,
			confirmed: this.confirmed,
			lastFrameAt: this.lastFrameAt,
			lastServerTime: this.lastServerTime,
		});
	}
}

function noop() {}
