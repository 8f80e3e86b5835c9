import { ChatwootPlatformApi } from '../../../credentials/ChatwootPlatformApi.credentials';
import { ChatwootPlatform } from '../../../nodes/Chatwoot/ChatwootPlatform.node';
import { getPlatformAccounts, getPlatformAgentBots } from '../../../nodes/Chatwoot/platform/methods';
import { loadOptionsContext } from '../../harness/contexts';
import { testCredential } from '../../harness/credentialTest';
import { runNode } from '../../harness/workflow';
import { platformOf } from '../../servers/chatwoot/handlers/platform';
import { FakeChatwoot } from '../../servers/chatwoot/server';

/**
 * The Chatwoot Platform node in workflow runs against the Chatwoot-like server's
 * Platform API (test/servers/chatwoot/handlers/platform.ts, after Chatwoot 4.15.1's
 * app/controllers/platform/api/v1/*), every request checked against the contract.
 */
const node = new ChatwootPlatform();
let cw: FakeChatwoot;
const run = (parameters: Record<string, unknown>, credentials?: Record<string, string>) =>
	runNode({ nodeType: node, parameters: parameters as never, credentials: { chatwootPlatformApi: credentials ?? cw.platformCredentials() } });

beforeEach(async () => {
	cw = await FakeChatwoot.start();
});
afterEach(async () => {
	expect(cw.violations).toEqual([]);
	await cw.stop();
});

async function ok(parameters: Record<string, unknown>) {
	const result = await run(parameters);
	expect(result.error).toBeUndefined();
	return result.items.map((i) => i.json);
}

test('provisioning a customer: account, user, membership, login link; every request with the platform token', async () => {
	const [account] = await ok({ resource: 'account', operation: 'create', name: 'Chatlake Customer', additionalFields: { locale: 'de', support_email: 'help@customer.test', features: '{"help_center": true}', limits: '{"agents": 5}' } });
	expect(cw.calls({ method: 'POST', path: '/platform/api/v1/accounts' })[0].body).toEqual({ name: 'Chatlake Customer', locale: 'de', support_email: 'help@customer.test', features: { help_center: true }, limits: { agents: 5 } });
	expect(account).toMatchObject({ name: 'Chatlake Customer', locale: 'de', features: { help_center: true }, limits: { agents: 5 }, status: 'active' });

	const [user] = await ok({ resource: 'user', operation: 'create', name: 'Cora Customer', email: 'cora@customer.test', password: 'Secret-123', additionalFields: { custom_attributes: '{"plan": "pro"}' } });
	expect(user).toMatchObject({ name: 'Cora Customer', email: 'cora@customer.test', custom_attributes: { plan: 'pro' }, accounts: [] });

	const [member] = await ok({ resource: 'accountUser', operation: 'add', accountId: account.id, user_id: user.id, role: 'administrator' });
	expect(member).toMatchObject({ account_id: account.id, user_id: user.id, role: 'administrator' });
	expect(cw.calls({ method: 'POST', path: `/platform/api/v1/accounts/${String(account.id)}/account_users` })[0].body).toEqual({ user_id: user.id, role: 'administrator' });
	expect(await ok({ resource: 'accountUser', operation: 'getAll', accountId: account.id, returnAll: true })).toEqual([expect.objectContaining({ user_id: user.id, role: 'administrator' })]);

	const [got] = await ok({ resource: 'user', operation: 'get', userId: user.id });
	expect(got.accounts).toEqual([{ id: account.id, name: 'Chatlake Customer', active_at: null, role: 'administrator' }]);

	const [link] = await ok({ resource: 'user', operation: 'getLoginLink', userId: user.id });
	expect(link).toMatchObject({ id: user.id, url: expect.stringContaining('/app/login?email=cora%40customer.test&sso_auth_token=') });
	expect(Date.parse(String(link.expires_at)) - Date.now()).toBeGreaterThan(4 * 60 * 1000);

	const [renamed] = await ok({ resource: 'account', operation: 'update', accountId: account.id, updateFields: { name: 'Customer GmbH', status: 'suspended', features: '{"help_center": false}' } });
	expect(renamed).toMatchObject({ name: 'Customer GmbH', status: 'suspended', features: {} });
	const [updatedUser] = await ok({ resource: 'user', operation: 'update', userId: user.id, updateFields: { display_name: 'Cora', custom_attributes: '{"seats": 3}' } });
	expect(updatedUser).toMatchObject({ display_name: 'Cora', custom_attributes: { plan: 'pro', seats: 3 } });

	expect(await ok({ resource: 'accountUser', operation: 'remove', accountId: account.id, userId: user.id })).toEqual([{ account_id: account.id, user_id: user.id, removed: true }]);
	expect(cw.calls({ method: 'DELETE', path: `/platform/api/v1/accounts/${String(account.id)}/account_users` })[0].body).toEqual({ user_id: user.id });
	expect(await ok({ resource: 'user', operation: 'delete', userId: user.id })).toEqual([{ id: user.id, deleted: true }]);
	expect(await ok({ resource: 'account', operation: 'delete', accountId: account.id })).toEqual([{ id: account.id, deleted: true }]);

	const platformCalls = cw.requests.filter((r) => r.path.startsWith('/platform/'));
	expect(platformCalls.length).toBeGreaterThan(10);
	expect(new Set(platformCalls.map((r) => r.headers['api-access-token']))).toEqual(new Set([cw.platformToken]));
});

