import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { accountPath, accountRequest } from '../../helpers/account';
import { chatwootRecord } from '../../transport/request';
import { article } from '../resource';

/*
 * What Hand Off to Human and Return to Bot share. Chatwoot 4.15.1 (97bb8ecd3)
 * conversations_controller.rb#toggle_status: with an agent-bot token, pending → open is
 * `bot_handoff!` (waiting_since set, CONVERSATION_BOT_HANDOFF dispatched: the bot-handoff
 * report counts it) and the view's `success` is null; with a user token it is a plain
 * status change. assignments_controller.rb#create: `team_id` present → team, else
 * `assignee_id` → agent (one per request). All of these are open to bot tokens
 * (BOT_ACCESSIBLE_ENDPOINTS in access_token_auth_helper.rb).
 */

/** A picker's value: a positive id, or undefined when left empty. */
export function optionalId(this: IExecuteFunctions, name: string, label: string, itemIndex: number): number | undefined {
	const raw = String(this.getNodeParameter(name, itemIndex, '') ?? '').trim();
	if (raw === '') return undefined;
	const id = Number(raw);
	if (!/^\d+$/.test(raw) || id <= 0) {
		throw new NodeOperationError(this.getNode(), `"${raw}" is not ${article(label)} ID`, { itemIndex, description: `Choose the ${label} from the list, or leave it empty.` });
	}
	return id;
}

/** POST toggle_status; answers `{conversation_id, current_status, …}`. */
export async function setConversationStatus(this: IExecuteFunctions, itemIndex: number, conversationId: number, status: string): Promise<IDataObject> {
	const path = await accountPath.call(this, itemIndex, `/conversations/${conversationId}/toggle_status`);
	return await chatwootRecord.call(this, { method: 'POST', path, body: { status }, itemIndex });
}

/** POST assignments with one of team_id / assignee_id; answers the team or agent (or null). */
export async function assignConversation(this: IExecuteFunctions, itemIndex: number, conversationId: number, body: IDataObject): Promise<IDataObject | null> {
	const answer = await accountRequest.call(this, itemIndex, { method: 'POST', path: `/conversations/${conversationId}/assignments`, body });
	return answer && typeof answer === 'object' ? (answer as IDataObject) : null;
}

/** A private note (outgoing, private) in the conversation. */
export async function privateNote(this: IExecuteFunctions, itemIndex: number, conversationId: number, content: string): Promise<IDataObject> {
	const path = await accountPath.call(this, itemIndex, `/conversations/${conversationId}/messages`);
	return await chatwootRecord.call(this, { method: 'POST', path, body: { content, message_type: 'outgoing', private: true }, itemIndex });
}
