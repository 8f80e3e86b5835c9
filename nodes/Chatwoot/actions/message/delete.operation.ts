import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { accountRecord } from '../../helpers/account';
import { conversationLocator, idParameter, messageLocator } from '../../helpers/fields';

import { messagesSuffix } from './fields';

const properties: INodeProperties[] = [
	conversationLocator(),
	messageLocator('Chatwoot soft-deletes it: the content becomes "This message was deleted" and attachments are removed'),
];

export const description = withDisplayOptions(
	{ show: { resource: ['message'], operation: ['delete'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const conversationId = idParameter.call(this, 'conversationId', itemIndex, 'Conversation ID');
	const messageId = idParameter.call(this, 'messageId', itemIndex, 'Message ID');
	return await accountRecord.call(this, itemIndex, { method: 'DELETE', path: messagesSuffix(conversationId, messageId) });
}
