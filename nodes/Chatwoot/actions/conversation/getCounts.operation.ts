import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { accountRequest } from '../../helpers/account';
import { extractMeta } from '../../transport/list';

import { listFilterOptions, listQuery } from './fields';

export const description = withDisplayOptions({ show: { resource: ['conversation'], operation: ['getCounts'] } }, [
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: listFilterOptions,
	},
	{
		displayName:
			'Chatwoot rate-limits this endpoint (about 30 calls per minute per user). With a search term it ignores the status and counts only the first page of matches.',
		name: 'countsNotice',
		type: 'notice',
		default: '',
	},
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const body = await accountRequest.call(this, itemIndex, {
		method: 'GET',
		path: '/conversations/meta',
		qs: listQuery({ status: 'open', ...filters }),
	});
	return extractMeta(body);
}
