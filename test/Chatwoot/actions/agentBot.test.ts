import { chatwootSuite } from './suite';

/** Agent Bot resource and Inbox → Get / Set / Remove Agent Bot against the fake shaped after Chatwoot 4.15.1's controllers. */
const suite = chatwootSuite('agentBot');

test('create, get, get many, update, delete: top-level params, secrets never in the items', async () => {
	const { cw } = suite;
	const created = await suite.run({
		operation: 'create',
		accountId: 1,
		name: 'Support Bot',
		additionalFields: { description: 'Answers first', outgoing_url: 'https://n8n.example.com/webhook/bot', bot_config: '{"model":"gpt"}' },
	});
	expect(created.error).toBeUndefined();
	expect(cw.calls({ method: 'POST', path: '/api/v1/accounts/1/agent_bots' })[0].body).toEqual({
		name: 'Support Bot',
		description: 'Answers first',
		outgoing_url: 'https://n8n.example.com/webhook/bot',
		bot_config: { model: 'gpt' },
	});
	const bot = cw.state.agentBots[0];
	expect(created.items[0].json).toMatchObject({ id: bot.id, name: 'Support Bot', outgoing_url: 'https://n8n.example.com/webhook/bot', system_bot: false });
	expect(created.items[0].json).not.toHaveProperty('access_token');
	expect(created.items[0].json).not.toHaveProperty('secret');
	expect(JSON.stringify(created.items)).not.toContain(String(bot.access_token));

	cw.state.agentBots.push({ id: 50, account_id: null, name: 'Captain', access_token: 'system-token-xyz', secret: 'sys' });
	const listed = await suite.run({ operation: 'getAll', accountId: 1, returnAll: true });
	expect(listed.items.map((i) => i.json.name)).toEqual(['Support Bot', 'Captain']);
	expect(JSON.stringify(listed.items)).not.toMatch(/access_token|secret/);

	const got = await suite.run({ operation: 'get', accountId: 1, agentBotId: bot.id });
	expect(got.items[0].json).toMatchObject({ id: bot.id, description: 'Answers first' });

	const updated = await suite.run({ operation: 'update', accountId: 1, agentBotId: bot.id, updateFields: { outgoing_url: 'https://n8n.example.com/webhook/v2' } });
	expect(updated.items[0].json.outgoing_url).toBe('https://n8n.example.com/webhook/v2');
	expect(cw.calls({ method: 'PATCH' })[0].body).toEqual({ outgoing_url: 'https://n8n.example.com/webhook/v2' });

	const deleted = await suite.run({ operation: 'delete', accountId: 1, agentBotId: bot.id });
	expect(deleted.items[0].json).toEqual({ id: bot.id, deleted: true });
	expect(cw.state.agentBots.map((b) => b.id)).toEqual([50]);
});

test('reset access token: the old token is replaced; the new one is in the item only when asked for', async () => {
	const { cw } = suite;
	await suite.run({ operation: 'create', accountId: 1, name: 'Bot' });
	const bot = cw.state.agentBots[0];
	const old = String(bot.access_token);
	const hidden = await suite.run({ operation: 'resetAccessToken', accountId: 1, agentBotId: bot.id });
	expect(hidden.error).toBeUndefined();
	expect(bot.access_token).not.toBe(old);
	expect(hidden.items[0].json).toMatchObject({ id: bot.id, name: 'Bot' });
	expect(JSON.stringify(hidden.items)).not.toContain(String(bot.access_token));

	const shown = await suite.run({ operation: 'resetAccessToken', accountId: 1, agentBotId: bot.id, includeToken: true });
	expect(shown.items[0].json.access_token).toBe(bot.access_token);
	expect(shown.items[0].json).not.toHaveProperty('secret');
	expect(cw.calls({ method: 'POST', path: `/api/v1/accounts/1/agent_bots/${String(bot.id)}/reset_access_token` })).toHaveLength(2);
});

