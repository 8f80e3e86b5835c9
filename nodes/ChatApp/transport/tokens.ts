/**
 * ChatApp token handling (tokens.make / tokens.refresh), free of n8n runtime imports
 * so that the credential's `preAuthentication`, the action node, the webhook trigger
 * and the realtime trigger all share one implementation.
 *
 * Rules (ChatApp help page "Gaining access to the ChatApp API"):
 * - log in with `POST /v1/tokens {email, password, appId}` only when needed;
 * - refresh with `POST /v1/tokens/refresh` (the refresh token goes both in the
 *   `Refresh` header and in the JSON body, as clients disagree on which one the
 *   server reads), and fall back to a fresh login when refreshing fails;
 * - tokens are sent raw in `Authorization`, without `Bearer`.
 *
 * Nothing here throws for an HTTP or network failure: every call resolves to a
 * `ChatAppTokenResult`, so callers decide how to surface it (the credential throws
 * `ChatAppAuthError`, triggers can build a NodeApiError with their own node).
 * No value in a failure ever contains the password or a token.
 */
import { chatAppPathTemplate, fillChatAppPath, parseChatAppPathOverrides } from './paths';

export const CHATAPP_DEFAULT_BASE_URL = 'https://api.chatapp.online';

/** Refresh this long before `accessTokenEndTime` when a request cannot be retried cheaply (uploads). */
export const CHATAPP_PROACTIVE_REFRESH_SECONDS = 10 * 60;

/** A refresh token this close to its end time is treated as dead (login instead). */
const REFRESH_TOKEN_SAFETY_SECONDS = 60;

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
}

