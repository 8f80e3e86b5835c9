import type { IDataObject } from 'n8n-workflow';

import { chatRoleOf, type ChatRole } from '../../helpers/chatRoles';

/*
 * Chatwoot messages as an LLM conversation. The messages index (Chatwoot 4.15.1,
 * app/views/api/v1/models/_message.json.jbuilder) gives message_type as its integer
 * (Message enum: incoming 0, outgoing 1, activity 2, template 3), `private`, `sender`
 * (push_event_data: contact, user or agent_bot) and `attachments`
 * (Attachment#push_event_data: file_type, data_url, thumb_url, content_type,
 * extension, file_size).
 */

export type Role = ChatRole;

export interface HistoryOptions {
	includePrivate: boolean;
	/** At most this many messages (0: no limit). */
	maxMessages: number;
	/** At most this many characters of content in total (0: no limit). */
	maxCharacters: number;
}

/** The role of a message, or undefined for what the model should not see (activity, private notes unless asked for). */
export const roleOf = chatRoleOf;

function attachmentsOf(message: IDataObject): IDataObject[] {
	const list = Array.isArray(message.attachments) ? (message.attachments as IDataObject[]) : [];
	return list.map((a) => {
		const entry: IDataObject = { type: a.file_type ?? null, url: a.data_url ?? null };
		if (a.content_type) entry.content_type = a.content_type;
		if (a.extension) entry.extension = a.extension;
		if (a.file_size !== undefined) entry.file_size = a.file_size;
		if (a.transcribed_text) entry.transcribed_text = a.transcribed_text;
		return entry;
	});
}

export interface HistoryEntry extends IDataObject {
	role: Role;
	content: string;
}

export function entryOf(message: IDataObject, role: Role): HistoryEntry {
	const sender = (message.sender ?? null) as IDataObject | null;
	return {
		role,
		content: typeof message.content === 'string' ? message.content : '',
		message_id: Number(message.id),
		created_at: message.created_at ?? null,
		sender: sender ? { id: sender.id ?? null, name: sender.name ?? null, type: sender.type ?? null } : null,
		attachments: attachmentsOf(message),
	};
}

/**
 * Takes messages newest first (as the pages come) until a budget is spent. Returns the
 * entries taken (newest first) and whether older messages were left out. When the
 * newest message alone is over the character budget, its content is cut to the budget
 * (from the end, which is what the customer wrote last), so the history is never empty.
 */
export class HistoryBudget {
	readonly taken: HistoryEntry[] = [];
	private characters = 0;
	full = false;
	/** A message the model would have seen was left out. */
	leftOut = false;

	constructor(private readonly options: HistoryOptions) {}

	/** Offers the next older message; false once the budget is spent. */
	offer(message: IDataObject): boolean {
		const role = roleOf(message, this.options.includePrivate);
		if (this.full) {
			if (role) this.leftOut = true;
			return false;
		}
		if (!role) return true;
		const entry = entryOf(message, role);
		const { maxCharacters, maxMessages } = this.options;
		if (maxCharacters > 0 && this.characters + entry.content.length > maxCharacters) {
			if (this.taken.length === 0) {
				entry.content = entry.content.slice(entry.content.length - maxCharacters);
				entry.truncated = true;
				this.taken.push(entry);
			} else this.leftOut = true;
			this.full = true;
			return false;
		}
		this.characters += entry.content.length;
		this.taken.push(entry);
		if (maxMessages > 0 && this.taken.length >= maxMessages) this.full = true;
		return !this.full;
	}
}
