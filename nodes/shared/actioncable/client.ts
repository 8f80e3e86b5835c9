import { FlapAwareBackoff } from '../flapBackoff';

import { CableConnection } from './connection';
import type { ConnectionEnd } from './errors';
import { CableError, describeEnd, isFatal } from './errors';
import type { CableParams } from './frames';
import { identifierFor } from './frames';

export interface CableTiming {
	/** WebSocket upgrade timeout. Default 10 s. */
	handshakeTimeoutMs: number;
	/** Wait for `welcome`, then for `confirm_subscription`. Default 10 s. */
	confirmTimeoutMs: number;
	/** No frame for this long → dead. ActionCable pings every 3 s; default 10 s. */
	staleAfterMs: number;
	/** First reconnect delay (doubles, with jitter). Default 1 s. */
	reconnectBaseMs: number;
	/** Reconnect delay cap. Default 60 s. */
	reconnectCapMs: number;
	/** Failed attempts in a row before giving up (reset by a healthy subscription). Default 10. */
	maxConsecutiveFailures: number;
	/** A confirmed subscription counts as healthy (resets the backoff) once it has stayed up this long. Default 30 s. */
	healthyAfterMs: number;
	/** Give up once no subscription has been healthy for this long. Default 300 s. */
	maxDowntimeMs: number;
	/** Unconfirmed or rejected subscriptions in a row (params refreshed in between) before an auth error. Default 2. */
	maxSubscriptionFailures: number;
	/** `perform('update_presence')` cadence while subscribed; 0 = never. Default 0. */
	presenceIntervalMs: number;
	/** Close handshake grace before the socket is destroyed. Default 1 s. */
	closeGraceMs: number;
}

export const DEFAULT_CABLE_TIMING: CableTiming = {
	handshakeTimeoutMs: 10_000,
	confirmTimeoutMs: 10_000,
	staleAfterMs: 10_000,
	reconnectBaseMs: 1_000,
	reconnectCapMs: 60_000,
	maxConsecutiveFailures: 10,
	healthyAfterMs: 30_000,
	maxDowntimeMs: 300_000,
	maxSubscriptionFailures: 2,
	presenceIntervalMs: 0,
	closeGraceMs: 1_000,
};

export interface ConnectedInfo {
	/** True when an earlier connection of this client had been confirmed. */
	reconnected: boolean;
	/** How the previous confirmed connection ended (with its last frame times). */
	previous?: ConnectionEnd;
}

export interface CableClientOptions {
	url: string;
	origin?: string;
	headers?: Record<string, string>;
	/**
	 * Channel params for the subscription. Called before the first attempt and again
	 * (`refresh: true`) after a subscription was not confirmed, so a rotated token can
	 * be re-read; the last result is reused otherwise. Throw an error marked with
	 * `markFatal` to stop for good; any other error counts as a failed attempt.
	 */
	params: (context: { refresh: boolean }) => CableParams | Promise<CableParams>;
	/** Every `message` of our subscription (`{event, data}` for Chatwoot), in order. */
	onMessage: (message: unknown) => void;
	onConnected?: (info: ConnectedInfo) => void;
	/** A connection ended and a reconnect is scheduled after `delayMs`. */
	onDisconnected?: (end: ConnectionEnd, delayMs: number) => void;
	/** Unrecoverable: the client has stopped. Called at most once, never after close(). */
	onFatal: (error: Error) => void;
	timing?: Partial<CableTiming>;
	random?: () => number;
	now?: () => number;
}

export type CableClientState = 'idle' | 'connecting' | 'subscribed' | 'waiting' | 'closed' | 'failed';

/**
 * A self-healing ActionCable subscription: connect, subscribe, watch the server's
 * pings, and on any loss reconnect with capped exponential backoff and jitter,
 * re-subscribing with the same identifier. Stops (and reports once through
 * `onFatal`) on `disconnect` with `reconnect:false`, on repeated unconfirmed
 * subscriptions, or after too many consecutive failures. No n8n imports.
 */
export class CableClient {
	private readonly timing: CableTiming;
	private readonly policy: FlapAwareBackoff;
	private readonly now: () => number;
	private state_: CableClientState = 'idle';
	private closed = false;
	private connection: CableConnection | undefined;
	private loopDone: Promise<void> | undefined;
	private closing: Promise<void> | undefined;
	private waitTimer: ReturnType<typeof setTimeout> | undefined;
	private wake: (() => void) | undefined;
	private presenceTimer: ReturnType<typeof setInterval> | undefined;
	private cachedParams: CableParams | undefined;
	private lastConfirmedEnd: ConnectionEnd | undefined;
	private everConfirmed = false;

	constructor(private readonly options: CableClientOptions) {
		this.timing = { ...DEFAULT_CABLE_TIMING, ...stripUndefined(options.timing ?? {}) };
		this.now = options.now ?? Date.now;
		this.policy = new FlapAwareBackoff({
			baseMs: this.timing.reconnectBaseMs,
			capMs: this.timing.reconnectCapMs,
			maxConsecutiveFailures: this.timing.maxConsecutiveFailures,
			healthyAfterMs: this.timing.healthyAfterMs,
			maxDowntimeMs: this.timing.maxDowntimeMs,
			random: options.random,
			now: this.now,
		});
	}

	get state(): CableClientState {
		return this.state_;
	}

	/** Our clock (ms) of the last frame on the current connection, 0 when not connected. */
	get lastFrameAt(): number {
		return this.connection?.lastFrameAt ?? 0;
	}

	start(): void {
		if (this.loopDone || this.closed) return;
		this.loopDone = this.loop();
	}

