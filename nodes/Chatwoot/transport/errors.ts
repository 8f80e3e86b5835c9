import type { INode, JsonObject, NodeApiError } from 'n8n-workflow';

import { apiNodeError } from '../../shared/n8n/errors';
import type { Redactor } from '../../shared/secrets';
import { createRedactor } from '../../shared/secrets';

import { CHATWOOT_TOKEN_HEADER } from './auth';

const NO_REDACTION = createRedactor([]);

export interface ChatwootHttpFailure {
	statusCode: number;
	body: unknown;
	method: string;
	path: string;
	/** How many times the request was sent (more than 1 after retries). */
	attempts?: number;
	itemIndex?: number;
}

/** Chatwoot puts error text in `error`, `errors[]` or `message`; read all three. */
export function chatwootErrorText(body: unknown): string {
	if (typeof body === 'string') return looksLikeHtml(body) ? '' : body.trim().slice(0, 300);
	if (!body || typeof body !== 'object') return '';
	const record = body as Record<string, unknown>;
	const parts: string[] = [];
	if (typeof record.error === 'string') parts.push(record.error);
	if (record.error && typeof record.error === 'object') {
		const nested = (record.error as Record<string, unknown>).message;
		if (typeof nested === 'string') parts.push(nested);
	}
	if (Array.isArray(record.errors)) parts.push(...record.errors.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))));
	if (typeof record.message === 'string') parts.push(record.message);
	return parts.join('; ');
}

function looksLikeHtml(text: string): boolean {
	return /^\s*<(!doctype|html|head|body)/i.test(text);
}

const BOT_ENDPOINTS =
	'show, toggle status, toggle typing, toggle priority, create and update conversations, set custom attributes, create messages, assign, and list or set conversation labels';

