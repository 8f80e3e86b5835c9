import type { IDataObject, INode, ITriggerFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { networkFailureReason } from '../../shared/http/networkFailure';
import { httpResponseOf, networkCodeOf } from '../../shared/http/retry';
import type { ChannelAuthorizationData } from '../../shared/pusher/client';
import { ChannelAuthorizationError } from '../../shared/pusher/client';
import { chatAppAuthNodeError, sanitizedChatAppBody } from '../transport/errors';
import { CHATAPP_TOKEN_RETRY_STATUSES, sendWithChatAppAuth } from '../transport/request';
import { findChatAppAuthError } from '../transport/tokenErrors';
import { chatAppEnvelopeError, isChatAppInvalidToken } from '../transport/tokenSet';

import { describeChannel } from './channels';
import type { ChatAppRealtimeSettings } from './settings';

/*
 * Private-channel authorization for the ChatApp Realtime Trigger: ChatApp's
 * /broadcasting/auth, called with the credential's access token through n8n's
 * request helpers, and every way it can fail turned into a ChannelAuthorizationError
 * (permanent or transient) that carries an error a user can act on.
 */

const AUTH_TIMEOUT_MS = 15000;
/** Transient statuses of the auth endpoint: retried with backoff until the reconnect timeout. */
const TRANSIENT_STATUSES = new Set([408, 425, 429]);

interface FullResponse {
	statusCode: number;
	body: unknown;
}

function parseJson(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	try {
		return JSON.parse(body);
	} catch {
		return body;
	}
}

function apiSaid(body: unknown): string {
	const envelope = chatAppEnvelopeError(body);
	const record = body && typeof body === 'object' ? (body as IDataObject) : {};
	const text = envelope?.message ?? (typeof record.message === 'string' ? record.message : '');
	const parts = [envelope?.code, text].filter((p) => typeof p === 'string' && p !== '');
	return parts.length ? ` ChatApp said: ${parts.join(': ').slice(0, 300)}.` : '';
}

/** A NodeApiError made only of sanitized values: the request (and its token) never reaches it. */
function authApiError(node: INode, status: number, body: unknown, message: string, description: string): NodeApiError {
	return new NodeApiError(
		node,
		{ httpCode: String(status), message, body: sanitizedChatAppBody(body) } as JsonObject,
		{ message, description, httpCode: String(status) },
	);
}

/**
 * POSTs `socket_id` + `channel_name` (form-encoded, as pusher-js does) to ChatApp's
 * `/broadcasting/auth` with the credential's access token. n8n refreshes the token
 * through the credential's preAuthentication and retries once on 401/403;
 * `forceRefresh` makes it refresh before sending (after a rejected signature, or an
 * ApiInvalidTokenError with another status).
 */
export async function requestChannelAuth(
	this: ITriggerFunctions,
	settings: ChatAppRealtimeSettings,
	socketId: string,
	channel: string,
	forceRefresh: boolean,
	signal?: AbortSignal,
): Promise<ChannelAuthorizationData> {
	const node = this.getNode();
	let response: FullResponse;
	try {
		response = await sendWithChatAppAuth.call(
			this,
			{
				method: 'POST',
				url: settings.authEndpoint,
				headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams({ socket_id: socketId, channel_name: channel }).toString(),
				returnFullResponse: true,
				// 401/403 still throw, so that n8n's refresh-and-retry applies to them.
				ignoreHttpStatusErrors: { ignore: true, except: CHATAPP_TOKEN_RETRY_STATUSES },
				timeout: AUTH_TIMEOUT_MS,
				// Closing the trigger aborts the request (its socket is closed at once).
				...(signal ? { abortSignal: signal } : {}),
			},
			forceRefresh,
		);
	} catch (error) {
		throw authorizationFailure(node, error, settings, channel);
	}
	const body = parseJson(response.body);
	const status = response.statusCode;
	const auth = body && typeof body === 'object' ? (body as IDataObject).auth : undefined;
	if (status >= 200 && status < 300 && typeof auth === 'string' && auth !== '') {
		const channelData = (body as IDataObject).channel_data;
		return { auth, ...(typeof channelData === 'string' ? { channel_data: channelData } : {}) };
	}
	if (isChatAppInvalidToken(body) && !forceRefresh) {
		return await requestChannelAuth.call(this, settings, socketId, channel, true, signal);
	}
	throw statusFailure(node, status, body, settings, channel);
}

function authorizationFailure(node: INode, error: unknown, settings: ChatAppRealtimeSettings, channel: string): ChannelAuthorizationError {
	const tokenError = findChatAppAuthError(error);
	if (tokenError) {
		const transient = tokenError.kind === 'network' || tokenError.kind === 'server' || tokenError.kind === 'rateLimited';
		return new ChannelAuthorizationError(tokenError.message, !transient, chatAppAuthNodeError(node, tokenError));
	}
	const failed = httpResponseOf(error);
	if (failed) {
		const body = parseJson(failed.data);
		if (failed.status === 401 || failed.status === 403) {
			const message = `ChatApp refused the realtime subscription to ${describeChannel(channel)} (HTTP ${failed.status})`;
			const description = `The auth endpoint ${settings.authEndpoint} refused channel ${channel} even with a freshly refreshed access token.${apiSaid(body)} Check that this ChatApp account may use ${describeChannel(channel)}, and the credential's email, password and App ID.`;
			return new ChannelAuthorizationError(message, true, authApiError(node, failed.status, body, message, description));
		}
		return statusFailure(node, failed.status, body, settings, channel);
	}
	const code = networkCodeOf(error);
	// The code stays out of the message: n8n swaps a message containing one for its generic text.
	const message = `Could not reach ChatApp's realtime auth endpoint: ${networkFailureReason(code, AUTH_TIMEOUT_MS)}`;
	const report = new NodeApiError(node, { message, networkCode: code ?? null } as JsonObject, {
		message,
		description: `POST ${settings.authEndpoint} did not answer${code ? ` (${code})` : ''}. Check the credential's API Base URL / Realtime Auth Endpoint and that n8n can reach it.`,
	});
	return new ChannelAuthorizationError(message, false, report);
}

function statusFailure(
	node: INode,
	status: number,
	body: unknown,
	settings: ChatAppRealtimeSettings,
	channel: string,
): ChannelAuthorizationError {
	const transient = status >= 500 || TRANSIENT_STATUSES.has(status);
	let message: string;
	let description: string;
	if (status >= 200 && status < 300) {
		message = `ChatApp's auth endpoint answered without a signature for ${describeChannel(channel)}`;
		description = `POST ${settings.authEndpoint} answered ${status} without an "auth" field.${apiSaid(body)} Check the credential's Realtime Auth Endpoint.`;
	} else if (status === 404 || status === 405) {
		message = `No realtime auth endpoint at ${settings.authEndpoint} (HTTP ${status})`;
		description = `Set the credential's Realtime Auth Endpoint (default: <API Base URL>/broadcasting/auth).`;
	} else if (transient) {
		message = `ChatApp's realtime auth endpoint failed (HTTP ${status})`;
		description = `POST ${settings.authEndpoint} answered ${status} for ${channel}.${apiSaid(body)} The trigger retries with backoff.`;
	} else {
		message = `ChatApp refused the realtime subscription to ${describeChannel(channel)} (HTTP ${status})`;
		description = `POST ${settings.authEndpoint} answered ${status} for ${channel}.${apiSaid(body)}`;
	}
	return new ChannelAuthorizationError(message, !transient, authApiError(node, status, body, message, description));
}
