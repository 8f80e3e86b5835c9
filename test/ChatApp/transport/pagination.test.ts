import type { INodeParameters } from 'n8n-workflow';

import type { ChatAppServer, ChatMessage } from '../../servers/chatapp/server';
import { startChatAppServer } from '../../servers/chatapp/server';
import { runChatApp } from '../helpers';

/*
 * Issue 13.12: ChatApp lists page on with `nextPage` or with `lastTime` (+ `lastInternalId`
 * for messages; docs/reference/chatapp-api.md §6 "Pagination"). Both, written once
 * (nodes/ChatApp/transport/pagination.ts), through the node's list operations.
 */
const WA = { licenseId: 1229, messengerType: 'grWhatsApp' };
const CHAT = '79001234567@c.us';

/** Newest first; two messages share each second, so only lastInternalId tells them apart. */
function messages(count: number): ChatMessage[] {
	return Array.from({ length: count }, (_, i) => ({
		id: `BAE5${String(count - i).padStart(6, '0')}`,
		internalId: 5000 + count - i,
		side: 'in',
		time: 1700000000 - Math.floor(i / 2),
		type: 'text',
		message: { text: `message ${count - i}` },
	}));
}

let server: ChatAppServer;
beforeEach(async () => void (server = await startChatAppServer()));
afterEach(async () => await server.close());

/** Message → Get Many on the test chat, Return All unless `limit`. */
async function listMessages(options: INodeParameters, limit?: number) {
	const paging = limit === undefined ? { returnAll: true } : { returnAll: false, limit };
	return await runChatApp(server, { resource: 'message', operation: 'getAll', ...WA, chatId: CHAT, ...paging, options });
}

describe('lastTime pagination (a server without nextPage)', () => {
	test('messages: Return All pages with lastTime + lastInternalId, nothing lost or repeated at equal times', async () => {
		server.state.pagingStyle = 'lastTime';
		server.state.messages.set(`1229/grWhatsApp/${CHAT}`, messages(25));
		const result = await listMessages({ pageSize: 10 });
		expect(result.error).toBeUndefined();
		const ids = result.items.map((i) => i.json.id);
		expect(ids).toHaveLength(25);
		expect(new Set(ids).size).toBe(25);
		const pages = server.calls(/\/messages$/, 'GET');
		expect(pages.map((p) => p.query.lastInternalId)).toEqual([undefined, '5016', '5006']);
		expect(pages[1].query.lastTime).toBe(String(1700000000 - 4));
	});

	test('messages with Limit: stops at the limit', async () => {
		server.state.pagingStyle = 'lastTime';
		server.state.messages.set(`1229/grWhatsApp/${CHAT}`, messages(25));
		const result = await listMessages({ pageSize: 10 }, 12);
		expect(result.items).toHaveLength(12);
		expect(server.calls(/\/messages$/, 'GET')).toHaveLength(2);
	});

	test('chats: pages with lastTime of the last chat', async () => {
		server.state.pagingStyle = 'lastTime';
		const chats = Array.from({ length: 7 }, (_, i) => ({ id: `7900000000${i}@c.us`, lastTime: 1700000000 - i * 100 }));
		server.state.chats.set('1229/grWhatsApp', chats);
		const result = await runChatApp(server, { resource: 'chat', operation: 'getAll', ...WA, returnAll: true, options: { pageSize: 3 } });
		expect(result.items.map((i) => i.json.id)).toEqual(chats.map((c) => c.id));
		const pages = server.calls(/\/chats$/, 'GET');
		expect(pages.map((p) => p.query.lastTime)).toEqual([undefined, String(1700000000 - 200), String(1700000000 - 500)]);
		expect(pages.every((p) => p.query.lastInternalId === undefined)).toBe(true);
	});

	test('Pagination "Next Page Cursor" does not invent a lastTime cursor', async () => {
		server.state.pagingStyle = 'lastTime';
		server.state.messages.set(`1229/grWhatsApp/${CHAT}`, messages(25));
		const result = await listMessages({ pageSize: 10, pageBy: 'nextPage' });
		expect(result.items).toHaveLength(10);
		expect(server.calls(/\/messages$/, 'GET')).toHaveLength(1);
	});
});

describe('nextPage pagination still wins when the server sends it', () => {
	test('automatic: nextPage followed, no lastTime sent', async () => {
		server.state.messages.set(`1229/grWhatsApp/${CHAT}`, messages(25));
		const result = await listMessages({ pageSize: 10 });
		expect(result.items).toHaveLength(25);
		const pages = server.calls(/\/messages$/, 'GET');
		expect(pages).toHaveLength(3);
		expect(pages.every((p) => p.query.lastTime === undefined)).toBe(true);
		expect(pages[1].query.page).toBeDefined();
	});

	test('a server that ignores the cursor: the repeated page is not collected twice', async () => {
		server.state.messages.set(`1229/grWhatsApp/${CHAT}`, messages(25));
		const result = await listMessages({ pageSize: 10, cursorParameter: 'cursor' });
		expect(result.items).toHaveLength(10);
	});
});
