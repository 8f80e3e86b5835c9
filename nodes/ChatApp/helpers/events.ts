/**
 * ChatApp event names and the normalised item format shared by the webhook and
 * realtime triggers. n8n-free.
 */
export type ChatAppEventChannel = 'licenseMessenger' | 'company' | 'user';

export interface ChatAppEventInfo {
	name: string;
	displayName: string;
	description: string;
	channel: ChatAppEventChannel;
}

/** The 17 event names of ChatApp's "Receiving incoming events" help page. */
export const CHATAPP_EVENTS: ChatAppEventInfo[] = [
	{ name: 'message', displayName: 'Message', description: 'Incoming or outgoing message', channel: 'licenseMessenger' },
	{ name: 'messageStatus', displayName: 'Message Status', description: 'Status of a sent message (delivered, viewed, failed)', channel: 'licenseMessenger' },
	{ name: 'chatTag', displayName: 'Chat Tag', description: 'Tag added to or removed from a chat', channel: 'licenseMessenger' },
	{ name: 'chatStatus', displayName: 'Chat Status', description: 'Chat status set (e.g. closed)', channel: 'licenseMessenger' },
	{ name: 'chatResponsible', displayName: 'Chat Responsible', description: 'Responsible employee set', channel: 'licenseMessenger' },
	{ name: 'chatResponsiblePin', displayName: 'Chat Responsible Pin', description: 'Responsible employee pinned or unpinned', channel: 'licenseMessenger' },
	{ name: 'chatProducer', displayName: 'Chat Producer', description: 'Producer set', channel: 'licenseMessenger' },
	{ name: 'chatAccomplice', displayName: 'Chat Accomplice', description: 'Accomplice added or removed', channel: 'licenseMessenger' },
	{ name: 'chatAuditor', displayName: 'Chat Auditor', description: 'Auditor added or removed', channel: 'licenseMessenger' },
	{ name: 'chatLevel', displayName: 'Chat Level', description: 'Chat level set', channel: 'licenseMessenger' },
	{ name: 'chatConversation', displayName: 'Chat Conversation', description: 'WhatsApp 24-hour conversation window opened', channel: 'licenseMessenger' },
	{ name: 'chatRead', displayName: 'Chat Read', description: 'Chat marked as read', channel: 'licenseMessenger' },
	{ name: 'chatProcess', displayName: 'Chat Process', description: 'Chat process set', channel: 'licenseMessenger' },
	{ name: 'employeeStatus', displayName: 'Employee Status', description: 'Employee status changed (company channel)', channel: 'company' },
	{ name: 'employeeWorkday', displayName: 'Employee Workday', description: 'Employee workday started or ended (company channel)', channel: 'company' },
	{ name: 'quickResponseList', displayName: 'Quick Response List', description: 'Quick-response list created, edited or destroyed (user channel)', channel: 'user' },
	{ name: 'quickResponse', displayName: 'Quick Response', description: 'Quick response created, edited or destroyed (user channel)', channel: 'user' },
];

export const CHATAPP_EVENT_NAMES = new Set(CHATAPP_EVENTS.map((e) => e.name));

/** Filter value meaning "any event name not in the list above". */
export const CHATAPP_OTHER_EVENTS = '__otherEvents';

/** n8n `options` for an event filter, sorted by display name, plus "Any Other Event". */
export function chatAppEventOptions(): Array<{ name: string; value: string; description: string }> {
	return [
		...CHATAPP_EVENTS.map((e) => ({ name: e.displayName, value: e.name, description: e.description })),
		{
			name: 'Any Other Event',
			value: CHATAPP_OTHER_EVENTS,
			description: 'Events whose names are not listed here (ChatApp may add new ones)',
		},
	].sort((a, b) => a.name.localeCompare(b.name));
}

/** True when `event` passes a filter made of event names and/or CHATAPP_OTHER_EVENTS. */
export function chatAppEventSelected(event: string, selected: string[]): boolean {
	if (selected.includes(event)) return true;
	return selected.includes(CHATAPP_OTHER_EVENTS) && !CHATAPP_EVENT_NAMES.has(event);
}

/** Integer-looking ids (meta.licenseId is a string in some samples) become numbers. */
export function chatAppLicenseId(value: unknown): number | string | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value.trim());
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	return undefined;
}

