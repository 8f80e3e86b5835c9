import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { accountRequest } from '../../helpers/account';
import { conversationLocator, idParameter } from '../../helpers/fields';

import { PRIORITIES } from './fields';

const properties: INodeProperties[] = [
	conversationLocator(),
	{
		displayName: 'Priority',
		name: 'priority',
		type: 'options',
		default: 'high',
		options: PRIORITIES.map(([name, value]) => ({ name, value })),
	},
];

export const description = withDisplayOptions({ show: { resource: ['conversation'], operation: ['updatePriority'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = idParameter.call(this, 'conversationId', itemIndex, 'Conversation ID');
	const priority = this.getNodeParameter('priority', itemIndex) as string;
	// Chatwoot stores `priority.presence`: "none" is sent as null, which clears it.
	await accountRequest.call(this, itemIndex, {
		method: 'POST',
		path: `/conversations/${id}/toggle_priority`,
		body: { priority: priority === 'none' ? null : priority },
	});
	return { id, priority: priority === 'none' ? null : priority };
}
