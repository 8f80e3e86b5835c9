import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { resolveAccountId } from '../helpers/account';
import { normalizeChatwootBaseUrl } from '../transport/baseUrl';
import { extractMeta, extractRecords } from '../transport/list';
import { chatwootRequest } from '../transport/request';

function preview(conversation: IDataObject): string {
	const sender = ((conversation.meta as IDataObject | undefined)?.sender as IDataObject | undefined)?.name;
	const last = ((conversation.messages as IDataObject[] | undefined) ?? [])[0]?.content;
	const text = typeof last === 'string' ? last.replace(/\s+/g, ' ').slice(0, 60) : '';
	return [`#${conversation.id}`, sender, conversation.status, text].filter(Boolean).join(' · ');
}

/** One page of an account list for a picker, with the dashboard URL of each record. */
async function listPage(this: ILoadOptionsFunctions, suffix: string, qs: IDataObject, page: number) {
	const accountId = await resolveAccountId.call(this, 0);
	const body = await chatwootRequest.call(this, { method: 'GET', path: `/api/v1/accounts/${accountId}${suffix}`, qs: { ...qs, page } });
	const { baseUrl } = await this.getCredentials('chatwootApi');
	return { body, records: extractRecords(body), meta: extractMeta(body), dashboard: `${normalizeChatwootBaseUrl(baseUrl)}/app/accounts/${accountId}` };
}

/**
 * Recent conversations for the conversation picker; the search box filters by message
 * text. Pages continue while a page has records and the count says there are more
 * (whatever CONVERSATION_RESULTS_PER_PAGE is); with a search the count covers one page
 * only, so they continue while pages have records.
 */
export async function searchConversations(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	// The token is the next page, plus the records seen so far when pages are not 25 long.
	const [page, counted] = String(paginationToken ?? '1').split(':').map(Number);
	const before = counted ?? (page - 1) * 25;
	const { records, meta, dashboard } = await listPage.call(this, '/conversations', { status: 'all', assignee_type: 'all', ...(filter ? { q: filter } : {}) }, page);
	const seen = before + records.length;
	const more = records.length > 0 && (filter ? true : seen < Number(meta.all_count ?? 0));
	return {
		results: records.map((c) => ({ name: preview(c), value: Number(c.id), url: `${dashboard}/conversations/${c.id}` })),
		paginationToken: more ? (seen === page * 25 ? String(page + 1) : `${page + 1}:${seen}`) : undefined,
	};
}

/**
 * Contacts for the contact picker: the account's contacts (15 per page, `meta.count`),
 * or with a search term Chatwoot's search (name, email, phone, identifier; `has_more`),
 * which also finds anonymous contacts.
 */
export async function searchContacts(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = Number(paginationToken ?? 1);
	const { records, meta, dashboard } = filter
		? await listPage.call(this, '/contacts/search', { q: filter, include_contact_inboxes: false }, page)
		: await listPage.call(this, '/contacts', { include_contact_inboxes: false, sort: '-last_activity_at' }, page);
	const more = records.length > 0 && (filter ? meta.has_more === true : page * 15 < Number(meta.count ?? 0));
	return {
		results: records.map((c) => ({
			name: [c.name || `Contact ${String(c.id)}`, c.email, c.phone_number].filter(Boolean).join(' · '),
			value: Number(c.id),
			url: `${dashboard}/contacts/${c.id}`,
		})),
		paginationToken: more ? String(page + 1) : undefined,
	};
}

const MESSAGE_TYPES = ['incoming', 'outgoing', 'activity', 'template'];

/**
 * Messages of the conversation chosen in the same node, newest first, 20 per page
 * through Chatwoot's `before=<id>` cursor (MessageFinder); the search box filters by text.
 */
export async function searchMessages(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const conversationId = Number(this.getCurrentNodeParameter('conversationId', { extractValue: true }));
	if (!Number.isInteger(conversationId) || conversationId <= 0) return { results: [] };
	const accountId = await resolveAccountId.call(this, 0);
	const body = await chatwootRequest.call(this, {
		method: 'GET',
		path: `/api/v1/accounts/${accountId}/conversations/${conversationId}/messages`,
		qs: paginationToken ? { before: Number(paginationToken) } : undefined,
	});
	const messages = extractRecords(body).sort((a, b) => Number(b.id) - Number(a.id));
	const term = (filter ?? '').toLowerCase();
	const shown = messages.filter((m) => !term || String(m.content ?? '').toLowerCase().includes(term));
	return {
		results: shown.map((m) => ({
			name: [`#${m.id}`, (m.sender as IDataObject | undefined)?.name, m.private ? 'private note' : MESSAGE_TYPES[Number(m.message_type)], String(m.content ?? '').replace(/\s+/g, ' ').slice(0, 60)]
				.filter(Boolean)
				.join(' · '),
			value: Number(m.id),
		})),
		paginationToken: messages.length >= 20 ? String(messages[messages.length - 1].id) : undefined,
	};
}
