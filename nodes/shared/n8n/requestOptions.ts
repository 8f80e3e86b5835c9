import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';

import type { MultipartPart } from '../http/multipart';
import { buildMultipart } from '../http/multipart';
import { requestTimeoutMs } from '../http/networkFailure';

/**
 * Every request of this package: n8n's helpers follow no redirect (a 3xx comes back to
 * the transport, which follows it only within the configured origin, see
 * shared/http/redirect.ts) and never re-add credentials on another origin.
 */
export const NO_REDIRECTS = { disableFollowRedirect: true, sendCredentialsOnCrossOriginRedirect: false } as const;

/** The same for n8n's legacy `helpers.request` (credential tests). */
export const NO_LEGACY_REDIRECTS = { followRedirect: false, followAllRedirects: false, sendCredentialsOnCrossOriginRedirect: false } as const;

export interface JsonRequest {
	method: IHttpRequestMethods;
	path: string;
	qs?: IDataObject;
	body?: IDataObject | IDataObject[];
	/** Sent as multipart/form-data instead of `body`. */
	multipart?: MultipartPart[];
	/** Abandon the request after this long (default 120 s, uploads 10 min: REQUEST_TIMEOUTS). */
	timeoutMs?: number;
	/** Aborts the request (a trigger closing while it is in flight). */
	abortSignal?: AbortSignal;
}

/**
 * n8n request options for a JSON API (both transports): JSON or multipart body,
 * full response with the status left to the caller, Rails-style `key[]` arrays, a
 * timeout, and no redirects followed by n8n.
 */
export function jsonRequestOptions(
	request: JsonRequest,
	ignoreHttpStatusErrors: IHttpRequestOptions['ignoreHttpStatusErrors'],
): IHttpRequestOptions {
	const multipart = request.multipart ? buildMultipart(request.multipart) : undefined;
	return {
		method: request.method.toUpperCase() as IHttpRequestMethods,
		url: request.path,
		qs: request.qs,
		body: multipart ? multipart.body : request.body,
		json: true,
		headers: multipart
			? { Accept: 'application/json', 'Content-Type': multipart.contentType }
			: { Accept: 'application/json' },
		returnFullResponse: true,
		ignoreHttpStatusErrors,
		arrayFormat: 'brackets',
		timeout: requestTimeoutMs(request),
		...(request.abortSignal ? { abortSignal: request.abortSignal } : {}),
		...NO_REDIRECTS,
	};
}
