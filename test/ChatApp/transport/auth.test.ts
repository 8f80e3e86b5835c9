import type { ChatAppServer } from '../../servers/chatapp/server';
import { ACCOUNT, startChatAppServer } from '../../servers/chatapp/server';
import { chatAppCredentials, expectNoSecrets, runChatApp, secretsOf } from '../helpers';

const listLicenses = { resource: 'license', operation: 'getAll', returnAll: true };
const sendText = (text: string) => ({
	resource: 'message',
	operation: 'sendText',
	licenseId: 1229,
	messengerType: 'grWhatsApp',
	chatId: '79001234567@c.us',
	text,
});

describe('ChatApp tokens through n8n preAuthentication', () => {
	let server: ChatAppServer;
	beforeEach(async () => {
		server = await startChatAppServer();
	});
	afterEach(async () => {
		await server.close();
	});

	test('logs in once, stores the pair in the credential, and reuses it across executions', async () => {
		const first = await runChatApp(server, listLicenses, { input: [{ json: {} }, { json: {} }, { json: {} }] });
		expect(first.error).toBeUndefined();
		expect(first.items).toHaveLength(6);
		expect(server.state.makeCalls).toBe(1);
		const stored = first.credentials.store.chatAppApi;
		expect(server.state.accessTokens.has(String(stored.accessToken))).toBe(true);
		expect(server.state.refreshTokens.has(String(stored.refreshToken))).toBe(true);
		expect(Number(stored.accessTokenEndTime)).toBeGreaterThan(Date.now() / 1000);
		expect(Number(stored.refreshTokenEndTime)).toBeGreaterThan(Number(stored.accessTokenEndTime));

		// A later execution starts from the stored credential: no new login.
		const second = await runChatApp(server, listLicenses, { credentialData: { ...stored } });
		expect(second.error).toBeUndefined();
		expect(server.state.makeCalls).toBe(1);
		expect(server.state.refreshCalls).toHaveLength(0);
		for (const request of server.calls(/^\/v1\/licenses$/)) {
			expect(String(request.headers.authorization)).not.toMatch(/^Bearer /);
			expect(request.headers.lang).toBe('en');
		}
	});

	test.each([401, 403, 200] as const)(
		'an access token that expires mid-workflow (ApiInvalidTokenError with HTTP %s) is refreshed once and the item retried',
		async (style) => {
			server.state.invalidTokenStyle = style;
			const input = [{ json: { text: 'one' } }, { json: { text: 'two' } }, { json: { text: 'three' } }];
			// Expire the token after the first message is sent.
			const original = server.state.sentTexts.push.bind(server.state.sentTexts);
			server.state.sentTexts.push = (...entries) => {
				const length = original(...entries);
				if (length === 1) server.expireAccessTokens();
				return length;
			};
			const result = await runChatApp(server, { ...sendText('={{ $json.text }}') }, { input });
			expect(result.error).toBeUndefined();
			expect(result.items.map((i) => i.json.chatId)).toEqual(['79001234567@c.us', '79001234567@c.us', '79001234567@c.us']);
			expect(server.state.sentTexts.map((t) => t.body.text)).toEqual(['one', 'two', 'three']);
			expect(server.state.makeCalls).toBe(1);
			expect(server.state.refreshCalls).toHaveLength(1);
			const refresh = server.state.refreshCalls[0];
			// The refresh token goes both as header and as body.
			expect(refresh.headers.refresh).toBeTruthy();
			expect((refresh.json as { refreshToken: string }).refreshToken).toBe(refresh.headers.refresh);
			expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			// The new pair is persisted.
			expect(server.state.accessTokens.get(String(result.credentials.store.chatAppApi.accessToken))?.revoked).toBe(false);
		},
	);

	test('a dead refresh token falls back to a fresh login, then retries', async () => {
		const first = await runChatApp(server, listLicenses);
		const stored = first.credentials.store.chatAppApi;
		server.expireAccessTokens();
		server.killRefreshTokens();
		const result = await runChatApp(server, sendText('hello'), { credentialData: { ...stored } });
		expect(result.error).toBeUndefined();
		expect(server.state.refreshCalls).toHaveLength(1);
		expect(server.state.makeCalls).toBe(2);
		expect(server.state.sentTexts).toHaveLength(1);
	});

	test('an expired refresh token (by its end time) is not even tried', async () => {
		const first = await runChatApp(server, listLicenses);
		const stored = first.credentials.store.chatAppApi;
		server.expireAccessTokens();
		const result = await runChatApp(server, listLicenses, {
			credentialData: { ...stored, refreshTokenEndTime: Math.floor(Date.now() / 1000) - 10 },
		});
		expect(result.error).toBeUndefined();
		expect(server.state.refreshCalls).toHaveLength(0);
		expect(server.state.makeCalls).toBe(2);
	});

	test('a token already past its end time is refreshed before the request, not after a failure', async () => {
		const first = await runChatApp(server, listLicenses);
		const stored = first.credentials.store.chatAppApi;
		const before = server.state.requests.length;
		const result = await runChatApp(server, listLicenses, {
			credentialData: { ...stored, accessTokenEndTime: Math.floor(Date.now() / 1000) - 5 },
		});
		expect(result.error).toBeUndefined();
		const paths = server.state.requests.slice(before).map((r) => `${r.method} ${r.path}`);
		expect(paths).toEqual(['POST /v1/tokens/refresh', 'GET /v1/licenses']);
	});

	test('a token refused even after a refresh surfaces ApiInvalidTokenError without looping', async () => {
		server.state.invalidTokenStyle = 200;
		server.failNext(/^\/v1\/licenses$/, 200, { success: false, error: { code: 'ApiInvalidTokenError', message: 'Invalid token' } }, { times: 10 });
		const result = await runChatApp(server, listLicenses);
		expect(result.error?.message).toBe('ChatApp error ApiInvalidTokenError: Invalid token');
		expect(server.calls(/^\/v1\/licenses$/)).toHaveLength(2);
		expect(server.state.makeCalls + server.state.refreshCalls.length).toBeLessThanOrEqual(2);
		expectNoSecrets(result.error, secretsOf(server));
	});

	test('a wrong password fails the node with a clear message and no secrets', async () => {
		const result = await runChatApp(server, listLicenses, {
			credentialData: chatAppCredentials(server, { password: 'not-the-password' }),
		});
		expect(result.error?.message).toBe('ChatApp login failed: the email, password or app ID is wrong');
		expect(result.error?.description).toMatch(/ChatApp said: ApiAuthError: Incorrect email or password/);
		expect(server.state.makeCalls).toBe(1);
		expectNoSecrets(result.error, ['not-the-password', ACCOUNT.password]);
		expectNoSecrets(result.run.data.resultData, ['not-the-password', ACCOUNT.password]);
	});

	test('with continueOnFail, an auth failure becomes an error item with pairedItem', async () => {
		const result = await runChatApp(server, listLicenses, {
			credentialData: chatAppCredentials(server, { password: 'nope-nope' }),
			continueOnFail: true,
			input: [{ json: {} }, { json: {} }],
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(2);
		expect(result.items[0].json.error).toMatch(/login failed/);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expectNoSecrets(result.items, ['nope-nope', ACCOUNT.password]);
	});
});
