import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { hmacSha256Hex } from '../../shared/hmac';

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
		await chatwootRequest.call(this, { ...request, path: target.path, credentialType: CLIENT_CREDENTIAL, itemIndex }),
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

/** Replaces the inbox identifier, the contact identifier and the HMAC token in text shown to users. */
function redactor(session: ClientSession, target: ClientTarget): (text: string) => string {
	const display = target.path
		.replace(session.inboxPath, '/public/api/v1/inboxes/<inbox identifier>')
		.replace(/\/contacts\/[^/]+/, '/contacts/<contact identifier>');
	const secrets: Array<[string, string]> = [[target.path, display]];
	// Whole values anywhere else; very short values would mangle unrelated text, and the path covers them.
	const values: Array<[string | undefined, string]> = [
		[session.hmacToken, '<hmac token>'],
		[session.inboxIdentifier, '<inbox identifier>'],
		[target.sourceId, '<contact identifier>'],
	];
	for (const [value, label] of values) {
		if (!value || value.length < 6) continue;
		secrets.push([value, label]);
		if (encodeURIComponent(value) !== value) secrets.push([encodeURIComponent(value), label]);
	}
	return (text: string) => secrets.reduce((out, [secret, label]) => out.split(secret).join(label), text);
}

/** Applies `redact` to every string in a parsed response body. */
function redactDeep(value: unknown, redact: (text: string) => string): unknown {
	if (typeof value === 'string') return redact(value);
	if (Array.isArray(value)) return value.map((v) => redactDeep(v, redact));
	if (value && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, redact)]));
	}
	return value;
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
		return new NodeOperationError(this.getNode(), redact((error as Error)?.message ?? String(error)), { itemIndex });
	}
	let explanation: Explanation | undefined;
	const status = Number((error as NodeApiError).httpCode);
	if (error instanceof NodeApiError && status === 404) {
		explanation = await explainNotFound.call(this, session, target);
	} else if (error instanceof NodeApiError && status >= 500 && target.contactEndpoint) {
		explanation = await explainHmacFailure.call(this, session, target, status);
	}
	error.message = redact(explanation?.message ?? error.message);
	error.description = redact(explanation?.description ?? error.description ?? '') || undefined;
	if (Array.isArray((error as NodeApiError).messages)) {
		(error as NodeApiError).messages = (error as NodeApiError).messages.map(redact);
	}
	if (typeof error.stack === 'string') error.stack = redact(error.stack);
	const response = error.errorResponse as JsonObject | undefined;
	if (response) {
		if (typeof response.message === 'string') response.message = error.message;
		if (response.body !== undefined) response.body = redactDeep(response.body, redact) as JsonObject;
	}
	error.context.itemIndex = itemIndex;
	return error;
}

/** A GET used only to explain a failure: no retries, never throws. */
async function probe(this: IExecuteFunctions, path: string): Promise<{ status: number; body: unknown } | undefined> {
	const options: IHttpRequestOptions = {
		method: 'GET',
		url: path,
		json: true,
		headers: { Accept: 'application/json' },
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
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
