import { fillChatAppPath, parseChatAppPathOverrides } from '../../../nodes/ChatApp/transport/paths';
import { chatAppList, cursorToQuery } from '../../../nodes/ChatApp/transport/request';
import type { ChatAppHttp } from '../../../nodes/ChatApp/transport/tokenSet';
import { ChatAppAuthError, findChatAppAuthError } from '../../../nodes/ChatApp/transport/tokenErrors';
import { chatAppAccessTokenExpiresWithin, chatAppApiRoot, chatAppTokenFields, isChatAppInvalidToken } from '../../../nodes/ChatApp/transport/tokenSet';
import { makeChatAppTokens, obtainChatAppTokens, refreshChatAppTokens } from '../../../nodes/ChatApp/transport/tokens';
import type { ChatAppServer } from '../../servers/chatapp/server';
import { ACCOUNT, startChatAppServer } from '../../servers/chatapp/server';
import { expectNoSecrets } from '../helpers';

/** A plain fetch-based http function, as a non-n8n caller (e.g. the realtime trigger's tests) would pass. */
const fetchHttp: ChatAppHttp = async (request) => {
	const response = await fetch(request.url, { method: request.method, headers: request.headers, body: JSON.stringify(request.body) });
	const text = await response.text();
	let body: unknown = text;
	try {
		body = JSON.parse(text);
	} catch {
		body = text;
	}
	return { statusCode: response.status, body };
};

