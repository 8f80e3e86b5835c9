/**
 * ChatApp's two ways of paging a list, as its clients use them (docs/reference/chatapp-api.md
 * §6 "Pagination"; the client follows ChatApp's Postman collection): a `nextPage` cursor
 * echoed back (sent here as `page`), or `lastTime` (+ `lastInternalId` for messages) of
 * the last record received. `direction=next` lists oldest first; the default (`prev`)
 * newest first, as the records are stored.
 */
export type ListPagingStyle = 'nextPage' | 'lastTime';

interface Timed {
	time?: number;
	lastTime?: number;
	internalId?: number | string;
}

const timeOf = (r: Timed) => Number(r.lastTime ?? r.time ?? 0);

export function pageList<T>(
	stored: T[],
	query: Record<string, string>,
	style: ListPagingStyle,
	defaultLimit = 50,
): { items: T[]; nextPage: string | null } {
	const limit = Math.max(1, Number(query.limit ?? defaultLimit));
	const items = query.direction === 'next' ? [...stored].reverse() : stored;
	if (style === 'nextPage' || query.page) {
		const offset = query.page ? Number(Buffer.from(query.page, 'base64url').toString('utf8')) : 0;
		const slice = items.slice(offset, offset + limit);
		const nextOffset = offset + limit;
		return { items: slice, nextPage: style === 'nextPage' && nextOffset < items.length ? Buffer.from(String(nextOffset)).toString('base64url') : null };
	}
	let rest = items;
	if (query.lastTime !== undefined) {
		const lastTime = Number(query.lastTime);
		const lastId = query.lastInternalId !== undefined ? Number(query.lastInternalId) : undefined;
		const ascending = query.direction === 'next';
		rest = items.filter((item) => {
			const t = timeOf(item as Timed);
			const id = Number((item as Timed).internalId ?? 0);
			if (t !== lastTime) return ascending ? t > lastTime : t < lastTime;
			return lastId !== undefined && (ascending ? id > lastId : id < lastId);
		});
	}
	return { items: rest.slice(0, limit), nextPage: null };
}
