import type { IDataObject } from 'n8n-workflow';

/**
 * Chatwoot `/cable` events at 4.15.1 (97bb8ecd3): app/listeners/action_cable_listener.rb,
 * enterprise/app/listeners/enterprise/action_cable_listener.rb (copilot),
 * app/jobs/account/branding_enrichment_job.rb, app/channels/room_channel.rb (presence)
 * and enterprise/app/services/whatsapp/{call_service,incoming_call_service,call_permission_reply_service}.rb
 * (voice_call.*). The trigger emits every event by default, including names not listed here.
 */
export const CHATWOOT_CABLE_EVENTS: Array<{ name: string; value: string; description: string }> = [
	{ name: 'Account Cache Invalidated', value: 'account.cache_invalidated', description: 'Cached account data (labels, inboxes…) changed' },
	{ name: 'Account Enrichment Completed', value: 'account.enrichment_completed', description: "Branding enrichment of a new account finished (sent to the user who signed up)" },
	{ name: 'Assignee Changed', value: 'assignee.changed', description: 'A conversation got another assignee' },
	{ name: 'Contact Created', value: 'contact.created', description: 'Agents only' },
	{ name: 'Contact Deleted', value: 'contact.deleted', description: 'Agents only' },
	{ name: 'Contact Merged', value: 'contact.merged', description: 'Agents only' },
	{ name: 'Contact Updated', value: 'contact.updated', description: 'Agents only' },
	{ name: 'Copilot Message Created', value: 'copilot.message.created', description: "Captain Copilot answered in a thread of the token's user (Enterprise)" },
	{ name: 'Conversation Contact Changed', value: 'conversation.contact_changed', description: 'A conversation moved to another contact' },
	{ name: 'Conversation Created', value: 'conversation.created', description: 'A new conversation' },
	{ name: 'Conversation Mentioned', value: 'conversation.mentioned', description: "The token's user was mentioned" },
	{ name: 'Conversation Read', value: 'conversation.read', description: 'The contact read the conversation' },
	{ name: 'Conversation Status Changed', value: 'conversation.status_changed', description: 'Opened, resolved, pending or snoozed' },
	{ name: 'Conversation Typing Off', value: 'conversation.typing_off', description: 'Someone stopped typing' },
	{ name: 'Conversation Typing On', value: 'conversation.typing_on', description: 'Someone started typing' },
	{ name: 'Conversation Unread Count Changed', value: 'conversation.unread_count_changed', description: 'Needs the unread-count feature' },
	{ name: 'Conversation Updated', value: 'conversation.updated', description: 'Attributes, labels, priority… changed' },
	{ name: 'First Reply Created', value: 'first.reply.created', description: 'The first outgoing reply of a conversation' },
	{ name: 'Message Created', value: 'message.created', description: 'A new message, note or activity' },
	{ name: 'Message Updated', value: 'message.updated', description: 'Status (delivered, read…), content attributes or deletion' },
	{ name: 'Notification Created', value: 'notification.created', description: "A notification for the token's user" },
	{ name: 'Notification Deleted', value: 'notification.deleted', description: "A notification for the token's user was deleted" },
	{ name: 'Notification Updated', value: 'notification.updated', description: "A notification for the token's user changed" },
	{ name: 'Presence Update', value: 'presence.update', description: 'Who is online; sent after subscribing and each presence update' },
	{ name: 'Team Changed', value: 'team.changed', description: 'A conversation moved to another team' },
	{ name: 'Voice Call Accepted', value: 'voice_call.accepted', description: 'An agent accepted a WhatsApp call (Enterprise; conversation_id is the internal ID)' },
	{ name: 'Voice Call Ended', value: 'voice_call.ended', description: 'A WhatsApp call ended, with its status and duration (Enterprise)' },
	{ name: 'Voice Call Incoming', value: 'voice_call.incoming', description: 'A WhatsApp call rings: sent to the assignee, else to online inbox agents (Enterprise)' },
	{ name: 'Voice Call Outbound Accepted', value: 'voice_call.outbound_accepted', description: 'The contact answered an outbound WhatsApp call (Enterprise)' },
	{ name: 'Voice Call Outbound Connected', value: 'voice_call.outbound_connected', description: 'An outbound WhatsApp call connected (Enterprise)' },
	{ name: 'Voice Call Permission Granted', value: 'voice_call.permission_granted', description: 'A contact allowed calls on WhatsApp (Enterprise)' },
];

export interface ChatwootCableMessage {
	event: string;
	data: IDataObject;
}

export type Actor = { type: 'user' | 'contact'; id: number };

export interface EventFilterOptions {
	/** Event names to emit; null = all. */
	events: Set<string> | null;
	/** Agent mode: drop events whose data.account_id is another account. */
	accountId?: number;
	inboxIds: Set<number> | null;
	conversationIds: Set<number> | null;
	excludePrivate: boolean;
	/** Drop events performed by this actor (the credential's own user or contact). */
	excludeActor: Actor | null;
}

function num(value: unknown): number | undefined {
	if (typeof value === 'number') return value;
	if (typeof value === 'string' && value.trim() !== '') {
		const n = Number(value);
		return Number.isFinite(n) ? n : undefined;
	}
	return undefined;
}

function obj(value: unknown): IDataObject | undefined {
	return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : undefined;
}