export interface ChatAppEventItem {
	[key: string]: unknown;
	/** meta.type (webhook) or the Pusher event name. */
	event: string;
	licenseId?: number | string;
	messengerType?: string;
	companyId?: number | string;
	userId?: number | string;
	/** Pusher channel, for realtime events. */
	channel?: string;
	/** `item.chat.id` when present. */
	chatId?: string;
	/** One element of `data[]`. */
	item: unknown;
	meta: Record<string, unknown>;
	source: 'webhook' | 'realtime';
}

export interface ChatAppEventSourceHint {
	/** License and messenger this delivery was registered or subscribed for; wins over meta. */
	licenseId?: number | string;
	messengerType?: string;
	channel?: string;
	companyId?: number | string;
	userId?: number | string;
}

export type ParsedChatAppPayload =
	| { ok: true; event: string; data: unknown[]; meta: Record<string, unknown> }
	| { ok: false; reason: string };

/** Validates `{data:[…], meta:{type,…}}` (a webhook body or a decoded Pusher `payload`). */
export function parseChatAppPayload(body: unknown, fallbackEvent?: string): ParsedChatAppPayload {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return { ok: false, reason: 'body is not a JSON object' };
	const record = body as Record<string, unknown>;
	if (!Array.isArray(record.data)) return { ok: false, reason: 'data is not an array' };
	const meta = record.meta;
	if (meta !== undefined && (meta === null || typeof meta !== 'object' || Array.isArray(meta))) {
		return { ok: false, reason: 'meta is not an object' };
	}
	const metaRecord = (meta ?? {}) as Record<string, unknown>;
	const event = typeof metaRecord.type === 'string' && metaRecord.type !== '' ? metaRecord.type : fallbackEvent;
	if (!event) return { ok: false, reason: 'meta.type is missing' };
	return { ok: true, event, data: record.data, meta: metaRecord };
}

/**
 * One normalised item per element of `data[]`. License and messenger come from the
 * registration/channel (`hint`) when known, because `meta` is sometimes
 * inconsistent (ChatApp's chatConversation sample says `WhatsApp`, chatRead sends
 * the license id as a string).
 */
export function normalizeChatAppEvents(
	parsed: { event: string; data: unknown[]; meta: Record<string, unknown> },
	source: 'webhook' | 'realtime',
	hint: ChatAppEventSourceHint = {},
): ChatAppEventItem[] {
	const { event, data, meta } = parsed;
	const licenseId = hint.licenseId ?? chatAppLicenseId(meta.licenseId);
	const messengerType =
		hint.messengerType ?? (typeof meta.messengerType === 'string' && meta.messengerType ? meta.messengerType : undefined);
	const companyId = hint.companyId ?? chatAppLicenseId(meta.companyId);
	const userId = hint.userId ?? (meta.userId !== undefined && meta.userId !== null ? String(meta.userId) : undefined);
	return data.map((item) => {
		const chat = item && typeof item === 'object' ? (item as Record<string, unknown>).chat : undefined;
		const chatId = chat && typeof chat === 'object' ? (chat as Record<string, unknown>).id : undefined;
		const out: ChatAppEventItem = { event, item, meta, source };
		if (licenseId !== undefined) out.licenseId = licenseId;
		if (messengerType !== undefined) out.messengerType = messengerType;
		if (companyId !== undefined) out.companyId = companyId;
		if (userId !== undefined) out.userId = userId;
		if (hint.channel) out.channel = hint.channel;
		if (chatId !== undefined && chatId !== null) out.chatId = String(chatId);
		return out;
	});
}

/**
 * De-duplication key of one event item, or undefined when the item has no id.
 * Messages: license + messenger + id; statuses and other typed events add the type.
 */
export function chatAppEventKey(entry: ChatAppEventItem): string | undefined {
	const item = entry.item && typeof entry.item === 'object' ? (entry.item as Record<string, unknown>) : undefined;
	if (!item) return undefined;
	const id = item.id;
	if (id === undefined || id === null || id === '') return undefined;
	const type = entry.event === 'message' ? '' : String(item.type ?? '');
	return [entry.event, entry.licenseId ?? '', entry.messengerType ?? '', String(id), type].join('|');
}
