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

/** Recent conversations for the conversation picker; the search box filters by message text. */
export async function searchConversations(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const accountId = await resolveAccountId.call(this, 0);
	const page = Number(paginationToken ?? 1);
	const body = await chatwootRequest.call(this, {
		method: 'GET',
		path: `/api/v1/accounts/${accountId}/conversations`,
		qs: { status: 'all', assignee_type: 'all', page, ...(filter ? { q: filter } : {}) },
	});
	const conversations = extractRecords(body);
	const total = Number(extractMeta(body).all_count ?? 0);
	const { baseUrl } = await this.getCredentials('chatwootApi');
	const root = normalizeChatwootBaseUrl(baseUrl);
	return {
		results: conversations.map((c) => ({
			name: preview(c),
			value: Number(c.id),
			url: `${root}/app/accounts/${accountId}/conversations/${c.id}`,
		})),
		paginationToken: conversations.length > 0 && page * 25 < total ? String(page + 1) : undefined,
	};
}
