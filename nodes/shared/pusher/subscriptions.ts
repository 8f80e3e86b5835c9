import type Pusher from 'pusher-js';
import type { ChannelAuthorizationCallback } from 'pusher-js';

import type { PusherMessage } from './protocol';
import { errorCodeOf } from './protocol';
import type {
	ChannelAuthorizationData,
	ChannelAuthorizationRequestParams,
	RealtimeClientOptions,
	RealtimeStatus,
} from './types';
import { ChannelAuthorizationError, RealtimeFailure } from './types';

/** What the subscriptions need from the connection that owns them. */
export interface SubscriptionHost {
	/** The current pusher-js instance; undefined once stopped. */
	pusher(): Pusher | undefined;
	stopped(): boolean;
	status(status: RealtimeStatus): void;
	fail(failure: RealtimeFailure): void;
	backoff(attempt: number): number;
	/** Something that decides health changed (a channel confirmed or lost). */
	changed(): void;
}

/**
 * The private channels of one client (n8n-free): their authorization through the
 * owner's async function (serialised, so that one token refresh serves every
 * channel), and the three ways a server refuses a subscription — the auth endpoint
 * fails, soketi's `pusher:subscription_error` on the channel, laravel-websockets'
 * connection-level `pusher:error` 4009 — each retried, then reported.
 */
export class ChannelSubscriptions {
	readonly channels: ReadonlySet<string>;

	/** Channels the server confirmed on the current socket. */
	private readonly confirmed = new Set<string>();

	/** Channels whose pusher:subscribe was sent on the current socket. */
	private readonly sent = new Set<string>();

	private readonly signatureFailures = new Map<string, number>();

	private readonly authAttempts = new Map<string, number>();

	/** Channels whose next authorization should use a fresh token. */
	private readonly refreshNext = new Set<string>();

	private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

	private authChain: Promise<void> = Promise.resolve();

	/** Aborts every authorization request in flight when the client stops. */
	private readonly aborter = new AbortController();

	constructor(
		channels: string[],
		private readonly options: Pick<RealtimeClientOptions, 'authorize' | 'signatureRetries'>,
		private readonly host: SubscriptionHost,
	) {
		this.channels = new Set(channels);
	}

	get confirmedCount(): number {
		return this.confirmed.size;
	}

	get allConfirmed(): boolean {
		return this.confirmed.size === this.channels.size;
	}

	get confirmedChannels(): string[] {
		return [...this.confirmed];
	}

	/** Subscribes every channel on a new pusher-js instance. */
	subscribeAll(pusher: Pusher): void {
		for (const channel of this.channels) subscribe(pusher, channel);
	}

	/** A new socket (or none): nothing is sent or confirmed on it yet. */
	reset(): void {
		this.confirmed.clear();
		this.sent.clear();
	}

	/** Stopping: aborts the authorization requests in flight. */
	abort(): void {
		this.aborter.abort();
	}

	/** Resolves once no authorization is in flight (after `abort`, promptly). */
	async settled(): Promise<void> {
		await this.authChain;
	}

	clearTimers(): void {
		for (const timer of this.timers.values()) clearTimeout(timer);
		this.timers.clear();
	}

