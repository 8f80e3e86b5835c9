import type Pusher from 'pusher-js';
import type { ChannelAuthorizationCallback, Options } from 'pusher-js';

import { backoffDelay } from '../backoff';

import { classifyPusherCloseCode, describePusherClose } from './closeCodes';
import type { PusherConstructor } from './loadPusher';
import { loadPusher } from './loadPusher';

/**
 * A private-channel Pusher client on top of pusher-js (Node build), free of n8n
 * imports. It adds what a long-lived trigger needs and pusher-js does not do
 * (`pusher-protocol.md` §4–§7):
 * - channel authorization through a caller-supplied async function (n8n's request
 *   helpers), serialised so that one token refresh serves every channel;
 * - the three subscription-failure shapes: auth endpoint refusal, laravel-websockets
 *   `pusher:error` 4009, soketi `pusher:subscription_error` — retried, then reported;
 * - close codes: 4000–4099/4300+ reported (no retry), 4100–4199 capped exponential
 *   backoff with jitter (pusher-js would retry every second), 4200–4299 at once
 *   (backoff if it repeats before the channels are back);
 * - a watchdog: not connected with every channel subscribed within `maxDowntimeMs`
 *   → `onFailure`, so the trigger never goes silently deaf;
 * - teardown that leaves nothing behind: pusher-js keeps each instance in the static
 *   `Pusher.instances` list and on the shared Node "network" dispatcher, and its
 *   bundled faye-websocket starts a 30 s close timer when a socket the server
 *   already closed is closed again; `close()` undoes all three.
 */

/** What an auth endpoint returns (`{auth, channel_data?}`). */
export interface ChannelAuthorizationData {
	auth: string;
	channel_data?: string;
}

interface ChannelAuthorizationRequestParams {
	socketId: string;
	channelName: string;
}

export type RealtimeFailureKind = 'refused' | 'authorization' | 'signature' | 'unavailable' | 'unsupported';

/** Why the client gave up. After this the client is stopped; the owner reports it. */
export class RealtimeFailure extends Error {
	constructor(
		message: string,
		readonly kind: RealtimeFailureKind,
		readonly details: { code?: number; channel?: string; cause?: unknown } = {},
	) {
		super(message);
		this.name = 'RealtimeFailure';
	}
}

/**
 * What `authorize` should reject with. `permanent` (e.g. 401/403 after a token
 * refresh, a 404 endpoint) ends the client with an 'authorization' failure; a
 * transient error (network, 5xx, 429) retries that channel with backoff until the
 * watchdog gives up.
 */
export class ChannelAuthorizationError extends Error {
	constructor(
		message: string,
		readonly permanent: boolean,
		/** The owner's own error object for reporting (e.g. a NodeApiError). */
		readonly report?: Error,
	) {
		super(message);
		this.name = 'ChannelAuthorizationError';
	}
}

export interface RealtimeStatus {
	type: 'state' | 'subscribed' | 'healthy' | 'reconnecting' | 'channelRetry' | 'problem';
	state?: string;
	channel?: string;
	delayMs?: number;
	detail?: string;
}

export interface RealtimeClientOptions {
	appKey: string;
	host: string;
	port: number;
	useTLS: boolean;
	channels: string[];
	/**
	 * Returns `{auth}` for a socket and channel, or rejects (preferably with
	 * ChannelAuthorizationError). `refresh` is true when the server rejected the
	 * previous signature for this channel: use a fresh access token this time.
	 */
	authorize: (socketId: string, channelName: string, context: { refresh: boolean }) => Promise<ChannelAuthorizationData>;
	/** Every application event on one of `channels`; `data` decoded once (object, or the raw string). */
	onEvent: (event: string, channel: string, data: unknown) => void;
	/** Called once when the client gives up; it is already stopped then. */
	onFailure: (failure: RealtimeFailure) => void;
	onStatus?: (status: RealtimeStatus) => void;
	/** Idle time before pusher-js pings (lowered to the server's activity_timeout). Default 120 000. */
	activityTimeoutMs?: number;
	/** Wait for a pong before reconnecting. Default 30 000. */
	pongTimeoutMs?: number;
	/** Longest time allowed without a connection and every channel subscribed. Default 300 000. */
	maxDowntimeMs?: number;
	/** Backoff for 4100–4199 closes, repeated closes and transient auth errors. */
	backoffBaseMs?: number;
	backoffCapMs?: number;
	/** Re-subscriptions after a rejected signature before giving up. Default 1. */
	signatureRetries?: number;
	/** Grace for the WebSocket close handshake in `close()` before the socket is destroyed. Default 1000. */
	closeGraceMs?: number;
	random?: () => number;
	/** For tests: another pusher-js constructor. */
	PusherClass?: PusherConstructor;
}

