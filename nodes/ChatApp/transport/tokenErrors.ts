import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { networkFailureReason, REQUEST_TIMEOUTS } from '../../shared/http/networkFailure';

import type { ChatAppTokenFailure, ChatAppTokenFailureKind } from './tokenSet';

function clock(ms: number): string {
	return new Date(ms).toISOString().slice(11, 16) + ' UTC';
}

/** A message and description a user can act on; never contains secrets. */
export function describeChatAppTokenFailure(failure: ChatAppTokenFailure): { message: string; description: string } {
	const said = failure.apiMessage || failure.apiCode ? ` ChatApp said: ${[failure.apiCode, failure.apiMessage].filter(Boolean).join(': ')}.` : '';
	const where = failure.operation === 'settings' ? '' : ` (${failure.operation}, HTTP ${failure.httpStatus ?? 'n/a'})`;
	switch (failure.kind) {
		case 'credentials':
			return {
				message: 'ChatApp login failed: the email, password or app ID is wrong',
				description: `ChatApp refused to issue a token${where}.${said} Check the email and password of your ChatApp account and the app ID from the ChatApp personal cabinet (Settings → API), then save the credential again.`,
			};
		case 'refresh':
			return {
				message: 'ChatApp refused the refresh token',
				description: `The stored refresh token is no longer valid${where}.${said} Save the credential again to log in afresh.`,
			};
		case 'notFound':
			return {
				message: 'The ChatApp API was not found at the configured API Base URL',
				description: `The token endpoint answered 404 or a web page${where}. Set the credential's API Base URL to https://api.chatapp.online (or your ChatApp API host, without /v1), or fix the "${failure.operation === 'tokens.make' ? 'session.make' : 'session.refresh'}" entry in Path Overrides.`,
			};
		case 'rateLimited':
			return {
				message: 'ChatApp rate limit reached while getting an access token',
				description: `ChatApp answered 429${where}. Wait a moment and retry; ChatApp asks integrations not to request tokens too often.`,
			};
		case 'server':
			return {
				message: `ChatApp server error while getting an access token (HTTP ${failure.httpStatus})`,
				description: `The ChatApp token service failed${where}.${said} Try again later.`,
			};
		case 'network':
			return {
				// The code stays out of the message (n8n swaps messages containing one for a generic text);
				// the hint is in it, because a credential test shows the message only.
				message: `Could not reach ChatApp${failure.origin ? ` at ${failure.origin}` : ''} to get an access token: ${networkFailureReason(failure.networkCode, REQUEST_TIMEOUTS.tokenMs)}. Check the credential's API Base URL and that n8n can reach that host.`,
				description: `No answer from the token endpoint (${failure.operation}${failure.networkCode ? `, ${failure.networkCode}` : ''}). Check the credential's API Base URL and that n8n can reach it (DNS, firewall, proxy).`,
			};
		case 'redirect':
			return failure.upgrade
				? {
						message: `ChatApp redirects to https://: set the credential's API Base URL to ${failure.targetOrigin}`,
						description: `The token endpoint${where} redirected from ${failure.origin} to ${failure.targetOrigin}. The email and password are sent only to the API Base URL's origin, so the redirect was not followed.`,
					}
				: {
						message: `ChatApp's token endpoint redirected${failure.targetOrigin ? ` to another host (${failure.targetOrigin})` : ''}; the password was not sent there`,
						description: `The token endpoint${where} answered with a redirect. The email, password and tokens are sent only to ${failure.origin ?? 'the API Base URL'}, never to another host or after a redirect that would drop the request body. If ChatApp's API moved, set the credential's API Base URL to its new address.`,
					};
		case 'coolingDown':
			return {
				message:
					failure.detail === 'rateLimited'
						? 'ChatApp rate-limited the login (429); it is not sent again yet'
						: 'ChatApp login failed: the email, password or app ID is wrong (not sent again yet)',
				description: `ChatApp allows about 100 logins a day, so this package waits before sending the same login again (until ${failure.retryAtMs ? clock(failure.retryAtMs) : 'later'}; the wait doubles up to an hour while it keeps failing).${said} Fix the email, password or app ID in the credential (any change retries at once).`,
			};
		case 'malformed':
			return {
				message: 'ChatApp answered the login without an access token',
				description: `The answer of ${failure.operation} had no data.accessToken. If ChatApp changed its API, override the token paths in the credential's Path Overrides.`,
			};
		case 'configuration':
		default:
			return {
				message: `ChatApp credential is incomplete: ${failure.detail ?? 'check its settings'}`,
				description: 'Fill in Email, Password and App ID (from the ChatApp personal cabinet). Path Overrides must be a JSON object of name → path.',
			};
	}
}

/** Who a ChatAppAuthError belongs to before a node rebuilds it with its own (preAuthentication has no node). */
const CREDENTIAL_NODE: INode = { id: 'chatAppApi', name: 'ChatApp API credential', type: 'chatAppApi', typeVersion: 1, position: [0, 0], parameters: {} };

/**
 * What `preAuthentication` throws. A NodeApiError, because n8n hands a NodeApiError
 * back unchanged when it wraps what preAuthentication threw (n8n 1.x would otherwise
 * drop it with the `cause`), so the transports recognise it in both lines. It has no
 * `code`, `status`, `response` or HTTP code on purpose: n8n would otherwise replace its
 * message with a generic HTTP text, or retry the login once more on a 401.
 */
export class ChatAppAuthError extends NodeApiError {
	readonly kind: ChatAppTokenFailureKind;

	readonly httpStatusCode?: number;

	constructor(failure: ChatAppTokenFailure) {
		const { message, description } = describeChatAppTokenFailure(failure);
		super(CREDENTIAL_NODE, { message, description, kind: failure.kind } as JsonObject, { message, description });
		this.name = 'ChatAppAuthError';
		this.description = description;
		this.kind = failure.kind;
		this.httpStatusCode = failure.httpStatus;
	}
}

/** Recognises a ChatAppAuthError, also when n8n wrapped it (as `cause`) in a NodeApiError. */
export function findChatAppAuthError(error: unknown): ChatAppAuthError | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
		if ((current as { name?: unknown }).name === 'ChatAppAuthError') return current as ChatAppAuthError;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}
