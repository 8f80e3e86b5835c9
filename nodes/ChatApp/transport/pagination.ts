import type { IDataObject } from 'n8n-workflow';

import type { ChatAppContext, ChatAppRequest } from './request';
import { chatAppList, chatAppRequest, cursorToQuery } from './request';

/**
 * The one pagination of ChatApp lists (chats, messages; docs/reference/chatapp-api.md
 * §6 "Pagination"). ChatApp pages on in two ways: the `nextPage` cursor of the answer
 * sent back as a query parameter, or `lastTime` (unix seconds of the last item) plus,
 * for messages, `lastInternalId` (its `internalId`).
 */
export type ChatAppPageBy = 'auto' | 'nextPage' | 'lastTime';

export interface ChatAppPageOptions {
	/** Stop after this many records; undefined = all. */
	limit?: number;
	/** Query parameter that carries `nextPage` back (ChatApp does not document its name). */
	cursorParameter: string;
	/** 'auto' (default): `nextPage` when the answer has one, else `lastTime` after a full page. */
	pageBy?: ChatAppPageBy;
	/** With `lastTime`, also send `lastInternalId` (message lists). */
	withInternalId?: boolean;
	/** Records asked for per page: a shorter page is the last one when paging by `lastTime`. */
	pageSize: number;
	maxPages?: number;
	/** Stops before the first record for which this is true (e.g. older than a time). */
	until?: (record: IDataObject) => boolean;
}

const MAX_PAGES = 10000;

/** Unix seconds of a list record: `time` (messages) or a chat's last activity. */
export function chatAppRecordTime(record: IDataObject | undefined): number | undefined {
	if (!record) return undefined;
	const last = record.lastMessage && typeof record.lastMessage === 'object' ? (record.lastMessage as IDataObject).time : undefined;
	for (const value of [record.lastTime, record.time, last, record.updated, record.updatedAt]) {
		const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
		if (typeof n === 'number' && Number.isFinite(n) && n > 0) return n > 1e12 ? Math.floor(n / 1000) : n;
	}
	return undefined;
}

function sameRecord(a: IDataObject | undefined, b: IDataObject | undefined): boolean {
	if (!a || !b) return false;
	const key = (r: IDataObject) => String(r.internalId ?? r.id ?? JSON.stringify(r));
	return key(a) === key(b);
}

/**
 * Pages through a ChatApp list. Stops on an empty or short page, a missing or repeated
 * cursor, a page that starts with the previous page's first record (a server that
 * ignored the cursor), `until`, or the limit.
 */
export async function chatAppPaginate(this: ChatAppContext, request: ChatAppRequest, options: ChatAppPageOptions): Promise<IDataObject[]> {
	const pageBy = options.pageBy ?? 'auto';
	const collected: IDataObject[] = [];
	const seen = new Set<string>();
	let cursorQuery: IDataObject = {};
	let previousFirst: IDataObject | undefined;
	for (let page = 0; page < (options.maxPages ?? MAX_PAGES); page++) {
		const body = await chatAppRequest.call(this, { ...request, qs: { ...request.qs, ...cursorQuery } });
		const { items, nextPage } = chatAppList(body);
		if (items.length === 0 || (page > 0 && sameRecord(items[0], previousFirst))) break;
		previousFirst = items[0];
		for (const item of items) {
			if (options.until?.(item)) return collected;
			collected.push(item);
			if (options.limit !== undefined && collected.length >= options.limit) return collected;
		}
		let next: IDataObject | undefined;
		if (pageBy !== 'lastTime' && nextPage) {
			next = cursorToQuery(nextPage, options.cursorParameter);
		} else if (pageBy !== 'nextPage' && items.length >= options.pageSize) {
			const last = items[items.length - 1];
			const lastTime = chatAppRecordTime(last);
			if (lastTime === undefined) break;
			next = { lastTime };
			if (options.withInternalId && last.internalId !== undefined && last.internalId !== null) next.lastInternalId = last.internalId as string;
		}
		const key = next && JSON.stringify(next);
		if (!next || !key || seen.has(key)) break;
		seen.add(key);
		cursorQuery = next;
	}
	return collected;
}
