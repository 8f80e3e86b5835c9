import type {
	IAdditionalCredentialOptions,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	ITriggerFunctions,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { backoffDelay, sleep } from '../../shared/backoff';
import type { MultipartPart } from '../../shared/http/multipart';
import { requestTimeoutMs } from '../../shared/http/networkFailure';
import { decideRedirect, describeRedirectRefusal, isRedirect, originOf } from '../../shared/http/redirect';
import type { ResponseHeaders } from '../../shared/http/retry';
import { IDEMPOTENT_METHODS, networkCodeOf, retryAfterMs, TRANSIENT_NETWORK_CODES } from '../../shared/http/retry';
import { apiNodeError, networkNodeError, redactError } from '../../shared/n8n/errors';
import { jsonRequestOptions, NO_REDIRECTS } from '../../shared/n8n/requestOptions';
import type { Redactor } from '../../shared/secrets';
import { secretsSentIn } from '../../shared/secrets';

import { chatAppApiError, chatAppAuthNodeError } from './errors';
import type { ChatAppPathName } from './paths';
import { chatAppPathTemplate, fillChatAppPath, parseChatAppPathOverrides } from './paths';
import { findChatAppAuthError } from './tokenErrors';
import { chatAppLoginRedactor } from './tokens';
import {
	CHATAPP_PROACTIVE_REFRESH_SECONDS,
	chatAppAccessTokenExpiresWithin,
	chatAppApiRoot,
	chatAppEnvelopeError,
	isChatAppInvalidToken,
} from './tokenSet';

export const CHATAPP_CREDENTIAL = 'chatAppApi';

export type ChatAppContext =
	| IExecuteFunctions
	| ILoadOptionsFunctions
	| IHookFunctions
	| ITriggerFunctions
	| IWebhookFunctions;

export interface ChatAppRequest {
	method: IHttpRequestMethods;
	/** Path below the API root, starting with `/` (see `chatAppPath`). */
	path: string;
	qs?: IDataObject;
	body?: IDataObject | IDataObject[];
	/** Sent as multipart/form-data instead of `body` (file upload). */
	multipart?: MultipartPart[];
	itemIndex?: number;
	/** Abandon the request after this long (default 120 s, uploads 10 min). */
	timeoutMs?: number;
	/** Aborts the request (a realtime trigger being closed). */
	abortSignal?: AbortSignal;
}

/** 429 may be retried for any method; 5xx and dropped connections only for idempotent ones. */
export const CHATAPP_RETRY_POLICY = { maxRetries: 3, baseMs: 500, capMs: 8000, maxRetryAfterMs: 30000 };

/** Statuses after which n8n runs preAuthentication (refresh) and retries once, for callers that let n8n do it (channel auth). */
export const CHATAPP_TOKEN_RETRY_STATUSES = [401, 403];

interface FullResponse {
	statusCode: number;
	headers?: ResponseHeaders;
	body: unknown;
}

export async function chatAppCredentials(this: ChatAppContext): Promise<ICredentialDataDecryptedObject> {
	return await this.getCredentials(CHATAPP_CREDENTIAL);
}

/**
 * Resolves a named path template (node override → credential "Path Overrides" →
 * default) and fills its placeholders with URL-encoded values.
 */
export async function chatAppPath(
	this: ChatAppContext,
	name: ChatAppPathName,
	values: Record<string, string | number | undefined>,
	options: { nodeOverride?: string; itemIndex?: number } = {},
): Promise<string> {
	const credentials = await chatAppCredentials.call(this);
	const { overrides, error } = parseChatAppPathOverrides(credentials.pathOverrides);
	if (error) {
		throw new NodeOperationError(this.getNode(), error, {
			itemIndex: options.itemIndex,
			description: 'Fix the credential\'s Path Overrides: a JSON object such as {"messages.sendText": "/v1/…"}.',
		});
	}
	const filled = fillChatAppPath(chatAppPathTemplate(name, overrides, options.nodeOverride), values);
	if (filled.error) {
		throw new NodeOperationError(this.getNode(), filled.error, {
			itemIndex: options.itemIndex,
			description: 'Placeholders available here: ' + Object.keys(values).map((k) => `{${k}}`).join(', '),
		});
	}
	return filled.path;
}

/** The credential's secrets (password and tokens everywhere; email and app ID in errors only) plus those a request carries. */
export function chatAppRedactor(credentials: ICredentialDataDecryptedObject, ...sent: unknown[]): Redactor {
	return chatAppLoginRedactor(credentials).with(secretsSentIn(...sent));
}

/** Redacts, in place, the response data n8n's request error carries along its cause chain. */
function redactHttpError(error: unknown, redactor: Redactor): void {
	let current: unknown = error;
	for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
		const response = (current as { response?: { data?: unknown } }).response;
		if (response && typeof response === 'object' && response.data !== undefined) response.data = redactor.value(response.data);
		current = (current as { cause?: unknown }).cause;
	}
}

