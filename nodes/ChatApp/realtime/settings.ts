/**
 * The realtime settings of the `chatAppApi` credential, as pusher-js needs them.
 * n8n-free. Defaults are ChatApp's (docs/reference/chatapp-api.md §5).
 */
import { chatAppApiRoot } from '../transport/tokenSet';

export interface ChatAppRealtimeSettings {
	appKey: string;
	host: string;
	port: number;
	useTLS: boolean;
	/** Absolute URL of the private-channel auth endpoint. */
	authEndpoint: string;
}

export const CHATAPP_REALTIME_DEFAULTS = {
	appKey: 'ChatsAppApiProdKey',
	host: 'socket.chatapp.online',
	port: 6001,
	useTLS: true,
	broadcastingPath: '/broadcasting/auth',
} as const;

export function chatAppRealtimeSettings(
	credentials: Record<string, unknown>,
): { settings: ChatAppRealtimeSettings; error?: undefined } | { settings?: undefined; error: string } {
	const appKey = String(credentials.appKey ?? '').trim() || CHATAPP_REALTIME_DEFAULTS.appKey;
	// Accept a pasted URL ("wss://socket.chatapp.online:6001/app/…"): keep host and port.
	let host = String(credentials.wsHost ?? '').trim() || CHATAPP_REALTIME_DEFAULTS.host;
	let portFromHost: number | undefined;
	host = host.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/[/?#].*$/, '');
	const hostPort = /^(.*):(\d{1,5})$/.exec(host);
	if (hostPort && !hostPort[1].includes(':')) {
		host = hostPort[1];
		portFromHost = Number(hostPort[2]);
	}
	if (host === '' || /\s/.test(host)) return { error: `Realtime Socket Host "${host}" is not a host name` };
	const rawPort = credentials.wsPort;
	const port =
		portFromHost ??
		(rawPort === undefined || rawPort === null || rawPort === '' ? CHATAPP_REALTIME_DEFAULTS.port : Number(rawPort));
	if (!Number.isInteger(port) || port < 1 || port > 65535) return { error: `Realtime Socket Port "${String(rawPort)}" is not a port number` };
	const useTLS = credentials.useTLS === undefined || credentials.useTLS === null ? true : credentials.useTLS !== false && credentials.useTLS !== 'false';
	const root = chatAppApiRoot(credentials.apiBaseUrl);
	const rawEndpoint = String(credentials.authEndpoint ?? '').trim();
	let authEndpoint: string;
	if (rawEndpoint === '') authEndpoint = `${root}${CHATAPP_REALTIME_DEFAULTS.broadcastingPath}`;
	else if (rawEndpoint.startsWith('/')) authEndpoint = `${root}${rawEndpoint}`;
	else authEndpoint = /^https?:\/\//i.test(rawEndpoint) ? rawEndpoint : `https://${rawEndpoint}`;
	try {
		new URL(authEndpoint);
	} catch {
		return { error: `Realtime Auth Endpoint "${rawEndpoint}" is not a URL` };
	}
	return { settings: { appKey, host, port, useTLS, authEndpoint } };
}
