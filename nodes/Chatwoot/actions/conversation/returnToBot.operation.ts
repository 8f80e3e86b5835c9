import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { conversationLocator, idParameter } from '../../helpers/fields';
import { bool } from '../fieldSpecs';

import { assignConversation, setConversationStatus } from './handoff';

const properties: INodeProperties[] = [
	conversationLocator(),
	bool('unassignAgent', 'Unassign Agent', 'Whether to also remove the assigned agent, so the conversation leaves their "Mine" list').property,
];

export const description = withDisplayOptions({ show: { resource: ['conversation'], operation: ['returnToBot'] } }, properties);

/**
 * Return to Bot: status pending, which is how Chatwoot marks a conversation the inbox's
 * agent bot handles (new conversations of a bot's inbox start pending; agents see them
 * under "Pending" only).
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const conversationId = idParameter.call(this, 'conversationId', itemIndex, 'Conversation ID');
	const result: IDataObject = { conversation_id: conversationId };
	if (this.getNodeParameter('unassignAgent', itemIndex, false) === true) {
		await assignConversation.call(this, itemIndex, conversationId, { assignee_id: null });
		result.assignee = null;
	}
	const status = await setConversationStatus.call(this, itemIndex, conversationId, 'pending');
	result.status = status.current_status ?? 'pending';
	return result;
}
