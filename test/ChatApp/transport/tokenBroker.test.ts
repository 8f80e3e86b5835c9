import { FIRST_COOL_DOWN_MS, obtainChatAppTokensOnce } from '../../../nodes/ChatApp/transport/tokenBroker';
import { ChatAppAuthError } from '../../../nodes/ChatApp/transport/tokenErrors';
import { makeChatAppTokens } from '../../../nodes/ChatApp/transport/tokens';
import type { ChatAppHttp } from '../../../nodes/ChatApp/transport/tokenSet';
import { chatAppLoginIdentity, chatAppTokenFields } from '../../../nodes/ChatApp/transport/tokenSet';
import type { ChatAppServer } from '../../servers/chatapp/server';
import { ACCOUNT, startChatAppServer } from '../../servers/chatapp/server';

const http: ChatAppHttp = async (request) => {
	const response = await fetch(request.url, { method: request.method, headers: request.headers, body: JSON.stringify(request.body), redirect: 'manual' });
	const text = await response.text();
	let body: unknown = text;
	try {
		body = JSON.parse(text);
	} catch {
		body = text;
	}
	return { statusCode: response.status, body };
};

let server: ChatAppServer;
beforeEach(async () => {
	server = await startChatAppServer();
});
afterEach(async () => {
	await server.close();
});
const login = () => ({ ...ACCOUNT, apiBaseUrl: server.url });

test('ten callers presenting the same stale tokens share one refresh', async () => {
	const made = await makeChatAppTokens(http, login());
	if (!made.ok) throw new Error('login failed');
	const stale = { ...login(), ...chatAppTokenFields(made.tokens, chatAppLoginIdentity(login())) };
	const results = await Promise.all(Array.from({ length: 10 }, () => obtainChatAppTokensOnce(http, stale)));
	expect(results.every((r) => r.ok && r.via === 'refresh')).toBe(true);
	expect(new Set(results.map((r) => r.ok && r.tokens.accessToken)).size).toBe(1);
	expect(server.state.refreshCalls).toHaveLength(1);
	expect(server.state.makeCalls).toBe(1);
});

test('a refused login is not sent again during its cool-down, which doubles; a changed password retries at once', async () => {
	const wrong = { ...login(), password: 'wrong-1' };
	const t0 = Date.UTC(2026, 0, 1);
	expect((await obtainChatAppTokensOnce(http, wrong, t0)).ok).toBe(false);
	expect(server.state.makeCalls).toBe(1);

	const cooling = await obtainChatAppTokensOnce(http, wrong, t0 + FIRST_COOL_DOWN_MS - 1);
	expect(server.state.makeCalls).toBe(1);
	if (cooling.ok) throw new Error('expected a refusal');
	expect(cooling.failure.kind).toBe('coolingDown');
	const error = new ChatAppAuthError(cooling.failure);
	expect(error.message).toBe('ChatApp login failed: the email, password or app ID is wrong (not sent again yet)');
	expect(error.description).toContain('about 100 logins a day');
	expect(error.description).not.toContain('wrong-1');

	await obtainChatAppTokensOnce(http, wrong, t0 + FIRST_COOL_DOWN_MS);
	expect(server.state.makeCalls).toBe(2);
	// The second failure waits twice as long.
	await obtainChatAppTokensOnce(http, wrong, t0 + FIRST_COOL_DOWN_MS + 2 * FIRST_COOL_DOWN_MS - 1);
	expect(server.state.makeCalls).toBe(2);
	await obtainChatAppTokensOnce(http, wrong, t0 + 3 * FIRST_COOL_DOWN_MS);
	expect(server.state.makeCalls).toBe(3);

	const fixed = await obtainChatAppTokensOnce(http, login(), t0 + 3 * FIRST_COOL_DOWN_MS + 1);
	expect(fixed.ok && fixed.via).toBe('make');
	expect(server.state.makeCalls).toBe(4);
});

test('tokens stored for another login (email, app ID, password or base URL changed) are not refreshed: a login follows', async () => {
	const made = await makeChatAppTokens(http, login());
	if (!made.ok) throw new Error('login failed');
	const stored = chatAppTokenFields(made.tokens, chatAppLoginIdentity({ ...login(), email: 'someone-else@example.com' }));
	const result = await obtainChatAppTokensOnce(http, { ...login(), ...stored });
	expect(result.ok && result.via).toBe('make');
	expect(server.state.refreshCalls).toHaveLength(0);
});

test('a refresh token ChatApp refused is not sent again', async () => {
	const made = await makeChatAppTokens(http, login());
	if (!made.ok) throw new Error('login failed');
	server.killRefreshTokens();
	const stored = { ...login(), ...chatAppTokenFields(made.tokens, chatAppLoginIdentity(login())) };
	expect((await obtainChatAppTokensOnce(http, { ...stored, accessToken: 'a' })).ok).toBe(true);
	expect((await obtainChatAppTokensOnce(http, { ...stored, accessToken: 'b' })).ok).toBe(true);
	expect(server.state.refreshCalls).toHaveLength(1);
});
