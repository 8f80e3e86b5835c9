import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	ITriggerFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

import { backoffDelay, sleep } from '../../shared/backoff';
import type { MultipartPart } from '../../shared/http/multipart';
import type { ResponseHeaders } from '../../shared/http/retry';
import { IDEMPOTENT_METHODS, networkCodeOf, retryAfterMs, TRANSIENT_NETWORK_CODES } from '../../shared/http/retry';
import { jsonRequestOptions } from '../../shared/n8n/requestOptions';

import { chatwootApiError, chatwootNetworkError } from './errors';
import { extractRecord, extractRecords } from './list';

export type ChatwootContext =
	| IExecuteFunctions
	| ILoadOptionsFunctions
	| IHookFunctions
	| ITriggerFunctions
	| IWebhookFunctions;

export type ChatwootCredentialType = 'chatwootApi' | 'chatwootClientApi';

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
}

/** Retry policy: 429 is refused before Chatwoot does anything, so any method may retry it; 5xx and dropped connections only on idempotent methods. */
export const RETRY_POLICY = { maxRetries: 3, baseMs: 500, capMs: 8000, maxRetryAfterMs: 30000 };


interface FullResponse {
	statusCode: number;
	headers: ResponseHeaders;
	body: unknown;
}

/**
 * The one way this package talks to Chatwoot: auth through n8n's credential helpers
 * (base URL and token come from the credential's `authenticate`), JSON in and out,
 * retries with capped exponential backoff and jitter, and errors mapped to messages
 * a user can act on. Returns the parsed body of a 2xx response.
 */
export async function chatwootRequest(this: ChatwootContext, request: ChatwootRequest): Promise<unknown> {
	const credentialType = request.credentialType ?? 'chatwootApi';
	const method = request.method.toUpperCase() as IHttpRequestMethods;
	const options = jsonRequestOptions(request, true);

	for (let attempt = 0; ; attempt++) {
		let response: FullResponse;
		try {
			response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				credentialType,
				{ ...options },
			)) as FullResponse;
		} catch (error) {
			const code = networkCodeOf(error);
			if (IDEMPOTENT_METHODS.has(method) && code && TRANSIENT_NETWORK_CODES.has(code) && attempt < RETRY_POLICY.maxRetries) {
				await sleep(backoffDelay(attempt, RETRY_POLICY));
				continue;
			}
			throw chatwootNetworkError(this.getNode(), error, method, request.path, request.itemIndex);
		}

		const { statusCode } = response;
		if (statusCode >= 200 && statusCode < 300) return response.body;

		const retryable =
			statusCode === 429 || (statusCode >= 500 && IDEMPOTENT_METHODS.has(method) && request.retryServerErrors !== false);
		if (retryable && attempt < RETRY_POLICY.maxRetries) {
			await sleep(retryAfterMs(response.headers, RETRY_POLICY.maxRetryAfterMs) ?? backoffDelay(attempt, RETRY_POLICY));
			continue;
		}
		throw chatwootApiError(this.getNode(), {
			statusCode,
			body: response.body,
			method,
			path: request.path,
			attempts: attempt + 1,
			itemIndex: request.itemIndex,
		});
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
