import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { accountRecords } from '../../helpers/account';
import { idParameter } from '../../helpers/fields';

import { agentIds, agentIdsField, inboxIdField } from './fields';

const properties: INodeProperties[] = [
	inboxIdField,
	agentIdsField('Agents to add to the inbox; current members stay.'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['inbox'], operation: ['addAgents'] } },
	properties,
);

/** Returns the inbox's agents after the change, one item each. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const inboxId = idParameter.call(this, 'inboxId', itemIndex, 'Inbox ID');
	const userIds = agentIds.call(this, itemIndex);
	return await accountRecords.call(this, itemIndex, {
		method: 'POST',
		path: '/inbox_members',
		body: { inbox_id: inboxId, user_ids: userIds },
	});
}
