import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { stripSecrets } from '../../../shared/secrets';
import { accountRequest } from '../../helpers/account';
import { idParameter } from '../../helpers/fields';
import type { ResourceOperation } from '../resource';
import { adminOnly, entry } from '../resource';

import { inboxIdField } from './fields';

/*
 * The agent bot of an inbox. Chatwoot 4.15.1 (97bb8ecd3) config/routes.rb: inboxes
 * `get :agent_bot` and `post :set_agent_bot`. InboxesController#agent_bot renders
 * {agent_bot: {...}} ({agent_bot: {}} when none, inboxes/agent_bot.json.jbuilder);
 * #set_agent_bot takes `agent_bot` (an id of AgentBot.accessible_to the account:
 * its own bots and system bots, else 404) and saves the inbox's one agent_bot_inbox,
 * or destroys it when `agent_bot` is null; answers head :ok. InboxPolicy#set_agent_bot?:
 * administrators only. A connected bot gets the inbox's new conversations as pending.
 */

const agentBotPicker: INodeProperties = {
	displayName: 'Agent Bot Name or ID',
	name: 'agentBotId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getAgentBots' },
	default: '',
	required: true,
	description:
		'The bot that answers this inbox from now on (it replaces the current one). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

/** `{inbox_id, agent_bot}`: the inbox's bot as Chatwoot now has it (secrets left out), or null. */
async function currentBot(this: IExecuteFunctions, itemIndex: number, inboxId: number): Promise<IDataObject> {
	const body = (await accountRequest.call(this, itemIndex, { method: 'GET', path: `/inboxes/${inboxId}/agent_bot` })) as IDataObject | undefined;
	const bot = body?.agent_bot as IDataObject | undefined;
	const connected = bot && typeof bot === 'object' && bot.id !== undefined && bot.id !== null;
	return { inbox_id: inboxId, agent_bot: connected ? stripSecrets({ ...bot }) : null };
}

async function setBot(this: IExecuteFunctions, itemIndex: number, inboxId: number, botId: number | null): Promise<void> {
	await accountRequest.call(this, itemIndex, { method: 'POST', path: `/inboxes/${inboxId}/set_agent_bot`, body: { agent_bot: botId } });
}

function show(operation: string, properties: INodeProperties[]): INodeProperties[] {
	return withDisplayOptions({ show: { resource: ['inbox'], operation: [operation] } }, properties);
}

export const inboxBotOperations: ResourceOperation[] = [
	entry(
		{ name: 'Get Agent Bot', value: 'getAgentBot', action: 'Get the agent bot of an inbox', description: 'The agent bot connected to an inbox, or null' },
		{
			description: show('getAgentBot', [inboxIdField]),
			async execute(this: IExecuteFunctions, itemIndex: number) {
				return await currentBot.call(this, itemIndex, idParameter.call(this, 'inboxId', itemIndex, 'Inbox ID'));
			},
		},
	),
	entry(
		{
			name: 'Set Agent Bot',
			value: 'setAgentBot',
			action: 'Connect an agent bot to an inbox',
			description: "Let an agent bot answer the inbox's conversations (new ones start as pending)",
		},
		{
			description: show('setAgentBot', [inboxIdField, agentBotPicker]),
			execute: adminOnly(async function (this: IExecuteFunctions, itemIndex: number) {
				const inboxId = idParameter.call(this, 'inboxId', itemIndex, 'Inbox ID');
				const raw = String(this.getNodeParameter('agentBotId', itemIndex, '') ?? '').trim();
				const botId = Number(raw);
				if (!/^\d+$/.test(raw) || botId <= 0) {
					throw new NodeOperationError(this.getNode(), 'Choose the agent bot', {
						itemIndex,
						description: raw === '' ? 'Pick one from "Agent Bot", or enter its ID. To disconnect the bot, use Inbox → Remove Agent Bot.' : `"${raw}" is not an agent bot ID.`,
					});
				}
				await setBot.call(this, itemIndex, inboxId, botId);
				return await currentBot.call(this, itemIndex, inboxId);
			}, "connect an agent bot to an inbox"),
		},
	),
	entry(
		{ name: 'Remove Agent Bot', value: 'removeAgentBot', action: 'Disconnect the agent bot of an inbox', description: 'Humans answer the inbox again; nothing happens when it has no bot' },
		{
			description: show('removeAgentBot', [inboxIdField]),
			execute: adminOnly(async function (this: IExecuteFunctions, itemIndex: number) {
				const inboxId = idParameter.call(this, 'inboxId', itemIndex, 'Inbox ID');
				await setBot.call(this, itemIndex, inboxId, null);
				return { inbox_id: inboxId, agent_bot: null };
			}, "disconnect an inbox's agent bot"),
		},
	),
];
