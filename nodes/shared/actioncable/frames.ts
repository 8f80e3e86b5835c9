/**
 * ActionCable wire format (Rails ActionCable 6.1–7.x, subprotocol `actioncable-v1-json`).
 * Every frame is one JSON text frame; a subscription `identifier` is the channel params
 * serialised to a JSON *string*, echoed back byte for byte by the server.
 */
export const ACTIONCABLE_SUBPROTOCOL = 'actioncable-v1-json';

export type CableParams = Record<string, unknown>;

/** Server → client control frame types. Message frames carry no `type`. */
export type ServerFrameType = 'welcome' | 'ping' | 'confirm_subscription' | 'reject_subscription' | 'disconnect';

export interface ServerFrame {
	type?: ServerFrameType | string;
	identifier?: string;
	message?: unknown;
	reason?: string;
	reconnect?: boolean;
}

export function identifierFor(params: CableParams): string {
	return JSON.stringify(params);
}

export function subscribeCommand(identifier: string): string {
	return JSON.stringify({ command: 'subscribe', identifier });
}

export function unsubscribeCommand(identifier: string): string {
	return JSON.stringify({ command: 'unsubscribe', identifier });
}

/** `perform(action, data)`: the data object, action included, is serialised once more into a string. */
export function performCommand(identifier: string, action: string, data: Record<string, unknown> = {}): string {
	return JSON.stringify({ command: 'message', identifier, data: JSON.stringify({ ...data, action }) });
}

/** Parses one text frame; undefined for anything that is not a JSON object. */
export function parseFrame(text: string): ServerFrame | undefined {
	let frame: unknown;
	try {
		frame = JSON.parse(text);
	} catch {
		return undefined;
	}
	return frame !== null && typeof frame === 'object' && !Array.isArray(frame) ? (frame as ServerFrame) : undefined;
}

function parseUrl(input: string): URL | undefined {
	try {
		return new URL(input);
	} catch {
		return undefined;
	}
}

/**
 * The `/cable` URL for an installation root: http → ws, https → wss, path + `/cable`.
 * An override may be a full ws(s):// URL, an http(s):// URL (scheme converted), and
 * gets `/cable` appended only when it has no path at all.
 */
export function cableUrlFor(baseUrl: string, override?: string): string {
	const raw = (override ?? '').trim();
	if (raw !== '') {
		const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `wss://${raw}`;
		const url = parseUrl(withScheme);
		if (!url) throw new Error(`"${raw}" is not a valid WebSocket URL`);
		if (url.protocol === 'http:') url.protocol = 'ws:';
		if (url.protocol === 'https:') url.protocol = 'wss:';
		if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw new Error(`"${raw}" is not a ws:// or wss:// URL`);
		if (url.pathname === '/' || url.pathname === '') url.pathname = '/cable';
		return url.toString();
	}
	const url = parseUrl(baseUrl);
	if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
		throw new Error('The base URL must start with http:// or https://');
	}
	url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
	url.pathname = `${url.pathname.replace(/\/+$/, '')}/cable`;
	url.search = '';
	url.hash = '';
	return url.toString();
}

/** The browser-style Origin of an installation root (`https://host[:port]`), or undefined. */
/** Host names from "a.example.com, https://b.example.com:8443/x": lower-cased, no port or path. */
export function hostList(input: unknown): string[] {
	return String(input ?? '')
		.split(/[\s,;]+/)
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '')
		.map((entry) => parseUrl(/^[a-z][a-z0-9+.-]*:\/\//i.test(entry) ? entry : `wss://${entry}`)?.hostname ?? '')
		.filter((host) => host !== '');
}

/**
 * Whether the subscription token may go to `cableUrl`: its host name must be the base
 * URL's (any port or path) or one of `allowedHosts` (kept on the credential, so whoever
 * may only use a shared credential cannot send its token elsewhere).
 */
export function cableHostAllowed(cableUrl: string, baseUrl: string, allowedHosts: string[] = []): boolean {
	const target = parseUrl(cableUrl)?.hostname;
	const own = parseUrl(baseUrl)?.hostname;
	if (!target) return false;
	return target === own || allowedHosts.includes(target);
}

export function originFor(baseUrl: string): string | undefined {
	const url = parseUrl(baseUrl);
	if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return undefined;
	return url.origin;
}
