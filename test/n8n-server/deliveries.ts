import { signChatwootPayload } from '../../nodes/Chatwoot/trigger/signature';

/*
 * Webhook deliveries as Chatwoot and ChatApp send them, for the suites that post to a
 * real n8n (e2e) or a queue-mode cluster (scale).
 */

type Json = Record<string, unknown>;

/** A Chatwoot `message_created` payload; `extra` overrides fields (outgoing, private…). */
export function chatwootMessageCreated(id: number, content: string, conversationId = 7, extra: Json = {}): Json {
	return {
		event: 'message_created',
		id,
		content,
		message_type: 'incoming',
		content_type: 'text',
		private: false,
		created_at: new Date().toISOString(),
		account: { id: 1, name: 'Acme Support' },
		inbox: { id: 1, name: 'Website' },
		sender: { id: 11, name: 'Jane Doe', email: 'jane@example.com', type: 'contact' },
		conversation: { id: conversationId, display_id: conversationId, inbox_id: 1, status: 'open', labels: [] },
		...extra,
	};
}

/** JSON as Chatwoot's Ruby `to_json` writes it (<, > and & escaped): the signature covers those exact bytes. */
export function rubyJson(payload: unknown): string {
	return JSON.stringify(payload).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The body of a `message_created` delivery. */
export function messageCreatedBody(id: number, content: string, conversationId = 7): string {
	return rubyJson(chatwootMessageCreated(id, content, conversationId));
}

/** The headers Chatwoot (rest-client) sends with a delivery signed with `secret`. */
export function signedChatwootHeaders(secret: string, body: string, deliveryId: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
	return {
		'content-type': 'application/json',
		'user-agent': 'rest-client/2.1.0 (linux x86_64) ruby/3.4.4p34',
		'x-chatwoot-delivery': deliveryId,
		'x-chatwoot-timestamp': String(timestamp),
		'x-chatwoot-signature': signChatwootPayload(secret, timestamp, body),
	};
}

/** A ChatApp `message` delivery (one WhatsApp text message) for license 1229 / grWhatsApp. */
export function chatAppMessageDelivery(id: number | string, text: string, fromMe = false): Json {
	return {
		data: [
			{
				id,
				fromApi: false,
				fromMe,
				side: fromMe ? 'out' : 'in',
				time: Math.floor(Date.now() / 1000),
				type: 'text',
				message: { text, caption: null, file: null },
				fromUser: { id: 79001234567, name: 'Anna', phone: '79001234567' },
				chat: { id: '79001234567@c.us', type: 'private', phone: '79001234567', name: 'Anna' },
			},
		],
		meta: { type: 'message', licenseId: 1229, messengerType: 'grWhatsApp' },
	};
}