/** Maps a Chatwoot error response to a message and description a user can act on. */
export function describeChatwootFailure(failure: ChatwootHttpFailure): { message: string; description: string } {
	const { statusCode, body, method, path } = failure;
	const text = chatwootErrorText(body);
	const where = `${method} ${path}`;

	if (statusCode === 401) {
		if (/Invalid Access Token/i.test(text)) {
			return {
				message: 'Chatwoot rejected the access token',
				description:
					'The token is unknown or was reset. Copy it again from Chatwoot → Profile Settings → Access Token and update the credential.',
			};
		}
		// PlatformController (Chatwoot 4.15.1): set_platform_app and validate_platform_app_permissible.
		if (/Invalid access_token/.test(text)) {
			return {
				message: 'Chatwoot rejected the platform app token',
				description: 'The Platform API takes the access token of a Platform App (Super Admin → Platform Apps); user and agent-bot tokens do not work there. Copy the platform app token into the credential.',
			};
		}
		if (/Non permissible resource/i.test(text)) {
			return {
				message: 'This platform app may not manage this record',
				description: `Chatwoot lets a platform app manage only the accounts, users and agent bots it created itself (platform_app_permissibles); ${where} names one made elsewhere (in the dashboard or by another platform app).`,
			};
		}
		if (/not authorized for bots/i.test(text)) {
			return {
				message: 'This operation needs a user access token, not an agent-bot token',
				description: `Chatwoot lets agent-bot tokens call only: ${BOT_ENDPOINTS}. Use a user access token (Profile Settings → Access Token) for ${where}.`,
			};
		}
		if (/Bot is not authorized to access this account|not authorized to access this account/i.test(text)) {
			return {
				message: 'This token has no access to the chosen account',
				description:
					'Pick an account this token belongs to in "Account" (the list shows the accounts of the token\'s user), or use a token of a user of that account.',
			};
		}
		if (/suspended/i.test(text)) {
			return { message: 'The Chatwoot account is suspended', description: 'Ask the installation administrator to reactivate it.' };
		}
		if (/not authorized to do this action/i.test(text)) {
			return {
				message: "The token's user is not allowed to do this",
				description: `Chatwoot refused ${where} for this user's role. Use a token of an administrator, or of an agent with access to this inbox.`,
			};
		}
		return {
			message: 'Chatwoot did not receive a valid access token',
			description: `This package sends the token in the ${CHATWOOT_TOKEN_HEADER} header (not "Authorization: Bearer", which Chatwoot ignores); Chatwoot 1.4 and later read it like api_access_token, and proxies pass it on unchanged. If the credential has the token, something between n8n and Chatwoot removes that header: check the reverse proxy or API gateway in front of Chatwoot. nginx's "underscores_in_headers on" matters only for clients that still send the underscore spelling api_access_token (older versions of this package, scripts).`,
		};
	}
	if (statusCode === 403) {
		return {
			message: text || 'Chatwoot refused the request (403)',
			description: `Chatwoot answered 403 to ${where}. Message status updates, for example, work only in API-channel inboxes.`,
		};
	}
	if (statusCode === 404) {
		if (typeof body === 'string' && (looksLikeHtml(body) || text === '')) {
			return {
				message: 'The Chatwoot API was not found at this Base URL',
				description: `${where} returned a non-API 404 page. Set the credential's Base URL to the root of your Chatwoot installation (for example https://chat.example.com), without /api/v1 or /app.`,
			};
		}
		return {
			message: 'The requested Chatwoot resource was not found',
			description: `${where}: ${text || 'not found'}. Check the ID, and that it belongs to the chosen account.`,
		};
	}
	if (statusCode === 422) {
		const attributes =
			body && typeof body === 'object' && Array.isArray((body as Record<string, unknown>).attributes)
				? ` (fields: ${((body as Record<string, unknown>).attributes as unknown[]).join(', ')})`
				: '';
		return {
			message: `Chatwoot refused the input: ${text || 'validation failed'}${attributes}`,
			description: `Chatwoot validated ${where} and rejected it. Correct the fields named above.`,
		};
	}
	if (statusCode === 429) {
		return {
			message: 'Chatwoot rate limit reached (429)',
			description: `Chatwoot kept answering "Retry later" after ${failure.attempts ?? 1} attempts. Slow the workflow down (Loop Over Items with a Wait node), or raise RACK_ATTACK_LIMIT on a self-hosted server.`,
		};
	}
	if (statusCode >= 500) {
		return {
			message: `Chatwoot server error (${statusCode})`,
			description: `${where} failed on the Chatwoot server${failure.attempts && failure.attempts > 1 ? ` after ${failure.attempts} attempts` : ''}. ${text ? `Server said: ${text}. ` : ''}Client API contact calls also answer 500 when the identifier hash is rejected: check the HMAC token.`,
		};
	}
	return { message: text || `Chatwoot answered HTTP ${statusCode}`, description: `${where} failed with HTTP ${statusCode}.` };
}

/** Only what Chatwoot puts in its error bodies (`error`, `errors`, `message`, `attributes`), or a short text; never an HTML page. */
export function sanitizedChatwootBody(body: unknown): JsonObject {
	if (typeof body === 'string') return { text: looksLikeHtml(body) ? '[HTML page]' : body.trim().slice(0, 300) };
	if (!body || typeof body !== 'object' || Array.isArray(body)) return {};
	const record = body as Record<string, unknown>;
	const kept: JsonObject = {};
	for (const key of ['error', 'errors', 'message', 'attributes']) {
		if (record[key] !== undefined) kept[key] = record[key] as JsonObject;
	}
	return kept;
}

/** A NodeApiError from a Chatwoot error answer: sanitized body, every known secret redacted. */
export function chatwootApiError(node: INode, failure: ChatwootHttpFailure, redactor: Redactor = NO_REDACTION): NodeApiError {
	const { message, description } = describeChatwootFailure({ ...failure, body: redactor.value(failure.body) });
	return apiNodeError(
		node,
		{ message, description, httpCode: failure.statusCode, body: sanitizedChatwootBody(failure.body), itemIndex: failure.itemIndex },
		redactor,
	);
}
