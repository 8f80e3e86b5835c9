import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { accountRecord } from '../../helpers/account';
import { conversationLocator, idParameter } from '../../helpers/fields';

import { messageIdField, messagesSuffix } from './fields';

const properties: INodeProperties[] = [
	conversationLocator(),
	{
		...messageIdField,
		description:
			'Numeric ID of the message. Chatwoot soft-deletes it: the content becomes "This message was deleted" and attachments are removed.',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['delete'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const conversationId = idParameter.call(this, 'conversationId', itemIndex, 'Conversation ID');
	const messageId = idParameter.call(this, 'messageId', itemIndex, 'Message ID');
	return await accountRecord.call(this, itemIndex, { method: 'DELETE', path: messagesSuffix(conversationId, messageId) });
}
