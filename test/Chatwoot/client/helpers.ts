import type { ICredentialDataDecryptedObject, INodeExecutionData } from 'n8n-workflow';

import { ChatwootClient } from '../../../nodes/Chatwoot/ChatwootClient.node';
import { runNode, type RunNodeOptions } from '../../harness/workflow';
import type { FakeChatwoot } from '../../servers/chatwoot/server';
import type { Row } from '../../servers/chatwoot/state';

export const INBOX = 'inbox-ident-1';
export const HMAC_TOKEN = 'inbox-hmac-token';
export const PUBLIC = `/public/api/v1/inboxes/${INBOX}`;

export const node = new ChatwootClient();

export function clientCredentials(cw: FakeChatwoot, overrides: Record<string, string> = {}): ICredentialDataDecryptedObject {
	return { baseUrl: cw.url, inboxIdentifier: INBOX, hmacToken: HMAC_TOKEN, ...overrides };
}

/** A real workflow run of the Chatwoot Client node against the fake server. */
export function runClient(
	cw: FakeChatwoot,
	parameters: Record<string, unknown>,
	extra: Partial<RunNodeOptions> & { credentials?: Record<string, ICredentialDataDecryptedObject> } = {},
) {
	return runNode({
		nodeType: node,
		parameters: parameters as never,
		credentials: { chatwootClientApi: clientCredentials(cw) },
		...extra,
	});
}

/** A contact with a contact_inbox (session) in the API inbox, as Contact → Create leaves it. */
export function seedContact(cw: FakeChatwoot, fields: Row = {}, sourceId?: string) {
	const contact = cw.state.addContact({ name: 'Ada Customer', email: 'ada@shop.test', identifier: 'user-1042', ...fields });
	const contactInbox = cw.state.addContactInbox(contact.id as number, 1, sourceId);
	return { contact, sourceId: contactInbox.source_id as string, contactInbox };
}

export function seedConversation(cw: FakeChatwoot, contactId: number, fields: Row = {}) {
	return cw.state.addConversation({ inbox_id: 1, contact_id: contactId, ...fields });
}

export function jsonOf(items: INodeExecutionData[]) {
	return items.map((item) => item.json);
}

/**
 * Everything of a node error a user or a log sees: message, description, the
 * messages list, the stored response and the context. (`node.parameters` is left
 * out: it holds the Contact Identifier the user typed, as the workflow itself does.)
 */
export function errorText(error: unknown): string {
	const e = error as Record<string, unknown> | undefined;
	if (!e) return '';
	return JSON.stringify({
		message: e.message,
		description: e.description,
		messages: e.messages,
		errorResponse: e.errorResponse,
		context: e.context,
		cause: e.cause,
		stack: e.stack,
	});
}
