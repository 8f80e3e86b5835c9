/**
 * What ChatApp's token API deals in (n8n-free): the token pair and its lifetimes,
 * the credential fields the token functions read, the failure kinds, the API root,
 * and ChatApp's error envelope (which also reports an invalid token).
 */
import { createHash } from 'crypto';

export const CHATAPP_DEFAULT_BASE_URL = 'https://api.chatapp.online';

/** Refresh this long before `accessTokenEndTime` when a request cannot be retried cheaply (uploads). */
export const CHATAPP_PROACTIVE_REFRESH_SECONDS = 10 * 60;

/** A refresh token this close to its end time is treated as dead (login instead). */
export const REFRESH_TOKEN_SAFETY_SECONDS = 60;

export interface ChatAppTokenSet {
	accessToken: string;
	/** Unix seconds; 0 when ChatApp did not say. */
	accessTokenEndTime: number;
	refreshToken: string;
	/** Unix seconds; 0 when ChatApp did not say. */
	refreshTokenEndTime: number;
	cabinetUserId?: string | number;
}

/** Minimal request shape; structurally compatible with n8n's IHttpRequestOptions. */
export interface ChatAppHttpRequest {
	method: 'POST';
	url: string;
	headers: Record<string, string>;
	body: Record<string, unknown>;
	json: true;
	returnFullResponse: true;
	ignoreHttpStatusErrors: true;
	/** Redirects are decided by tokens.ts (a 307 would re-send the password). */
	disableFollowRedirect: true;
	sendCredentialsOnCrossOriginRedirect: false;
	timeout: number;
}

export interface ChatAppHttpResponse {
	statusCode: number;
	headers?: Record<string, unknown>;
	body: unknown;
}

/** Any HTTP function with n8n's `helpers.httpRequest` contract (returnFullResponse). */
export type ChatAppHttp = (request: ChatAppHttpRequest) => Promise<ChatAppHttpResponse>;

/** Credential data the token functions read (all fields as stored by n8n). */
export interface ChatAppLoginData {
	apiBaseUrl?: unknown;
	email?: unknown;
	password?: unknown;
	appId?: unknown;
	lang?: unknown;
	refreshToken?: unknown;
	refreshTokenEndTime?: unknown;
	pathOverrides?: unknown;
	/** Hash of the login the stored tokens came from (see chatAppLoginIdentity). */
	tokenIdentity?: unknown;
}

export type ChatAppTokenFailureKind =
	/** tokens.make refused the email, password or app ID. */
	| 'credentials'
	/** tokens.refresh refused the refresh token (only reported when no login was possible). */
	| 'refresh'
	/** 404 / HTML page: the base URL or a path override is wrong. */
	| 'notFound'
	| 'rateLimited'
	| 'server'
	| 'network'
	/** 2xx without the expected token fields. */
	| 'malformed'
	/** A redirect to another origin (or one that would drop the body): not followed. */
	| 'redirect'
	/** Refused locally: the same login failed moments ago (ChatApp limits tokens.make to about 100 a day). */
	| 'coolingDown'
	/** Missing email/password/app ID or unusable settings. */
	| 'configuration';

export interface ChatAppTokenFailure {
	kind: ChatAppTokenFailureKind;
	/** `tokens.make` or `tokens.refresh`. */
	operation: 'tokens.make' | 'tokens.refresh' | 'settings';
	httpStatus?: number;
	/** ChatApp's `error.code`, e.g. `ApiInvalidTokenError`. */
	apiCode?: string;
	/** ChatApp's `error.message`, with credentials redacted. */
	apiMessage?: string;
	/** Network error code such as ECONNREFUSED. */
	networkCode?: string;
	/** Extra context, e.g. which setting is missing. */
	detail?: string;
	/** Origin of the API Base URL (for messages; holds no secret). */
	origin?: string;
	/** Redirects: where the server pointed (origin only), and whether it was http → https on the same host. */
	targetOrigin?: string;
	upgrade?: boolean;
	/** Cooling down: when the same login may be tried again (unix ms). */
	retryAtMs?: number;
}

export type ChatAppTokenResult =
	| { ok: true; tokens: ChatAppTokenSet; via: 'make' | 'refresh' }
	| { ok: false; failure: ChatAppTokenFailure; refreshFailure?: ChatAppTokenFailure };

/**
 * Root URL for every ChatApp path: trims blanks and trailing slashes, adds a missing
 * scheme and drops a pasted `/v1` (paths in this package start with `/v1/`).
 */
