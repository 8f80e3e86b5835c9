import type { IDataObject } from 'n8n-workflow';

/*
 * Who said a Chatwoot message, as an LLM sees it: the one rule behind Conversation →
 * Get History and the Chatwoot Chat Memory. Chatwoot 4.15.1 (97bb8ecd3,
 * app/models/message.rb enum message_type: incoming 0, outgoing 1, activity 2,
 * template 3): the messages index gives the integer
 * (app/views/api/v1/models/_message.json.jbuilder), webhook payloads the word.
 */

export type ChatRole = 'user' | 'assistant' | 'system';

const KINDS: Record<string, string> = { '0': 'incoming', '1': 'outgoing', '2': 'activity', '3': 'template' };

/** incoming / outgoing / activity / template, from the integer or the word. */
export function messageKind(record: IDataObject): string {
	const raw = String(record.message_type ?? '');
	return KINDS[raw] ?? raw;
}

/**
 * Customer → user; agent, bot or template → assistant; a private note → system when
 * asked for; activity messages (and private notes otherwise) → undefined: the model
 * does not see them.
 */
export function chatRoleOf(record: IDataObject, includePrivate: boolean): ChatRole | undefined {
	const kind = messageKind(record);
	if (kind !== 'incoming' && kind !== 'outgoing' && kind !== 'template') return undefined;
	if (record.private === true) return includePrivate ? 'system' : undefined;
	return kind === 'incoming' ? 'user' : 'assistant';
}
