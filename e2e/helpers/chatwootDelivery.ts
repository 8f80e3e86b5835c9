import { signChatwootPayload } from '../../nodes/shared/chatwootSignature';

/*
 * A Chatwoot account-webhook delivery as Chatwoot sends it, for suites that post to a
 * real n8n (e2e) or a queue-mode cluster (scale).
 */

/**
 * The body of a `message_created` delivery. Chatwoot's Ruby `to_json` escapes <, > and
 * &: the signature covers those exact bytes.
 */
export function messageCreatedBody(id: number, content: string, conversationId = 7): string {
	return JSON.stringify({
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
	}).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
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
