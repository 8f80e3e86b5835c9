/*
 * Reading what pusher-js reports (docs/reference/pusher-protocol.md §3, §6): the
 * frames it hands on, the close codes inside its error events, and the `data` of
 * `pusher:error` / `pusher:subscription_error` frames, which servers send as a JSON
 * string (Pusher) or as an object (soketi). n8n-free.
 */
import type { ChannelAuthorizationCallback, Options } from 'pusher-js';

import type { ChannelAuthorizationRequestParams, RealtimeClientOptions } from './types';

/** pusher-js options for a private-channel client of one host (§7): ws only, no stats, no cluster host. */
export function pusherOptions(
	options: Pick<RealtimeClientOptions, 'host' | 'port' | 'useTLS' | 'activityTimeoutMs' | 'pongTimeoutMs'>,
	customHandler: (params: ChannelAuthorizationRequestParams, callback: ChannelAuthorizationCallback) => void,
): Options {
	return {
		// pusher-js 8 throws without a cluster even when wsHost is set; wsHost wins.
		cluster: 'mt1',
		wsHost: options.host,
		wsPort: options.port,
		wssPort: options.port,
		forceTLS: options.useTLS,
		enabledTransports: ['ws'],
		enableStats: false,
		activityTimeout: options.activityTimeoutMs ?? 120000,
		pongTimeout: options.pongTimeoutMs ?? 30000,
		channelAuthorization: { customHandler },
	};
}

/** A frame as pusher-js's connection emits it, `data` decoded once. */
export interface PusherMessage {
	event: string;
	channel?: string;
	data?: unknown;
}

/** `pusher:…` and `pusher_internal:…` frames belong to the protocol, not to the application. */
export function isProtocolEvent(name: string): boolean {
	return name.charCodeAt(0) === 112 /* p */ && (name.startsWith('pusher:') || name.startsWith('pusher_internal:'));
}

/**
 * The close code inside a pusher-js error event: a `PusherError` (a `pusher:error`
 * frame, or the close that follows it) or a `WebSocketError` wrapping one (the socket
 * closed with that code). Undefined for other errors (DNS, refused connection…).
 */
export function closeInfoOf(error: unknown): { code: number; message: string; wrapped: boolean } | undefined {
	const e = error as {
		type?: string;
		data?: { code?: unknown; message?: unknown };
		error?: { type?: string; data?: { code?: unknown; message?: unknown } };
	};
	if (e?.type === 'PusherError' && typeof e.data?.code === 'number') {
		return { code: e.data.code, message: String(e.data.message ?? ''), wrapped: false };
	}
	if (e?.type === 'WebSocketError' && e.error?.type === 'PusherError' && typeof e.error.data?.code === 'number') {
		return { code: e.error.data.code, message: String(e.error.data.message ?? ''), wrapped: true };
	}
	return undefined;
}

/** Code and text of an error frame's data: a JSON string or an object, with `code`/`status` and `message`/`error`. */
export function errorCodeOf(data: unknown): { code?: number; message: string } {
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

/** A readable line for an error event without a close code. */
export function describeErrorEvent(error: unknown): string {
	const e = error as { type?: string; error?: unknown };
	return e?.type ? `${e.type}${e.error ? `: ${String((e.error as Error)?.message ?? e.error)}` : ''}` : String(error);
}
