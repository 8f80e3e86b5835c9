import type { IDataObject } from 'n8n-workflow';

import { extractMeta, extractRecords } from './list';
import type { ChatwootContext, ChatwootRequest } from './request';
import { chatwootRequest } from './request';

export interface PageOptions {
	/** Stop after this many records; undefined = all. */
	limit?: number;
	/** Records per full page for this endpoint (contacts 15, conversations 25). */
	pageSize: number;
	/** Total count from the response meta, when the endpoint reports one. */
	total?: (meta: IDataObject) => number | undefined;
}

const MAX_PAGES = 10000;

/**
 * `page=1,2,…` pagination. Stops on an empty or short page, on `meta.has_more ===
 * false` (search), once the reported total is reached (contacts `meta.count`,
 * conversations `all_count`), or at the limit.
 */
export async function paginateByPage(
	this: ChatwootContext,
	request: ChatwootRequest,
	options: PageOptions,
): Promise<IDataObject[]> {
	const collected: IDataObject[] = [];
	for (let page = 1; page <= MAX_PAGES; page++) {
		const body = await chatwootRequest.call(this, { ...request, qs: { ...request.qs, page } });
		const records = extractRecords(body);
		collected.push(...records);
		if (options.limit !== undefined && collected.length >= options.limit) return collected.slice(0, options.limit);
		const meta = extractMeta(body);
		if (records.length === 0) break;
		if (meta.has_more === false) break;
		if (meta.has_more === undefined && records.length < options.pageSize) break;
		const total = options.total?.(meta);
		if (total !== undefined && collected.length >= total) break;
	}
	return collected;
}

/**
 * Messages: newest page first, then `before=<smallest id seen>` until a short page.
 * Records come out newest first, so Limit keeps the most recent messages.
 */
export async function paginateMessages(
	this: ChatwootContext,
	request: ChatwootRequest,
	options: { limit?: number; pageSize?: number },
): Promise<IDataObject[]> {
	const pageSize = options.pageSize ?? 20;
	const collected: IDataObject[] = [];
	let before: number | undefined;
	for (let page = 0; page < MAX_PAGES; page++) {
		const body = await chatwootRequest.call(this, {
			...request,
			qs: { ...request.qs, ...(before !== undefined ? { before } : {}) },
		});
		const records = extractRecords(body).sort((a, b) => Number(b.id) - Number(a.id));
		collected.push(...records);
		if (options.limit !== undefined && collected.length >= options.limit) return collected.slice(0, options.limit);
		if (records.length < pageSize) break;
		const smallest = Number(records[records.length - 1].id);
		if (!Number.isFinite(smallest) || (before !== undefined && smallest >= before)) break;
		before = smallest;
	}
	return collected;
}
