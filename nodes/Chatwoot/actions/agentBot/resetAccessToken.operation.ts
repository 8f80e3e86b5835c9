import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { stripSecrets } from '../../../shared/secrets';
import { extractRecord } from '../../transport/list';
import { adminOnly, idProperty, idValue, resourceRequest } from '../resource';

import { agentBot } from './spec';

/**
 * `POST /agent_bots/{id}/reset_access_token` (config/routes.rb, AgentBotsController#
 * reset_access_token, Chatwoot 4.15.1): regenerates the token and answers the bot's
 * view. Only the account's own bots, only administrators. The new token is a secret:
 * it goes into the item only when asked for, to be put into a Chatwoot API credential
 * of kind "Agent Bot".
 */
const properties: INodeProperties[] = [
	idProperty(agentBot.id!),
	{
		displayName: 'Include New Access Token',
		name: 'includeToken',
		type: 'boolean',
		default: false,
		description:
			'Whether to put the new token into the output as access_token. It is a secret: anyone who sees the execution data can act as the bot. Leave off to only invalidate the old token.',
	},
];

export const description = withDisplayOptions({ show: { resource: ['agentBot'], operation: ['resetAccessToken'] } }, properties);

async function reset(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = idValue.call(this, agentBot.id!, itemIndex);
	const body = await resourceRequest.call(this, agentBot, itemIndex, { method: 'POST', suffix: `/${id}/reset_access_token` });
	const record = extractRecord(body);
	const token = record.access_token;
	const output = stripSecrets({ ...record });
	if (this.getNodeParameter('includeToken', itemIndex, false) === true && typeof token === 'string') output.access_token = token;
	return output;
}

export const execute = adminOnly(reset, "reset an agent bot's access token");
