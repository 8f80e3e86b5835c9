import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { accountRequest } from '../../helpers/account';
import { conversationLocator, idParameter, messageLocator } from '../../helpers/fields';
import { extractRecord } from '../../transport/list';

import { messagesSuffix } from './fields';

const properties: INodeProperties[] = [
	{
		...conversationLocator(),
		hint: 'Works in API-channel inboxes only; other inboxes answer 403',
	},
	messageLocator('The message whose delivery status your channel reports'),
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		options: [
			{ name: 'Delivered', value: 'delivered' },
			{ name: 'Failed', value: 'failed' },
			{ name: 'Read', value: 'read' },
			{ name: 'Sent', value: 'sent' },
		],
		default: 'delivered',
		description:
			'Delivery status reported by your channel. Chatwoot refuses to move a Read message back to Delivered.',
	},
	{
		displayName: 'External Error',
		name: 'externalError',
		type: 'string',
		default: '',
		displayOptions: { show: { status: ['failed'] } },
		description: 'Why delivery failed; Chatwoot shows it next to the message',
	},
];

export const description = withDisplayOptions(
	{ show: { resource: ['message'], operation: ['updateStatus'] } },
	properties,
);

/**
 * MessagesController#update (Chatwoot 4.15.1) answers 200 with the message even when
 * Messages::StatusUpdateService refuses the change (read → delivered, or a status
 * Message does not know): the answer's status is compared with the requested one, and
 * a refused change is said in the item (`status_updated: false`) and as an execution hint.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const conversationId = idParameter.call(this, 'conversationId', itemIndex, 'Conversation ID');
	const messageId = idParameter.call(this, 'messageId', itemIndex, 'Message ID');
	const status = this.getNodeParameter('status', itemIndex) as string;
	const body: IDataObject = { status };
	if (status === 'failed') {
		const externalError = this.getNodeParameter('externalError', itemIndex, '') as string;
		if (externalError) body.external_error = externalError;
	}
	// Not in Chatwoot's OpenAPI spec, but routed (messages_controller#update, API inboxes only).
	const response = await accountRequest.call(this, itemIndex, {
		method: 'PATCH',
		path: messagesSuffix(conversationId, messageId),
		body,
	});
	const message = { ...extractRecord(response), ...(response ? {} : { id: messageId, status }) };
	if (message.status === status) return { ...message, status_updated: true };
	const reason =
		message.status === 'read' && status === 'delivered'
			? 'Chatwoot keeps a read message read: it does not move it back to delivered'
			: `Chatwoot kept the status "${String(message.status)}"`;
	this.addExecutionHints({ message: `Message ${messageId}: ${reason}.`, location: 'outputPane' });
	return { ...message, status_updated: false, status_ignored_reason: reason };
}
