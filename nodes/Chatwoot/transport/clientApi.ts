import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { hmacSha256Hex } from '../../shared/hmac';
import { redactError } from '../../shared/n8n/errors';
import { NO_REDIRECTS } from '../../shared/n8n/requestOptions';
import type { KnownSecret, Redactor } from '../../shared/secrets';
import { createRedactor } from '../../shared/secrets';

import { chatwootCredentialSecrets } from './auth';
import type { ChatwootRequest } from './request';
import { chatwootRequest } from './request';

export const CLIENT_CREDENTIAL = 'chatwootClientApi';

/** What one item needs from the credential. The HMAC token never leaves this module except as a hash. */
export interface ClientSession {
	inboxIdentifier: string;
	hmacToken: string;
	/** `/public/api/v1/inboxes/<inbox identifier>` (URL-encoded). */
	inboxPath: string;
}

export async function clientSession(this: IExecuteFunctions, itemIndex: number): Promise<ClientSession> {
	const credentials = await this.getCredentials(CLIENT_CREDENTIAL, itemIndex);
	const inboxIdentifier = String(credentials.inboxIdentifier ?? '').trim();
	if (!inboxIdentifier) {
		throw new NodeOperationError(this.getNode(), 'The Chatwoot Client API credential has no Inbox Identifier', {
			itemIndex,
			description: 'Copy it from Chatwoot → Settings → Inboxes → your API inbox → Configuration.',
		});
	}
	return {
		inboxIdentifier,
		hmacToken: String(credentials.hmacToken ?? '').trim(),
		inboxPath: clientInboxPath(inboxIdentifier),
	};
}

/** `/public/api/v1/inboxes/<inbox identifier>` (URL-encoded): the root of every Client API path. */
export function clientInboxPath(inboxIdentifier: string): string {
	return `/public/api/v1/inboxes/${encodeURIComponent(inboxIdentifier)}`;
}

/** `…/contacts` of an inbox, or with a source_id `…/contacts/<source_id><suffix>`. */
export function clientContactPath(inboxIdentifier: string, sourceId?: string, suffix = ''): string {
	const contacts = `${clientInboxPath(inboxIdentifier)}/contacts`;
	return sourceId === undefined ? contacts : `${contacts}/${encodeURIComponent(sourceId)}${suffix}`;
}

/** `…/contacts/<source_id><suffix>` for the session's inbox. */
export function contactPath(session: ClientSession, sourceId: string, suffix = ''): string {
	return clientContactPath(session.inboxIdentifier, sourceId, suffix);
}

/** The "Contact Identifier" parameter (the contact_inbox source_id), trimmed and required. */
export function contactIdentifierParameter(this: IExecuteFunctions, itemIndex: number): string {
	const value = String(this.getNodeParameter('contactIdentifier', itemIndex, '') ?? '').trim();
	if (!value) {
		throw new NodeOperationError(this.getNode(), 'Contact Identifier is empty', {
			itemIndex,
			description:
				'Use the source_id returned by Contact → Create of this node, e.g. the expression {{ $json.source_id }}.',
		});
	}
	return value;
}

/**
 * Chatwoot's identity validation: lowercase hex HMAC-SHA256(key = inbox HMAC token,
 * message = identifier). Undefined when the credential has no token or there is no identifier.
 */
export function identifierHash(hmacToken: string | undefined, identifier: string | undefined): string | undefined {
	if (!hmacToken || !identifier) return undefined;
	return hmacSha256Hex(hmacToken, identifier);
}

/** What a request addresses; used to explain failures and to keep identifiers out of error text. */
export interface ClientTarget {
	path: string;
	sourceId?: string;
	conversationId?: number;
	messageId?: number;
	/** Contact create/get/update: Chatwoot checks identifier_hash there and answers 500 on a mismatch. */
	contactEndpoint?: boolean;
	/** Whether this request carried an identifier_hash. */
	hashSent?: boolean;
}

type ClientRequest = Omit<ChatwootRequest, 'path' | 'credentialType' | 'itemIndex'>;

/** One Client API request through the shared transport (retries, error mapping), with client-specific errors. */
export async function clientRequest(
	this: IExecuteFunctions,
	session: ClientSession,
	target: ClientTarget,
	request: ClientRequest,
	itemIndex: number,
): Promise<unknown> {
	return await withClientErrors.call(this, session, target, itemIndex, async () =>
		await chatwootRequest.call(this, {
			...request,
			path: target.path,
			credentialType: CLIENT_CREDENTIAL,
			itemIndex,
			secrets: [...(request.secrets ?? []), ...targetSecrets(target)],
		}),
	);
}

/** Runs `run` (one or more transport calls for `target`) and turns its failures into client-specific errors. */
export async function withClientErrors<T>(
	this: IExecuteFunctions,
	session: ClientSession,
	target: ClientTarget,
	itemIndex: number,
	run: () => Promise<T>,
): Promise<T> {
	try {
		return await run();
	} catch (error) {
		throw await explainClientError.call(this, error, session, target, itemIndex);
	}
}

/** The contact identifier of a request, as a secret for the transport's redaction. */
function targetSecrets(target: ClientTarget): KnownSecret[] {
	return [{ value: target.sourceId, label: '<contact identifier>', inItems: false }];
}

/** Replaces the inbox identifier, the contact identifier and the HMAC token in text shown to users. */
function redactor(session: ClientSession, target: ClientTarget): Redactor {
	return createRedactor([
		...chatwootCredentialSecrets({ hmacToken: session.hmacToken, inboxIdentifier: session.inboxIdentifier }),
		...targetSecrets(target),
	]);
}

interface Explanation {
	message: string;
	description: string;
}