describe('ChatApp token module (n8n-free)', () => {
	let server: ChatAppServer;
	beforeEach(async () => {
		server = await startChatAppServer();
	});
	afterEach(async () => {
		await server.close();
	});
	const login = () => ({ ...ACCOUNT, apiBaseUrl: server.url, lang: 'ru' });

	test('make returns the token pair with end times in seconds', async () => {
		const result = await makeChatAppTokens(fetchHttp, login());
		if (!result.ok) throw new Error('expected ok');
		expect(result.via).toBe('make');
		expect(result.tokens.cabinetUserId).toBe(4242);
		expect(result.tokens.accessTokenEndTime).toBeGreaterThan(Date.now() / 1000 + 3600);
		expect(Object.keys(chatAppTokenFields(result.tokens)).sort()).toEqual([
			'accessToken',
			'accessTokenEndTime',
			'refreshToken',
			'refreshTokenEndTime',
		]);
		expect(server.state.requests[0].headers.lang).toBe('ru');
	});

	test('obtain refreshes with a live refresh token (header and body), else logs in', async () => {
		const made = await makeChatAppTokens(fetchHttp, login());
		if (!made.ok) throw new Error('expected ok');
		const refreshed = await obtainChatAppTokens(fetchHttp, { ...login(), ...chatAppTokenFields(made.tokens) });
		expect(refreshed.ok && refreshed.via).toBe('refresh');
		const call = server.state.refreshCalls[0];
		expect(call.headers.refresh).toBe(made.tokens.refreshToken);
		expect(call.json).toEqual({ refreshToken: made.tokens.refreshToken });

		// The used refresh token is dead now: obtain falls back to login.
		const fallback = await obtainChatAppTokens(fetchHttp, { ...login(), ...chatAppTokenFields(made.tokens) });
		expect(fallback.ok && fallback.via).toBe('make');
		expect(server.state.makeCalls).toBe(2);
	});

	test('refresh alone reports a dead refresh token', async () => {
		const result = await refreshChatAppTokens(fetchHttp, { apiBaseUrl: server.url, refreshToken: 'dead' });
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.failure).toMatchObject({ kind: 'refresh', httpStatus: 403, apiCode: 'ApiInvalidTokenError' });
	});

	test('a wrong password becomes a ChatAppAuthError that n8n will not rewrite', async () => {
		const result = await obtainChatAppTokens(fetchHttp, { ...login(), password: 'hunter2-wrong' });
		if (result.ok) throw new Error('expected failure');
		const error = new ChatAppAuthError(result.failure);
		expect(error.message).toBe('ChatApp login failed: the email, password or app ID is wrong');
		expect(error).not.toHaveProperty('code');
		expect(error).not.toHaveProperty('status');
		expect(error).not.toHaveProperty('response');
		expect(findChatAppAuthError({ cause: error })).toBe(error);
		expectNoSecrets({ error, description: error.description }, ['hunter2-wrong', ACCOUNT.password]);
	});

	test('a server echoing the password in its error message is redacted', async () => {
		server.failNext(/^\/v1\/tokens$/, 422, { success: false, error: { code: 'ApiValidationError', message: `bad password ${ACCOUNT.password}` } });
		const result = await makeChatAppTokens(fetchHttp, login());
		if (result.ok) throw new Error('expected failure');
		expect(result.failure.apiMessage).toBe('bad password [redacted]');
	});

	test('missing settings and network failures are reported without throwing', async () => {
		const missing = await makeChatAppTokens(fetchHttp, { apiBaseUrl: server.url, email: 'a@b.c' });
		expect(!missing.ok && missing.failure.kind).toBe('configuration');
		const url = server.url;
		await server.close();
		const down = await makeChatAppTokens(fetchHttp, { ...login(), apiBaseUrl: url });
		expect(!down.ok && down.failure.kind).toBe('network');
		server = await startChatAppServer();
	});

	test('helpers: base URL, expiry, invalid-token detection', () => {
		expect(chatAppApiRoot('api.chatapp.online/v1/')).toBe('https://api.chatapp.online');
		expect(chatAppApiRoot('')).toBe('https://api.chatapp.online');
		expect(chatAppApiRoot('http://127.0.0.1:1234/')).toBe('http://127.0.0.1:1234');
		const now = 1_700_000_000_000;
		expect(chatAppAccessTokenExpiresWithin({ accessToken: 't', accessTokenEndTime: 1_700_000_100 }, 600, now)).toBe(true);
		expect(chatAppAccessTokenExpiresWithin({ accessToken: 't', accessTokenEndTime: 1_700_003_600 }, 600, now)).toBe(false);
		expect(chatAppAccessTokenExpiresWithin({ accessToken: 't', accessTokenEndTime: 0 }, 600, now)).toBe(false);
		expect(chatAppAccessTokenExpiresWithin({ accessToken: '' }, 0, now)).toBe(true);
		expect(isChatAppInvalidToken({ success: false, error: { code: 'ApiInvalidTokenError', message: 'x' } })).toBe(true);
		expect(isChatAppInvalidToken({ success: true, data: {} })).toBe(false);
	});

	test('path templates: overrides, encoding, refusal of full URLs', () => {
		expect(fillChatAppPath('/v1/licenses/{licenseId}/messengers/{messengerType}/chats/{chatId}/read', { licenseId: 1, messengerType: 'grWhatsApp', chatId: 'a b@c.us/x' }).path).toBe(
			'/v1/licenses/1/messengers/grWhatsApp/chats/a%20b%40c.us%2Fx/read',
		);
		expect(fillChatAppPath('https://evil.example.com/v1', {}).error).toMatch(/not a full URL/);
		expect(fillChatAppPath('/v1/{x}', {}).error).toMatch(/needs a value for \{x\}/);
		expect(parseChatAppPathOverrides('{"chats.getAll":"/v2/chats"}').overrides).toEqual({ 'chats.getAll': '/v2/chats' });
		expect(parseChatAppPathOverrides('{nope').error).toMatch(/not valid JSON/);
		expect(parseChatAppPathOverrides('[]').error).toMatch(/JSON object/);
	});

	test('list envelopes and cursors', () => {
		expect(chatAppList({ success: true, data: { items: [{ id: 1 }], nextPage: 'abc' } })).toEqual({ items: [{ id: 1 }], nextPage: 'abc' });
		expect(chatAppList({ success: true, data: [{ id: 1 }] })).toEqual({ items: [{ id: 1 }], nextPage: undefined });
		expect(chatAppList({ success: true, data: { chats: [{ id: 2 }], nextPage: 3 } })).toEqual({ items: [{ id: 2 }], nextPage: '3' });
		expect(cursorToQuery('abc', 'page')).toEqual({ page: 'abc' });
		expect(cursorToQuery('https://api.chatapp.online/v1/x?cursor=zz&limit=50', 'page')).toEqual({ cursor: 'zz', limit: '50' });
		expect(cursorToQuery('?page=2', 'cursor')).toEqual({ page: '2' });
	});
});
