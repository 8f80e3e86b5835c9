import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { accountPath } from '../../helpers/account';
import { limitOf, returnAllOrLimit } from '../../helpers/fields';
import { metaCount, paginateByPage } from '../../transport/paginate';
import { filterConditionsField, filterPayload } from '../filterConditions';

const properties: INodeProperties[] = [filterConditionsField('conversation'), ...returnAllOrLimit('conversations')];

export const description = withDisplayOptions({ show: { resource: ['conversation'], operation: ['filter'] } }, properties);

/** Conversations::FilterService: Kaminari's 25 per page, `meta.all_count` counted before paging. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await paginateByPage.call(
		this,
		{
			method: 'POST',
			path: await accountPath.call(this, itemIndex, '/conversations/filter'),
			body: { payload: filterPayload.call(this, 'conversation', itemIndex) },
			itemIndex,
		},
		{ limit: limitOf.call(this, itemIndex), total: metaCount('all_count') },
	);
}
