import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';

import type { MultipartPart } from '../http/multipart';
import { buildMultipart } from '../http/multipart';

export interface JsonRequest {
	method: IHttpRequestMethods;
	path: string;
	qs?: IDataObject;
	body?: IDataObject | IDataObject[];
	/** Sent as multipart/form-data instead of `body`. */
	multipart?: MultipartPart[];
}

/**
 * n8n request options for a JSON API (both transports): JSON or multipart body,
 * full response with the status left to the caller, Rails-style `key[]` arrays.
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
	};
}
