import { ChatAppApi } from '../../credentials/ChatAppApi.credentials';
import { testCredential } from '../harness/credentialTest';
import type { ChatAppServer } from '../servers/chatapp/server';
import { ACCOUNT, startChatAppServer } from '../servers/chatapp/server';
import { expectNoSecrets, secretsOf } from '../ChatApp/helpers';

describe('ChatApp credential test (n8n CredentialsTester semantics)', () => {
	let server: ChatAppServer;
	beforeEach(async () => {
		server = await startChatAppServer();
	});
	afterEach(async () => {
		await server.close();
	});

	const base = () => ({ email: ACCOUNT.email, password: ACCOUNT.password, appId: ACCOUNT.appId, apiBaseUrl: server.url });

	test('logs in and lists licenses', async () => {
		const outcome = await testCredential(new ChatAppApi(), base());
		expect(outcome).toMatchObject({ status: 'OK', message: 'Connection successful!' });
		expect(server.state.makeCalls).toBe(1);
		const licenses = server.calls(/^\/v1\/licenses$/, 'GET');
		expect(licenses).toHaveLength(1);
		// Raw token, no Bearer; language header.
		expect(server.state.accessTokens.has(String(licenses[0].headers.authorization))).toBe(true);
		expect(licenses[0].headers.lang).toBe('en');
	});

	test('runs the login even when a token is already stored (n8n always pre-authenticates on test)', async () => {
		const outcome = await testCredential(new ChatAppApi(), { ...base(), accessToken: 'stale-token' });
		expect(outcome.status).toBe('OK');
		expect(server.state.makeCalls).toBe(1);
	});

	test('a wrong password says so and never echoes it', async () => {
		const outcome = await testCredential(new ChatAppApi(), { ...base(), password: 'wrong-password-123' });
		expect(outcome.status).toBe('Error');
		expect(outcome.message).toBe('ChatApp login failed: the email, password or app ID is wrong');
		expect(server.state.makeCalls).toBe(1);
		expectNoSecrets({ outcome: outcome.message, error: outcome.error, description: (outcome.error as { description?: string })?.description }, ['wrong-password-123', ACCOUNT.password]);
		expect(server.calls(/^\/v1\/licenses/)).toHaveLength(0);
	});

	test('a wrong app ID is a login failure too', async () => {
		const outcome = await testCredential(new ChatAppApi(), { ...base(), appId: 'app_1_1' });
		expect(outcome.status).toBe('Error');
		expect(outcome.message).toMatch(/email, password or app ID is wrong/);
	});

	test('a base URL without the API answers with a clear message', async () => {
		const outcome = await testCredential(new ChatAppApi(), { ...base(), apiBaseUrl: `${server.url}/nothing-here` });
		expect(outcome.status).toBe('Error');
		expect(outcome.message).toBe('The ChatApp API was not found at the configured API Base URL');
	});

	test('a pasted /v1 and trailing slash are tolerated', async () => {
		const outcome = await testCredential(new ChatAppApi(), { ...base(), apiBaseUrl: `${server.url}/v1/` });
		expect(outcome.status).toBe('OK');
	});

	test('licenses refused with 403 maps to the rule message', async () => {
		server.failNext(/^\/v1\/licenses$/, 403, { success: false, error: { code: 'ApiAccessDeniedError', message: 'No access' } }, { times: 2 });
		const outcome = await testCredential(new ChatAppApi(), base());
		expect(outcome.status).toBe('Error');
		expect(outcome.message).toMatch(/refused GET \/v1\/licenses \(403\)/);
		expectNoSecrets(outcome.message, secretsOf(server));
	});

	test('an unreachable server reports the network code', async () => {
		const url = server.url;
		await server.close();
		const outcome = await testCredential(new ChatAppApi(), { ...base(), apiBaseUrl: url });
		expect(outcome.status).toBe('Error');
		expect(outcome.message).toMatch(/Could not reach ChatApp/);
		server = await startChatAppServer();
	});
});
