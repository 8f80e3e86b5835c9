import { stripSecrets } from '../../../shared/secrets';
import { json, longText, text } from '../fieldSpecs';
import type { ResourceSpec } from '../resource';
import { CRUD } from '../resource';

/**
 * Agent bots of the account. Api::V1::Accounts::AgentBotsController (Chatwoot 4.15.1,
 * 97bb8ecd3): index and show list the account's bots and the installation's system bots
 * (AgentBot.accessible_to), create/update/destroy only the account's own; params
 * name, description, outgoing_url, avatar_url, bot_config at the top level (no wrapper).
 * AgentBotPolicy: index and show for every member, the rest for administrators. The
 * view (_agent_bot.json.jbuilder) carries the bot's access token and signing secret:
 * both are left out of the items (Reset Access Token can hand out the new token).
 */
export const agentBot: ResourceSpec = {
	resource: 'agentBot', noun: 'agent bot', path: '/agent_bots', id: { name: 'agentBotId', label: 'Agent Bot', method: 'getAgentBots' },
	fields: [
		text('name', 'Name', 'Shown as the sender of the bot\'s messages', { required: true, placeholder: 'Support Bot' }),
		longText('description', 'Description'),
		text('outgoing_url', 'Outgoing URL', 'Where Chatwoot POSTs the events of the bot\'s inboxes (message_created, conversation_opened…); the Chatwoot Trigger\'s "Agent Bot" source sets this up itself', { placeholder: 'https://n8n.example.com/webhook/…' }),
		text('avatar_url', 'Avatar URL', 'A JPEG or PNG that Chatwoot downloads as the bot\'s avatar'),
		json('bot_config', 'Bot Config', 'Free-form configuration stored with the bot, as a JSON object'),
	],
	admin: ['create', 'update', 'delete'],
	notice: "The bot's access token and signing secret are left out of the output",
	output: (record) => stripSecrets(record),
	operations: CRUD,
};