/**
 * One authenticated request, never following a redirect (n8n's helpers would re-add the
 * token on another origin). `forceRefresh` hands n8n a copy of the credential with an
 * empty access token, so n8n runs `preAuthentication` (refresh, else login), stores the
 * new tokens and sends the request with them. Known secrets are redacted from the
 * answer (and from the response an error carries) before anyone reads it.
 */
export async function sendWithChatAppAuth(
	this: ChatAppContext,
	options: IHttpRequestOptions,
	forceRefresh: boolean,
	known?: { redactor: Redactor; accessToken: unknown },
): Promise<FullResponse & { redactor: Redactor }> {
	const extra: IAdditionalCredentialOptions = { preAuthenticationRetryStatusCode: CHATAPP_TOKEN_RETRY_STATUSES };
	const data = forceRefresh || !known ? await this.getCredentials(CHATAPP_CREDENTIAL) : undefined;
	let secrets = known?.redactor ?? chatAppRedactor(data ?? {}, options.body, options.qs);
	const hadToken = !!(known ? known.accessToken : data?.accessToken);
	/** n8n may have logged in or refreshed inside the call (empty token, 401/403 retry): learn the tokens it stored. */
	const learnNewTokens = async () => {
		const now = await this.getCredentials(CHATAPP_CREDENTIAL);
		secrets = secrets.with([{ value: now.accessToken }, { value: now.refreshToken }]);
	};
	if (forceRefresh && data) {
		const reference = this.getNode().credentials?.[CHATAPP_CREDENTIAL];
		extra.credentialsDecrypted = {
			id: reference?.id ?? '',
			name: reference?.name ?? CHATAPP_CREDENTIAL,
			type: CHATAPP_CREDENTIAL,
			data: { ...data, accessToken: '' },
		};
	}
	let response: FullResponse;
	try {
		response = (await this.helpers.httpRequestWithAuthentication.call(
			this,
			CHATAPP_CREDENTIAL,
			{ ...options, ...NO_REDIRECTS },
			extra,
		)) as FullResponse;
	} catch (error) {
		await learnNewTokens().catch(() => undefined);
		redactHttpError(error, secrets);
		// n8n's helpers already threw a NodeApiError; this hands back the same one.
		throw new NodeApiError(this.getNode(), error as JsonObject);
	}
	const ok = response.statusCode >= 200 && response.statusCode < 300;
	if (forceRefresh || !ok || !hadToken) await learnNewTokens();
	response.body = (ok ? secrets.forItems() : secrets).value(response.body);
	return { ...response, redactor: secrets };
}

/**
 * The one way this package talks to the ChatApp REST API. Returns the parsed body
 * of a successful response (`{success:true, data}` as ChatApp sends it).
 *
 * Token handling (every refresh is this function's own, so it knows the new token):
 * - `ApiInvalidTokenError` (any status, 200 + success:false included), 401 or 403
 *   force one refresh and one retry;
 * - uploads refresh first when the token ends within 10 minutes, because a refused
 *   upload would have to be sent twice.
 * Redirects are followed only within the API Base URL's origin; every known secret
 * is redacted from the answer and from every error.
 */
