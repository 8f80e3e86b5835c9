/**
 * ChatApp event names, channel names and one item format for both delivery paths
 * (`chatapp-api.md` §5, §6), free of n8n imports:
 * - realtime (Pusher): frame data `{payload:{data:[…], meta:{…}}}` on a channel;
 * - webhook: body `{data:[…], meta:{…}}`.
 * Both become one item per element of `data[]`, shaped by `normalizeChatAppEvent`,
 * so a workflow can take either trigger without changes.
 */

export const CHATAPP_LICENSE_EVENTS = [
	'message',
	'messageStatus',
	'chatTag',
	'chatStatus',
	'chatResponsible',
	'chatResponsiblePin',
	'chatProducer',
	'chatAccomplice',
	'chatAuditor',
	'chatLevel',
	'chatConversation',
	'chatRead',
	'chatProcess',
] as const;

export const CHATAPP_COMPANY_EVENTS = ['employeeStatus', 'employeeWorkday'] as const;

export const CHATAPP_USER_EVENTS = ['quickResponseList', 'quickResponse'] as const;

/** The 17 documented event names. */
export const CHATAPP_EVENTS: readonly string[] = [...CHATAPP_LICENSE_EVENTS, ...CHATAPP_COMPANY_EVENTS, ...CHATAPP_USER_EVENTS];

const DOCUMENTED: ReadonlySet<string> = new Set(CHATAPP_EVENTS);

/** Filter value meaning "any event whose name is not in CHATAPP_EVENTS". */
export const CHATAPP_OTHER_EVENTS = '__other__';

export type ChatAppChannelKind = 'license' | 'company' | 'user';

export interface ChatAppChannelInfo {
	kind: ChatAppChannelKind;
	licenseId?: number | string;
	messengerType?: string;
	companyId?: number | string;
	userId?: number | string;
}

/** Numbers for all-digit ids (ChatApp sends `"1229"` and `1229` for the same license), the text otherwise. */
export function normalizeChatAppId(value: unknown): number | string | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	if (text === '') return undefined;
	if (/^\d{1,15}$/.test(text)) return Number(text);
	return text;
}

const ID = /^[A-Za-z0-9_\-=@,;]+$/;

function checkSegment(what: string, value: unknown): string {
	const text = String(value ?? '').trim();
	if (text === '' || !ID.test(text)) throw new Error(`Invalid ${what} "${text}" for a ChatApp channel`);
	return text;
}

export function chatAppLicenseChannel(licenseId: unknown, messengerType: unknown): string {
	return `private-v1.licenses.${checkSegment('license ID', licenseId)}.messengers.${checkSegment('messenger type', messengerType)}`;
}

export function chatAppCompanyChannel(companyId: unknown): string {
	return `private-v1.companies.${checkSegment('company ID', companyId)}`;
}

export function chatAppUserChannel(userId: unknown): string {
	return `private-v1.users.${checkSegment('user ID', userId)}`;
}

/** Reads license/messenger, company or user from a ChatApp channel name; undefined for other names. */
export function parseChatAppChannel(channel: string | undefined): ChatAppChannelInfo | undefined {
	if (!channel) return undefined;
	let match = /^private-v1\.licenses\.([^.]+)\.messengers\.([^.]+)$/.exec(channel);
	if (match) return { kind: 'license', licenseId: normalizeChatAppId(match[1]), messengerType: match[2] };
	match = /^private-v1\.companies\.([^.]+)$/.exec(channel);
	if (match) return { kind: 'company', companyId: normalizeChatAppId(match[1]) };
	match = /^private-v1\.users\.([^.]+)$/.exec(channel);
	if (match) return { kind: 'user', userId: normalizeChatAppId(match[1]) };
	return undefined;
}

/**
 * Parses "1229:grWhatsApp" (also "1229/grWhatsApp" or "1229.grWhatsApp") into a
 * license + messenger pair, as the realtime trigger's dropdown values are written.
 */
export function parseLicenseMessengerPair(value: unknown): { licenseId: string; messengerType: string } | undefined {
	const match = /^\s*([^:/.\s]+)\s*[:/.]\s*([^:/.\s]+)\s*$/.exec(String(value ?? ''));
	if (!match) return undefined;
	return { licenseId: match[1], messengerType: match[2] };
}

