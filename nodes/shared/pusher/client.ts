import type Pusher from 'pusher-js';

import { backoffDelay } from '../backoff';
import { FlapAwareBackoff } from '../flapBackoff';

import { classifyPusherCloseCode, describePusherClose } from './closeCodes';
import { KeepAlive } from './keepAlive';
import { loadPusher } from './loadPusher';
import type { PusherMessage } from './protocol';
import { closeInfoOf, describeErrorEvent, isProtocolEvent, pusherOptions } from './protocol';
import { ReachabilityProbe } from './reachability';
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
 *   backoff with jitter (pusher-js would retry every second), 4200–4299 and other
 *   drops once at once, then backoff;
 * - flap-aware pacing (../flapBackoff.ts): a connection counts as healthy only after
 *   every channel has stayed subscribed for `healthyAfterMs`, so a server that
 *   subscribes and then drops gets ever longer waits, not a reconnect storm;
 * - a watchdog: not healthy within `maxDowntimeMs` of the last healthy connection
 *   (brief successes do not count) → `onFailure`, so the trigger never goes silently deaf;
 * - its own pings (keepAlive.ts) and a quick return after an outage (reachability.ts);
 * - `onRecovered` once every channel is back after a loss, with the time of the loss;
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
	private readonly pacing: FlapAwareBackoff;
	private readonly keepAlive: KeepAlive;
	private readonly probe: ReachabilityProbe;
	/** When every channel was last lost after having been subscribed; undefined while healthy. */
	private lostAt: number | undefined;
	private everHealthy = false;
	/** The current drop was already counted (from its close code). */
	private dropCounted = false;
	private previousState = 'initialized';
	/** `pacing.connected()` was called and no drop recorded since. */
	private pacingUp = false;
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
		const maxDowntimeMs = options.maxDowntimeMs ?? 300000;
		this.pacing = new FlapAwareBackoff({
			baseMs: options.backoffBaseMs ?? 1000,
			capMs: options.backoffCapMs ?? 60000,
			random: options.random,
			maxDowntimeMs,
			healthyAfterMs: options.healthyAfterMs ?? Math.min(30000, Math.max(250, maxDowntimeMs / 3)),
		});
		this.keepAlive = new KeepAlive(options.activityTimeoutMs ?? 120000);
		this.probe = new ReachabilityProbe(options.host, options.port, options.probeIntervalMs ?? 1000, () => this.serverReturned());
	}

	/** Own pings sent and reachability probes made (tests, benches). */
	get counters(): { pings: number; probes: number } {
		return { pings: this.keepAlive.sent, probes: this.probe.probes };
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
		// The reconnect timeout counts from here, loading pusher-js (~300 KB, first use) included.
		this.pacing.reset();
		const config = pusherOptions(this.options, (params, callback) => this.subscriptions.authorize(params, callback));
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
		this.subscriptions.abort();
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

	/** Stops and resolves once no socket, timer or authorization request of this client is left. Idempotent. */
	async close(): Promise<void> {
		this.stop();
		await Promise.all([this.closing, this.subscriptions.settled()]);
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

	/** Health may have changed: note it for the pacing, arm the watchdog, report a recovery. */
	private changed() {
		if (this.stopped) return;
		if (this.healthy) {
			this.pacing.connected();
			this.pacingUp = true;
			this.probe.stop(true);
			if (!this.wasHealthy) {
				this.status({ type: 'healthy', detail: `${this.subscriptions.confirmedCount} channel(s) subscribed` });
				const since = this.lostAt;
				this.lostAt = undefined;
				if (since !== undefined) this.options.onRecovered?.({ since, channels: this.subscriptions.confirmedChannels });
			}
			this.wasHealthy = true;
			this.everHealthy = true;
			return;
		}
		if (this.wasHealthy || (this.everHealthy && this.lostAt === undefined)) this.lostAt ??= Date.now();
		this.wasHealthy = false;
		if (this.pacingUp) {
			// Health lost without a drop (a channel lost): the pacing must not go on counting the connection as up.
			this.pacingUp = false;
			this.pacing.ended();
			this.armWatchdog();
		}
		if (this.pusher?.connection.state !== 'connected') this.probe.start();
		if (!this.watchdog) this.armWatchdog();
	}

	/** Fires `maxDowntimeMs` after the last healthy connection ended (or the start). */
	private armWatchdog() {
		if (this.watchdog) clearTimeout(this.watchdog);
		const limit = this.options.maxDowntimeMs ?? 300000;
		const since = this.pacing.unhealthySince ?? Date.now();
		this.watchdog = setTimeout(() => this.watchdogFired(), Math.max(0, since + limit - Date.now()));
	}

	private watchdogFired() {
		this.watchdog = undefined;
		if (this.stopped) return;
		if (this.pacing.unhealthySince === undefined) return; // healthy for long enough: re-armed on the next drop
		// Up right now but not yet for long: check again shortly; give up as soon as it is down.
		if (this.healthy) this.watchdog = setTimeout(() => this.watchdogFired(), 100);
		else this.giveUp();
	}

	private giveUp() {
		const limit = this.options.maxDowntimeMs ?? 300000;
		const seconds = Math.round(limit / 100) / 10;
		const problem = this.lastProblem ? `; last problem: ${this.lastProblem}` : '';
		const flaps = this.pacing.consecutiveFailures;
		this.fail(
			new RealtimeFailure(
				`No connection stayed up with every channel subscribed within ${seconds} s (state ${this.state}, ${this.subscriptions.confirmedCount}/${this.subscriptions.channels.size} channels subscribed, ${flaps} failed or short-lived connection(s)${problem})`,
				'unavailable',
				{ code: this.lastClose?.code },
			),
		);
	}

	/**
	 * A connection ended or an attempt failed. The first one after a healthy period is
	 * retried as pusher-js does (at once for 4200–4299, in 1 s otherwise); from the
	 * second on, or for 4100–4199, the client waits the flap-aware backoff itself.
	 */
	private dropped(action: 'backoff' | 'retry' | 'reconnect', code: number | undefined, handshake: boolean) {
		const verdict = this.pacing.ended();
		this.pacingUp = false;
		this.armWatchdog();
		if (!verdict.retry) {
			this.giveUp();
			return;
		}
		if (action !== 'backoff' && verdict.failures <= 1) return;
		const delayMs = verdict.delayMs;
		if (!handshake) {
			// The established connection is closing: detach it now, before pusher-js schedules
			// its own retry (it would schedule two, and only one can be cancelled).
			this.suspend(delayMs, code);
		} else {
			// Handshake phase: pusher-js schedules one retry right after this event; cancel it next tick.
			if (this.deferred) clearImmediate(this.deferred);
			this.deferred = setImmediate(() => {
				this.deferred = undefined;
				if (!this.stopped) this.suspend(delayMs, code);
			});
		}
	}

	/** The socket host answers again after an outage: connect now instead of waiting for pusher-js's timers or a backoff. */
	private serverReturned() {
		const pusher = this.pusher;
		if (!pusher || this.stopped || pusher.connection.state === 'connected') return;
		this.status({ type: 'reconnecting', delayMs: 0, detail: 'the socket server answers again' });
		if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
		if (this.deferred) clearImmediate(this.deferred);
		this.reconnectTimer = this.deferred = undefined;
		this.suspended = true;
		pusher.disconnect();
		this.teardown.sweep();
		this.suspended = false;
		pusher.connect();
	}

	// ---- connection events ---------------------------------------------------

	private handleMessage(message: PusherMessage) {
		const name = message.event;
		if (isProtocolEvent(name)) {
			this.subscriptions.protocolMessage(message);
			return;
		}
		const channel = message.channel;
		if (channel === undefined || !this.subscriptions.channels.has(channel) || this.stopped) return;
		this.options.onEvent(name, channel, message.data);
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
		this.dropCounted = true;
		this.dropped(action, info.code, !isClose);
	}

	private suspend(delayMs: number, code: number | undefined) {
		const pusher = this.pusher;
		if (!pusher || this.stopped) return;
		this.suspended = true;
		pusher.disconnect();
		this.teardown.sweep();
		this.status({ type: 'reconnecting', delayMs, detail: code !== undefined ? `after close code ${code}` : 'after a lost connection' });
		if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
		this.reconnectTimer = setTimeout(() => {
			this.reconnectTimer = undefined;
			this.suspended = false;
			if (this.stopped) return;
			// The last wait is clamped to the reconnect timeout: past it, report instead of trying once more.
			const since = this.pacing.unhealthySince;
			if (since !== undefined && Date.now() >= since + (this.options.maxDowntimeMs ?? 300000)) this.giveUp();
			else this.pusher?.connect();
		}, delayMs);
	}

	private handleStateChange(current: string) {
		if (this.stopped) return;
		const previous = this.previousState;
		this.previousState = current;
		this.status({ type: 'state', state: current });
		this.subscriptions.reset();
		if (current === 'connected' && this.pusher) {
			this.teardown.sweep();
			this.teardown.capture(this.pusher);
			this.keepAlive.start(this.pusher);
			this.dropCounted = false;
		} else {
			this.keepAlive.stop();
		}
		if (previous === 'connected' && current === 'connecting' && !this.dropCounted && !this.suspended) {
			// Lost without a Pusher close code (1006, pong timeout): pusher-js retries in 1 s; pace repeats.
			this.dropCounted = true;
			// Inside pusher-js's connect(): it starts its attempt after this handler, so suspend next tick.
			this.dropped('reconnect', undefined, true);
			if (this.stopped) return;
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
		this.keepAlive.stop();
		this.probe.stop();
		if (this.watchdog) clearTimeout(this.watchdog);
		if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
		if (this.deferred) clearImmediate(this.deferred);
		this.subscriptions.clearTimers();
		this.watchdog = this.reconnectTimer = this.deferred = undefined;
	}
}