test('an agent (not administrator) may list bots but not create or reset one: said as the role it needs', async () => {
	const { cw } = suite;
	cw.state.agentBots.push({ id: 7, account_id: 1, name: 'Bot', access_token: 't', secret: 's' });
	cw.state.accounts[0].role = 'agent';
	expect((await suite.run({ operation: 'getAll', accountId: 1, returnAll: true })).items).toHaveLength(1);
	const created = await suite.run({ operation: 'create', accountId: 1, name: 'Nope' });
	expect(created.error?.message).toBe('Only administrators may create an agent bot in Chatwoot');
	const reset = await suite.run({ operation: 'resetAccessToken', accountId: 1, agentBotId: 7 });
	expect(reset.error?.message).toBe("Only administrators may reset an agent bot's access token in Chatwoot");
	expect(cw.state.agentBots).toHaveLength(1);
});

test('the picker lists the account bots and system bots; a bad id is refused before any request', async () => {
	const { cw } = suite;
	cw.state.agentBots.push({ id: 3, account_id: 1, name: 'Zed', outgoing_url: 'https://z.test' }, { id: 4, account_id: null, name: 'Captain' }, { id: 5, account_id: 2, name: 'Other' });
	const options = await (await import('../../../nodes/Chatwoot/methods/recordOptions')).getAgentBots.call(suite.options({ operation: 'get', accountId: 1 }));
	expect(options).toEqual([
		{ name: 'Captain (4)', value: 4, description: 'System bot of the installation' },
		{ name: 'Zed (3)', value: 3, description: 'https://z.test' },
	]);
	const before = cw.requests.length;
	const bad = await suite.run({ operation: 'get', accountId: 1, agentBotId: 'abc' });
	expect(bad.error?.message).toBe('Choose the agent bot');
	expect(cw.requests.length).toBe(before);
});

describe('inbox agent bot', () => {
	test('set connects the bot and answers it as Chatwoot now has it; get reads it; remove sends agent_bot null', async () => {
		const { cw } = suite;
		cw.state.agentBots.push({ id: 9, account_id: 1, name: 'Bot', outgoing_url: 'https://b.test', access_token: 'bot-secret-token', secret: 'bot-signing-secret' });
		const set = await suite.run({ resource: 'inbox', operation: 'setAgentBot', accountId: 1, inboxId: 1, agentBotId: 9 });
		expect(set.error).toBeUndefined();
		expect(cw.calls({ method: 'POST', path: '/api/v1/accounts/1/inboxes/1/set_agent_bot' })[0].body).toEqual({ agent_bot: 9 });
		expect(set.items[0].json).toMatchObject({ inbox_id: 1, agent_bot: { id: 9, name: 'Bot' } });
		expect(JSON.stringify(set.items)).not.toMatch(/bot-secret-token|bot-signing-secret/);
		expect(cw.state.inboxBots[1]).toBe(9);

		const got = await suite.run({ resource: 'inbox', operation: 'getAgentBot', accountId: 1, inboxId: 1 });
		expect(got.items[0].json).toMatchObject({ inbox_id: 1, agent_bot: { id: 9 } });

		const removed = await suite.run({ resource: 'inbox', operation: 'removeAgentBot', accountId: 1, inboxId: 1 });
		expect(removed.items[0].json).toEqual({ inbox_id: 1, agent_bot: null });
		expect(cw.calls({ method: 'POST', path: '/api/v1/accounts/1/inboxes/1/set_agent_bot' })[1].body).toEqual({ agent_bot: null });
		expect(cw.state.inboxBots[1]).toBeUndefined();
		const none = await suite.run({ resource: 'inbox', operation: 'getAgentBot', accountId: 1, inboxId: 1 });
		expect(none.items[0].json).toEqual({ inbox_id: 1, agent_bot: null });
	});

	test('a bot of another account is not found (AgentBot.accessible_to); an agent may not set one', async () => {
		const { cw } = suite;
		cw.state.agentBots.push({ id: 5, account_id: 2, name: 'Other' });
		const foreign = await suite.run({ resource: 'inbox', operation: 'setAgentBot', accountId: 1, inboxId: 1, agentBotId: 5 });
		expect(foreign.error?.httpCode).toBe('404');
		expect(cw.state.inboxBots[1]).toBeUndefined();
		cw.state.accounts[0].role = 'agent';
		const agent = await suite.run({ resource: 'inbox', operation: 'removeAgentBot', accountId: 1, inboxId: 1 });
		expect(agent.error?.message).toBe("Only administrators may disconnect an inbox's agent bot in Chatwoot");
	});
});
