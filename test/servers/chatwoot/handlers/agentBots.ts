import type { FakeChatwoot, RecordedRequest, Reply } from '../server';
import type { Row } from '../state';

/*
 * Agent bots as Chatwoot 4.15.1 (97bb8ecd3) serves them:
 *   config/routes.rb                          resources :agent_bots (index, create, show, update, destroy,
 *                                             reset_access_token, reset_secret); inboxes: get :agent_bot,
 *                                             post :set_agent_bot
 *   agent_bots_controller.rb                  index = AgentBot.accessible_to(account) (system bots too),
 *                                             update/destroy only the account's own; permitted params
 *                                             name, description, outgoing_url, avatar_url, bot_type, bot_config
 *   inboxes_controller.rb#set_agent_bot       agent_bot id → agent_bot_inbox saved; null → destroyed; head :ok
 *   views api/v1/models/_agent_bot.json.jbuilder
 *                                             id, name, description, thumbnail, outgoing_url (not for system
 *                                             bots), bot_type, bot_config, account_id, access_token,
 *                                             secret (administrators, not system bots), system_bot
 *   views api/v1/accounts/inboxes/agent_bot.json.jbuilder
 *                                             {agent_bot: {...}}, or {agent_bot: {}} when none
 */
const NOT_FOUND: Reply = { status: 404, body: { error: 'Resource could not be found' } };

function body(request: RecordedRequest): Row {
	return (request.body && typeof request.body === 'object' ? request.body : {}) as Row;
}

/** The view of a bot (`_agent_bot.json.jbuilder`), as an administrator sees it. */
export function agentBotJson(bot: Row): Row {
	const system = bot.account_id === null;
	return {
		id: bot.id,
		name: bot.name,
		description: bot.description ?? null,
		thumbnail: '',
		...(system ? {} : { outgoing_url: bot.outgoing_url ?? null }),
		bot_type: 'webhook',
		bot_config: bot.bot_config ?? {},
		account_id: bot.account_id,
		access_token: bot.access_token,
		...(system ? {} : { secret: bot.secret }),
		system_bot: system,
	};
}

export function registerAgentBotHandlers(fake: FakeChatwoot) {
	const { state } = fake;
	const A = '/api/v1/accounts/:account_id';
	const accessible = (accountId: string) => state.agentBots.filter((b) => b.account_id === null || b.account_id === Number(accountId));
	const own = (accountId: string, id: string) => state.agentBots.find((b) => b.account_id === Number(accountId) && b.id === Number(id));
	const inboxOf = (accountId: string, id: string) => state.inboxes.find((i) => i.account_id === Number(accountId) && i.id === Number(id));

	fake.route('GET', `${A}/agent_bots`, (_r, { account_id }) => ({ body: accessible(account_id).map(agentBotJson) }));
	fake.route('POST', `${A}/agent_bots`, (request, { account_id }) => {
		const fields = body(request);
		const id = state.nextId('agentBot');
		const bot: Row = {
			id,
			account_id: Number(account_id),
			name: fields.name ?? null,
			description: fields.description ?? null,
			outgoing_url: fields.outgoing_url ?? null,
			bot_config: fields.bot_config ?? {},
			access_token: `bot-access-token-${id}-${Math.random().toString(36).slice(2, 10)}`,
			// has_secure_token :secret (WebhookSecretable): 24 base58 characters
			secret: `BotSecret${id}${Math.random().toString(36).slice(2, 10)}`.padEnd(24, 'x').slice(0, 24),
		};
		state.agentBots.push(bot);
		return { body: agentBotJson(bot) };
	});
	fake.route('GET', `${A}/agent_bots/:id`, (_r, { account_id, id }) => {
		const bot = accessible(account_id).find((b) => b.id === Number(id));
		return bot ? { body: agentBotJson(bot) } : NOT_FOUND;
	});
	fake.route('PATCH', `${A}/agent_bots/:id`, (request, { account_id, id }) => {
		const bot = own(account_id, id);
		if (!bot) return NOT_FOUND;
		const fields = body(request);
		for (const key of ['name', 'description', 'outgoing_url', 'bot_config']) if (key in fields) bot[key] = fields[key];
		return { body: agentBotJson(bot) };
	});
	fake.route('DELETE', `${A}/agent_bots/:id`, (_r, { account_id, id }) => {
		const bot = own(account_id, id);
		if (!bot) return NOT_FOUND;
		state.agentBots.splice(state.agentBots.indexOf(bot), 1);
		for (const [inboxId, botId] of Object.entries(state.inboxBots)) if (botId === bot.id) delete state.inboxBots[Number(inboxId)];
		return { status: 200 };
	});

	fake.route('GET', `${A}/inboxes/:id/agent_bot`, (_r, { account_id, id }) => {
		const inbox = inboxOf(account_id, id);
		if (!inbox) return NOT_FOUND;
		const bot = state.agentBots.find((b) => b.id === state.inboxBots[Number(inbox.id)]);
		return { body: { agent_bot: bot ? agentBotJson(bot) : {} } };
	});
	fake.route('POST', `${A}/inboxes/:id/set_agent_bot`, (request, { account_id, id }) => {
		const inbox = inboxOf(account_id, id);
		if (!inbox) return NOT_FOUND;
		const wanted = body(request).agent_bot;
		if (wanted === null || wanted === undefined || wanted === '') {
			delete state.inboxBots[Number(inbox.id)];
			return { status: 200 };
		}
		const bot = accessible(account_id).find((b) => b.id === Number(wanted));
		if (!bot) return NOT_FOUND;
		state.inboxBots[Number(inbox.id)] = Number(bot.id);
		return { status: 200 };
	});
}
