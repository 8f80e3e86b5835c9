import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { conversationIdField, idParameter } from '../../helpers/fields';
import { clientRequest, clientSession, contactIdentifierParameter, contactPath } from '../../transport/clientApi';
import { contactIdentifierField } from '../fields';

const properties: INodeProperties[] = [
	contactIdentifierField,
	conversationIdField(),
	{
		displayName: 'Typing Status',
		name: 'typingStatus',
		type: 'options',
		options: [
			{ name: 'Off', value: 'off', description: 'The contact stopped typing' },
			{ name: 'On', value: 'on', description: 'Agents see "typing…" for the contact' },
		],
		default: 'on',
	},
];

export const description = withDisplayOptions({ show: { resource: ['conversation'], operation: ['setTyping'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const session = await clientSession.call(this, itemIndex);
	const sourceId = contactIdentifierParameter.call(this, itemIndex);
	const conversationId = idParameter.call(this, 'conversationId', itemIndex, 'Conversation ID');
	const typingStatus = this.getNodeParameter('typingStatus', itemIndex) as 'on' | 'off';
	const target = {
		path: contactPath(session, sourceId, `/conversations/${conversationId}/toggle_typing`),
		sourceId,
		conversationId,
	};
	// The contract declares typing_status both as a required query parameter and in the
	// body; Chatwoot reads params[:typing_status], which merges both.
	await clientRequest.call(
		this,
		session,
		target,
		{ method: 'POST', qs: { typing_status: typingStatus }, body: { typing_status: typingStatus } },
		itemIndex,
	);
	return { success: true, conversation_id: conversationId, typing_status: typingStatus };
}
