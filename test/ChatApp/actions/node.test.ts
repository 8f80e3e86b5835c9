import { ChatApp } from '../../../nodes/ChatApp/ChatApp.node';
import type { ChatAppServer, ChatMessage } from '../../servers/chatapp/server';
import { startChatAppServer } from '../../servers/chatapp/server';
import { chatAppCredentials, expectNoSecrets, runChatApp, secretsOf } from '../helpers';

const WA = { licenseId: 1229, messengerType: 'grWhatsApp' };
const CHAT = '79001234567@c.us';

function messages(count: number): ChatMessage[] {
	return Array.from({ length: count }, (_, i) => ({
		id: `BAE5${String(count - i).padStart(6, '0')}`,
		side: i % 2 ? 'out' : 'in',
		time: 1700000000 - i * 60,
		type: 'text',
		message: { text: `message ${count - i}` },
	}));
}

describe('ChatApp node', () => {
	let server: ChatAppServer;
	beforeEach(async () => {
		server = await startChatAppServer();
	});
	afterEach(async () => {
		await server.close();
	});

	test('describes itself per n8n conventions', () => {
		const { description } = new ChatApp();
		expect(description.name).toBe('chatApp');
		expect(description.usableAsTool).toBe(true);
		const resource = description.properties.find((p) => p.name === 'resource');
		expect((resource?.options as Array<{ value: string }>).map((o) => o.value)).toEqual([
			'apiRequest',
			'chat',
			'license',
			'message',
			'webhook',
		]);
	});

	describe('License', () => {
		test('get many returns licenses with messengers, honouring Limit', async () => {
			const all = await runChatApp(server, { resource: 'license', operation: 'getAll', returnAll: true });
			expect(all.items.map((i) => i.json.licenseId)).toEqual([1229, 2048]);
			expect(all.items[0].json.messenger).toEqual([
				{ type: 'grWhatsApp', name: '[WEB] WhatsApp' },
				{ type: 'telegram', name: 'Telegram' },
			]);
			const one = await runChatApp(server, { resource: 'license', operation: 'getAll', returnAll: false, limit: 1 });
			expect(one.items).toHaveLength(1);
		});

		test('can output one item per license and messenger', async () => {
			const result = await runChatApp(server, {
				resource: 'license',
				operation: 'getAll',
				returnAll: true,
				options: { split: 'messenger' },
			});
			expect(result.items.map((i) => `${i.json.licenseId}/${i.json.messengerType}`)).toEqual([
				'1229/grWhatsApp',
				'1229/telegram',
				'2048/caWhatsApp',
			]);
		});
	});

	describe('Chat', () => {
		test('get many follows nextPage until the limit', async () => {
			server.state.chats.set(
				'1229/grWhatsApp',
				Array.from({ length: 7 }, (_, i) => ({ id: `7900000000${i}@c.us`, name: `Chat ${i}` })),
			);
			const all = await runChatApp(server, {
				resource: 'chat',
				operation: 'getAll',
				...WA,
				returnAll: true,
				options: { pageSize: 3 },
			});
			expect(all.error).toBeUndefined();
			expect(all.items).toHaveLength(7);
			const pages = server.calls(/\/chats$/, 'GET');
			expect(pages.map((p) => p.query.limit)).toEqual(['3', '3', '3']);
			expect(pages[0].query.page).toBeUndefined();
			expect(pages[1].query.page).toBeDefined();

			const limited = await runChatApp(server, {
				resource: 'chat',
				operation: 'getAll',
				...WA,
				returnAll: false,
				limit: 4,
				options: { pageSize: 3 },
			});
			expect(limited.items.map((i) => i.json.name)).toEqual(['Chat 0', 'Chat 1', 'Chat 2', 'Chat 3']);
		});

		test('mark as read URL-encodes the chat id', async () => {
			const result = await runChatApp(server, { resource: 'chat', operation: 'markRead', ...WA, chatId: CHAT });
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toMatchObject({ success: true, chatId: CHAT });
			expect(server.state.readChats).toEqual([`1229/grWhatsApp/${CHAT}`]);
			const request = server.calls(/\/read$/, 'PATCH')[0];
			expect(request.url).toBe('/v1/licenses/1229/messengers/grWhatsApp/chats/79001234567%40c.us/read');
		});
	});

	describe('Message', () => {
		test('send text posts {text, tracking} and returns the message id', async () => {
			const result = await runChatApp(server, {
				resource: 'message',
				operation: 'sendText',
				...WA,
				chatId: CHAT,
				text: 'Hello from n8n',
				additionalFields: { tracking: 'n8n-42', extraBody: '{"sender":"employee"}' },
			});
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toMatchObject({ chatId: CHAT, licenseId: '1229', messengerType: 'grWhatsApp' });
			expect(String(result.items[0].json.id)).toMatch(/^BAE5/);
			expect(server.state.sentTexts[0].body).toEqual({ text: 'Hello from n8n', tracking: 'n8n-42', sender: 'employee' });
			expectNoSecrets(result.items, secretsOf(server));
		});

		test('send file uploads the binary as multipart with caption and file name', async () => {
			const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x10, 0x20]);
			const result = await runChatApp(
				server,
				{
					resource: 'message',
					operation: 'sendFile',
					...WA,
					chatId: CHAT,
					binaryPropertyName: 'data',
					caption: 'Invoice attached',
				},
				{ input: [{ json: {}, binary: { data: { data: bytes.toString('base64'), mimeType: 'image/png', fileName: 'invoice.png' } } }] },
			);
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toMatchObject({ fileName: 'invoice.png', chatId: CHAT });
			const upload = server.state.sentFiles[0];
			const file = upload.fields.find((f) => f.name === 'file');
			expect(file?.fileName).toBe('invoice.png');
			expect(file?.contentType).toBe('image/png');
			expect(Buffer.compare(file!.data, bytes)).toBe(0);
			expect(upload.fields.find((f) => f.name === 'caption')?.data.toString()).toBe('Invoice attached');
			expect(upload.fields.find((f) => f.name === 'fileName')?.data.toString()).toBe('invoice.png');
			expect(upload.fields.some((f) => f.name === 'text')).toBe(false);
		});

		test('send file can put the caption into "text" instead', async () => {
			await runChatApp(
				server,
				{
					resource: 'message',
					operation: 'sendFile',
					...WA,
					chatId: CHAT,
					binaryPropertyName: 'doc',
					caption: 'see this',
					options: { captionField: 'text', fileName: 'renamed.pdf' },
				},
				{ input: [{ json: {}, binary: { doc: { data: Buffer.from('%PDF-1.4').toString('base64'), mimeType: 'application/pdf', fileName: 'a.pdf' } } }] },
			);
			const fields = server.state.sentFiles[0].fields;
			expect(fields.find((f) => f.name === 'text')?.data.toString()).toBe('see this');
			expect(fields.some((f) => f.name === 'caption')).toBe(false);
			expect(fields.find((f) => f.name === 'file')?.fileName).toBe('renamed.pdf');
		});

		test('send file refreshes a nearly expired token before uploading (uploads are not resent by n8n)', async () => {
			const first = await runChatApp(server, { resource: 'license', operation: 'getAll', returnAll: true });
			const stored = first.credentials.store.chatAppApi;
			const before = server.state.requests.length;
			const result = await runChatApp(
				server,
				{ resource: 'message', operation: 'sendFile', ...WA, chatId: CHAT, binaryPropertyName: 'data', caption: '' },
				{
					credentialData: { ...stored, accessTokenEndTime: Math.floor(Date.now() / 1000) + 120 },
					input: [{ json: {}, binary: { data: { data: Buffer.from('abc').toString('base64'), mimeType: 'text/plain', fileName: 'a.txt' } } }],
				},
			);
			expect(result.error).toBeUndefined();
			const paths = server.state.requests.slice(before).map((r) => `${r.method} ${r.path.replace(/chats\/.*$/, 'chats/…')}`);
			expect(paths).toEqual(['POST /v1/tokens/refresh', 'POST /v1/licenses/1229/messengers/grWhatsApp/chats/…']);
			expect(server.state.sentFiles[0].authorization).toBe(result.credentials.store.chatAppApi.accessToken);
			expect(server.state.sentFiles[0].authorization).not.toBe(stored.accessToken);
		});

		test('send file without binary data fails clearly, and continueOnFail keeps pairing', async () => {
			const result = await runChatApp(
				server,
				{ resource: 'message', operation: 'sendFile', ...WA, chatId: CHAT, binaryPropertyName: 'data' },
				{ continueOnFail: true, input: [{ json: {} }] },
			);
			expect(result.items[0].json.error).toMatch(/binary/i);
			expect(result.items[0].pairedItem).toEqual({ item: 0 });
		});

		test('send template posts {template:{id, params, language}}', async () => {
			const result = await runChatApp(server, {
				resource: 'message',
				operation: 'sendTemplate',
				licenseId: 2048,
				messengerType: 'caWhatsApp',
				chatId: '79001234567',
				templateId: 'order_shipped',
				templateParameters: { parameter: [{ value: 'Anna' }, { value: '#1042' }] },
				additionalFields: { language: 'en', tracking: 'ship-1' },
			});
			expect(result.error).toBeUndefined();
			expect(server.state.sentTemplates[0].body).toEqual({
				template: { id: 'order_shipped', params: ['Anna', '#1042'], language: 'en' },
				tracking: 'ship-1',
			});
			expect(String(result.items[0].json.id)).toMatch(/^wamid\./);
		});

		test('a ChatApp error envelope becomes a NodeApiError with code and message', async () => {
			const result = await runChatApp(server, {
				resource: 'message',
				operation: 'sendTemplate',
				...WA,
				chatId: CHAT,
				templateId: 'order_shipped',
			});
			expect(result.error?.message).toBe('ChatApp error ApiWrongMessengerError: Templates are only available for WhatsApp Cloud API');
			expect(result.error?.httpCode).toBe('400');
			expectNoSecrets(result.error, secretsOf(server));
		});

		test('get many pages with the nextPage cursor: Return All and Limit', async () => {
			server.state.messages.set(`1229/grWhatsApp/${CHAT}`, messages(120));
			const all = await runChatApp(server, {
				resource: 'message',
				operation: 'getAll',
				...WA,
				chatId: CHAT,
				returnAll: true,
			});
			expect(all.error).toBeUndefined();
			expect(all.items).toHaveLength(120);
			expect(all.items[0].json.id).toBe('BAE5000120');
			const pages = server.calls(/\/messages$/, 'GET');
			expect(pages).toHaveLength(3);
			expect(pages[0].query).toEqual({ limit: '50', direction: 'prev' });
			expect(pages[0].url).toContain('79001234567%40c.us');

			const before = server.calls(/\/messages$/, 'GET').length;
			const limited = await runChatApp(server, {
				resource: 'message',
				operation: 'getAll',
				...WA,
				chatId: CHAT,
				returnAll: false,
				limit: 5,
			});
			expect(limited.items.map((i) => i.json.id)).toEqual(['BAE5000120', 'BAE5000119', 'BAE5000118', 'BAE5000117', 'BAE5000116']);
			const limitedPages = server.calls(/\/messages$/, 'GET').slice(before);
			expect(limitedPages).toHaveLength(1);
			expect(limitedPages[0].query.limit).toBe('5');
		});

		test('a custom cursor parameter name carries nextPage, and a repeated cursor stops the loop', async () => {
			server.state.messages.set(`1229/grWhatsApp/${CHAT}`, messages(3));
			// This server only understands "page", so a different name returns the first page again: the loop must stop.
			const result = await runChatApp(server, {
				resource: 'message',
				operation: 'getAll',
				...WA,
				chatId: CHAT,
				returnAll: true,
				options: { pageSize: 2, cursorParameter: 'cursor' },
			});
			const pages = server.calls(/\/messages$/, 'GET');
			expect(pages[1].query.cursor).toBeDefined();
			expect(pages.length).toBeLessThanOrEqual(3);
			expect(result.items.length).toBeGreaterThanOrEqual(2);
		});
	});

	describe('Webhook', () => {
		test('set, get and delete the callback URL of a license + messenger', async () => {
			const set = await runChatApp(server, {
				resource: 'webhook',
				operation: 'set',
				...WA,
				url: 'https://hooks.example.com/chatapp',
				events: ['message', 'messageStatus'],
				options: { extraEvents: 'chatTag, message' },
			});
			expect(set.error).toBeUndefined();
			expect(server.state.callbackUrls.get('1229/grWhatsApp')).toEqual({
				url: 'https://hooks.example.com/chatapp',
				events: ['message', 'messageStatus', 'chatTag'],
			});
			const get = await runChatApp(server, { resource: 'webhook', operation: 'get', options: { licenseId: '1229' } });
			expect(get.items.map((i) => i.json)).toEqual([
				{ licenseId: 1229, messengerType: 'grWhatsApp', events: ['message', 'messageStatus', 'chatTag'], url: 'https://hooks.example.com/chatapp' },
			]);
			const del = await runChatApp(server, { resource: 'webhook', operation: 'delete', ...WA });
			expect(del.items[0].json).toEqual({ success: true, licenseId: '1229', messengerType: 'grWhatsApp' });
			expect(server.state.callbackUrls.size).toBe(0);
		});
	});

	describe('API Request', () => {
		test('calls any path with the credential auth and JSON query/body', async () => {
			const me = await runChatApp(server, { resource: 'apiRequest', operation: 'send', method: 'GET', path: '/v1/me', query: '{"x":"1"}' });
			expect(me.error).toBeUndefined();
			expect(me.items[0].json).toEqual({ success: true, data: { id: 4242, email: 'owner@example.com' } });
			expect(server.calls(/^\/v1\/me$/)[0].query).toEqual({ x: '1' });

			const put = await runChatApp(server, {
				resource: 'apiRequest',
				operation: 'send',
				method: 'PUT',
				path: 'v1/licenses/1229/messengers/telegram/callbackUrl',
				body: '{"url":"https://x.example.com/h","events":["message"]}',
			});
			expect(put.error).toBeUndefined();
			expect(server.state.callbackUrls.get('1229/telegram')).toEqual({ url: 'https://x.example.com/h', events: ['message'] });
		});

		test('split into items returns the records of data', async () => {
			const result = await runChatApp(server, {
				resource: 'apiRequest',
				operation: 'send',
				method: 'GET',
				path: '/v1/licenses',
				options: { split: true },
			});
			expect(result.items.map((i) => i.json.licenseId)).toEqual([1229, 2048]);
		});

		test('refuses a full URL so the token never leaves the base URL', async () => {
			const result = await runChatApp(server, {
				resource: 'apiRequest',
				operation: 'send',
				method: 'GET',
				path: 'https://evil.example.com/steal',
			});
			expect(result.error?.message).toMatch(/not a full URL/);
			expect(server.state.requests).toHaveLength(0);
		});

		test('an unknown path explains how to override it', async () => {
			const result = await runChatApp(server, { resource: 'apiRequest', operation: 'send', method: 'GET', path: '/v2/unknown' });
			expect(result.error?.message).toBe('The ChatApp endpoint was not found');
			expect(result.error?.description).toMatch(/Path Template/);
		});
	});

	describe('Path overrides', () => {
		test('Options → Path Template replaces the default path', async () => {
			const result = await runChatApp(server, {
				resource: 'message',
				operation: 'sendText',
				...WA,
				chatId: CHAT,
				text: 'hi',
				options: { pathTemplate: '/v1/licenses/{licenseId}/messengers/{messengerType}/chats/{chatId}/messages/text?via=override' },
			});
			expect(result.error).toBeUndefined();
			expect(server.calls(/messages\/text$/)[0].url).toBe(
				'/v1/licenses/1229/messengers/grWhatsApp/chats/79001234567%40c.us/messages/text?via=override',
			);
		});

		test('the credential Path Overrides JSON applies to every operation and to the token endpoint', async () => {
			const result = await runChatApp(
				server,
				{ resource: 'license', operation: 'getAll', returnAll: true },
				{
					credentialData: chatAppCredentials(server, {
						pathOverrides: JSON.stringify({ 'licenses.getAll': '/v1/me', 'session.make': '/v1/tokens' }),
					}),
				},
			);
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toEqual({ id: 4242, email: 'owner@example.com' });
		});

		test('a template with an unknown placeholder is reported before any request', async () => {
			const result = await runChatApp(server, {
				resource: 'chat',
				operation: 'markRead',
				...WA,
				chatId: CHAT,
				options: { pathTemplate: '/v1/chats/{chatUuid}/read' },
			});
			expect(result.error?.message).toMatch(/needs a value for \{chatUuid\}/);
		});
	});

	describe('Errors and retries', () => {
		test('404 envelope for an unknown license, with pairedItem under continueOnFail', async () => {
			const result = await runChatApp(
				server,
				{ resource: 'chat', operation: 'markRead', licenseId: '={{ $json.license }}', messengerType: 'grWhatsApp', chatId: CHAT },
				{ continueOnFail: true, input: [{ json: { license: 1229 } }, { json: { license: 9999 } }] },
			);
			expect(result.items).toHaveLength(2);
			expect(result.items[0].json.success).toBe(true);
			expect(result.items[1].json.error).toBe('ChatApp error ApiNotFoundError: License 9999 not found');
			expect(result.items[1].pairedItem).toEqual({ item: 1 });
		});

		test('429 and 5xx on GET are retried with backoff', async () => {
			server.failNext(/^\/v1\/licenses$/, 429, { success: false, error: { code: 'ApiTooManyRequestsError', message: 'Slow down' } });
			server.failNext(/^\/v1\/licenses$/, 502, '<html>bad gateway</html>');
			const result = await runChatApp(server, { resource: 'license', operation: 'getAll', returnAll: true });
			expect(result.error).toBeUndefined();
			expect(server.calls(/^\/v1\/licenses$/)).toHaveLength(3);
		});

		test('a 500 on POST is not retried (the message may have been sent)', async () => {
			server.failNext(/messages\/text$/, 500, { success: false, error: { code: 'ApiServerError', message: 'boom' } });
			const result = await runChatApp(server, { resource: 'message', operation: 'sendText', ...WA, chatId: CHAT, text: 'x' });
			expect(result.error?.message).toBe('ChatApp error ApiServerError: boom');
			expect(server.calls(/messages\/text$/)).toHaveLength(1);
		});
	});
});