test('agent bots: create, get, update, get many, delete; the pickers list what the platform app created', async () => {
	const [bot] = await ok({ resource: 'agentBot', operation: 'create', name: 'Triage', additionalFields: { outgoing_url: 'https://n8n.example.com/webhook/triage', account_id: 1, description: 'Sorts new chats' } });
	expect(cw.calls({ method: 'POST', path: '/platform/api/v1/agent_bots' })[0].body).toEqual({ name: 'Triage', outgoing_url: 'https://n8n.example.com/webhook/triage', account_id: 1, description: 'Sorts new chats' });
	expect(bot).toMatchObject({ name: 'Triage', account_id: 1, access_token: expect.any(String) });
	expect((await ok({ resource: 'agentBot', operation: 'get', agentBotId: bot.id }))[0]).toMatchObject({ name: 'Triage' });
	expect((await ok({ resource: 'agentBot', operation: 'update', agentBotId: bot.id, updateFields: { name: 'Triage 2' } }))[0]).toMatchObject({ name: 'Triage 2' });
	expect(await ok({ resource: 'agentBot', operation: 'getAll', returnAll: false, limit: 10 })).toHaveLength(1);

	const [account] = await ok({ resource: 'account', operation: 'create', name: 'Picked' });
	const context = loadOptionsContext({ nodeType: node, parameters: { resource: 'account', operation: 'get' } as never, credentials: { chatwootPlatformApi: cw.platformCredentials() } });
	// Account 1 and 2 of the fake were not made by this platform app: not listed.
	expect(await getPlatformAccounts.call(context)).toEqual([{ name: `Picked (${String(account.id)})`, value: account.id }]);
	expect(await getPlatformAgentBots.call(context)).toEqual([{ name: `Triage 2 (${String(bot.id)})`, value: bot.id }]);

	expect(await ok({ resource: 'agentBot', operation: 'delete', agentBotId: bot.id })).toEqual([{ id: bot.id, deleted: true }]);
	expect(platformOf(cw).bots).toHaveLength(0);
});

describe('errors a user can act on', () => {
	test('a user access token: the error says a platform app token is needed, and shows no token', async () => {
		const { error } = await run({ resource: 'account', operation: 'get', accountId: 1 }, cw.credentials());
		expect(error?.httpCode).toBe('401');
		expect(error?.message).toBe('Chatwoot rejected the platform app token');
		expect(error?.description).toContain('Platform Apps');
		expect(JSON.stringify(error)).not.toContain(cw.token);
	});

	test('a record another app (or the dashboard) made: "may not manage this record"', async () => {
		const { error } = await run({ resource: 'account', operation: 'get', accountId: 1 });
		expect(error?.message).toBe('This platform app may not manage this record');
		expect(error?.description).toContain('platform_app_permissibles');
	});

	test("Chatwoot's password rules: a weak password comes back as Chatwoot's 422 text", async () => {
		const { error } = await run({ resource: 'user', operation: 'create', name: 'W', email: 'w@customer.test', password: 'weak' });
		expect(error?.message).toBe('Chatwoot refused the input: Password is too short (minimum is 6 characters) (fields: password)');
		expect(JSON.stringify(error)).not.toContain(cw.platformToken);
	});

	test('ids that are not ids are refused before any request', async () => {
		const before = cw.requests.length;
		expect((await run({ resource: 'user', operation: 'get', userId: 0 })).error?.message).toBe('Choose the user');
		expect((await run({ resource: 'accountUser', operation: 'add', accountId: 1, user_id: '={{ 0 }}', role: 'agent' })).error?.message).toBe('Enter the User ID');
		expect((await run({ resource: 'account', operation: 'update', accountId: 1, updateFields: {} })).error?.message).toBe('Add at least one field to update');
		expect(cw.requests.length).toBe(before);
	});
});

describe('Chatwoot Platform API credential', () => {
	const type = new ChatwootPlatformApi();

	test('a platform app token passes via GET /platform/api/v1/agent_bots, sent as Api-Access-Token; a pasted /platform/api/v1 is cut', async () => {
		expect(await testCredential(type, cw.platformCredentials({ baseUrl: `${cw.url}/platform/api/v1/` }))).toMatchObject({ status: 'OK' });
		expect(cw.requests.map((r) => [r.method, r.path, r.headers['api-access-token']])).toEqual([['GET', '/platform/api/v1/agent_bots', cw.platformToken]]);
	});

	test.each([
		['a user token', () => cw.credentials(), 'it is not a platform app token'],
		['an empty token', () => cw.platformCredentials({ accessToken: '' }), 'Platform App Token is empty'],
		['a base URL that is not Chatwoot', () => cw.platformCredentials({ baseUrl: `${cw.url}/elsewhere/x` }), 'Nothing answered at <Base URL>/platform/api/v1 (404)'],
		['an unreachable host', () => cw.platformCredentials({ baseUrl: 'http://127.0.0.1:1' }), 'Could not reach Chatwoot at http://127.0.0.1:1'],
	])('%s fails with a message that says what to do', async (_name, credentials, message) => {
		const data = credentials();
		const outcome = await testCredential(type, data);
		expect(outcome.status).toBe('Error');
		expect(outcome.message).toContain(message);
		if (data.accessToken) expect(outcome.message).not.toContain(data.accessToken);
		// The wrong Base URL's request is off the contract on purpose.
		cw.requests.splice(0);
	});

	test('authenticate: the token as Api-Access-Token, the normalized Base URL, no redirects', async () => {
		const options = await type.authenticate({ baseUrl: `${cw.url}/platform/api/v1`, accessToken: 'tok-123456789' }, { url: '/platform/api/v1/agent_bots', headers: { Accept: 'application/json' } });
		expect(options).toMatchObject({ baseURL: cw.url, headers: { Accept: 'application/json', 'Api-Access-Token': 'tok-123456789' }, disableFollowRedirect: true, sendCredentialsOnCrossOriginRedirect: false });
	});
});
