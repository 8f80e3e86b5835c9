import type { INodeProperties } from 'n8n-workflow';

export const messageIdField: INodeProperties = {
	displayName: 'Message ID',
	name: 'messageId',
	type: 'number',
	default: 0,
	required: true,
	description: 'Numeric ID of the message',
};

/** Path of a conversation's messages, below the account path. */
export function messagesSuffix(conversationId: number, messageId?: number): string {
	return `/conversations/${conversationId}/messages${messageId === undefined ? '' : `/${messageId}`}`;
}
