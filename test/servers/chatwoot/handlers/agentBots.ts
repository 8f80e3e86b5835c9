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
 *   agent_bots_controller.rb#reset_access_token
 *                                             access_token.regenerate_token; the bot's view (own bots only)
 *   conversations_controller.rb#toggle_typing_status
 *                                             Conversations::TypingStatusManager dispatches typing_on/off
 *                                             (recorded in state.typing here); head :ok
 */
const NOT_FOUND: Reply = { status: 404, body: { error: 'Resource could not be found' } };
/** Pundit's refusal (AgentBotPolicy, InboxPolicy#set_agent_bot?: administrators only), as RequestExceptionHandler renders it. */
const UNAUTHORIZED: Reply = { status: 401, body: { error: 'You are not authorized to do this action' } };

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
	// Bot tokens never reach these (BOT_ACCESSIBLE_ENDPOINTS); users need the administrator role.
	const notAdmin = (accountId: string) => (state.role(Number(accountId)) === 'administrator' ? undefined : UNAUTHORIZED);
	const inboxOf = (accountId: string, id: string) => state.inboxes.find((i) => i.account_id === Number(accountId) && i.id === Number(id));

	fake.route('GET', `${A}/agent_bots`, (_r, { account_id }) => ({ body: accessible(account_id).map(agentBotJson) }));
	fake.route('POST', `${A}/agent_bots`, (request, { account_id }) => {
		const denied = notAdmin(account_id);
		if (denied) return denied;
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
		const denied = notAdmin(account_id);
		if (denied) return denied;
		const bot = own(account_id, id);
		if (!bot) return NOT_FOUND;
		const fields = body(request);
		for (const key of ['name', 'description', 'outgoing_url', 'bot_config']) if (key in fields) bot[key] = fields[key];
		return { body: agentBotJson(bot) };
	});
	fake.route('DELETE', `${A}/agent_bots/:id`, (_r, { account_id, id }) => {
		const denied = notAdmin(account_id);
		if (denied) return denied;
		const bot = own(account_id, id);
		if (!bot) return NOT_FOUND;
		state.agentBots.splice(state.agentBots.indexOf(bot), 1);
		for (const [inboxId, botId] of Object.entries(state.inboxBots)) if (botId === bot.id) delete state.inboxBots[Number(inboxId)];
		return { status: 200 };
	});

	fake.route('POST', `${A}/agent_bots/:id/reset_access_token`, (_r, { account_id, id }) => {
		const denied = notAdmin(account_id);
		if (denied) return denied;
		const bot = own(account_id, id);
		if (!bot) return NOT_FOUND;
		bot.access_token = `bot-access-token-${String(bot.id)}-${Math.random().toString(36).slice(2, 10)}`;
		return { body: agentBotJson(bot) };
	});
	fake.route('POST', `${A}/conversations/:id/toggle_typing_status`, (request, { account_id, id }) => {
		const conversation = state.conversation(Number(account_id), Number(id));
		if (!conversation) return NOT_FOUND;
		const { typing_status, is_private } = body(request);
		if (typing_status === 'on' || typing_status === 'off') state.typing.push({ conversation_id: conversation.id, typing_status, is_private: is_private ?? null });
		return { status: 200 };
	});

	fake.route('GET', `${A}/inboxes/:id/agent_bot`, (_r, { account_id, id }) => {
		const inbox = inboxOf(account_id, id);
		if (!inbox) return NOT_FOUND;
		const bot = state.agentBots.find((b) => b.id === state.inboxBots[Number(inbox.id)]);
		return { body: { agent_bot: bot ? agentBotJson(bot) : {} } };
	});
	fake.route('POST', `${A}/inboxes/:id/set_agent_bot`, (request, { account_id, id }) => {
		const denied = notAdmin(account_id);
		if (denied) return denied;
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
