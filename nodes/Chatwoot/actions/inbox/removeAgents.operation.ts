import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { accountRequest } from '../../helpers/account';
import { idParameter } from '../../helpers/fields';

import { agentIds, agentIdsField, inboxIdField } from './fields';

const properties: INodeProperties[] = [inboxIdField, agentIdsField('Agents to remove from the inbox.')];

export const description = updateDisplayOptions(
	{ show: { resource: ['inbox'], operation: ['removeAgents'] } },
	properties,
);

/** Chatwoot answers an empty 200; the output item summarises what was removed. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const inboxId = idParameter.call(this, 'inboxId', itemIndex, 'Inbox ID');
	const userIds = agentIds.call(this, itemIndex);
	await accountRequest.call(this, itemIndex, {
		method: 'DELETE',
		path: '/inbox_members',
		// The spec types inbox_id as a string on this route (an integer on POST); Chatwoot's
		// `inboxes.find(params[:inbox_id])` accepts both, so follow the spec.
		body: { inbox_id: String(inboxId), user_ids: userIds },
	});
	return { success: true, inbox_id: inboxId, removed_user_ids: userIds };
}
