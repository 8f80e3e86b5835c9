import type { PusherConstructor } from './loadPusher';

/*
 * The vocabulary of the Pusher client (client.ts): what its owner configures, the
 * statuses it reports, and the errors it gives up with. n8n-free.
 */

/** What an auth endpoint returns (`{auth, channel_data?}`). */
export interface ChannelAuthorizationData {
	auth: string;
	channel_data?: string;
}

export interface ChannelAuthorizationRequestParams {
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
	authorize: (
		socketId: string,
		channelName: string,
		context: { refresh: boolean; /** Aborted when the client stops: pass it to the HTTP request. */ signal: AbortSignal },
	) => Promise<ChannelAuthorizationData>;
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
	/**
	 * Called when every channel is subscribed again after having been lost, with the
	 * time (ms) it was lost: events published in between were not received.
	 */
	onRecovered?: (recovery: { since: number; channels: string[] }) => void;
	/** A connection counts as healthy (resets the backoff) after staying up this long. Default min(30 s, maxDowntimeMs / 3). */
	healthyAfterMs?: number;
	/** TCP reachability probe interval while disconnected. Default 1000. */
	probeIntervalMs?: number;
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