/** The parts of the bundled faye-websocket client that teardown touches. */
interface FayeSocket {
	readyState?: number;
	_closeTimer?: ReturnType<typeof setTimeout>;
	_stream?: { destroy?: () => void };
	addEventListener?: (type: string, listener: () => void) => void;
}

/** Minimal view of pusher-js internals used for teardown and close classification (pusher-js 8.6). */
interface ManagerInternals {
	state: string;
	socket_id?: string;
	connection?: { transport?: { state?: string; socket?: FayeSocket } } | null;
}

interface CallbackTable {
	_callbacks?: Record<string, Array<{ fn: () => void }>>;
}

interface NetworkDispatcher {
	callbacks?: CallbackTable;
	unbind?: (event: string, fn: () => void) => void;
}

interface PusherMessage {
	event: string;
	channel?: string;
	data?: unknown;
}

const CLOSED = 3;

function closeInfoOf(error: unknown): { code: number; message: string; wrapped: boolean } | undefined {
	const e = error as { type?: string; data?: { code?: unknown; message?: unknown }; error?: { type?: string; data?: { code?: unknown; message?: unknown } } };
	if (e?.type === 'PusherError' && typeof e.data?.code === 'number') {
		return { code: e.data.code, message: String(e.data.message ?? ''), wrapped: false };
	}
	if (e?.type === 'WebSocketError' && e.error?.type === 'PusherError' && typeof e.error.data?.code === 'number') {
		return { code: e.error.data.code, message: String(e.error.data.message ?? ''), wrapped: true };
	}
	return undefined;
}

function errorCodeOf(data: unknown): { code?: number; message: string } {
	let value = data;
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value);
		} catch {
			return { message: value as string };
		}
	}
	const record = (value ?? {}) as { code?: unknown; message?: unknown; error?: unknown; status?: unknown };
	const code = typeof record.code === 'number' ? record.code : typeof record.status === 'number' ? record.status : undefined;
	const message = typeof record.message === 'string' ? record.message : typeof record.error === 'string' ? record.error : '';
	return { code, message };
}

export class PusherClient {
	private pusher: Pusher | undefined;
	private stopped = false;
	private started = false;
	private readonly channelSet: ReadonlySet<string>;
	/** Channels the server confirmed on the current socket. */
	private readonly confirmed = new Set<string>();
	/** Channels whose pusher:subscribe was sent on the current socket. */
	private readonly sent = new Set<string>();
	private readonly signatureFailures = new Map<string, number>();
	private readonly authAttempts = new Map<string, number>();
	/** Channels whose next authorization should use a fresh token. */
	private readonly refreshNext = new Set<string>();
	private readonly channelTimers = new Map<string, ReturnType<typeof setTimeout>>();
	private readonly sockets = new Set<FayeSocket>();
	private networkBindings: Array<[string, () => void]> = [];
	private network: NetworkDispatcher | undefined;
	private watchdog: ReturnType<typeof setTimeout> | undefined;
	private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
	private deferred: ReturnType<typeof setImmediate> | undefined;
	private authChain: Promise<void> = Promise.resolve();
	/** Closes since the client was last healthy. */
	private failures = 0;
	/** True while the client itself holds pusher-js disconnected for a backoff. */
	private suspended = false;
	private wasHealthy = false;
	private closeHandledFor: unknown;
	private lastProblem = '';
	private lastClose: { code: number; message: string } | undefined;
	private closing: Promise<void> | undefined;

	private readonly onStateChange = (change: { previous: string; current: string }) => this.handleStateChange(change.current);

	private readonly onError = (error: unknown) => this.handleError(error);

