import type { Message } from '@n8n/ai-node-sdk';
import type { IDataObject } from 'n8n-workflow';

import { chatRoleOf, messageKind } from '../helpers/chatRoles';

/*
 * A Chatwoot conversation as the chat history of an LLM. The records are those of
 * GET /api/v1/accounts/{account}/conversations/{id}/messages, shaped by
 * app/views/api/v1/models/_message.json.jbuilder (Chatwoot 4.15.1, 97bb8ecd3):
 * `message_type` is the enum's integer (Message: incoming 0, outgoing 1, activity 2,
 * template 3), `private` marks a private note, `sender.type` is `contact`, `user` or
 * `agent_bot`, attachments are `push_event_data` (file_type, data_url). Webhook
 * payloads spell the type as a word ("incoming"); both are read.
 */

export interface HistoryOptions {
	/** Private notes as system messages ("Private note from <name>: …"); left out when false. */
	includePrivateNotes: boolean;
	/** Keep at most this many messages (the newest). */
	maxMessages: number;
	/** Keep the newest messages whose text fits in this many characters; 0 = no limit. */
	maxCharacters: number;
}

export { messageKind };

/** Whether a record belongs in the history at all (activity messages never do). */
export function isConversational(record: IDataObject, includePrivateNotes: boolean): boolean {
	return chatRoleOf(record, includePrivateNotes) !== undefined;
}

/** The text of a message: its content, then one line per attachment (type and URL). */
export function messageText(record: IDataObject): string {
	const lines: string[] = [];
	const content = typeof record.content === 'string' ? record.content.trim() : '';
	if (content !== '') lines.push(content);
	for (const attachment of (record.attachments as IDataObject[] | undefined) ?? []) {
		const type = String(attachment.file_type ?? 'file');
		const url = String(attachment.data_url ?? '');
		lines.push(url === '' ? `[${type} attachment]` : `[${type} attachment: ${url}]`);
	}
	return lines.join('\n');
}

function senderName(record: IDataObject): string {
	const sender = record.sender as IDataObject | undefined;
	return String(sender?.available_name ?? sender?.name ?? 'an agent');
}

/** One Chatwoot message as an LLM message: customer → user, agent or bot → assistant, private note → system. */
export function toChatMessage(record: IDataObject): Message | undefined {
	const text = messageText(record);
	if (text === '') return undefined;
	const role = chatRoleOf(record, true);
	if (role === 'system') return { role, content: [{ type: 'text', text: `Private note from ${senderName(record)}: ${text}` }] };
	return { role: role ?? 'assistant', content: [{ type: 'text', text }] };
}

/**
 * The history, oldest to newest, from records in any order: activity messages (and
 * private notes unless asked for) and empty messages left out, then the newest
 * `maxMessages` that fit in `maxCharacters`.
 */
export function toChatHistory(records: IDataObject[], options: HistoryOptions): Message[] {
	const newestFirst = records
		.filter((record) => isConversational(record, options.includePrivateNotes))
		.sort((a, b) => Number(b.id) - Number(a.id));
	const kept: Message[] = [];
	let characters = 0;
	for (const record of newestFirst) {
		if (kept.length >= options.maxMessages) break;
		const message = toChatMessage(record);
		if (!message) continue;
		const length = message.content.reduce((sum, part) => sum + (part.type === 'text' ? part.text.length : 0), 0);
		if (options.maxCharacters > 0 && characters + length > options.maxCharacters) break;
		characters += length;
		kept.push(message);
	}
	return kept.reverse();
}
