import type { IDataObject, ITriggerFunctions } from 'n8n-workflow';

import { clientContactPath } from '../transport/clientApi';
import { chatwootRecords } from '../transport/request';

import type { ChatwootCableMessage } from './events';
import type { RestLimits } from './rest';

/** What the catch-up reads of the cursor: the live one, or a snapshot taken when a deferred catch-up was scheduled. */
export interface CursorView {
	lastMessageId(conversationId: number): number | undefined;
	conversationUpdatedAt(conversationId: number): number | undefined;
}

/** The gap to catch up on, after a reconnect or a restart. */
export interface BackfillWindow {
	/** Seconds to look back from now (for `updated_within`), margin included. */
	seconds: number;
	/** Start of the gap in the server's clock (unix seconds), margin included. */
	sinceServerSeconds: number;
}

export interface BackfillScope {
	inboxIds: Set<number> | null;
	conversationIds: Set<number> | null;
}

/** `after=<id>` returns at most this many messages per page. */
const AFTER_PAGE = 100;
/** Never walk more pages than this per conversation. */
const MAX_PAGES = 20;
/** Contact mode: look at most at this many of the contact's conversations. */
const MAX_CONTACT_CONVERSATIONS = 25;

function num(value: unknown): number | undefined {
	const n = typeof value === 'number' ? value : typeof value === 'string' && value !== '' ? Number(value) : NaN;
	return Number.isFinite(n) ? n : undefined;
}

function byId(a: IDataObject, b: IDataObject) {
	return (num(a.id) ?? 0) - (num(b.id) ?? 0);
}

function inScope(conversation: IDataObject, scope: BackfillScope): boolean {
	const id = num(conversation.id);
	const inbox = num(conversation.inbox_id);
	if (scope.conversationIds && id !== undefined && !scope.conversationIds.has(id)) return false;
	if (scope.inboxIds && inbox !== undefined && !scope.inboxIds.has(inbox)) return false;
	return true;
}

/**
 * Messages of one conversation that arrived in the gap: everything after the last
 * id seen (`after=`, pages of 100), or — when nothing was seen yet — the latest
 * page filtered by time.
 */
async function missedMessages(
	fetchPage: (qs: IDataObject) => Promise<IDataObject[]>,
	lastSeen: number | undefined,
	since: number,
	supportsAfter: boolean,
): Promise<IDataObject[]> {
	if (lastSeen !== undefined && supportsAfter) {
		const out: IDataObject[] = [];
		let after = lastSeen;
		for (let page = 0; page < MAX_PAGES; page++) {
			const records = (await fetchPage({ after })).filter((m) => (num(m.id) ?? 0) > after).sort(byId);
			out.push(...records);
			if (records.length < AFTER_PAGE) break;
			after = num(records[records.length - 1].id) ?? after;
		}
		return out;
	}
	const latest = await fetchPage({});
	return latest
		.filter((m) => {
			const id = num(m.id) ?? 0;
			if (lastSeen !== undefined) return id > lastSeen;
			return (num(m.created_at) ?? 0) >= since;
		})
		.sort(byId);
}

/**
 * Agent mode: conversations updated in the gap (`updated_within`, unpaged, all
 * statuses and assignees), then per conversation the messages newer than the last
 * one seen. Returned in emit order: per conversation, a new conversation first,
 * then its messages, then (for an existing one) its latest state.
 */
export async function backfillAgent(
	this: ITriggerFunctions,
	accountId: number,
	window: BackfillWindow,
	cursor: CursorView,
	scope: BackfillScope,
	limits: RestLimits = {},
): Promise<ChatwootCableMessage[]> {
	const base = `/api/v1/accounts/${accountId}`;
	const list = await chatwootRecords.call(this, {
		method: 'GET',
		path: `${base}/conversations`,
		qs: { updated_within: Math.max(1, Math.ceil(window.seconds)), status: 'all', assignee_type: 'all' },
		...limits,
	});
	const conversations = list
		.filter((c) => num(c.id) !== undefined && inScope(c, scope))
		.sort((a, b) => (num(a.updated_at) ?? 0) - (num(b.updated_at) ?? 0));
	const out: ChatwootCableMessage[] = [];
	for (const conversation of conversations) {
		const id = num(conversation.id)!;
		const isNew = (num(conversation.created_at) ?? 0) >= window.sinceServerSeconds && cursor.conversationUpdatedAt(id) === undefined;
		const messages = await missedMessages(
			async (qs) => await chatwootRecords.call(this, { method: 'GET', path: `${base}/conversations/${id}/messages`, qs, ...limits }),
			cursor.lastMessageId(id),
			window.sinceServerSeconds,
			true,
		);
		if (isNew) out.push({ event: 'conversation.created', data: conversation });
		for (const message of messages) {
			message.conversation_id ??= id;
			message.account_id ??= accountId;
			out.push({ event: 'message.created', data: message });
		}
		if (!isNew) out.push({ event: 'conversation.updated', data: conversation });
	}
	return out;
}

/**
 * Contact mode (Client API): the contact's conversations, and per conversation the
 * latest messages newer than the last one seen. The Client API has no `after=` and
 * no update times, so only missed messages are recovered here.
 */
export async function backfillContact(
	this: ITriggerFunctions,
	inboxIdentifier: string,
	sourceId: string,
	window: BackfillWindow,
	cursor: CursorView,
	scope: BackfillScope,
	limits: RestLimits = {},
): Promise<ChatwootCableMessage[]> {
	const list = await chatwootRecords.call(this, {
		method: 'GET',
		path: clientContactPath(inboxIdentifier, sourceId, '/conversations'),
		credentialType: 'chatwootClientApi',
		...limits,
	});
	const conversations = list
		.filter((c) => num(c.id) !== undefined && inScope(c, scope))
		.sort(byId)
		.slice(-MAX_CONTACT_CONVERSATIONS);
	const out: ChatwootCableMessage[] = [];
	for (const conversation of conversations) {
		const id = num(conversation.id)!;
		const messages = await missedMessages(
			async () =>
				await chatwootRecords.call(this, {
					method: 'GET',
					path: clientContactPath(inboxIdentifier, sourceId, `/conversations/${id}/messages`),
					credentialType: 'chatwootClientApi',
					...limits,
				}),
			cursor.lastMessageId(id),
			window.sinceServerSeconds,
			false,
		);
		for (const message of messages) {
			message.conversation_id ??= id;
			out.push({ event: 'message.created', data: message });
		}
	}
	return out;
}