	/** `perform(action)` on the live subscription; false when not subscribed. */
	perform(action: string, data?: Record<string, unknown>): boolean {
		return this.connection?.perform(action, data) ?? false;
	}

	/** Stops everything: no reconnects, no timers, socket closed. Idempotent. */
	async close(): Promise<void> {
		this.closing ??= this.shutdown();
		return await this.closing;
	}

	private async shutdown(): Promise<void> {
		this.closed = true;
		if (this.state_ !== 'failed') this.state_ = 'closed';
		this.stopPresence();
		this.cancelWait();
		const connection = this.connection;
		if (connection) await connection.close();
		await this.loopDone;
	}

	private async loop(): Promise<void> {
		let refresh = false;
		let subscriptionFailures = 0;
		while (!this.closed) {
			this.state_ = 'connecting';
			let end: ConnectionEnd;
			let params: CableParams | undefined;
			try {
				params = await this.resolveParams(refresh);
			} catch (error) {
				if (this.closed) return;
				if (isFatal(error)) return this.fail(error as Error);
				params = undefined;
				end = { reason: 'params_failed', confirmed: false, lastFrameAt: 0, detail: (error as Error)?.message, error: error as Error };
			}
			if (this.closed) return;
			if (params) {
				const connection = new CableConnection({
					url: this.options.url,
					origin: this.options.origin,
					headers: this.options.headers,
					identifier: identifierFor(params),
					timing: this.timing,
					now: this.now,
					onMessage: this.options.onMessage,
					onConfirmed: () => this.onConfirmed(),
				});
				this.connection = connection;
				connection.open();
				end = await connection.done;
				this.connection = undefined;
				this.stopPresence();
			}
			if (this.closed) return;
			end = end!;

			if (end.confirmed) {
				this.lastConfirmedEnd = end;
				subscriptionFailures = 0;
			}
			if (end.reason === 'disconnect' && end.reconnect === false) {
				return this.fail(
					new CableError('server_disconnect', `The server closed the realtime connection and asked not to reconnect (${end.disconnectReason ?? 'no reason given'})`, end),
				);
			}
			refresh = false;
			if (end.reason === 'subscription_timeout' || end.reason === 'rejected') {
				subscriptionFailures++;
				refresh = true;
				if (subscriptionFailures >= this.timing.maxSubscriptionFailures) {
					return this.fail(
						new CableError(
							'auth',
							end.reason === 'rejected'
								? 'The server rejected the realtime subscription'
								: `The server did not confirm the realtime subscription within ${Math.round(this.timing.confirmTimeoutMs / 100) / 10} s`,
							end,
							subscriptionFailures,
						),
					);
				}
			}
			const verdict = this.policy.ended();
			if (!verdict.retry) {
				const seconds = Math.round(verdict.downMs / 1000);
				return this.fail(
					verdict.why === 'downtime'
						? new CableError(
								'unstable',
								`No realtime connection stayed up for ${Math.round(this.timing.healthyAfterMs / 1000)} s within ${seconds} s (${verdict.failures} attempts): ${describeEnd(end)}`,
								end,
								verdict.failures,
							)
						: new CableError(
								'too_many_failures',
								`Could not keep the realtime connection after ${verdict.failures} attempts in a row: ${describeEnd(end)}`,
								end,
								verdict.failures,
							),
				);
			}
			const delay = verdict.delayMs;
			this.options.onDisconnected?.(end, delay);
			await this.wait(delay);
		}
	}

	private async resolveParams(refresh: boolean): Promise<CableParams | undefined> {
		if (this.cachedParams && !refresh) return this.cachedParams;
		const pending = Promise.resolve(this.options.params({ refresh }));
		// close() must not wait for a slow params request: race it against shutdown.
		const params = await new Promise<CableParams | undefined>((resolve, reject) => {
			this.wake = () => resolve(undefined);
			pending.then(resolve, reject);
		});
		this.wake = undefined;
		if (params) this.cachedParams = params;
		return params;
	}

	private onConfirmed() {
		if (this.closed) return;
		this.state_ = 'subscribed';
		// Healthy (backoff reset) only once it has stayed up for healthyAfterMs: a server that confirms, then drops, is not.
		this.policy.connected();
		const reconnected = this.everConfirmed;
		this.everConfirmed = true;
		if (this.timing.presenceIntervalMs > 0) {
			this.presenceTimer = setInterval(() => this.perform('update_presence'), this.timing.presenceIntervalMs);
		}
		this.options.onConnected?.({ reconnected, previous: reconnected ? this.lastConfirmedEnd : undefined });
	}

	private fail(error: Error) {
		if (this.closed) return;
		this.closed = true;
		this.state_ = 'failed';
		this.stopPresence();
		this.options.onFatal(error);
	}

	private async wait(ms: number): Promise<void> {
		if (this.closed) return;
		this.state_ = 'waiting';
		await new Promise<void>((resolve) => {
			this.wake = resolve;
			this.waitTimer = setTimeout(resolve, ms);
		});
		this.waitTimer = undefined;
		this.wake = undefined;
	}

	private cancelWait() {
		if (this.waitTimer !== undefined) clearTimeout(this.waitTimer);
		this.waitTimer = undefined;
		const wake = this.wake;
		this.wake = undefined;
		wake?.();
	}

	private stopPresence() {
		if (this.presenceTimer !== undefined) clearInterval(this.presenceTimer);
		this.presenceTimer = undefined;
	}
}

function stripUndefined<T extends object>(value: T): Partial<T> {
	return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && !Number.isNaN(v))) as Partial<T>;
}