	private readonly onMessage = (message: PusherMessage) => this.handleMessage(message);

	constructor(private readonly options: RealtimeClientOptions) {
		this.channelSet = new Set(options.channels);
	}

	get state(): string {
		return this.pusher?.connection.state ?? (this.stopped ? 'stopped' : 'initialized');
	}

	get socketId(): string | undefined {
		return this.pusher?.connection.socket_id;
	}

	/** Connected and every channel confirmed by the server. */
	get healthy(): boolean {
		return !this.stopped && this.pusher?.connection.state === 'connected' && this.confirmed.size === this.channelSet.size;
	}

	get subscribedChannels(): string[] {
		return [...this.confirmed];
	}

	start() {
		if (this.started || this.stopped) return;
		this.started = true;
		if (this.channelSet.size === 0) throw new Error('No channels to subscribe to');
		const PusherClass = this.options.PusherClass ?? loadPusher();
		const config: Options = {
			// pusher-js 8 throws without a cluster even when wsHost is set; wsHost wins.
			cluster: 'mt1',
			wsHost: this.options.host,
			wsPort: this.options.port,
			wssPort: this.options.port,
			forceTLS: this.options.useTLS,
			enabledTransports: ['ws'],
			enableStats: false,
			activityTimeout: this.options.activityTimeoutMs ?? 120000,
			pongTimeout: this.options.pongTimeoutMs ?? 30000,
			channelAuthorization: {
				customHandler: (params: ChannelAuthorizationRequestParams, callback: ChannelAuthorizationCallback) =>
					this.authorizeChannel(params, callback),
			},
		};
		// pusher-js binds every instance to a process-wide "network" dispatcher and never
		// unbinds it: note what this instance adds so that close() can remove it.
		this.network = PusherClass.Runtime?.getNetwork?.() as unknown as NetworkDispatcher | undefined;
		const before = this.networkCallbacks();
		const pusher = new PusherClass(this.options.appKey, config);
		const beforeFns = new Set(before.map(([, fn]) => fn));
		this.networkBindings = this.networkCallbacks().filter(([, fn]) => !beforeFns.has(fn));
		this.pusher = pusher;
		pusher.connection.bind('state_change', this.onStateChange);
		pusher.connection.bind('error', this.onError);
		pusher.connection.bind('message', this.onMessage);
		for (const channel of this.channelSet) this.subscribe(pusher, channel);
		this.updateHealth();
	}

	/** Stops at once (no events after this) and finishes the socket teardown in the background. */
	stop() {
		if (this.stopped) return;
		this.stopped = true;
		this.clearTimers();
		const pusher = this.pusher;
		this.pusher = undefined;
		if (!pusher) {
			this.closing = Promise.resolve();
			return;
		}
		pusher.connection.unbind('state_change', this.onStateChange);
		pusher.connection.unbind('error', this.onError);
		pusher.connection.unbind('message', this.onMessage);
		this.captureSocket(pusher);
		try {
			pusher.disconnect();
		} finally {
			const instances = (pusher.constructor as PusherConstructor).instances;
			const index = Array.isArray(instances) ? instances.indexOf(pusher) : -1;
			if (index >= 0) instances.splice(index, 1);
			for (const [event, fn] of this.networkBindings) this.network?.unbind?.(event, fn);
			this.networkBindings = [];
			this.closing = this.releaseSockets(this.options.closeGraceMs ?? 1000);
		}
	}

	/** Stops and resolves once no socket or timer of this client is left. Idempotent. */
	async close(): Promise<void> {
		this.stop();
		await this.closing;
	}

	private networkCallbacks(): Array<[string, () => void]> {
		const table = this.network?.callbacks?._callbacks ?? {};
		const out: Array<[string, () => void]> = [];
		for (const [key, bindings] of Object.entries(table)) {
			for (const binding of bindings ?? []) out.push([key.replace(/^_/, ''), binding.fn]);
		}
		return out;
	}

	private status(status: RealtimeStatus) {
		if (status.type === 'problem' || status.type === 'channelRetry') this.lastProblem = status.detail ?? this.lastProblem;
		this.options.onStatus?.(status);
	}

	// ---- authorization -------------------------------------------------------

