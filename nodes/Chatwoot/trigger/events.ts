import { isIP } from 'net';

/*
 * Chatwoot outgoing-webhook events, payload handling and delivery filters
 * (Chatwoot 4.15.1: `app/listeners/webhook_listener.rb`, `app/listeners/agent_bot_listener.rb`,
 * `app/models/webhook.rb`).
 * Imports nothing from n8n.
 */

/** Events Chatwoot sends to account webhooks and API-inbox callbacks alike. */
export const INBOX_EVENTS = [
	'conversation_created',
	'conversation_status_changed',
	'conversation_updated',
	'message_created',
	'message_updated',
	'webwidget_triggered',
	'conversation_typing_on',
	'conversation_typing_off',
] as const;

/** Events only account webhooks receive. */
export const ACCOUNT_ONLY_EVENTS = ['contact_created', 'contact_updated', 'inbox_created', 'inbox_updated'] as const;

/** What AgentBotListener sends a bot's outgoing URL (app/listeners/agent_bot_listener.rb). */
export const AGENT_BOT_EVENTS = [
	'message_created',
	'message_updated',
	'conversation_opened',
	'conversation_resolved',
	'conversation_status_changed',
	'conversation_updated',
	'webwidget_triggered',
] as const;

/** `Webhook::ALLOWED_WEBHOOK_EVENTS` (12 names; the OpenAPI enum omits the two inbox_* ones). */
export const ALL_EVENTS: readonly string[] = [...INBOX_EVENTS, ...ACCOUNT_ONLY_EVENTS];

/** The "All Events" choice: subscribes to every known event and passes unknown names through. */
export const ANY_EVENT = '*';

export type JsonRecord = Record<string, unknown>;

/** Account-webhook subscriptions for the selected events, sorted (for comparisons). */
export function subscriptionsFor(selected: readonly string[]): string[] {
	if (selected.includes(ANY_EVENT)) return [...ALL_EVENTS].sort();
	return [...new Set(selected.filter((event) => ALL_EVENTS.includes(event)))].sort();
}

/** Whether a delivered event name is wanted: any name with "All Events", otherwise only those selected. */
export function acceptsEvent(selected: readonly string[], event: string): boolean {
	return selected.includes(ANY_EVENT) || selected.includes(event);
}

export type ParsedDelivery = { ok: true; event: string; payload: JsonRecord } | { ok: false; reason: 'malformed_json' | 'not_an_event' };

/** Parses the raw body; a Chatwoot delivery is a flat JSON object with a string `event`. */
export function parseChatwootDelivery(rawBody: Buffer | string): ParsedDelivery {
	let value: unknown;
	try {
		value = JSON.parse(typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8'));
	} catch {
		return { ok: false, reason: 'malformed_json' };
	}
	if (!value || typeof value !== 'object' || Array.isArray(value)) return { ok: false, reason: 'not_an_event' };
	const event = (value as JsonRecord).event;
	if (typeof event !== 'string' || event === '') return { ok: false, reason: 'not_an_event' };
	return { ok: true, event, payload: value as JsonRecord };
}

export interface DeliveryFilters {
	/** Drop message events whose `message_type` is not incoming (the bot's own and agents' replies). */
	onlyIncomingMessages?: boolean;
	/** Drop message events that are private notes, and typing events of an agent writing one. */
	excludePrivateNotes?: boolean;
	/** Keep only events of these inboxes (events without an inbox, such as contact_*, pass). */
	inboxIds?: Array<number | string>;
	/** Keep only events of conversations carrying at least one of these labels (events without a conversation pass). */
	labels?: string[];
}

export type FilterReason = 'not_incoming' | 'private_note' | 'other_inbox' | 'label_mismatch';

function record(value: unknown): JsonRecord | undefined {
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as JsonRecord) : undefined;
}

function isMessageEvent(event: string, payload: JsonRecord): boolean {
	return event === 'message_created' || event === 'message_updated' || (event.startsWith('message_') && 'message_type' in payload);
}

/** The conversation an event belongs to, or undefined when it has none (contact_*, inbox_*). */
function conversationOf(event: string, payload: JsonRecord): JsonRecord | undefined {
	if (event.startsWith('contact_') || event.startsWith('inbox_')) return undefined;
	if (event === 'webwidget_triggered') return record(payload.current_conversation) ?? {};
	if (event.startsWith('conversation_') && !event.startsWith('conversation_typing_')) return payload;
	return record(payload.conversation) ?? (Array.isArray(payload.labels) ? payload : {});
}

/**
 * The inbox an event belongs to, or undefined when it has none. Inbox events
 * (Inbox::EventDataPresenter) carry no inbox id at the top level, nor inside the channel
 * record (whose `id` is the channel's); the inbox's id is only in its working hours,
 * which every inbox has from creation (concerns/out_of_offisable.rb) and which the
 * presenter sends whole (`working_hours.as_json`, one record per weekday with `inbox_id`).
 */
export function inboxIdOf(event: string, payload: JsonRecord): number | undefined {
	if (event.startsWith('contact_')) return undefined;
	const candidates = event.startsWith('inbox_')
		? [Array.isArray(payload.working_hours) ? record(payload.working_hours[0])?.inbox_id : undefined]
		: [
				record(payload.inbox)?.id,
				payload.inbox_id,
				record(payload.conversation)?.inbox_id,
				record(payload.current_conversation)?.inbox_id,
			];
	for (const candidate of candidates) {
		const id = Number(candidate);
		if (candidate !== null && candidate !== undefined && candidate !== '' && Number.isFinite(id)) return id;
	}
	return undefined;
}

