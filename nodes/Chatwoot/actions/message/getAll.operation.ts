import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { accountPath } from '../../helpers/account';
import { conversationLocator, idParameter, limitOf, returnAllOrLimit } from '../../helpers/fields';
import { paginateMessages } from '../../transport/paginate';

import { messagesSuffix } from './fields';

const properties: INodeProperties[] = [
	{
		...conversationLocator(),
		hint: 'Messages come out newest first, so Limit keeps the most recent ones',
	},
	...returnAllOrLimit('messages'),
];

export const description = withDisplayOptions(
	{ show: { resource: ['message'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const conversationId = idParameter.call(this, 'conversationId', itemIndex, 'Conversation ID');
	const path = await accountPath.call(this, itemIndex, messagesSuffix(conversationId));
	// Chatwoot pages messages by id: the latest 20, then `before=<smallest id seen>`.
	return await paginateMessages.call(this, { method: 'GET', path, itemIndex }, { limit: limitOf.call(this, itemIndex) });
}
