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

/*
 * n8n 1.x cannot show a credential's `rules` messages: n8n-workflow 1.120 redeclares
 * `cause` as a class field of ExecutionBaseError, which wipes the axios error NodeApiError
 * passes to Error(), so CredentialsTester never sees `error.cause.response` and returns
 * NodeApiError's generic text for the status. n8n 2.x keeps the cause. On 1.x the test
 * still fails, with n8n's message; these are the ones n8n 1.123 shows.
 */
const N8N_1 = (process.env.E2E_N8N_VERSION ?? '').startsWith('1.');
const N8N_1_MESSAGE = { 401: 'Authorization failed - please check your credentials', 404: 'The resource you are requesting could not be found' };

function expectRuleMessage(result: TestResult, message: string, status: 401 | 404): void {
	expect(result.status).toBe('Error');
	expect(result.message).toContain(N8N_1 ? N8N_1_MESSAGE[status] : message);
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
			expectRuleMessage(result, 'Chatwoot rejected the access token (401)', 401);
		});

		test('an agent-bot token fails with the package message', async () => {
			const result = await saveAndTest('chatwootApi', { baseUrl: cw.url, accessToken: cw.botToken });
			expectRuleMessage(result, 'Chatwoot rejected the access token (401)', 401);
		});

		test('a base URL that is not Chatwoot fails with the package message', async () => {
			const result = await saveAndTest('chatwootApi', { baseUrl: `${cw.url}/not-chatwoot`, accessToken: cw.token });
			expectRuleMessage(result, 'Nothing answered at <Base URL>/api/v1/profile (404)', 404);
		});
	});

	describe('Chatwoot Client API', () => {
		test('a known inbox identifier passes', async () => {
			const result = await saveAndTest('chatwootClientApi', { baseUrl: cw.url, inboxIdentifier: 'inbox-ident-1' });
			expect(result.status).toBe('OK');
		});

		test('an unknown inbox identifier fails with the package message', async () => {
			const result = await saveAndTest('chatwootClientApi', { baseUrl: cw.url, inboxIdentifier: 'no-such-inbox' });
			expectRuleMessage(result, 'No API-channel inbox with this identifier (404)', 404);
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
