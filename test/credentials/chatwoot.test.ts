import { ChatwootApi } from '../../credentials/ChatwootApi.credentials';
import { ChatwootClientApi } from '../../credentials/ChatwootClientApi.credentials';
import { testCredential } from '../harness/credentialTest';
import { FakeChatwoot } from '../servers/chatwoot/server';

/** The credential tests exactly as n8n's CredentialsTester runs them (RoutingNode + rules). */
let cw: FakeChatwoot;
beforeEach(async () => {
	cw = await FakeChatwoot.start();
});
afterEach(async () => {
	await cw.stop();
});

describe('Chatwoot API credential', () => {
	const type = new ChatwootApi();

	test('a good user token passes, via GET /api/v1/profile with the token as Api-Access-Token', async () => {
		const outcome = await testCredential(type, cw.credentials());
		expect(outcome).toMatchObject({ status: 'OK' });
		// Api-Access-Token is Chatwoot's api_access_token for Rack (HTTP_API_ACCESS_TOKEN); nginx keeps it.
		expect(cw.requests.map((r) => [r.method, r.path, r.headers['api-access-token'], r.headers.api_access_token])).toEqual([
			['GET', '/api/v1/profile', cw.token, undefined],
		]);
		expect(cw.violations).toEqual([]);
	});

	test('a base URL with /api/v1 pasted (and a trailing slash) still passes', async () => {
		expect((await testCredential(type, cw.credentials({ baseUrl: `${cw.url}/api/v1/` }))).status).toBe('OK');
		expect(cw.requests[0].path).toBe('/api/v1/profile');
	});

	test('a wrong token fails with a message that says what to do, without the token', async () => {
		const outcome = await testCredential(type, cw.credentials({ accessToken: 'not-a-real-token-777' }));
		expect(outcome.status).toBe('Error');
		expect(outcome.message).toContain('Chatwoot rejected the access token (401)');
		expect(outcome.message).toContain('Profile Settings');
		expect(outcome.message).not.toContain('not-a-real-token-777');
	});

	test('an agent-bot token fails the test and the message explains bot tokens', async () => {
		const outcome = await testCredential(type, cw.credentials({ accessToken: cw.botToken }));
		expect(outcome.status).toBe('Error');
		expect(outcome.message).toContain('agent-bot');
	});

	test('a base URL that is not a Chatwoot root fails with a 404 hint', async () => {
		const outcome = await testCredential(type, cw.credentials({ baseUrl: `${cw.url}/not-chatwoot` }));
		expect(outcome.status).toBe('Error');
		expect(outcome.message).toContain('Set Base URL to the root of your Chatwoot installation');
	});

	test('an unreachable host fails with the package message: which host, why, what to check', async () => {
		const outcome = await testCredential(type, cw.credentials({ baseUrl: 'http://127.0.0.1:1' }));
		expect(outcome.status).toBe('Error');
		expect(outcome.message).toMatch(/ECONNREFUSED|refused/i);
		expect(outcome.message).toContain('Could not reach Chatwoot at http://127.0.0.1:1');
		expect(outcome.message).toContain("Check the credential's Base URL");
	});
});

describe('Chatwoot Client API credential', () => {
	const type = new ChatwootClientApi();

	test('a known API inbox identifier passes', async () => {
		const outcome = await testCredential(type, { baseUrl: cw.url, inboxIdentifier: 'inbox-ident-1' });
		expect(outcome.status).toBe('OK');
		expect(cw.requests[0].path).toBe('/public/api/v1/inboxes/inbox-ident-1');
		expect(cw.violations).toEqual([]);
	});

	test('an unknown identifier fails with a clear message', async () => {
		const outcome = await testCredential(type, { baseUrl: `${cw.url}/api/v1`, inboxIdentifier: 'nope' });
		expect(outcome.status).toBe('Error');
		expect(outcome.message).toContain('No API-channel inbox with this identifier');
	});
});