	private authorizeChannel(params: ChannelAuthorizationRequestParams, callback: ChannelAuthorizationCallback) {
		const { socketId, channelName } = params;
		const run = async () => {
			if (this.isStale(socketId)) return;
			let data: ChannelAuthorizationData;
			try {
				data = await this.options.authorize(socketId, channelName, { refresh: this.refreshNext.delete(channelName) });
				if (!data || typeof data.auth !== 'string' || data.auth === '') {
					throw new ChannelAuthorizationError(`The auth endpoint answered without an "auth" signature for ${channelName}`, true);
				}
			} catch (error) {
				if (this.isStale(socketId)) return;
				const failure = error instanceof Error ? error : new Error(String(error));
				callback(failure, null);
				this.authorizationFailed(channelName, failure);
				return;
			}
			// A reconnect in the meantime gave a new socket id: pusher-js re-authorizes by itself.
			if (this.isStale(socketId)) return;
			this.sent.add(channelName);
			callback(null, data);
		};
		// One request at a time: after a 401/403 the first one refreshes the token and the
		// next ones use the new token instead of refreshing again with a spent refresh token.
		this.authChain = this.authChain.then(run, run);
	}

	private isStale(socketId: string): boolean {
		return this.stopped || !this.pusher || this.pusher.connection.socket_id !== socketId;
	}

	private authorizationFailed(channel: string, error: Error) {
		const permanent = (error as { permanent?: unknown }).permanent === true;
		if (permanent) {
			this.fail(new RealtimeFailure(error.message, 'authorization', { channel, cause: error }));
			return;
		}
		const attempt = this.authAttempts.get(channel) ?? 0;
		this.authAttempts.set(channel, attempt + 1);
		const delayMs = this.backoff(attempt);
		this.status({ type: 'channelRetry', channel, delayMs, detail: `authorizing ${channel} failed: ${error.message}` });
		this.scheduleResubscribe(channel, delayMs);
		this.updateHealth();
	}

	private signatureRejected(channel: string, detail: string, code?: number) {
		if (this.stopped) return;
		const count = (this.signatureFailures.get(channel) ?? 0) + 1;
		this.signatureFailures.set(channel, count);
		this.sent.delete(channel);
		if (count > (this.options.signatureRetries ?? 1)) {
			this.fail(
				new RealtimeFailure(`The socket server rejected the subscription to ${channel} (${detail})`, 'signature', {
					channel,
					code,
				}),
			);
			return;
		}
		this.status({ type: 'channelRetry', channel, delayMs: 0, detail: `subscription to ${channel} rejected (${detail})` });
		this.refreshNext.add(channel);
		this.resubscribe(channel);
	}

	private scheduleResubscribe(channel: string, delayMs: number) {
		const existing = this.channelTimers.get(channel);
		if (existing) clearTimeout(existing);
		this.channelTimers.set(
			channel,
			setTimeout(() => {
				this.channelTimers.delete(channel);
				this.resubscribe(channel);
			}, delayMs),
		);
	}

	/** Drops pusher-js's state for the channel (a failed subscription is never retried by it) and subscribes anew. */
	private resubscribe(channel: string) {
		const pusher = this.pusher;
		if (!pusher || this.stopped) return;
		this.sent.delete(channel);
		this.confirmed.delete(channel);
		pusher.channels.remove(channel);
		this.subscribe(pusher, channel);
	}

	/**
	 * Events are taken from the connection (one listener for every channel), so the
	 * channel objects have no named bindings; pusher-js would then call their
	 * "failThrough" for every event, which formats a debug message (JSON-stringifying
	 * it) even with logging off — several per cent of the receive path. Drop it for
	 * our channels only.
	 */
	private subscribe(pusher: Pusher, channel: string) {
		const created = pusher.subscribe(channel) as unknown as { failThrough?: unknown };
		created.failThrough = undefined;
	}

	// ---- connection events ---------------------------------------------------

	private handleMessage(message: PusherMessage) {
		const name = message.event;
		if (name.charCodeAt(0) === 112 /* p */ && (name.startsWith('pusher:') || name.startsWith('pusher_internal:'))) {
			this.handleProtocolMessage(message);
			return;
		}
		const channel = message.channel;
		if (channel === undefined || !this.channelSet.has(channel) || this.stopped) return;
		this.options.onEvent(name, channel, message.data);
	}

