import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	ISupplyDataFunctions,
	ITriggerFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

import { backoffDelay, sleep } from '../../shared/backoff';
import type { MultipartPart } from '../../shared/http/multipart';
import { requestTimeoutMs } from '../../shared/http/networkFailure';
import { decideRedirect, describeRedirectRefusal, isRedirect, originOf } from '../../shared/http/redirect';
import type { ResponseHeaders } from '../../shared/http/retry';
import { IDEMPOTENT_METHODS, networkCodeOf, retryAfterMs, TRANSIENT_NETWORK_CODES } from '../../shared/http/retry';
import { apiNodeError, networkNodeError } from '../../shared/n8n/errors';
import { jsonRequestOptions } from '../../shared/n8n/requestOptions';
import type { KnownSecret, Redactor } from '../../shared/secrets';
import { createRedactor, secretsReceivedIn, secretsSentIn } from '../../shared/secrets';

import { chatwootCredentialSecrets } from './auth';
import { normalizeChatwootBaseUrl } from './baseUrl';
import { chatwootApiError } from './errors';
import { extractRecord, extractRecords } from './list';

export type ChatwootContext =
	| IExecuteFunctions
	| ILoadOptionsFunctions
	| IHookFunctions
	| ITriggerFunctions
	| IWebhookFunctions
	| ISupplyDataFunctions;

export type ChatwootCredentialType = 'chatwootApi' | 'chatwootClientApi' | 'chatwootPlatformApi';

export interface ChatwootRequest {
	method: IHttpRequestMethods;
	/** Path below the installation root, starting with `/`. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject | IDataObject[];
	/** Sent as multipart/form-data instead of `body` (attachments). */
	multipart?: MultipartPart[];
	credentialType?: ChatwootCredentialType;
	itemIndex?: number;
	/** Retry 5xx on idempotent methods (default true). Off where a 500 is a verdict, not a hiccup (HMAC rejections). */
	retryServerErrors?: boolean;
	/** More values to keep out of errors and logs (a contact identifier in the path); the credential's are always redacted. */
	secrets?: KnownSecret[];
	/** Retries after the first attempt (default RETRY_POLICY.maxRetries); 0 where an answer is due within seconds (webhook()). */
	maxRetries?: number;
	/** Abandon the request after this long (default 120 s, uploads 10 min). */
	timeoutMs?: number;
	/** Aborts the request and any retry wait (a realtime trigger closing). */
	abortSignal?: AbortSignal;
}

/** Retry policy: 429 is refused before Chatwoot does anything, so any method may retry it; 5xx and dropped connections only on idempotent methods. */
export const RETRY_POLICY = { maxRetries: 3, baseMs: 500, capMs: 8000, maxRetryAfterMs: 30000 };

interface FullResponse {
	statusCode: number;
	headers: ResponseHeaders;
	body: unknown;
}

/**
 * Secret values this execution context has received in answers (a profile's
 * pubsub_token, an inbox's hmac_token): kept out of its later errors. Per context, in
 * a WeakMap, bounded; gone with the context.
 */
const received = new WeakMap<object, KnownSecret[]>();
const MAX_RECEIVED = 100;

function remember(context: object, body: unknown): void {
	const found = secretsReceivedIn(body);
	if (found.length === 0) return;
	const known = received.get(context) ?? [];
	for (const secret of found) if (!known.some((k) => k.value === secret.value)) known.push(secret);
	received.set(context, known.slice(-MAX_RECEIVED));
}

/** Where a request goes and what must never show in what comes back. */
interface Destination {
	origin: string;
	root: string;
	redactor: Redactor;
}

async function destinationOf(this: ChatwootContext, request: ChatwootRequest, credentialType: ChatwootCredentialType): Promise<Destination> {
	const credentials = await this.getCredentials(credentialType, request.itemIndex);
	const root = normalizeChatwootBaseUrl(credentials.baseUrl);
	const redactor = createRedactor([
		...chatwootCredentialSecrets(credentials),
		...(request.secrets ?? []),
		...secretsSentIn(request.body, request.qs),
		...(received.get(this) ?? []),
	]);
	return { origin: originOf(root) ?? root, root, redactor };
}

