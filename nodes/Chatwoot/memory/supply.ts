import type { IDataObject, ISupplyDataFunctions, SupplyData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { accountPath } from '../helpers/account';
import { paginateMessages } from '../transport/paginate';

import type { HistoryOptions } from './history';
import { isConversational, messageText, toChatHistory } from './history';
import { ChatwootChatHistory, ChatwootChatMemory } from './memory';
import { historyOfRun } from './runs';
import { loadAiNodeSdk } from './sdk';

/**
 * n8n shows a sub-node's supplyData error as "Error in sub-node <name>" with only the
 * message as its description, so the message carries the advice.
 */
const ADVICE: Record<string, string> = {
	'Conversation ID':
		'it is the session key; the default reads it from a Chatwoot Trigger item ($json.conversation.id), otherwise set it to the conversation\'s number as in /conversations/<number> in Chatwoot',
	'Before Message ID': 'leave it empty to read the newest messages',
};

function positiveId(this: ISupplyDataFunctions, raw: unknown, label: string, itemIndex: number, optional: boolean): number | undefined {
	if (optional && (raw === '' || raw === undefined || raw === null)) return undefined;
	const id = Number(raw);
	if (!Number.isInteger(id) || id <= 0) {
		throw new NodeOperationError(this.getNode(), `${label} must be a positive whole number, got "${String(raw ?? '')}": ${ADVICE[label]}`, { itemIndex });
	}
	return id;
}

/** The memory for item `itemIndex`: its parameters read now, the history read when the agent first asks for it. */
export async function supplyChatwootMemory(this: ISupplyDataFunctions, itemIndex: number): Promise<SupplyData> {
	const sdk = loadAiNodeSdk(this.getNode());
	const conversationId = positiveId.call(this, this.getNodeParameter('conversationId', itemIndex), 'Conversation ID', itemIndex, false)!;
	const before = positiveId.call(this, this.getNodeParameter('beforeMessageId', itemIndex, ''), 'Before Message ID', itemIndex, true);
	const extra = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const options: HistoryOptions = {
		maxMessages: Number(this.getNodeParameter('maxMessages', itemIndex, 20)),
		includePrivateNotes: extra.includePrivateNotes === true,
		maxCharacters: Number(extra.maxCharacters ?? 0),
	};
	const account = String(this.getNodeParameter('accountId', itemIndex, ''));
	const key = [this.getExecutionId(), this.getNode().name, itemIndex, account, conversationId, before ?? '', JSON.stringify(options)].join('\u0000');
	const history = historyOfRun(key, () => new ChatwootChatHistory(async () => {
		const path = await accountPath.call(this, itemIndex, `/conversations/${conversationId}/messages`);
		// Chatwoot pages messages by id (MessageFinder): the 20 before `before`, newest page first.
		const records = await paginateMessages.call(
			this,
			{ method: 'GET', path, qs: before === undefined ? undefined : { before }, itemIndex },
			{ limit: options.maxMessages, keep: (record) => isConversational(record, options.includePrivateNotes) && messageText(record) !== '' },
		);
		return toChatHistory(records, options);
	}));
	return sdk.supplyMemory(this, new ChatwootChatMemory(history));
}
