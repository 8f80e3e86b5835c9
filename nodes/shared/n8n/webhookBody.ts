import type { IWebhookFunctions } from 'n8n-workflow';

/*
 * Webhook trigger nodes are at version 2 for what it saves inside n8n, not for anything
 * they do differently. n8n (checked in 2.41.1, dist/webhooks/webhook-helpers.js
 * parseRequestBody) evaluates the expression `{{$parameter["options"]["binaryData"]}}`
 * for every request to a webhook node whose typeVersion is 1 (the Webhook node v1 option),
 * whichever node it is. In 2.x expressions run in an isolated-vm context, and that one
 * evaluation was about a third of the CPU a delivery cost (BENCHMARKS.md, "Webhook
 * triggers inside n8n"). From version 2 on n8n skips it.
 *
 * The one thing that differs at version 2: n8n then reads the body only for content
 * types it parses (JSON, text/plain, form-urlencoded, XML); for any other (or none) it
 * leaves the stream unread. `receivedBody` reads it then, with n8n's own reader
 * (`req.readRawBody`, its size limit and content-encoding handling), so a trigger sees the
 * exact bytes whatever the version and the content type.
 */
export const WEBHOOK_TRIGGER_VERSIONS = [1, 2];

interface RawBodyRequest {
	rawBody?: unknown;
	readRawBody?: () => Promise<void>;
}

/**
 * The exact bytes of the request body, as n8n read them (or reads them now); undefined when
 * there are none to read: n8n parsed the stream itself (multipart/form-data, at either
 * version) or it was aborted. The caller then falls back to the parsed body, as at version 1.
 */
export async function receivedBody(ctx: IWebhookFunctions): Promise<Buffer | undefined> {
	const request = ctx.getRequestObject() as unknown as RawBodyRequest;
	if (Buffer.isBuffer(request.rawBody)) return request.rawBody;
	if (typeof request.readRawBody !== 'function') return undefined;
	try {
		await request.readRawBody();
	} catch {
		// "Request body stream was aborted or is not readable": nothing left to read.
		return undefined;
	}
	return Buffer.isBuffer(request.rawBody) ? request.rawBody : undefined;
}
