import type { IDataObject } from 'n8n-workflow';

import { BoundedKeySet } from '../../shared/boundedKeySet';

/** Conversations whose last message id / state is remembered. */
export const MAX_TRACKED_CONVERSATIONS = 500;
/** Let the maps grow this much past the bound before trimming them in one go (amortised O(1)). */
const TRIM_SLACK = MAX_TRACKED_CONVERSATIONS;
export const RECENT_KEYS_TTL_MS = 6 * 60 * 60 * 1000;
export const RECENT_KEYS_MAX = 5000;

function num(value: unknown): number | undefined {
	const n = typeof value === 'number' ? value : typeof value === 'string' && value !== '' ? Number(value) : NaN;
	return Number.isFinite(n) ? n : undefined;
}

type Field = 'lastMessageIds' | 'conversationStates';

export interface RecentlySeen {
	keys: BoundedKeySet<string>;
	/** `message.created` by message id (the hottest path, kept numeric). */
	messageIds: BoundedKeySet<number>;
}

/**
 * Where the trigger stands, kept in the workflow's node static data so a restarted
 * n8n resumes: last message id per conversation, last conversation state
 * (`updated_at`) seen, and when the stream was last known alive. `scope` ties it to
 * one account/contact, so switching the account starts afresh. Both maps hold
 * increasing values (message ids, timestamps), so when they outgrow their bound the
 * lowest values, i.e. the least recently active conversations, are dropped.
 */
export class RealtimeCursor {
	/** Keyed by conversation display id (numeric keys: no string building per event). */
	private messages: Record<number, number>;
	private conversations: Record<number, number>;
	private messageCount: number;
	private conversationCount: number;
	private lastTouch = 0;

	constructor(
		private readonly store: IDataObject,
		scope: string,
	) {
		if (store.cursorScope !== scope || !store.lastMessageIds || !store.conversationStates) {
			store.cursorScope = scope;
			store.lastMessageIds = {};
			store.conversationStates = {};
			delete store.lastAliveAt;
			delete store.recentKeys;
			delete store.recentMessageIds;
		}
		this.messages = store.lastMessageIds as Record<number, number>;
		this.conversations = store.conversationStates as Record<number, number>;
		this.messageCount = Object.keys(this.messages).length;
		this.conversationCount = Object.keys(this.conversations).length;
	}

	/** Our clock (ms) of the last event seen, from this or an earlier run. */
	get lastAliveAt(): number | undefined {
		return num(this.store.lastAliveAt);
	}

	/** Marks the stream alive; a write through the static-data proxy, so n8n saves the cursor with the next execution. */
	touch(at: number): void {
		if (at === this.lastTouch) return;
		this.lastTouch = at;
		this.store.lastAliveAt = at;
	}

	lastMessageId(conversationId: number): number | undefined {
		return this.messages[conversationId];
	}

	recordMessage(conversationId: number, messageId: number): void {
		const previous = this.messages[conversationId];
		if (previous !== undefined && previous >= messageId) return;
		this.messages[conversationId] = messageId;
		if (previous === undefined && ++this.messageCount > MAX_TRACKED_CONVERSATIONS + TRIM_SLACK) {
			this.messages = this.trim('lastMessageIds', this.messages);
			this.messageCount = MAX_TRACKED_CONVERSATIONS;
		}
	}

	conversationUpdatedAt(conversationId: number): number | undefined {
		return this.conversations[conversationId];
	}

	recordConversation(conversationId: number, updatedAt: number): void {
		const previous = this.conversations[conversationId];
		if (previous !== undefined && previous >= updatedAt) return;
		this.conversations[conversationId] = updatedAt;
		if (previous === undefined && ++this.conversationCount > MAX_TRACKED_CONVERSATIONS + TRIM_SLACK) {
			this.conversations = this.trim('conversationStates', this.conversations);
			this.conversationCount = MAX_TRACKED_CONVERSATIONS;
		}
	}

	/** A frozen copy of the per-conversation positions (for a catch-up that runs later). */
	snapshot(): { lastMessageId(id: number): number | undefined; conversationUpdatedAt(id: number): number | undefined } {
		const messages = { ...this.messages };
		const conversations = { ...this.conversations };
		return { lastMessageId: (id) => messages[id], conversationUpdatedAt: (id) => conversations[id] };
	}

	/** Recently emitted event keys and `message.created` ids, for de-duplication across reconnects and restarts. */
	loadRecentKeys(now = Date.now()): RecentlySeen {
		return {
			keys: BoundedKeySet.from(this.store.recentKeys, RECENT_KEYS_TTL_MS, RECENT_KEYS_MAX, now),
			messageIds: BoundedKeySet.fromNumeric(this.store.recentMessageIds, RECENT_KEYS_TTL_MS, RECENT_KEYS_MAX, now),
		};
	}

	saveRecentKeys(seen: RecentlySeen): void {
		this.store.recentKeys = seen.keys.toJSON();
		this.store.recentMessageIds = seen.messageIds.toJSON();
	}

	/** Keeps the entries with the highest values (most recent), in a fresh object. */
	private trim(field: Field, values: Record<number, number>): Record<number, number> {
		const kept = Object.entries(values)
			.sort((a, b) => b[1] - a[1])
			.slice(0, MAX_TRACKED_CONVERSATIONS);
		const fresh = Object.fromEntries(kept);
		this.store[field] = fresh;
		return fresh;
	}
}