/** Splits "1, 2 3" or [1, "2"] into distinct trimmed ids. */
export function splitIdList(value: unknown): string[] {
	const parts = Array.isArray(value) ? value.map((v) => String(v)) : String(value ?? '').split(/[\s,;]+/);
	return [...new Set(parts.map((p) => p.trim()).filter((p) => p !== ''))];
}

export type JsonRecord = Record<string, unknown>;

/** The item every ChatApp trigger emits for one element of `data[]`. */
export interface ChatAppEventItem extends JsonRecord {
	/** The event name: the Pusher event, else `meta.type`. */
	event: string;
	/** `realtime` or `webhook`. */
	source: 'realtime' | 'webhook';
	/** License and messenger: from the channel name when there is one (preferred), else from `meta`. */
	licenseId?: number | string;
	messengerType?: string;
	companyId?: number | string;
	userId?: number | string;
	/** Chat id of the element, when it has `chat.id`, for easy filtering. */
	chatId?: number | string;
	/** The Pusher channel (realtime only). */
	channel?: string;
	/** The element of `data[]`, unchanged. */
	data: unknown;
	/** The event's `meta`, unchanged. */
	meta: JsonRecord;
}

function isRecord(value: unknown): value is JsonRecord {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Unwraps a realtime frame's data (string or object) or a webhook body to
 * `{entries, meta}`: `{payload:{data,meta}}` (socket), `{data,meta}` (webhook and
 * tolerant servers). Anything else is passed through as one entry, so unknown
 * shapes are never dropped.
 */
export function unwrapChatAppEnvelope(raw: unknown): { entries: unknown[]; meta: JsonRecord } {
	let value = raw;
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value);
		} catch {
			return { entries: [value], meta: {} };
		}
	}
	if (!isRecord(value)) return { entries: value === undefined || value === null ? [] : [value], meta: {} };
	const inner = isRecord(value.payload) ? value.payload : 'data' in value ? value : undefined;
	if (!inner) return { entries: [value], meta: {} };
	const meta = isRecord(inner.meta) ? inner.meta : {};
	const data = inner.data;
	if (Array.isArray(data)) return { entries: data, meta };
	if (data === undefined || data === null) return { entries: [], meta };
	return { entries: [data], meta };
}

export interface ChatAppEventInput {
	/** Pusher event name (realtime); for webhooks leave empty to use `meta.type`. */
	event?: string;
	channel?: string;
	/** Frame data or webhook body. */
	body: unknown;
	source: 'realtime' | 'webhook';
}

/** One item per element of `data[]`; channel-derived ids win over `meta` (ChatApp's samples disagree). */
export function normalizeChatAppEvent(input: ChatAppEventInput): ChatAppEventItem[] {
	const { entries, meta } = unwrapChatAppEnvelope(input.body);
	if (entries.length === 0) return [];
	const fromChannel = parseChatAppChannel(input.channel);
	const event = input.event || (typeof meta.type === 'string' ? meta.type : '') || 'unknown';
	const licenseId = fromChannel?.licenseId ?? normalizeChatAppId(meta.licenseId);
	const messengerType = fromChannel?.messengerType ?? (typeof meta.messengerType === 'string' ? meta.messengerType : undefined);
	const companyId = fromChannel?.companyId ?? normalizeChatAppId(meta.companyId);
	const userId = fromChannel?.userId ?? normalizeChatAppId(meta.userId);
	const items: ChatAppEventItem[] = [];
	for (const entry of entries) {
		const item = { event, source: input.source } as ChatAppEventItem;
		if (licenseId !== undefined) item.licenseId = licenseId;
		if (messengerType !== undefined) item.messengerType = messengerType;
		if (companyId !== undefined) item.companyId = companyId;
		if (userId !== undefined) item.userId = userId;
		const chat = isRecord(entry) && isRecord(entry.chat) ? entry.chat : undefined;
		const chatId = chat && (typeof chat.id === 'string' || typeof chat.id === 'number') ? chat.id : undefined;
		if (chatId !== undefined) item.chatId = chatId;
		if (input.channel) item.channel = input.channel;
		item.data = entry;
		item.meta = meta;
		items.push(item);
	}
	return items;
}

/** Whether an event passes a filter of names (plus CHATAPP_OTHER_EVENTS for undocumented names). */
export function chatAppEventSelected(event: string, selected: ReadonlySet<string>): boolean {
	if (selected.has(event)) return true;
	return selected.has(CHATAPP_OTHER_EVENTS) && !DOCUMENTED.has(event);
}