	private handleProtocolMessage(message: PusherMessage) {
		const channel = message.channel;
		switch (message.event) {
			case 'pusher_internal:subscription_succeeded':
				if (channel === undefined || !this.channelSet.has(channel)) return;
				this.confirmed.add(channel);
				this.signatureFailures.delete(channel);
				this.authAttempts.delete(channel);
				this.status({ type: 'subscribed', channel });
				this.updateHealth();
				return;
			case 'pusher:subscription_error': {
				// soketi style: the server refused the signature on this channel.
				if (channel === undefined || !this.channelSet.has(channel)) return;
				const { code, message: text } = errorCodeOf(message.data);
				this.signatureRejected(channel, `pusher:subscription_error${code ? ` ${code}` : ''}${text ? `: ${text}` : ''}`, code);
				return;
			}
			case 'pusher:error': {
				const { code, message: text } = errorCodeOf(message.data);
				this.status({ type: 'problem', detail: `pusher:error ${code ?? ''} ${text}`.trim() });
				if (code !== 4009) return;
				// laravel-websockets style: connection-level, without the channel. Blame the
				// subscriptions sent on this socket and not confirmed yet.
				const pending = [...this.sent].filter((c) => !this.confirmed.has(c));
				for (const pendingChannel of pending) {
					this.signatureRejected(pendingChannel, `pusher:error 4009${text ? `: ${text}` : ''}`, 4009);
				}
				return;
			}
			default:
				return;
		}
	}

	private handleError(error: unknown) {
		if (this.stopped) return;
		const info = closeInfoOf(error);
		if (!info) {
			const e = error as { type?: string; error?: unknown };
			const detail = e?.type ? `${e.type}${e.error ? `: ${String((e.error as Error)?.message ?? e.error)}` : ''}` : String(error);
			this.status({ type: 'problem', detail });
			return;
		}
		const manager = this.pusher?.connection as unknown as ManagerInternals | undefined;
		const connection = manager?.connection;
		const isClose = !!connection && connection.transport?.state === 'closed';
		if (!info.wrapped && !isClose) return; // a pusher:error frame: handled in handleMessage
		if (info.wrapped && connection && this.closeHandledFor === connection) return; // same close, reported twice
		this.closeHandledFor = connection ?? undefined;
		this.lastClose = { code: info.code, message: info.message };
		this.status({ type: 'problem', detail: `connection closed: ${describePusherClose(info.code, info.message)}` });
		const action = classifyPusherCloseCode(info.code);
		if (action === 'refused' || action === 'tls') return; // pusher-js disconnects (reported) or switches to TLS
		this.failures++;
		if (action !== 'backoff' && this.failures <= 1) return; // pusher-js reconnects (at once for 4200–4299)
		// Backoff steps so far: every failure for 4100–4199, all but the first immediate retry otherwise.
		const delayMs = this.backoff(action === 'backoff' ? this.failures - 1 : this.failures - 2);
		if (isClose) {
			// The established connection is closing: detach it now, before pusher-js schedules
			// its own 1 s retry (it would schedule two, and only one can be cancelled).
			this.suspend(delayMs, info.code);
		} else {
			// Handshake phase: pusher-js schedules one retry right after this event; cancel it next tick.
			if (this.deferred) clearImmediate(this.deferred);
			this.deferred = setImmediate(() => {
				this.deferred = undefined;
				if (!this.stopped) this.suspend(delayMs, info.code);
			});
		}
	}

	private suspend(delayMs: number, code: number) {
		const pusher = this.pusher;
		if (!pusher || this.stopped) return;
		this.suspended = true;
		pusher.disconnect();
		this.sweepSockets();
		this.status({ type: 'reconnecting', delayMs, detail: `after close code ${code}` });
		if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
		this.reconnectTimer = setTimeout(() => {
			this.reconnectTimer = undefined;
			this.suspended = false;
			if (!this.stopped) this.pusher?.connect();
		}, delayMs);
	}

