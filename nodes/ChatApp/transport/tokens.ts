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
import type {
	ChatAppHttp,
	ChatAppHttpResponse,
	ChatAppLoginData,
	ChatAppTokenFailure,
	ChatAppTokenResult,
} from './tokenSet';
import { chatAppApiRoot, chatAppEnvelopeError, parseChatAppTokenSet, REFRESH_TOKEN_SAFETY_SECONDS, toSeconds } from './tokenSet';

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