	/** pusher-js's `channelAuthorization.customHandler`. */
	authorize(params: ChannelAuthorizationRequestParams, callback: ChannelAuthorizationCallback): void {
		const { socketId, channelName } = params;
		const run = async () => {
			if (this.isStale(socketId)) return;
			let data: ChannelAuthorizationData;
			try {
				data = await this.options.authorize(socketId, channelName, {
					refresh: this.refreshNext.delete(channelName),
					signal: this.aborter.signal,
				});
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

	/** A `pusher:`/`pusher_internal:` frame: subscription answers and connection-level errors. */
	protocolMessage(message: PusherMessage): void {
		switch (message.event) {
			case 'pusher_internal:subscription_succeeded':
				this.succeeded(message.channel);
				return;
			case 'pusher:subscription_error':
				this.subscriptionError(message.channel, message.data);
				return;
			case 'pusher:error': {
				// data as a JSON string (Pusher) or an object (soketi, laravel-websockets)
				const { code, message: text } = errorCodeOf(message.data);
				this.host.status({ type: 'problem', detail: `pusher:error ${code ?? ''} ${text}`.trim() });
				if (code === 4009) this.unauthorizedConnection(text);
				return;
			}
			default:
				return;
		}
	}

	/** `pusher_internal:subscription_succeeded` (private channels: no data). */
	succeeded(channel: string | undefined): void {
		if (channel === undefined || !this.channels.has(channel)) return;
		this.confirmed.add(channel);
		this.signatureFailures.delete(channel);
		this.authAttempts.delete(channel);
		this.host.status({ type: 'subscribed', channel });
		this.host.changed();
	}

	/** soketi: `pusher:subscription_error` on the channel (the server refused the signature). */
	subscriptionError(channel: string | undefined, data: unknown): void {
		if (channel === undefined || !this.channels.has(channel)) return;
		const { code, message } = errorCodeOf(data);
		this.signatureRejected(channel, `pusher:subscription_error${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}`, code);
	}

	/** laravel-websockets: connection-level `pusher:error` 4009 without the channel; blames the unconfirmed subscriptions. */
	unauthorizedConnection(message: string): void {
		const pending = [...this.sent].filter((c) => !this.confirmed.has(c));
		for (const channel of pending) this.signatureRejected(channel, `pusher:error 4009${message ? `: ${message}` : ''}`, 4009);
	}

	private isStale(socketId: string): boolean {
		const pusher = this.host.pusher();
		return this.host.stopped() || !pusher || pusher.connection.socket_id !== socketId;
	}

	private authorizationFailed(channel: string, error: Error) {
		if ((error as { permanent?: unknown }).permanent === true) {
			this.host.fail(new RealtimeFailure(error.message, 'authorization', { channel, cause: error }));
			return;
		}
		const attempt = this.authAttempts.get(channel) ?? 0;
		this.authAttempts.set(channel, attempt + 1);
		const delayMs = this.host.backoff(attempt);
		this.host.status({ type: 'channelRetry', channel, delayMs, detail: `authorizing ${channel} failed: ${error.message}` });
		this.scheduleResubscribe(channel, delayMs);
		this.host.changed();
	}

	private signatureRejected(channel: string, detail: string, code?: number) {
		if (this.host.stopped()) return;
		const count = (this.signatureFailures.get(channel) ?? 0) + 1;
		this.signatureFailures.set(channel, count);
		this.sent.delete(channel);
		if (count > (this.options.signatureRetries ?? 1)) {
			this.host.fail(
				new RealtimeFailure(`The socket server rejected the subscription to ${channel} (${detail})`, 'signature', {
					channel,
					code,
				}),
			);
			return;
		}
		this.host.status({ type: 'channelRetry', channel, delayMs: 0, detail: `subscription to ${channel} rejected (${detail})` });
		this.refreshNext.add(channel);
		this.resubscribe(channel);
	}

	private scheduleResubscribe(channel: string, delayMs: number) {
		const existing = this.timers.get(channel);
		if (existing) clearTimeout(existing);
		this.timers.set(
			channel,
			setTimeout(() => {
				this.timers.delete(channel);
				this.resubscribe(channel);
			}, delayMs),
		);
	}

	/** Drops pusher-js's state for the channel (a failed subscription is never retried by it) and subscribes anew. */
	private resubscribe(channel: string) {
		const pusher = this.host.pusher();
		if (!pusher || this.host.stopped()) return;
		this.sent.delete(channel);
		this.confirmed.delete(channel);
		pusher.channels.remove(channel);
		subscribe(pusher, channel);
	}
}

/**
 * Events are taken from the connection (one listener for every channel), so the
 * channel objects have no named bindings; pusher-js would then call their
 * "failThrough" for every event, which formats a debug message (JSON-stringifying
 * it) even with logging off — several per cent of the receive path. Drop it for
 * our channels only.
 */
function subscribe(pusher: Pusher, channel: string) {
	const created = pusher.subscribe(channel) as unknown as { failThrough?: unknown };
	created.failThrough = undefined;
}
