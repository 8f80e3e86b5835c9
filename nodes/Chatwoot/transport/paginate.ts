import type { IDataObject } from 'n8n-workflow';

import { extractMeta, extractRecords } from './list';
import type { ChatwootContext, ChatwootRequest } from './request';
import { chatwootRequest } from './request';

export interface PageOptions {
	/** Stop after this many records; undefined = all. */
	limit?: number;
	/**
	 * Records per full page where Chatwoot hard-codes the page size (contacts 15, audit
	 * logs 25): a shorter page is the last one. Leave it out where a server may change
	 * it (conversations follow `CONVERSATION_RESULTS_PER_PAGE`): then only the reported
	 * total, `has_more` or an empty page end the walk.
	 */
	pageSize?: number;
	/** Total count reported by the response, when the endpoint reports a trustworthy one. */
	total?: (meta: IDataObject, body: unknown) => number | undefined;
	/** The records of one page, where the envelope is not one `extractRecords` knows. */
	records?: (body: unknown) => IDataObject[];
	/** Records to keep (others are read past, not returned); a page of only dropped records still is a page. */
	keep?: (record: IDataObject) => boolean;
}

const MAX_PAGES = 10000;

/** A `total` reader for a numeric field of the list meta (`count`, `all_count`…). */
export function metaCount(key: string): (meta: IDataObject) => number | undefined {
	return (meta) => (typeof meta[key] === 'number' ? (meta[key] as number) : undefined);
}

/**
 * `page=1,2,…` pagination. Stops on an empty page, on `meta.has_more === false`
 * (search), once the reported total is reached, on a short page where the page size
 * is fixed, or at the limit. A short page never ends the walk where the page size is
 * the server's choice, so a server configured for fewer than 25 conversations per
 * page is still read to the end.
 */
export async function paginateByPage(
	this: ChatwootContext,
	request: ChatwootRequest,
	options: PageOptions,
): Promise<IDataObject[]> {
	const collected: IDataObject[] = [];
	let seen = 0;
	for (let page = 1; page <= MAX_PAGES; page++) {
		const body = await chatwootRequest.call(this, { ...request, qs: { ...request.qs, page } });
		const records = options.records ? options.records(body) : extractRecords(body);
		collected.push(...(options.keep ? records.filter(options.keep) : records));
		if (options.limit !== undefined && collected.length >= options.limit) return collected.slice(0, options.limit);
		const meta = extractMeta(body);
		if (records.length === 0) break;
		if (meta.has_more === false) break;
		seen += records.length;
		const total = options.total?.(meta, body);
		if (total !== undefined && seen >= total) break;
		if (meta.has_more === undefined && options.pageSize !== undefined && records.length < options.pageSize) break;
	}
	return collected;
}

/**
 * Messages: newest page first, then `before=<smallest id seen>` until a short page.
 * Records come out newest first, so Limit keeps the most recent messages; `keep`
 * drops records as they are read (Limit then counts the kept ones).
 */
export async function paginateMessages(
	this: ChatwootContext,
	request: ChatwootRequest,
	options: { limit?: number; pageSize?: number; keep?: (record: IDataObject) => boolean },
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
		collected.push(...(options.keep ? records.filter(options.keep) : records));
		if (options.limit !== undefined && collected.length >= options.limit) return collected.slice(0, options.limit);
		if (records.length < pageSize) break;
		const smallest = Number(records[records.length - 1].id);
		if (!Number.isFinite(smallest) || (before !== undefined && smallest >= before)) break;
		before = smallest;
	}
	return collected;
}
