import { ChatwootApi } from '../../credentials/ChatwootApi.credentials';
import { getAccounts } from '../../nodes/Chatwoot/methods/loadOptions';
import { runNode } from '../harness/workflow';
import { testCredential } from '../harness/credentialTest';
import { loadOptionsContext } from '../harness/contexts';
import { Chatwoot } from '../../nodes/Chatwoot/Chatwoot.node';
import { FakeChatwoot } from '../servers/chatwoot/server';

/**
 * Token Kind "Agent Bot" of the Chatwoot API credential: the credential test a bot token
 * can pass (its answers decided by Chatwoot 4.15.1's before_actions, see agentBotTest),
 * the credential's account instead of the profile, and the message for endpoints
 * bots may not call.
 */
let cw: FakeChatwoot;
beforeEach(async () => {
	cw = await FakeChatwoot.start();
});
afterEach(async () => {
	await cw.stop();
});
const type = new ChatwootApi();
const bot = (overrides: Record<string, string> = {}) => cw.credentials({ kind: 'agentBot', accessToken: cw.botToken, accountId: '1', ...overrides });

describe('credential test, token kind Agent Bot', () => {
	test('a bot token of the account passes: profile refused for bots, then conversation 0 not found', async () => {
		const outcome = await testCredential(type, bot());
		expect(outcome).toMatchObject({ status: 'OK' });
		expect(cw.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/v1/profile', 'GET /api/v1/accounts/1/conversations/0']);
		expect(cw.requests.every((r) => r.headers['api-access-token'] === cw.botToken)).toBe(true);
	});

	test('a bot of another account is told so', async () => {
		cw.botAccountId = 2;
		const outcome = await testCredential(type, bot());
		expect(outcome.status).toBe('Error');
		expect(outcome.message).toBe('The bot has no access to account 1 (401). Enter the account the bot belongs to (or one of whose inboxes it answers) as Account ID.');
	});

	test('an unknown token, a user token and a missing account each say what to do, without the token', async () => {
		const unknown = await testCredential(type, bot({ accessToken: 'reset-long-ago-token-42' }));
		expect(unknown.message).toContain("Chatwoot rejected the access token (401). Copy the bot's access token again");
		expect(unknown.message).not.toContain('reset-long-ago-token-42');

		const user = await testCredential(type, bot({ accessToken: cw.token }));
		expect(user).toMatchObject({ status: 'Error', message: expect.stringContaining('This is a user access token') });

		const noAccount = await testCredential(type, bot({ accountId: '0' }));
		expect(noAccount.message).toContain('Account ID is missing');
	});

	test('a user credential given a bot token points to Token Kind; one saved before Token Kind existed is a user credential', async () => {
		const outcome = await testCredential(type, cw.credentials({ accessToken: cw.botToken }));
		expect(outcome.message).toContain('Set Token Kind to Agent Bot');
		expect((await testCredential(type, cw.credentials())).status).toBe('OK');
	});
});

describe('nodes with an agent-bot credential', () => {
	const node = new Chatwoot();
	const run = (parameters: Record<string, unknown>) =>
		runNode({ nodeType: node, parameters: parameters as never, credentials: { chatwootApi: bot() } });

	test('Account left at its default is the credential\'s account: the profile is never asked', async () => {
		cw.state.addConversation({ status: 'pending' });
		const { items, error } = await run({ resource: 'conversation', operation: 'handOff', conversationId: 1, reason: 'Needs a human' });
		expect(error).toBeUndefined();
		expect(items[0].json.status).toBe('open');
		expect(cw.calls({ path: '/api/v1/profile' })).toHaveLength(0);
		expect(cw.violations).toEqual([]);
	});

	test('an operation bots may not use says so and names what they may use', async () => {
		const { error } = await run({ resource: 'contact', operation: 'getAll', returnAll: true });
		expect(error?.message).toBe('This operation needs a user access token, not an agent-bot token');
		expect(error?.description).toContain('Chatwoot lets agent-bot tokens call only');
		expect(error?.description).toContain('GET /api/v1/accounts/1/contacts');
	});

	test('the Account dropdown offers the credential\'s account instead of reading the profile', async () => {
		const context = loadOptionsContext({ nodeType: node, parameters: { resource: 'conversation', operation: 'get' } as never, credentials: { chatwootApi: bot() } });
		expect(await getAccounts.call(context)).toEqual([{ name: "The Agent Bot Credential's Account (1)", value: '' }]);
		expect(cw.requests).toHaveLength(0);
	});
});
