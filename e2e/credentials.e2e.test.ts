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
 * The Chatwoot credentials are tested by the nodes' `testedBy` functions, so their
 * messages are this package's in both n8n lines. (With a declarative `test` request,
 * n8n 1.x could not show a credential's `rules` messages: n8n-workflow 1.120 redeclares
 * `cause` as a class field of ExecutionBaseError, which wipes the axios error, so
 * CredentialsTester never sees `error.cause.response` and returns NodeApiError's
 * generic text. The ChatApp credential keeps its declarative test, because n8n then
 * stores the tokens its login obtained; its login failures are this package's
 * messages in both lines too.)
 */
function expectPackageMessage(result: TestResult, message: string): void {
	expect(result.status).toBe('Error');
	expect(result.message).toContain(message);
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
			const result = await saveAndTest('chatwootApi', cw.credentials());
			expect(result).toEqual({ status: 'OK', message: expect.any(String) });
			// Sent as Api-Access-Token (nginx drops api_access_token); Chatwoot reads both as HTTP_API_ACCESS_TOKEN.
			expect(cw.calls({ method: 'GET', path: '/api/v1/profile' }).at(-1)?.headers['api-access-token']).toBe(cw.token);
		});

		test('a bad token fails with the package message', async () => {
			const result = await saveAndTest('chatwootApi', cw.credentials({ accessToken: 'wrong-token' }));
			expectPackageMessage(result, 'Chatwoot rejected the access token (401)');
		});

		test('an agent-bot token saved as a user token fails with the package message', async () => {
			const result = await saveAndTest('chatwootApi', cw.credentials({ accessToken: cw.botToken }));
			expectPackageMessage(result, 'This is an agent-bot token (Chatwoot answered 401 "not authorized for bots" to the profile');
			expectPackageMessage(result, 'Set Token Kind to Agent Bot');
		});

		test('an agent-bot token with Token Kind Agent Bot and its account passes', async () => {
			const result = await saveAndTest('chatwootApi', cw.credentials({ kind: 'agentBot', accessToken: cw.botToken, accountId: 1 }));
			expect(result).toEqual({ status: 'OK', message: expect.any(String) });
		});

		test('a base URL that is not Chatwoot fails with the package message', async () => {
			const result = await saveAndTest('chatwootApi', cw.credentials({ baseUrl: `${cw.url}/not-chatwoot` }));
			expectPackageMessage(result, 'Nothing answered at <Base URL>/api/v1/profile (404)');
		});
	});

	describe('Chatwoot Client API', () => {
		test('a known inbox identifier passes', async () => {
			const result = await saveAndTest('chatwootClientApi', { baseUrl: cw.url, inboxIdentifier: 'inbox-ident-1' });
			expect(result.status).toBe('OK');
		});

		test('an unknown inbox identifier fails with the package message', async () => {
			const result = await saveAndTest('chatwootClientApi', { baseUrl: cw.url, inboxIdentifier: 'no-such-inbox' });
			expectPackageMessage(result, 'No API-channel inbox with this identifier (404)');
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
