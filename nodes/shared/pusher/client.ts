import type Pusher from 'pusher-js';
import type { Options } from 'pusher-js';

import { backoffDelay } from '../backoff';

import { classifyPusherCloseCode, describePusherClose } from './closeCodes';
import { loadPusher } from './loadPusher';
import type { PusherMessage } from './protocol';
import { closeInfoOf, describeErrorEvent, errorCodeOf, isProtocolEvent } from './protocol';
import type { SubscriptionHost } from './subscriptions';
import { ChannelSubscriptions } from './subscriptions';
import type { ManagerInternals } from './teardown';
import { PusherTeardown } from './teardown';
import type { RealtimeClientOptions, RealtimeStatus } from './types';
import { RealtimeFailure } from './types';

export type {
	ChannelAuthorizationData,
	RealtimeClientOptions,
	RealtimeFailureKind,
	RealtimeStatus,
} from './types';
export { ChannelAuthorizationError, RealtimeFailure } from './types';

/**
 * A private-channel Pusher client on top of pusher-js (Node build), free of n8n
 * imports, split as pusher-js itself is: this file is the connection (reconnect
 * policy and health), subscriptions.ts the channels and their authorization,
 * protocol.ts the frames and error shapes, teardown.ts what closing must undo. It
 * adds what a long-lived trigger needs and pusher-js does not do
 * (docs/reference/pusher-protocol.md §4–§7):
 * - close codes: 4000–4099/4300+ reported (no retry), 4100–4199 capped exponential
 *   backoff with jitter (pusher-js would retry every second), 4200–4299 at once
 *   (backoff if it repeats before the channels are back);
 * - a watchdog: not connected with every channel subscribed within `maxDowntimeMs`
 *   → `onFailure`, so the trigger never goes silently deaf;
 * - teardown that leaves no socket, timer or pusher-js registration behind.
 */
export class PusherClient {
	private pusher: Pusher | undefined;

	private stopped = false;

	private started = false;

	private readonly subscriptions: ChannelSubscriptions;

	private readonly teardown = new PusherTeardown();

	private watchdog: ReturnType<typeof setTimeout> | undefined;

	private reconnectTimer: ReturnType<typeof setTimeout> | undefined;

	private deferred: ReturnType<typeof setImmediate> | undefined;

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
		const host: SubscriptionHost = {
			pusher: () => this.pusher,
			stopped: () => this.stopped,
			status: (status) => this.status(status),
			fail: (failure) => this.fail(failure),
			backoff: (attempt) => this.backoff(attempt),
			changed: () => this.changed(),
		};
		this.subscriptions = new ChannelSubscriptions(options.channels, options, host);
	}

	get state(): string {
		return this.pusher?.connection.state ?? (this.stopped ? 'stopped' : 'initialized');
	}

	get socketId(): string | undefined {
		return this.pusher?.connection.socket_id;
	}

	/** Connected and every channel confirmed by the server. */
	get healthy(): boolean {
		return !this.stopped && this.pusher?.connection.state === 'connected' && this.subscriptions.allConfirmed;
	}

	get subscribedChannels(): string[] {
		return this.subscriptions.confirmedChannels;
	}

	start() {
		if (this.started || this.stopped) return;
		this.started = true;
		if (this.subscriptions.channels.size === 0) throw new Error('No channels to subscribe to');
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
			channelAuthorization: { customHandler: (params, callback) => this.subscriptions.authorize(params, callback) },
		};
		const pusher = this.teardown.create(this.options.PusherClass ?? loadPusher(), this.options.appKey, config);
		this.pusher = pusher;
		pusher.connection.bind('state_change', this.onStateChange);
		pusher.connection.bind('error', this.onError);
		pusher.connection.bind('message', this.onMessage);
		this.subscriptions.subscribeAll(pusher);
		this.changed();
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
		this.teardown.capture(pusher);
		try {
			pusher.disconnect();
		} finally {
			this.closing = this.teardown.release(pusher, this.options.closeGraceMs ?? 1000);
		}
	}

	/** Stops and resolves once no socket or timer of this client is left. Idempotent. */
	async close(): Promise<void> {
		this.stop();
		await this.closing;
	}

	// ---- status, failure, health --------------------------------------------------

	private status(status: RealtimeStatus) {
		if (status.type === 'problem' || status.type === 'channelRetry') this.lastProblem = status.detail ?? this.lastProblem;
		this.options.onStatus?.(status);
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

	/** Health may have changed: arm or clear the watchdog. */
	private changed() {
		if (this.stopped) return;
		if (this.healthy) {
			if (this.watchdog) clearTimeout(this.watchdog);
			this.watchdog = undefined;
			this.failures = 0;
			if (!this.wasHealthy) this.status({ type: 'healthy', detail: `${this.subscriptions.confirmedCount} channel(s) subscribed` });
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
						`Not connected and subscribed within ${seconds} s (state ${this.state}, ${this.subscriptions.confirmedCount}/${this.subscriptions.channels.size} channels subscribed${problem})`,
						'unavailable',
						{ code: this.lastClose?.code },
					),
				);
			}, limit);
		}
	}

	// ---- connection events ---------------------------------------------------

	private handleMessage(message: PusherMessage) {
		const name = message.event;
		if (isProtocolEvent(name)) {
			this.handleProtocolMessage(message);
			return;
		}
		const channel = message.channel;
		if (channel === undefined || !this.subscriptions.channels.has(channel) || this.stopped) return;
		this.options.onEvent(name, channel, message.data);
	}

	private handleProtocolMessage(message: PusherMessage) {
		switch (message.event) {
			case 'pusher_internal:subscription_succeeded':
				this.subscriptions.succeeded(message.channel);
				return;
			case 'pusher:subscription_error':
				this.subscriptions.subscriptionError(message.channel, message.data);
				return;
			case 'pusher:error': {
				const { code, message: text } = errorCodeOf(message.data);
				this.status({ type: 'problem', detail: `pusher:error ${code ?? ''} ${text}`.trim() });
				if (code === 4009) this.subscriptions.unauthorizedConnection(text);
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
			this.status({ type: 'problem', detail: describeErrorEvent(error) });
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
		this.teardown.sweep();
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
		this.subscriptions.reset();
		if (current === 'connected' && this.pusher) {
			this.teardown.sweep();
			this.teardown.capture(this.pusher);
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
		this.changed();
	}

	private clearTimers() {
		if (this.watchdog) clearTimeout(this.watchdog);
		if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
		if (this.deferred) clearImmediate(this.deferred);
		this.subscriptions.clearTimers();
		this.watchdog = this.reconnectTimer = this.deferred = undefined;
	}
}