export async function chatAppRequest(this: ChatAppContext, request: ChatAppRequest): Promise<unknown> {
	const node = this.getNode();
	let method = request.method.toUpperCase() as IHttpRequestMethods;
	const multipart = request.multipart !== undefined;
	let options = jsonRequestOptions(request, true);
	if (request.abortSignal) options.abortSignal = request.abortSignal;

	const stored = await chatAppCredentials.call(this);
	const root = chatAppApiRoot(stored.apiBaseUrl);
	const origin = originOf(root) ?? root;
	let redactor = chatAppRedactor(stored, request.body, request.qs);
	const margin = multipart ? CHATAPP_PROACTIVE_REFRESH_SECONDS : 0;
	let forceRefresh =
		typeof stored.accessToken === 'string' && stored.accessToken !== '' && chatAppAccessTokenExpiresWithin(stored, margin);
	let refreshedHere = forceRefresh;
	/** Whether a token was stored before this attempt (if not, n8n logs in inside the call, and the transport learns it). */
	let hadToken = typeof stored.accessToken === 'string' && stored.accessToken !== '';
	let where = `${method} ${request.path}`;
	let currentUrl = `${root}${request.path}`;
	let hops = 0;

	for (let attempt = 0; ; ) {
		let response: FullResponse & { redactor: Redactor };
		try {
			response = await sendWithChatAppAuth.call(this, options, forceRefresh, { redactor, accessToken: hadToken });
			redactor = response.redactor;
		} catch (error) {
			const authError = findChatAppAuthError(error);
			if (authError) throw redactError(chatAppAuthNodeError(node, authError, request.itemIndex), redactor);
			const code = networkCodeOf(error);
			if (IDEMPOTENT_METHODS.has(method) && code && TRANSIENT_NETWORK_CODES.has(code) && attempt < CHATAPP_RETRY_POLICY.maxRetries) {
				forceRefresh = false;
				await sleep(backoffDelay(attempt++, CHATAPP_RETRY_POLICY));
				continue;
			}
			const timeoutMs = requestTimeoutMs(request);
			throw networkNodeError(node, { service: 'ChatApp', origin, where, setting: 'API Base URL', code, timeoutMs }, redactor, request.itemIndex);
		}
		hadToken = true;
		forceRefresh = false;

		const { statusCode, body } = response;
		const envelope = chatAppEnvelopeError(body);
		if (statusCode >= 200 && statusCode < 300 && !envelope) return body;

		if (isRedirect(statusCode)) {
			const decision = decideRedirect({ status: statusCode, location: response.headers?.location, currentUrl, allowedOrigin: origin, method, hops });
			if (!decision.follow) {
				const refusal = describeRedirectRefusal(decision, { service: 'ChatApp', setting: 'API Base URL', status: statusCode, where, configuredOrigin: origin });
				throw apiNodeError(node, { ...refusal, httpCode: statusCode, itemIndex: request.itemIndex }, redactor);
			}
			hops += 1;
			method = decision.method as IHttpRequestMethods;
			currentUrl = decision.url;
			where = `${method} ${new URL(decision.url).pathname}`;
			options = { ...options, method, url: decision.url, qs: undefined, ...(decision.keepBody ? {} : { body: undefined, headers: { Accept: 'application/json' } }) };
			continue;
		}

		const tokenProblem = isChatAppInvalidToken(body) || statusCode === 401 || statusCode === 403;
		if (tokenProblem && !refreshedHere) {
			refreshedHere = true;
			forceRefresh = true;
			continue;
		}
		const retryable = statusCode === 429 || (statusCode >= 500 && IDEMPOTENT_METHODS.has(method));
		if (retryable && attempt < CHATAPP_RETRY_POLICY.maxRetries) {
			await sleep(retryAfterMs(response.headers, CHATAPP_RETRY_POLICY.maxRetryAfterMs) ?? backoffDelay(attempt, CHATAPP_RETRY_POLICY));
			attempt += 1;
			continue;
		}
		throw chatAppApiError(
			node,
			{ statusCode, body, method, path: request.path, attempts: attempt + 1, afterRefresh: refreshedHere, itemIndex: request.itemIndex },
			redactor,
		);
	}
}

/** `data` of a `{success, data}` body; the body itself otherwise. */
export function chatAppData(body: unknown): unknown {
	if (body && typeof body === 'object' && !Array.isArray(body) && 'data' in (body as IDataObject)) {
		return (body as IDataObject).data;
	}
	return body;
}

/**
 * Records and cursor of a list response. Seen shapes: `data.items[]` + `data.nextPage`
 * (messages, templates), `data[]` (licenses); chats are unknown, so `items`,
 * `data.data[]` and a top-level `nextPage` are accepted too.
 */
export function chatAppList(body: unknown): { items: IDataObject[]; nextPage?: string } {
	const data = chatAppData(body);
	const outer = body && typeof body === 'object' && !Array.isArray(body) ? (body as IDataObject) : {};
	const cursorOf = (...values: unknown[]) => {
		for (const value of values) {
			if (typeof value === 'string' && value !== '') return value;
			if (typeof value === 'number' && Number.isFinite(value)) return String(value);
		}
		return undefined;
	};
	if (Array.isArray(data)) {
		return { items: data as IDataObject[], nextPage: cursorOf(outer.nextPage, (outer.meta as IDataObject)?.nextPage) };
	}
	if (data && typeof data === 'object') {
		const record = data as IDataObject;
		for (const key of ['items', 'data', 'chats', 'messages']) {
			if (Array.isArray(record[key])) {
				return {
					items: record[key] as IDataObject[],
					nextPage: cursorOf(record.nextPage, outer.nextPage, (record.meta as IDataObject)?.nextPage),
				};
			}
		}
		return { items: [record] };
	}
	return { items: [] };
}

export function cursorToQuery(nextPage: string, cursorParameter: string): IDataObject {
	const queryStart = nextPage.indexOf('?');
	if (/^(https?:\/\/|\/)/i.test(nextPage) || (queryStart >= 0 && nextPage.includes('='))) {
		const query: IDataObject = {};
		const search = queryStart >= 0 ? nextPage.slice(queryStart + 1) : '';
		for (const [key, value] of new URLSearchParams(search)) query[key] = value;
		if (Object.keys(query).length > 0) return query;
	}
	return { [cursorParameter || 'page']: nextPage };
}
