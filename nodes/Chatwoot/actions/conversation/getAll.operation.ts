import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { accountPath } from '../../helpers/account';
import { limitOf, returnAllOrLimit } from '../../helpers/fields';
import { metaCount, paginateByPage } from '../../transport/paginate';

import { listFilterOptions, listQuery } from './fields';

const COUNT_KEY: Record<string, string> = { me: 'mine_count', assigned: 'assigned_count', unassigned: 'unassigned_count', all: 'all_count' };

const properties: INodeProperties[] = [
	...returnAllOrLimit('conversations'),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Assignee Type',
				name: 'assignee_type',
				type: 'options',
				default: 'all',
				options: [
					{ name: 'All', value: 'all' },
					{ name: 'Assigned', value: 'assigned' },
					{ name: 'Assigned to Me', value: 'me' },
					{ name: 'Unassigned', value: 'unassigned' },
				],
			},
			...listFilterOptions,
		],
	},
];

export const description = withDisplayOptions({ show: { resource: ['conversation'], operation: ['getAll'] } }, properties);

/**
 * ConversationFinder (Chatwoot 4.15.1): CONVERSATION_RESULTS_PER_PAGE per page (25
 * unless the server sets it), counts per assignee type in `meta`. With a search term
 * the counts cover one page only, so the walk goes on until an empty page; the status
 * the user chose is applied here, since Chatwoot ignores it, and a conversation found
 * through several messages comes once.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const qs = listQuery({ status: 'open', assignee_type: 'all', ...filters });
	const path = await accountPath.call(this, itemIndex, '/conversations');
	const limit = limitOf.call(this, itemIndex);
	if (!qs.q) {
		return await paginateByPage.call(this, { method: 'GET', path, qs, itemIndex }, { limit, total: metaCount(COUNT_KEY[String(qs.assignee_type)] ?? 'all_count') });
	}
	// A search ignores the status and may list a conversation once per matching message.
	const status = filters.status && filters.status !== 'all' ? String(filters.status) : undefined;
	const seen = new Set<unknown>();
	const keep = (conversation: IDataObject) => !seen.has(conversation.id) && !!seen.add(conversation.id) && (!status || conversation.status === status);
	return await paginateByPage.call(this, { method: 'GET', path, qs, itemIndex }, { limit, keep });
}