/**
 * The one way this package talks to Chatwoot: auth through n8n's credential helpers
 * (base URL and token come from the credential's `authenticate`), JSON in and out,
 * retries with capped exponential backoff and jitter, errors mapped to messages a user
 * can act on. Redirects are followed only within the credential's origin (the token
 * never goes to another host), and every known secret is redacted from the answer and
 * from every error. Returns the parsed body of a 2xx response.
 */
export async function chatwootRequest(this: ChatwootContext, request: ChatwootRequest): Promise<unknown> {
	const credentialType = request.credentialType ?? 'chatwootApi';
	const node = this.getNode();
	const { origin, root, redactor } = await destinationOf.call(this, request, credentialType);
	let method = request.method.toUpperCase() as IHttpRequestMethods;
	let options = jsonRequestOptions(request, true);
	let where = `${method} ${request.path}`;
	let currentUrl = `${root}${request.path}`;
	let hops = 0;
	const maxRetries = request.maxRetries ?? RETRY_POLICY.maxRetries;

	for (let attempt = 0; ; ) {
		let response: FullResponse;
		try {
			response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				credentialType,
				{ ...options },
			)) as FullResponse;
		} catch (error) {
			const code = networkCodeOf(error);
			if (IDEMPOTENT_METHODS.has(method) && code && TRANSIENT_NETWORK_CODES.has(code) && attempt < maxRetries && !request.abortSignal?.aborted) {
				await sleep(backoffDelay(attempt++, RETRY_POLICY), request.abortSignal);
				continue;
			}
			const timeoutMs = requestTimeoutMs(request);
			throw networkNodeError(node, { service: 'Chatwoot', origin, where, setting: 'Base URL', code, timeoutMs }, redactor, request.itemIndex);
		}

		const { statusCode } = response;
		if (statusCode >= 200 && statusCode < 300) {
			const body = redactor.forItems().value(response.body);
			remember(this, body);
			return body;
		}

		if (isRedirect(statusCode)) {
			const decision = decideRedirect({ status: statusCode, location: response.headers?.location, currentUrl, allowedOrigin: origin, method, hops });
			if (!decision.follow) {
				const { message, description } = describeRedirectRefusal(decision, {
					service: 'Chatwoot',
					setting: 'Base URL',
					status: statusCode,
					where,
					configuredOrigin: origin,
				});
				throw apiNodeError(node, { message, description, httpCode: statusCode, itemIndex: request.itemIndex }, redactor);
			}
			hops += 1;
			method = decision.method as IHttpRequestMethods;
			currentUrl = decision.url;
			where = `${method} ${new URL(decision.url).pathname}`;
			options = {
				...options,
				method,
				url: decision.url,
				qs: undefined,
				...(decision.keepBody ? {} : { body: undefined, headers: { Accept: 'application/json' } }),
			};
			continue;
		}

		const retryable =
			statusCode === 429 || (statusCode >= 500 && IDEMPOTENT_METHODS.has(method) && request.retryServerErrors !== false);
		if (retryable && attempt < maxRetries && !request.abortSignal?.aborted) {
			await sleep(retryAfterMs(response.headers, RETRY_POLICY.maxRetryAfterMs) ?? backoffDelay(attempt, RETRY_POLICY), request.abortSignal);
			attempt += 1;
			continue;
		}
		throw chatwootApiError(
			node,
			{ statusCode, body: response.body, method, path: request.path, attempts: attempt + 1, itemIndex: request.itemIndex },
			redactor,
		);
	}
}

/** One record: the body of a 2xx answer, unwrapped from `{payload: …}`. */
export async function chatwootRecord(this: ChatwootContext, request: ChatwootRequest): Promise<IDataObject> {
	return extractRecord(await chatwootRequest.call(this, request));
}

/** A list: the body of a 2xx answer, unwrapped from whichever list envelope Chatwoot uses there. */
export async function chatwootRecords(this: ChatwootContext, request: ChatwootRequest): Promise<IDataObject[]> {
	return extractRecords(await chatwootRequest.call(this, request));
}
