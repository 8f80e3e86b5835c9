import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { accountRequest } from '../../helpers/account';
import { conversationLocator, idParameter } from '../../helpers/fields';
import { bool, choice } from '../fieldSpecs';

const properties: INodeProperties[] = [
	conversationLocator(),
	choice('typingStatus', 'Typing', [['Off', 'off'], ['On', 'on']], 'on', 'On shows "typing…" to the customer; Off hides it (Chatwoot also hides it when a message arrives)').property,
	bool('isPrivate', 'Private', 'Whether the typing is for a private note: only agents see it, the customer does not').property,
];

export const description = withDisplayOptions({ show: { resource: ['conversation'], operation: ['setTyping'] } }, properties);

/**
 * `POST /conversations/{id}/toggle_typing_status {typing_status, is_private}`
 * (conversations_controller.rb → Conversations::TypingStatusManager, Chatwoot 4.15.1):
 * dispatches conversation.typing_on/off as the token's user or agent bot; head :ok.
 * Open to agent-bot tokens.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const conversationId = idParameter.call(this, 'conversationId', itemIndex, 'Conversation ID');
	const typingStatus = this.getNodeParameter('typingStatus', itemIndex) as string;
	const isPrivate = this.getNodeParameter('isPrivate', itemIndex, false) === true;
	await accountRequest.call(this, itemIndex, {
		method: 'POST',
		path: `/conversations/${conversationId}/toggle_typing_status`,
		body: { typing_status: typingStatus, is_private: isPrivate },
	});
	return { conversation_id: conversationId, typing_status: typingStatus, is_private: isPrivate };
}