async function explainClientError(
	this: IExecuteFunctions,
	error: unknown,
	session: ClientSession,
	target: ClientTarget,
	itemIndex: number,
): Promise<Error> {
	const redact = redactor(session, target);
	if (!(error instanceof NodeApiError) && !(error instanceof NodeOperationError)) {
		return new NodeOperationError(this.getNode(), redact.text((error as Error)?.message ?? String(error)), { itemIndex });
	}
	let explanation: Explanation | undefined;
	const status = Number((error as NodeApiError).httpCode);
	if (error instanceof NodeApiError && status === 404) {
		explanation = await explainNotFound.call(this, session, target);
	} else if (error instanceof NodeApiError && status >= 500 && target.contactEndpoint) {
		explanation = await explainHmacFailure.call(this, session, target, status);
	}
	if (explanation) {
		error.message = explanation.message;
		error.description = explanation.description;
		const response = error.errorResponse as JsonObject | undefined;
		if (response && typeof response.message === 'string') response.message = explanation.message;
	}
	redactError(error, redact);
	error.context.itemIndex = itemIndex;
	return error;
}

const PROBE_TIMEOUT_MS = 20_000;

/** A GET used only to explain a failure: no retries, no redirects, never throws. */
async function probe(this: IExecuteFunctions, path: string): Promise<{ status: number; body: unknown } | undefined> {
	const options: IHttpRequestOptions = {
		method: 'GET',
		url: path,
		json: true,
		headers: { Accept: 'application/json' },
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: PROBE_TIMEOUT_MS,
		...NO_REDIRECTS,
	};
	try {
		const response = (await this.helpers.httpRequestWithAuthentication.call(this, CLIENT_CREDENTIAL, options)) as {
			statusCode: number;
			body: unknown;
		};
		return { status: response.statusCode, body: response.body };
	} catch {
		return undefined;
	}
}

const INBOX_HELP =
	"Copy the Inbox Identifier from Chatwoot → Settings → Inboxes → your API inbox → Configuration into the Chatwoot Client API credential. Only API-channel inboxes have one (website, e-mail or WhatsApp inboxes don't), and the credential's Base URL must be the Chatwoot installation the inbox belongs to.";

/**
 * Chatwoot answers every public-API lookup failure with the same bare 404. Find out
 * which identifier is wrong: the inbox (credential), the contact (source_id), the
 * conversation or the message.
 */
async function explainNotFound(
	this: IExecuteFunctions,
	session: ClientSession,
	target: ClientTarget,
): Promise<Explanation | undefined> {
	const inbox = await probe.call(this, session.inboxPath);
	if (!inbox) return undefined;
	if (inbox.status === 404) {
		if (!inbox.body || typeof inbox.body !== 'object') return undefined; // not an API at all: keep the Base URL message
		return { message: 'No API-channel inbox matches the Inbox Identifier of the credential', description: INBOX_HELP };
	}
	if (inbox.status !== 200 || target.sourceId === undefined) return undefined;

	const contactHelp =
		'The Contact Identifier is the source_id that Contact → Create returned for this inbox ({{ $json.source_id }}). A source_id of another inbox, or a numeric contact ID of the Application API, does not work here.';
	const conversations = await probe.call(this, contactPath(session, target.sourceId, '/conversations'));
	if (!conversations) return undefined;
	if (conversations.status === 404) {
		return { message: 'No contact with this Contact Identifier in the inbox', description: contactHelp };
	}
	if (conversations.status !== 200 || target.conversationId === undefined) return undefined;

	const list = Array.isArray(conversations.body) ? (conversations.body as IDataObject[]) : [];
	if (!list.some((c) => Number(c.id) === target.conversationId)) {
		return {
			message: `Conversation ${target.conversationId} was not found for this contact`,
			description:
				"Use the id returned by Conversation → Create or Get Many of this node. A contact sees only its own conversations in this inbox (all of the contact's conversations once it is HMAC-verified).",
		};
	}
	if (target.messageId !== undefined) {
		return {
			message: `Message ${target.messageId} was not found in conversation ${target.conversationId}`,
			description: 'Use the id of a message of this conversation, e.g. from Message → Get Many.',
		};
	}
	return undefined;
}

/**
 * Chatwoot raises an unhandled exception when identifier_hash does not match, which
 * reaches the client as HTTP 500. Tell the user which setting to fix.
 */
async function explainHmacFailure(
	this: IExecuteFunctions,
	session: ClientSession,
	target: ClientTarget,
	status: number,
): Promise<Explanation> {
	if (target.hashSent) {
		return {
			message: 'Chatwoot rejected the identifier hash (HMAC)',
			description: `Chatwoot answered ${status} to a request with identifier_hash. The HMAC Token in the Chatwoot Client API credential must be the inbox's HMAC token (Chatwoot → Settings → Inboxes → your API inbox → Configuration), and Identifier must be the contact's identifier. If both are right, the Chatwoot server failed: check its logs.`,
		};
	}
	const inbox = await probe.call(this, session.inboxPath);
	const mandatory = !!inbox && inbox.status === 200 && (inbox.body as IDataObject)?.identity_validation_enabled === true;
	if (mandatory) {
		return {
			message: 'This inbox requires identity validation (HMAC), but no identifier hash was sent',
			description: session.hmacToken
				? 'Fill "Identifier" with the contact\'s identifier: the node then sends identifier_hash computed with the credential\'s HMAC Token.'
				: "Set the inbox's HMAC token (Chatwoot → Settings → Inboxes → your API inbox → Configuration) as HMAC Token in the Chatwoot Client API credential, and fill \"Identifier\".",
		};
	}
	return {
		message: `Chatwoot server error (${status})`,
		description:
			'The Chatwoot server failed on a contact request. Chatwoot also answers 500 when identity validation (HMAC) fails; check the HMAC Token of the credential and the Chatwoot server logs.',
	};
}
