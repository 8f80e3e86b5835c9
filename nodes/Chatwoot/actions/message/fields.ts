
/** Path of a conversation's messages, below the account path. */
export function messagesSuffix(conversationId: number, messageId?: number): string {
	return `/conversations/${conversationId}/messages${messageId === undefined ? '' : `/${messageId}`}`;
}
