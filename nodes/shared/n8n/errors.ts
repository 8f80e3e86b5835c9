import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { NetworkFailureContext } from '../http/networkFailure';
import { describeNetworkFailure } from '../http/networkFailure';
import type { Redactor } from '../secrets';

/**
 * Errors of both transports, built only from plain values (never from the HTTP
 * library's error, whose config carries the request headers and body) and redacted
 * everywhere n8n keeps their text: the editor, the execution data and n8n's log.
 */

/** Redacts, in place, every text n8n keeps of an error: message, description, messages, stack, response, context and cause. */
export function redactError<E extends Error>(error: E, redactor: Redactor): E {
	if (redactor.empty) return error;
	const target = error as E & {
		description?: unknown;
		messages?: unknown;
		errorResponse?: unknown;
		context?: unknown;
		cause?: unknown;
	};
	target.message = redactor.text(String(target.message ?? ''));
	if (typeof target.stack === 'string') target.stack = redactor.text(target.stack);
	if (typeof target.description === 'string') target.description = redactor.text(target.description);
	if (Array.isArray(target.messages)) target.messages = target.messages.map((m) => (typeof m === 'string' ? redactor.text(m) : m));
	if (target.errorResponse && typeof target.errorResponse === 'object') redactor.value(target.errorResponse);
	if (target.context && typeof target.context === 'object') redactor.value(target.context);
	const cause = target.cause;
	if (cause instanceof Error) redactError(cause, redactor);
	else if (cause && typeof cause === 'object') redactor.value(cause);
	return error;
}

export interface ApiErrorParts {
	message: string;
	description: string;
	httpCode?: number;
	/** What of the response may be shown (already sanitized by the platform). */
	body?: unknown;
	itemIndex?: number;
}

/** A NodeApiError from plain parts, with every known secret redacted. */
export function apiNodeError(node: INode, parts: ApiErrorParts, redactor: Redactor): NodeApiError {
	const message = redactor.text(parts.message);
	const description = redactor.text(parts.description);
	const response: JsonObject = {
		...(parts.httpCode !== undefined ? { httpCode: String(parts.httpCode) } : {}),
		message,
		...(parts.body !== undefined ? { body: redactor.value(parts.body) as JsonObject } : {}),
	};
	const error = new NodeApiError(node, response, {
		message,
		description,
		...(parts.httpCode !== undefined ? { httpCode: String(parts.httpCode) } : {}),
		itemIndex: parts.itemIndex,
	});
	return redactError(error, redactor);
}

/**
 * No HTTP answer (DNS, refused, reset, timeout, TLS). The code stays out of the message
 * and out of every field NodeApiError reads a code from, so n8n keeps this message and
 * its hint instead of its generic "The connection cannot be established…".
 */
export function networkNodeError(node: INode, context: NetworkFailureContext, redactor: Redactor, itemIndex?: number): NodeApiError {
	const { message, description } = describeNetworkFailure(context);
	return apiNodeError(node, { message, description, itemIndex, body: { networkCode: context.code ?? null } }, redactor);
}
