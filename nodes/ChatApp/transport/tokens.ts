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
import { REQUEST_TIMEOUTS } from '../../shared/http/networkFailure';
import { decideRedirect, isRedirect, originOf } from '../../shared/http/redirect';
import { networkCodeOf } from '../../shared/http/retry';
import type { Redactor } from '../../shared/secrets';
import { createRedactor } from '../../shared/secrets';

import { chatAppPathTemplate, fillChatAppPath, parseChatAppPathOverrides } from './paths';
import type {
	ChatAppHttp,
	ChatAppHttpResponse,
	ChatAppLoginData,
	ChatAppTokenFailure,
	ChatAppTokenResult,
} from './tokenSet';
import {
	chatAppApiRoot,
	chatAppEnvelopeError,
	chatAppLoginIdentity,
	parseChatAppTokenSet,
	REFRESH_TOKEN_SAFETY_SECONDS,
	toSeconds,
} from './tokenSet';

/** Everything of a login that must never show in a failure: the password and tokens everywhere, email and app ID too. */
export function chatAppLoginRedactor(login: ChatAppLoginData & { accessToken?: unknown }): Redactor {
	return createRedactor([
		{ value: login.password },
		{ value: login.accessToken },
		{ value: login.refreshToken },
		{ value: login.email, inItems: false },
		{ value: login.appId, inItems: false },
	]);
}

function headersFor(lang: unknown, extra: Record<string, string> = {}): Record<string, string> {
	const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': 'application/json', ...extra };
	const language = String(lang ?? '').trim();
	if (language) headers.Lang = language;
	return headers;
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

type Posted =
	| { response: ChatAppHttpResponse }
	| { networkCode: string }
	| { refused: Pick<ChatAppTokenFailure, 'httpStatus' | 'targetOrigin' | 'upgrade'> };

/**
 * POSTs with redirects off; a 307/308 within the same origin is followed (the body,
 * with the password, goes to the same host only), any other redirect is refused.
 */
async function post(http: ChatAppHttp, url: string, headers: Record<string, string>, body: Record<string, unknown>): Promise<Posted> {
	const allowedOrigin = originOf(url) ?? '';
	let current = url;
	for (let hops = 0; ; hops++) {
		let response: ChatAppHttpResponse;
		try {
			response = await http({
				method: 'POST',
				url: current,
				headers,
				body,
				json: true,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				disableFollowRedirect: true,
				sendCredentialsOnCrossOriginRedirect: false,
				timeout: REQUEST_TIMEOUTS.tokenMs,
			});
		} catch (error) {
			// The request options (with the password) hang off the raw error: keep only its code.
			return { networkCode: networkCodeOf(error) ?? 'UNKNOWN' };
		}
		if (!isRedirect(response.statusCode)) return { response };
		const decision = decideRedirect({
			status: response.statusCode,
			location: response.headers?.location,
			currentUrl: current,
			allowedOrigin,
			method: 'POST',
			hops,
		});
		if (!decision.follow) {
			return { refused: { httpStatus: response.statusCode, targetOrigin: decision.targetOrigin, upgrade: decision.upgrade } };
		}
		current = decision.url;
	}
}

function failureFrom(operation: 'tokens.make' | 'tokens.refresh', response: ChatAppHttpResponse, redactor: Redactor): ChatAppTokenFailure {
	const { statusCode, body } = response;
	const envelope = chatAppEnvelopeError(body);
	const apiMessage = envelope?.message ? redactor.text(envelope.message).slice(0, 300) : undefined;
	const apiCode = envelope?.code ? redactor.text(envelope.code).slice(0, 100) : undefined;
	const base = { operation, httpStatus: statusCode, apiCode, apiMessage };
	const isHtml = typeof body === 'string' && /^\s*</.test(body);
	if (statusCode === 404 || (isHtml && statusCode >= 300)) return { ...base, kind: 'notFound' };
	if (statusCode === 429) return { ...base, kind: 'rateLimited' };
	if (statusCode >= 500) return { ...base, kind: 'server' };
	if (statusCode >= 200 && statusCode < 300 && !envelope) return { ...base, kind: 'malformed' };
	return { ...base, kind: operation === 'tokens.make' ? 'credentials' : 'refresh' };
}

function unanswered(operation: 'tokens.make' | 'tokens.refresh', posted: Exclude<Posted, { response: ChatAppHttpResponse }>, origin: string): ChatAppTokenFailure {
	if ('networkCode' in posted) return { kind: 'network', operation, networkCode: posted.networkCode, origin };
	return { kind: 'redirect', operation, origin, ...posted.refused };
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
	const origin = originOf(target.url) ?? '';
	const posted = await post(http, target.url, headersFor(login.lang), { email, password, appId });
	if (!('response' in posted)) return { ok: false, failure: unanswered('tokens.make', posted, origin) };
	const { response } = posted;
	if (response.statusCode >= 200 && response.statusCode < 300) {
		const tokens = chatAppEnvelopeError(response.body) ? undefined : parseChatAppTokenSet(response.body);
		if (tokens) return { ok: true, tokens, via: 'make' };
	}
	return { ok: false, failure: { ...failureFrom('tokens.make', response, chatAppLoginRedactor(login)), origin } };
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
	const origin = originOf(target.url) ?? '';
	const posted = await post(http, target.url, headersFor(login.lang, { Refresh: refreshToken }), { refreshToken });
	if (!('response' in posted)) return { ok: false, failure: unanswered('tokens.refresh', posted, origin) };
	const { response } = posted;
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
	return { ok: false, failure: { ...failureFrom('tokens.refresh', response, chatAppLoginRedactor(login)), origin } };
}

/**
 * True when a stored refresh token exists, has not (nearly) ended, and belongs to the
 * login as it is configured now (`tokenIdentity`; tokens stored before it existed are
 * trusted as before).
 */
export function chatAppRefreshTokenUsable(login: ChatAppLoginData, nowMs = Date.now()): boolean {
	if (typeof login.refreshToken !== 'string' || login.refreshToken === '') return false;
	if (typeof login.tokenIdentity === 'string' && login.tokenIdentity !== '' && login.tokenIdentity !== chatAppLoginIdentity(login)) {
		return false;
	}
	const end = toSeconds(login.refreshTokenEndTime);
	return end === 0 || end - nowMs / 1000 > REFRESH_TOKEN_SAFETY_SECONDS;
}

/**
 * The token logic every caller should use: refresh when a live refresh token of this
 * login is stored, otherwise (or when refreshing fails) log in. Never loops: at most
 * one refresh and one login. (`obtainChatAppTokensOnce` in tokenBroker.ts adds the
 * in-process coordination the credential uses.)
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
