/**
 * Pusher protocol close codes (docs/reference/pusher-protocol.md §6) and what a client does
 * about each range. n8n-free.
 */
export type PusherCloseAction =
	/** 4000: reconnect with TLS (pusher-js does it). */
	| 'tls'
	/** 4001–4099 and 4300+: do not retry unchanged; report. */
	| 'refused'
	/** 4100–4199 and 1002–1004: reconnect after a backoff. */
	| 'backoff'
	/** 4200–4299: reconnect at once. */
	| 'retry'
	/** Other codes (1000, 1006, …): ordinary reconnect. */
	| 'reconnect';

export function classifyPusherCloseCode(code: number): PusherCloseAction {
	if (code >= 1002 && code <= 1004) return 'backoff';
	if (code < 4000) return 'reconnect';
	if (code === 4000) return 'tls';
	if (code < 4100) return 'refused';
	if (code < 4200) return 'backoff';
	if (code < 4300) return 'retry';
	return 'refused';
}

const MEANINGS: Record<number, string> = {
	1000: 'normal closure',
	1001: 'server going away',
	1006: 'connection lost without a close frame',
	4000: 'the server accepts TLS connections only',
	4001: 'the app key does not exist on this server',
	4003: 'the app is disabled',
	4004: 'the app is over its connection quota',
	4005: 'path not found',
	4006: 'invalid version string',
	4007: 'unsupported protocol version',
	4008: 'no protocol version supplied',
	4009: 'connection is unauthorized',
	4100: 'over capacity',
	4200: 'generic reconnect request',
	4201: 'pong not received',
	4202: 'closed after inactivity',
	4301: 'client event rate limit exceeded',
};

/** "code 4001 (the app key does not exist on this server): <reason>". */
export function describePusherClose(code: number | undefined, reason?: string): string {
	if (code === undefined) return reason ? `"${reason}"` : 'no close code';
	const meaning = MEANINGS[code];
	const said = reason && reason !== meaning ? `: "${reason.slice(0, 200)}"` : '';
	return `code ${code}${meaning ? ` (${meaning})` : ''}${said}`;
}