export function chatAppApiRoot(raw: unknown): string {
	let url = String(raw ?? '').trim();
	if (url === '') url = CHATAPP_DEFAULT_BASE_URL;
	if (!/^https?:\/\//i.test(url)) url = `https://${url}`;
	url = url.replace(/[?#].*$/, '').replace(/\/+$/, '');
	url = url.replace(/\/v1$/i, '');
	return url.replace(/\/+$/, '');
}

/** ChatApp's error envelope `{success:false, error:{code, message}}`, when the body is one. */
export function chatAppEnvelopeError(body: unknown): { code?: string; message?: string } | undefined {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
	const record = body as Record<string, unknown>;
	const error = record.error;
	if (record.success !== false && (error === undefined || error === null)) return undefined;
	if (error && typeof error === 'object' && !Array.isArray(error)) {
		const e = error as Record<string, unknown>;
		return {
			code: typeof e.code === 'string' ? e.code : e.code !== undefined ? String(e.code) : undefined,
			message: typeof e.message === 'string' ? e.message : undefined,
		};
	}
	if (typeof error === 'string') return { message: error };
	if (typeof record.message === 'string') return { message: record.message };
	return record.success === false ? {} : undefined;
}

/** `ApiInvalidTokenError` in the body, whatever the status (401, 403, or 200 with success:false). */
export function isChatAppInvalidToken(body: unknown): boolean {
	return chatAppEnvelopeError(body)?.code === 'ApiInvalidTokenError';
}

export function toSeconds(value: unknown): number {
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : typeof value === 'number' ? value : NaN;
	if (!Number.isFinite(n) || n <= 0) return 0;
	// Some APIs send milliseconds; ChatApp documents seconds.
	return n > 1e12 ? Math.floor(n / 1000) : Math.floor(n);
}

/** Reads a token pair from `{success, data:{…}}` or a bare `{accessToken, …}`. */
export function parseChatAppTokenSet(body: unknown): ChatAppTokenSet | undefined {
	if (!body || typeof body !== 'object') return undefined;
	const outer = body as Record<string, unknown>;
	const data = (outer.data && typeof outer.data === 'object' ? outer.data : outer) as Record<string, unknown>;
	const accessToken = data.accessToken;
	if (typeof accessToken !== 'string' || accessToken === '') return undefined;
	return {
		accessToken,
		accessTokenEndTime: toSeconds(data.accessTokenEndTime),
		refreshToken: typeof data.refreshToken === 'string' ? data.refreshToken : '',
		refreshTokenEndTime: toSeconds(data.refreshTokenEndTime),
		...(data.cabinetUserId !== undefined ? { cabinetUserId: data.cabinetUserId as string | number } : {}),
	};
}

/** The hidden credential fields n8n persists after `preAuthentication`. */
export function chatAppTokenFields(
	tokens: ChatAppTokenSet,
	tokenIdentity?: string,
): {
	accessToken: string;
	refreshToken: string;
	accessTokenEndTime: number;
	refreshTokenEndTime: number;
	tokenIdentity?: string;
} {
	return {
		accessToken: tokens.accessToken,
		refreshToken: tokens.refreshToken,
		accessTokenEndTime: tokens.accessTokenEndTime,
		refreshTokenEndTime: tokens.refreshTokenEndTime,
		...(tokenIdentity ? { tokenIdentity } : {}),
	};
}

/**
 * A hash of what a login is made of (API root, email, app ID, password). Stored beside
 * the tokens: when the user changes any of them, the stored refresh token belongs to
 * the old login, so the next token request logs in instead of refreshing it.
 */
export function chatAppLoginIdentity(login: ChatAppLoginData): string {
	const parts = [chatAppApiRoot(login.apiBaseUrl), String(login.email ?? '').trim().toLowerCase(), String(login.appId ?? '').trim(), String(login.password ?? '')];
	return createHash('sha256').update(parts.join('\n')).digest('hex');
}

/**
 * True when the stored access token ends within `seconds` (or has ended). False when
 * the end time is unknown: then only a refused request reveals expiry.
 */
export function chatAppAccessTokenExpiresWithin(
	credentials: { accessToken?: unknown; accessTokenEndTime?: unknown },
	seconds: number,
	nowMs = Date.now(),
): boolean {
	if (typeof credentials.accessToken !== 'string' || credentials.accessToken === '') return true;
	const end = toSeconds(credentials.accessTokenEndTime);
	if (end === 0) return false;
	return end - nowMs / 1000 < seconds;
}

