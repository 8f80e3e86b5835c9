import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { conversationIdField, idParameter } from '../../helpers/fields';
import { clientRequest, clientSession, contactIdentifierParameter, contactPath } from '../../transport/clientApi';
import { contactIdentifierField } from '../fields';

const properties: INodeProperties[] = [
	{
		displayName:
			'Customers can only resolve a conversation. Resolving an already resolved conversation changes nothing; agents reopen it.',
		name: 'resolveNotice',
		type: 'notice',
		default: '',
	},
	contactIdentifierField,
	conversationIdField(),
];

export const description = withDisplayOptions({ show: { resource: ['conversation'], operation: ['resolve'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const session = await clientSession.call(this, itemIndex);
	const sourceId = contactIdentifierParameter.call(this, itemIndex);
	const conversationId = idParameter.call(this, 'conversationId', itemIndex, 'Conversation ID');
	const target = {
		path: contactPath(session, sourceId, `/conversations/${conversationId}/toggle_status`),
		sourceId,
		conversationId,
	};
	const body = await clientRequest.call(this, session, target, { method: 'POST' }, itemIndex);
	// Chatwoot answers with the conversation, or with an empty body when it was already resolved.
	return body && typeof body === 'object' && !Array.isArray(body)
		? (body as IDataObject)
		: { success: true, id: conversationId, status: 'resolved' };
}