	private handleStateChange(current: string) {
		if (this.stopped) return;
		this.status({ type: 'state', state: current });
		this.confirmed.clear();
		this.sent.clear();
		if (current === 'connected' && this.pusher) {
			this.sweepSockets();
			this.captureSocket(this.pusher);
		}
		if (current === 'disconnected' && !this.suspended) {
			// pusher-js stopped on its own: a 4000–4099 / 4300+ close ("refused").
			const close = this.lastClose;
			this.fail(
				new RealtimeFailure(
					`The socket server refused the connection (${describePusherClose(close?.code, close?.message)}) and asked not to retry`,
					'refused',
					{ code: close?.code },
				),
			);
			return;
		}
		if (current === 'failed') {
			this.fail(new RealtimeFailure('pusher-js cannot use a WebSocket transport in this environment', 'unsupported'));
			return;
		}
		this.updateHealth();
	}

	// ---- health --------------------------------------------------------------

	private updateHealth() {
		if (this.stopped) return;
		if (this.healthy) {
			if (this.watchdog) clearTimeout(this.watchdog);
			this.watchdog = undefined;
			this.failures = 0;
			if (!this.wasHealthy) this.status({ type: 'healthy', detail: `${this.confirmed.size} channel(s) subscribed` });
			this.wasHealthy = true;
			return;
		}
		this.wasHealthy = false;
		if (!this.watchdog) {
			const limit = this.options.maxDowntimeMs ?? 300000;
			this.watchdog = setTimeout(() => {
				this.watchdog = undefined;
				const seconds = Math.round(limit / 100) / 10;
				const problem = this.lastProblem ? `; last problem: ${this.lastProblem}` : '';
				this.fail(
					new RealtimeFailure(
						`Not connected and subscribed within ${seconds} s (state ${this.state}, ${this.confirmed.size}/${this.channelSet.size} channels subscribed${problem})`,
						'unavailable',
						{ code: this.lastClose?.code },
					),
				);
			}, limit);
		}
	}

	private fail(failure: RealtimeFailure) {
		if (this.stopped) return;
		this.stop();
		this.options.onFailure(failure);
	}

	private backoff(attempt: number): number {
		return backoffDelay(attempt, {
			baseMs: this.options.backoffBaseMs ?? 1000,
			capMs: this.options.backoffCapMs ?? 60000,
			random: this.options.random,
		});
	}

	private clearTimers() {
		if (this.watchdog) clearTimeout(this.watchdog);
		if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
		if (this.deferred) clearImmediate(this.deferred);
		for (const timer of this.channelTimers.values()) clearTimeout(timer);
		this.channelTimers.clear();
		this.watchdog = this.reconnectTimer = this.deferred = undefined;
	}

	// ---- sockets -------------------------------------------------------------

	private captureSocket(pusher: Pusher) {
		const socket = (pusher.connection as unknown as ManagerInternals).connection?.transport?.socket;
		if (socket) this.sockets.add(socket);
	}

	/**
	 * faye-websocket arms a 30 s timer whenever close() is called, even on a socket that
	 * is already closed (pusher-js does that after a server-side close). Cancel those.
	 */
	private sweepSockets() {
		for (const socket of this.sockets) {
			if (socket.readyState === CLOSED) {
				if (socket._closeTimer) clearTimeout(socket._closeTimer);
				this.sockets.delete(socket);
			}
		}
	}

	private async releaseSockets(graceMs: number): Promise<void> {
		const open = [...this.sockets].filter((s) => s.readyState !== CLOSED);
		if (open.length > 0 && graceMs > 0) {
			// Let the close handshake pusher-js started finish cleanly, within a bound.
			await new Promise<void>((resolve) => {
				let left = open.length;
				const timer = setTimeout(resolve, graceMs);
				const done = () => {
					if (--left === 0) {
						clearTimeout(timer);
						resolve();
					}
				};
				for (const socket of open) {
					if (socket.addEventListener) socket.addEventListener('close', done);
					else done();
				}
			});
		}
		for (const socket of this.sockets) {
			if (socket.readyState !== CLOSED) socket._stream?.destroy?.();
			if (socket._closeTimer) clearTimeout(socket._closeTimer);
		}
		this.sockets.clear();
	}
}