/** Labels of the event's conversation (lower-cased), or undefined when the event has no conversation. */
export function labelsOf(event: string, payload: JsonRecord): string[] | undefined {
	const conversation = conversationOf(event, payload);
	if (!conversation) return undefined;
	const labels = conversation.labels;
	return Array.isArray(labels) ? labels.map((label) => String(label).toLowerCase()) : [];
}

/** Why a delivery is filtered out, or undefined when it passes every active filter. */
export function filterDelivery(event: string, payload: JsonRecord, filters: DeliveryFilters): FilterReason | undefined {
	if (isMessageEvent(event, payload)) {
		if (filters.onlyIncomingMessages) {
			const type = payload.message_type;
			if (type !== 'incoming' && type !== 0) return 'not_incoming';
		}
		if (filters.excludePrivateNotes && payload.private === true) return 'private_note';
	}
	// Typing events say whether the agent is typing a private note (WebhookListener#handle_typing_status).
	if (filters.excludePrivateNotes && event.startsWith('conversation_typing_') && payload.is_private === true) return 'private_note';
	const inboxIds = (filters.inboxIds ?? []).map(Number).filter(Number.isFinite);
	if (inboxIds.length > 0) {
		const inboxId = inboxIdOf(event, payload);
		const scoped = !event.startsWith('contact_');
		if (scoped && (inboxId === undefined || !inboxIds.includes(inboxId))) return 'other_inbox';
	}
	const wanted = (filters.labels ?? []).map((label) => String(label).trim().toLowerCase()).filter(Boolean);
	if (wanted.length > 0) {
		const labels = labelsOf(event, payload);
		if (labels !== undefined && !labels.some((label) => wanted.includes(label))) return 'label_mismatch';
	}
	return undefined;
}

/**
 * The de-duplication key: `X-Chatwoot-Delivery`, a UUID the listener creates per delivery
 * (4.12+; agent bots 4.13+) that every retry of an agent-bot job repeats
 * (app/jobs/agent_bots/webhook_job.rb), compared case-insensitively. Without it (older
 * servers), only `*_created` events get a key from their id, since update events
 * legitimately repeat for the same record. (Replays are caught by their signature.)
 */
export function dedupeKey(event: string, payload: JsonRecord, deliveryId: string | undefined): string | undefined {
	const id = deliveryId?.trim().toLowerCase();
	if (id) return `d:${id}`;
	if (event.endsWith('_created') && payload.id !== undefined && payload.id !== null) {
		return `e:${event}:${String(record(payload.account)?.id ?? '')}:${String(payload.id)}`;
	}
	return undefined;
}

function ipv4Private(address: string): string | undefined {
	const [a, b] = address.split('.').map(Number);
	if (a === 127) return 'a loopback address';
	if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'a private (RFC 1918) address';
	if (a === 169 && b === 254) return 'a link-local address';
	if (a === 100 && b >= 64 && b <= 127) return 'a shared (carrier-grade NAT) address';
	if (a === 0) return 'an unspecified address';
	return undefined;
}

const INTERNAL_SUFFIXES = ['.local', '.localhost', '.internal', '.lan', '.home.arpa', '.docker', '.svc', '.cluster.local'];

/**
 * Why Chatwoot 4.14+ would refuse to deliver to this URL (its SSRF guard, SafeFetch, blocks
 * private, loopback and link-local addresses and internal Docker names; the server can
 * allow them with SAFE_FETCH_ALLOW_PRIVATE_NETWORK=true from 4.14.1), or undefined when it looks public.
 * Judged from the URL alone: names are not resolved.
 */
export function privateAddressReason(url: string): string | undefined {
	let host: string;
	try {
		host = new URL(url).hostname.toLowerCase();
	} catch {
		return undefined;
	}
	host = host.replace(/^\[|\]$/g, '').replace(/\.$/, '');
	if (host === '') return undefined;
	const version = isIP(host);
	if (version === 4) return ipv4Private(host);
	if (version === 6) {
		const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
		if (mapped) return ipv4Private(mapped[1]);
		// WHATWG URL normalises ::ffff:192.168.0.1 to ::ffff:c0a8:1
		const mappedHex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
		if (mappedHex) {
			const high = parseInt(mappedHex[1], 16);
			const low = parseInt(mappedHex[2], 16);
			return ipv4Private(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`);
		}
		if (host === '::1') return 'a loopback address';
		if (host === '::') return 'an unspecified address';
		if (/^f[cd][0-9a-f]{2}:/.test(host)) return 'a private (unique local) IPv6 address';
		if (/^fe[89ab][0-9a-f]:/.test(host)) return 'a link-local IPv6 address';
		return undefined;
	}
	if (host === 'localhost') return 'localhost';
	if (!host.includes('.')) return `a single-label host name ("${host}", such as a Docker service name)`;
	if (INTERNAL_SUFFIXES.some((suffix) => host.endsWith(suffix))) return `an internal host name ("${host}")`;
	return undefined;
}
