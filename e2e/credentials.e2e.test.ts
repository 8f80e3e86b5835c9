import { ACCOUNT as CHATAPP_ACCOUNT, startChatAppServer, type ChatAppServer } from '../test/servers/chatapp/server';
import { FakeChatwoot } from '../test/servers/chatwoot/server';
import { api, createCredential, rest } from './helpers/n8n';

/*
 * Scenario 5 of issue 7: credential tests through n8n's own endpoint
 * (POST /rest/credentials/test, what the editor calls when a credential is saved),
 * so n8n runs the package's `test` request and rules itself.
 */

type Data = Record<string, unknown>;

interface TestResult {
	status: 'OK' | 'Error';
	message: string;
}

/** Saves a credential through the public API, then tests it as the editor does. */
async function saveAndTest(type: string, data: Data): Promise<TestResult> {
	const saved = await createCredential(`${type} ${Date.now()}`, type, data);
	const reply = await rest<{ data: TestResult }>('POST', 'credentials/test', {
		credentials: { id: saved.id, name: saved.name, type, data },
	});
	expect(reply.status).toBe(200);
	await api('DELETE', `credentials/${saved.id}`);
	return reply.body.data;
}

describe('credential tests run by n8n', () => {
	let cw: FakeChatwoot;
	let chatApp: ChatAppServer;

	beforeAll(async () => {
		cw = await FakeChatwoot.start();
		chatApp = await startChatAppServer();
	});

	afterAll(async () => {
		await cw?.stop();
		await chatApp?.close();
	});

	describe('Chatwoot API', () => {
		test('a good user token passes', async () => {
			const result = await saveAndTest('chatwootApi', { baseUrl: cw.url, accessToken: cw.token });
			expect(result).toEqual({ status: 'OK', message: expect.any(String) });
			expect(cw.calls({ method: 'GET', path: '/api/v1/profile' }).at(-1)?.headers.api_access_token).toBe(cw.token);
		});

		test('a bad token fails with the package message', async () => {
			const result = await saveAndTest('chatwootApi', { baseUrl: cw.url, accessToken: 'wrong-token' });
			expect(result.status).toBe('Error');
			expect(result.message).toContain('Chatwoot rejected the access token (401)');
		});

		test('an agent-bot token fails with the package message', async () => {
			const result = await saveAndTest('chatwootApi', { baseUrl: cw.url, accessToken: cw.botToken });
			expect(result.status).toBe('Error');
			expect(result.message).toContain('Chatwoot rejected the access token (401)');
		});

		test('a base URL that is not Chatwoot fails with the package message', async () => {
			const result = await saveAndTest('chatwootApi', { baseUrl: `${cw.url}/not-chatwoot`, accessToken: cw.token });
			expect(result.status).toBe('Error');
			expect(result.message).toContain('Nothing answered at <Base URL>/api/v1/profile (404)');
		});
	});

	describe('Chatwoot Client API', () => {
		test('a known inbox identifier passes', async () => {
			const result = await saveAndTest('chatwootClientApi', { baseUrl: cw.url, inboxIdentifier: 'inbox-ident-1' });
			expect(result.status).toBe('OK');
		});

		test('an unknown inbox identifier fails with the package message', async () => {
			const result = await saveAndTest('chatwootClientApi', { baseUrl: cw.url, inboxIdentifier: 'no-such-inbox' });
			expect(result.status).toBe('Error');
			expect(result.message).toContain('No API-channel inbox with this identifier (404)');
		});
	});

	describe('ChatApp API', () => {
		const good = (): Data => ({
			email: CHATAPP_ACCOUNT.email,
			password: CHATAPP_ACCOUNT.password,
			appId: CHATAPP_ACCOUNT.appId,
			apiBaseUrl: chatApp.url,
		});

		test('a good email, password and app ID pass', async () => {
			const result = await saveAndTest('chatAppApi', good());
			expect(result.status).toBe('OK');
			// n8n ran the credential's preAuthentication (login) before the test request.
			expect(chatApp.state.makeCalls).toBeGreaterThan(0);
			expect(chatApp.calls(/^\/v1\/licenses$/, 'GET').length).toBeGreaterThan(0);
		});

		test('a wrong password fails with the package message', async () => {
			const result = await saveAndTest('chatAppApi', { ...good(), password: 'wrong-password' });
			expect(result.status).toBe('Error');
			expect(result.message).toContain('ChatApp login failed');
		});
	});
});
