/** What ended one socket: the reconnect loop decides from this what to do next. */
export type ConnectionEndReason =
	/** The socket closed (peer close, network error, refused connection). */
	| 'closed'
	/** The upgrade was answered with a plain HTTP status (404, 400, 502…). */
	| 'handshake_failed'
	/** No `welcome` frame in time after the socket opened. */
	| 'no_welcome'
	/** No `confirm_subscription` in time: Chatwoot's answer to a bad token is silence. */
	| 'subscription_timeout'
	/** `reject_subscription` (Chatwoot never sends it, forks may). */
	| 'rejected'
	/** The server sent `{"type":"disconnect"}`. */
	| 'disconnect'
	/** No frame at all for the stale interval: dead even if TCP says otherwise. */
	| 'stale'
	/** We closed it (client shutdown). */
	| 'client_closed'
	/** Resolving the subscription params failed (e.g. the profile request). */
	| 'params_failed';

export interface ConnectionEnd {
	reason: ConnectionEndReason;
	/** True when this connection had a confirmed subscription. */
	confirmed: boolean;
	/** WebSocket close code, when the socket closed. */
	code?: number;
	/** HTTP status of a refused upgrade. */
	statusCode?: number;
	/** `disconnect` frame fields. */
	disconnectReason?: string;
	reconnect?: boolean;
	/** Human-readable cause; never contains tokens. */
	detail?: string;
	/** Our clock (ms) when the last frame of any kind arrived; 0 if none. */
	lastFrameAt: number;
	/** Server clock (unix seconds) of the last ping, when one arrived. */
	lastServerTime?: number;
	error?: Error;
}

export type CableErrorKind =
	/** The subscription was never confirmed (or was rejected), repeatedly, with fresh params. */
	| 'auth'
	/** The server said `disconnect` with `reconnect: false`. */
	| 'server_disconnect'
	/** Too many consecutive failed attempts. */
	| 'too_many_failures'
	/** No subscription stayed up for the healthy interval within the downtime limit (a flapping server). */
	| 'unstable';

export class CableError extends Error {
	constructor(
		readonly kind: CableErrorKind,
		message: string,
		readonly end?: ConnectionEnd,
		readonly attempts?: number,
	) {
		super(message);
		this.name = 'CableError';
	}
}

const FATAL = Symbol.for('n8n-nodes-chatwoot-chatapp.actioncable.fatal');

/** Marks an error from the params provider as permanent: the client stops instead of retrying. */
export function markFatal<E extends Error>(error: E): E {
	(error as unknown as Record<symbol, boolean>)[FATAL] = true;
	return error;
}

export function isFatal(error: unknown): boolean {
	return !!error && typeof error === 'object' && (error as Record<symbol, boolean>)[FATAL] === true;
}

/** One line describing how a connection ended, for logs and error descriptions. */
export function describeEnd(end: ConnectionEnd): string {
	switch (end.reason) {
		case 'handshake_failed':
			return `the WebSocket upgrade was refused${end.statusCode ? ` with HTTP ${end.statusCode}` : ''}`;
		case 'no_welcome':
			return 'the server sent no welcome frame';
		case 'subscription_timeout':
			return 'the subscription was not confirmed in time';
		case 'rejected':
			return 'the server rejected the subscription';
		case 'disconnect':
			return `the server sent disconnect (${end.disconnectReason ?? 'no reason'}${end.reconnect === false ? ', reconnect: false' : ''})`;
		case 'stale':
			return 'no ping from the server (connection stale)';
		case 'client_closed':
			return 'closed by the client';
		case 'params_failed':
			return `preparing the subscription failed${end.detail ? `: ${end.detail}` : ''}`;
		default:
			return `the connection closed${end.code ? ` (code ${end.code})` : ''}${end.detail ? `: ${end.detail}` : ''}`;
	}
}