const MESSAGE_EVENTS = new Set(['message.created', 'message.updated', 'first.reply.created']);
const CONVERSATION_EVENTS = new Set([
	'conversation.created',
	'conversation.updated',
	'conversation.status_changed',
	'conversation.read',
	'conversation.contact_changed',
	'conversation.mentioned',
	'assignee.changed',
	'team.changed',
]);
const TYPING_EVENTS = new Set(['conversation.typing_on', 'conversation.typing_off']);

export function isMessageEvent(event: string): boolean {
	return MESSAGE_EVENTS.has(event);
}

export function isConversationEvent(event: string): boolean {
	return CONVERSATION_EVENTS.has(event);
}

/** Conversation display id the event belongs to, if any. */
export function conversationIdOf(event: string, data: IDataObject): number | undefined {
	if (MESSAGE_EVENTS.has(event)) return num(data.conversation_id);
	if (CONVERSATION_EVENTS.has(event)) return num(data.id);
	if (TYPING_EVENTS.has(event)) return num(obj(data.conversation)?.id);
	return undefined;
}

export function inboxIdOf(event: string, data: IDataObject): number | undefined {
	if (MESSAGE_EVENTS.has(event) || CONVERSATION_EVENTS.has(event)) return num(data.inbox_id);
	if (TYPING_EVENTS.has(event)) return num(obj(data.conversation)?.inbox_id);
	return undefined;
}

/** Who did it: message sender, typing user, or `performer` (set when a user acted). */
function actorMatches(event: string, data: IDataObject, actor: Actor): boolean {
	if (event === 'presence.update') return true; // only ever sent for the subscriber's own subscribe/update_presence
	if (MESSAGE_EVENTS.has(event)) {
		const senderType = typeof data.sender_type === 'string' ? data.sender_type.toLowerCase() : undefined;
		if (senderType !== undefined && senderType === actor.type && num(data.sender_id) === actor.id) return true;
		const sender = obj(data.sender);
		if (sender && num(sender.id) === actor.id && String(sender.type ?? '').toLowerCase() === actor.type) return true;
		return false;
	}
	if (TYPING_EVENTS.has(event)) {
		const user = obj(data.user);
		return !!user && num(user.id) === actor.id && String(user.type ?? actor.type).toLowerCase() === actor.type;
	}
	const performer = obj(data.performer);
	if (performer && num(performer.id) === actor.id) {
		const type = String(performer.type ?? 'user').toLowerCase();
		return type === actor.type;
	}
	return false;
}

/** True when the event should be emitted. Events not tied to a conversation pass the inbox and conversation filters. */
export function passesFilter(message: ChatwootCableMessage, options: EventFilterOptions): boolean {
	const { event, data } = message;
	if (options.events && !options.events.has(event)) return false;
	if (options.accountId !== undefined && data.account_id !== undefined && data.account_id !== null) {
		if (num(data.account_id) !== options.accountId) return false;
	}
	if (options.inboxIds) {
		const inbox = inboxIdOf(event, data);
		if (inbox !== undefined && !options.inboxIds.has(inbox)) return false;
	}
	if (options.conversationIds) {
		const conversation = conversationIdOf(event, data);
		if (conversation !== undefined && !options.conversationIds.has(conversation)) return false;
	}
	if (options.excludePrivate) {
		if (MESSAGE_EVENTS.has(event) && data.private === true) return false;
		if (TYPING_EVENTS.has(event) && data.is_private === true) return false;
	}
	if (options.excludeActor && actorMatches(event, data, options.excludeActor)) return false;
	return true;
}

const ONCE_PER_ID = new Set(['message.created', 'first.reply.created', 'conversation.created', 'contact.created']);

/**
 * De-duplication key: event + id, plus `updated_at` for events that recur for the
 * same record. Undefined when the event cannot be told apart from a legitimate
 * repeat (typing, presence, contact updates without timestamps): never dropped.
 */
export function dedupeKey(event: string, data: IDataObject): string | undefined {
	if (event.startsWith('notification.')) {
		const notification = obj(data.notification);
		const id = notification?.id;
		if (id === undefined || id === null) return undefined;
		return event === 'notification.created' ? `${event}:${id}` : undefined;
	}
	const id = data.id;
	if (id === undefined || id === null || typeof id === 'object') return undefined;
	if (ONCE_PER_ID.has(event)) return `${event}:${id}`;
	const updatedAt = data.updated_at;
	if (updatedAt === undefined || updatedAt === null || typeof updatedAt === 'object') return undefined;
	return `${event}:${id}:${updatedAt}`;
}

/** Key of a conversation state (any conversation event), so a backfilled copy of a state already seen is skipped. */
export function conversationStateKey(id: unknown, updatedAt: unknown): string | undefined {
	if (id === undefined || id === null || updatedAt === undefined || updatedAt === null) return undefined;
	return `conversation~state:${id}:${updatedAt}`;
}

/** Parses "12, 15 16" into a set of positive integers; null when empty. */
export function idSet(input: unknown): Set<number> | null {
	const values = Array.isArray(input) ? input : String(input ?? '').split(/[\s,;]+/);
	const ids = values.map((v) => Number(String(v).trim())).filter((n) => Number.isInteger(n) && n > 0);
	return ids.length ? new Set(ids) : null;
}

/** Narrows a cable message to `{event, data}` (in place: no copy per event); undefined for anything else. */
export function asCableMessage(message: unknown): ChatwootCableMessage | undefined {
	const record = obj(message);
	if (!record || typeof record.event !== 'string') return undefined;
	if (!obj(record.data)) record.data = {};
	return record as unknown as ChatwootCableMessage;
}