export interface ChatAppHttpResponse {
	statusCode: number;
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

function toSeconds(value: unknown): number {
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
export function chatAppTokenFields(tokens: ChatAppTokenSet): {
	accessToken: string;
	refreshToken: string;
	accessTokenEndTime: number;
	refreshTokenEndTime: number;
} {
	return {
		accessToken: tokens.accessToken,
		refreshToken: tokens.refreshToken,
		accessTokenEndTime: tokens.accessTokenEndTime,
		refreshTokenEndTime: tokens.refreshTokenEndTime,
	};
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

function redact(text: string, secrets: unknown[]): string {
	let out = text;
	for (const secret of secrets) {
		if (typeof secret === 'string' && secret.length >= 3) out = out.split(secret).join('[redacted]');
	}
	return out.slice(0, 300);
}

function headersFor(lang: unknown, extra: Record<string, string> = {}): Record<string, string> {
	const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': 'application/json', ...extra };
	const language = String(lang ?? '').trim();
	if (language) headers.Lang = language;
	return headers;
}

function errorCode(error: unknown): string | undefined {
	const e = error as { code?: unknown; cause?: { code?: unknown } } | undefined;
	const code = e?.code ?? e?.cause?.code;
	return typeof code === 'string' ? code : undefined;
}

function resolveTokenPath(
	name: 'session.make' | 'session.refresh',
	login: ChatAppLoginData,
): { url: string; error?: string } {
	const { overrides, error } = parseChatAppPathOverrides(login.pathOverrides);
	if (error) return { url: '', error };
	const filled = fillChatAppPath(chatAppPathTemplate(name, overrides), {});
	if (filled.error) return { url: '', error: filled.error };
	return { url: `${chatAppApiRoot(login.apiBaseUrl)}${filled.path}` };
}

async function post(
	http: ChatAppHttp,
	url: string,
	headers: Record<string, string>,
	body: Record<string, unknown>,
): Promise<{ response?: ChatAppHttpResponse; networkCode?: string }> {
	try {
		const response = await http({
			method: 'POST',
			url,
			headers,
			body,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		});
		return { response };
	} catch (error) {
		// The request options (with the password) hang off the raw error: keep only its code.
		return { networkCode: errorCode(error) ?? 'UNKNOWN' };
	}
}

function failureFrom(
	operation: 'tokens.make' | 'tokens.refresh',
	response: ChatAppHttpResponse,
	secrets: unknown[],
): ChatAppTokenFailure {
	const { statusCode, body } = response;
	const envelope = chatAppEnvelopeError(body);
	const apiMessage = envelope?.message ? redact(envelope.message, secrets) : undefined;
	const base = { operation, httpStatus: statusCode, apiCode: envelope?.code, apiMessage };
	const isHtml = typeof body === 'string' && /^\s*</.test(body);
	if (statusCode === 404 || (isHtml && statusCode >= 300)) return { ...base, kind: 'notFound' };
	if (statusCode === 429) return { ...base, kind: 'rateLimited' };
	if (statusCode >= 500) return { ...base, kind: 'server' };
	if (statusCode >= 200 && statusCode < 300 && !envelope) return { ...base, kind: 'malformed' };
	return { ...base, kind: operation === 'tokens.make' ? 'credentials' : 'refresh' };
}

/** `POST /v1/tokens {email, password, appId}` — a fresh login. */
export async function makeChatAppTokens(http: ChatAppHttp, login: ChatAppLoginData): Promise<ChatAppTokenResult> {
	const email = String(login.email ?? '').trim();
	const password = String(login.password ?? '');
	const appId = String(login.appId ?? '').trim();
	const missing = [!email && 'Email', !password && 'Password', !appId && 'App ID'].filter(Boolean);
	if (missing.length) {
		return {
			ok: false,
			failure: { kind: 'configuration', operation: 'settings', detail: `Missing ${missing.join(', ')}` },
		};
	}
	const target = resolveTokenPath('session.make', login);
	if (target.error) return { ok: false, failure: { kind: 'configuration', operation: 'settings', detail: target.error } };
	const { response, networkCode } = await post(http, target.url, headersFor(login.lang), { email, password, appId });
	if (!response) return { ok: false, failure: { kind: 'network', operation: 'tokens.make', networkCode } };
	const secrets = [password, email];
	if (response.statusCode >= 200 && response.statusCode < 300) {
		const tokens = chatAppEnvelopeError(response.body) ? undefined : parseChatAppTokenSet(response.body);
		if (tokens) return { ok: true, tokens, via: 'make' };
	}
	return { ok: false, failure: failureFrom('tokens.make', response, secrets) };
}

/** `POST /v1/tokens/refresh` with the refresh token in the `Refresh` header and the body. */
export async function refreshChatAppTokens(
	http: ChatAppHttp,
	login: Pick<ChatAppLoginData, 'apiBaseUrl' | 'lang' | 'refreshToken' | 'refreshTokenEndTime' | 'pathOverrides'>,
): Promise<ChatAppTokenResult> {
	const refreshToken = typeof login.refreshToken === 'string' ? login.refreshToken : '';
	if (!refreshToken) {
		return { ok: false, failure: { kind: 'refresh', operation: 'tokens.refresh', detail: 'No refresh token stored' } };
	}
	const target = resolveTokenPath('session.refresh', login);
	if (target.error) return { ok: false, failure: { kind: 'configuration', operation: 'settings', detail: target.error } };
	const { response, networkCode } = await post(http, target.url, headersFor(login.lang, { Refresh: refreshToken }), {
		refreshToken,
	});
	if (!response) return { ok: false, failure: { kind: 'network', operation: 'tokens.refresh', networkCode } };
	if (response.statusCode >= 200 && response.statusCode < 300) {
		const tokens = chatAppEnvelopeError(response.body) ? undefined : parseChatAppTokenSet(response.body);
		if (tokens) {
			// Some servers return only a new access token: keep the refresh token we have.
			if (!tokens.refreshToken) {
				tokens.refreshToken = refreshToken;
				tokens.refreshTokenEndTime = toSeconds(login.refreshTokenEndTime);
			}
			return { ok: true, tokens, via: 'refresh' };
		}
	}
	return { ok: false, failure: failureFrom('tokens.refresh', response, [refreshToken]) };
}

/** True when a stored refresh token exists and has not (nearly) ended. */
export function chatAppRefreshTokenUsable(login: ChatAppLoginData, nowMs = Date.now()): boolean {
	if (typeof login.refreshToken !== 'string' || login.refreshToken === '') return false;
	const end = toSeconds(login.refreshTokenEndTime);
	return end === 0 || end - nowMs / 1000 > REFRESH_TOKEN_SAFETY_SECONDS;
}

/**
 * The token logic every caller should use: refresh when a live refresh token is
 * stored, otherwise (or when refreshing fails) log in. Never loops: at most one
 * refresh and one login.
 */
export async function obtainChatAppTokens(
	http: ChatAppHttp,
	login: ChatAppLoginData,
	nowMs = Date.now(),
): Promise<ChatAppTokenResult> {
	let refreshFailure: ChatAppTokenFailure | undefined;
	if (chatAppRefreshTokenUsable(login, nowMs)) {
		const refreshed = await refreshChatAppTokens(http, login);
		if (refreshed.ok) return refreshed;
		refreshFailure = refreshed.failure;
	}
	const made = await makeChatAppTokens(http, login);
	if (made.ok) return made;
	return { ...made, ...(refreshFailure ? { refreshFailure } : {}) };
}

/** A message and description a user can act on; never contains secrets. */
export function describeChatAppTokenFailure(failure: ChatAppTokenFailure): { message: string; description: string } {
	const said = failure.apiMessage || failure.apiCode ? ` ChatApp said: ${[failure.apiCode, failure.apiMessage].filter(Boolean).join(': ')}.` : '';
	const where = failure.operation === 'settings' ? '' : ` (${failure.operation}, HTTP ${failure.httpStatus ?? 'n/a'})`;
	switch (failure.kind) {
		case 'credentials':
			return {
				message: 'ChatApp login failed: the email, password or app ID is wrong',
				description: `ChatApp refused to issue a token${where}.${said} Check the email and password of your ChatApp account and the app ID from the ChatApp personal cabinet (Settings → API), then save the credential again.`,
			};
		case 'refresh':
			return {
				message: 'ChatApp refused the refresh token',
				description: `The stored refresh token is no longer valid${where}.${said} Save the credential again to log in afresh.`,
			};
		case 'notFound':
			return {
				message: 'The ChatApp API was not found at the configured API Base URL',
				description: `The token endpoint answered 404 or a web page${where}. Set the credential's API Base URL to https://api.chatapp.online (or your ChatApp API host, without /v1), or fix the "${failure.operation === 'tokens.make' ? 'session.make' : 'session.refresh'}" entry in Path Overrides.`,
			};
		case 'rateLimited':
			return {
				message: 'ChatApp rate limit reached while getting an access token',
				description: `ChatApp answered 429${where}. Wait a moment and retry; ChatApp asks integrations not to request tokens too often.`,
			};
		case 'server':
			return {
				message: `ChatApp server error while getting an access token (HTTP ${failure.httpStatus})`,
				description: `The ChatApp token service failed${where}.${said} Try again later.`,
			};
		case 'network':
			return {
				// The code stays out of the message: n8n swaps messages containing one for a generic text.
				message: 'Could not reach ChatApp to get an access token',
				description: `No answer from the token endpoint (${failure.operation}${failure.networkCode ? `, ${failure.networkCode}` : ''}). Check the credential's API Base URL and that n8n can reach it.`,
			};
		case 'malformed':
			return {
				message: 'ChatApp answered the login without an access token',
				description: `The answer of ${failure.operation} had no data.accessToken. If ChatApp changed its API, override the token paths in the credential's Path Overrides.`,
			};
		case 'configuration':
		default:
			return {
				message: `ChatApp credential is incomplete: ${failure.detail ?? 'check its settings'}`,
				description: 'Fill in Email, Password and App ID (from the ChatApp personal cabinet). Path Overrides must be a JSON object of name → path.',
			};
	}
}

/**
 * What `preAuthentication` throws. It has no `code`, `status` or `response`
 * property on purpose: n8n would otherwise replace its message with a generic
 * HTTP text, or retry the login once more on a 401.
 */
export class ChatAppAuthError extends Error {
	readonly description: string;

	readonly kind: ChatAppTokenFailureKind;

	readonly httpStatusCode?: number;

	constructor(failure: ChatAppTokenFailure) {
		const { message, description } = describeChatAppTokenFailure(failure);
		super(message);
		this.name = 'ChatAppAuthError';
		this.description = description;
		this.kind = failure.kind;
		this.httpStatusCode = failure.httpStatus;
	}
}

/** Recognises a ChatAppAuthError, also when n8n wrapped it (as `cause`) in a NodeApiError. */
export function findChatAppAuthError(error: unknown): ChatAppAuthError | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
		if ((current as { name?: unknown }).name === 'ChatAppAuthError') return current as ChatAppAuthError;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}
