import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { apiNodeError } from '../../shared/n8n/errors';
import type { Redactor } from '../../shared/secrets';
import { createRedactor } from '../../shared/secrets';

import type { ChatAppAuthError } from './tokenErrors';
import { chatAppEnvelopeError } from './tokenSet';

const NO_REDACTION = createRedactor([]);

export interface ChatAppHttpFailure {
	statusCode: number;
	body: unknown;
	method: string;
	path: string;
	/** How many times the request was sent. */
	attempts?: number;
	/** True when a token refresh already happened for this request. */
	afterRefresh?: boolean;
	itemIndex?: number;
}

function looksLikeHtml(text: string): boolean {
	return /^\s*<(!doctype|html|head|body|\?xml)/i.test(text);
}

/** Only the parts of a response body that are safe and useful to show. */
export function sanitizedChatAppBody(body: unknown): JsonObject {
	const envelope = chatAppEnvelopeError(body);
	if (envelope) {
		return { success: false, error: { code: envelope.code ?? null, message: envelope.message ?? null } } as JsonObject;
	}
	if (typeof body === 'string') return { text: looksLikeHtml(body) ? '[HTML page]' : body.trim().slice(0, 300) };
	return {};
}

/** Maps a ChatApp error response to a message and description a user can act on. */
export function describeChatAppFailure(failure: ChatAppHttpFailure): { message: string; description: string } {
	const { statusCode, body, method, path } = failure;
	const where = `${method} ${path}`;
	const envelope = chatAppEnvelopeError(body);
	const code = envelope?.code;
	const apiText = envelope?.message ?? (typeof body === 'string' && !looksLikeHtml(body) ? body.trim().slice(0, 300) : '');
	const said = code || apiText ? `ChatApp error ${[code, apiText].filter(Boolean).join(': ')}` : '';

	if (code === 'ApiInvalidTokenError') {
		return {
			message: said || 'ChatApp rejected the access token',
			description: `ChatApp refused the access token for ${where}${failure.afterRefresh !== false ? ' even after getting a new one' : ''}. Check that the credential's App ID belongs to the same ChatApp account as the email, then save the credential again to log in afresh.`,
		};
	}
	if (statusCode === 401) {
		return {
			message: said || 'ChatApp did not accept the access token (401)',
			description: `${where} was refused after refreshing the token. Check the credential's email, password and App ID.`,
		};
	}
	if (statusCode === 403) {
		return {
			message: said || 'ChatApp refused the request (403)',
			description: `${where}: this ChatApp account has no access here. Check the license ID and messenger type (the License → Get Many operation lists what the account can use), and that the license is paid.`,
		};
	}
	if (statusCode === 404) {
		if (!envelope && (typeof body !== 'object' || body === null)) {
			return {
				message: 'The ChatApp endpoint was not found',
				description: `${where} answered 404 without a ChatApp error. The path may differ from what this package assumes (ChatApp's reference was not available to us): set the right path in the operation's Options → Path Template or in the credential's Path Overrides, or check the credential's API Base URL.`,
			};
		}
		return {
			message: said || 'The ChatApp resource was not found',
			description: `${where}: check the license ID, messenger type and chat ID (WhatsApp chat IDs look like 79001234567@c.us).`,
		};
	}
	if (statusCode === 422 || statusCode === 400) {
		return {
			message: said || `ChatApp refused the input (${statusCode})`,
			description: `ChatApp validated ${where} and rejected it. Correct the fields named above.`,
		};
	}
	if (statusCode === 429) {
		return {
			message: said || 'ChatApp rate limit reached (429)',
			description: `ChatApp kept answering 429 after ${failure.attempts ?? 1} attempts. Slow the workflow down (Loop Over Items with a Wait node).`,
		};
	}
	if (statusCode >= 500) {
		return {
			message: said || `ChatApp server error (${statusCode})`,
			description: `${where} failed on the ChatApp server${failure.attempts && failure.attempts > 1 ? ` after ${failure.attempts} attempts` : ''}. Try again later.`,
		};
	}
	if (statusCode >= 200 && statusCode < 300) {
		return {
			message: said || 'ChatApp answered success:false',
			description: `ChatApp reported a failure for ${where} without an HTTP error status.`,
		};
	}
	return { message: said || `ChatApp answered HTTP ${statusCode}`, description: `${where} failed with HTTP ${statusCode}.` };
}

/** A NodeApiError built only from sanitized values, every known secret redacted: request headers (the token) never reach it. */
export function chatAppApiError(node: INode, failure: ChatAppHttpFailure, redactor: Redactor = NO_REDACTION): NodeApiError {
	const body = redactor.value(failure.body);
	const { message, description } = describeChatAppFailure({ ...failure, body });
	return apiNodeError(
		node,
		{ message, description, httpCode: failure.statusCode, body: sanitizedChatAppBody(body), itemIndex: failure.itemIndex },
		redactor,
	);
}

/** Token issue or refresh failed (wrong password, dead refresh token, unreachable API). Its texts are built without secrets. */
export function chatAppAuthNodeError(node: INode, error: ChatAppAuthError, itemIndex?: number): NodeApiError {
	const description = error.description ?? '';
	const response: JsonObject = { message: error.message, description, kind: error.kind };
	return new NodeApiError(node, response, {
		message: error.message,
		description,
		...(error.httpStatusCode ? { httpCode: String(error.httpStatusCode) } : {}),
		itemIndex,
	});
}
