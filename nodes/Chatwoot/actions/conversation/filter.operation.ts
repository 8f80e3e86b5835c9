import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { accountPath } from '../../helpers/account';
import { filterConditionsField, filterPayload, limitOf, returnAllOrLimit } from '../../helpers/fields';
import { paginateByPage } from '../../transport/paginate';

const properties: INodeProperties[] = [
	filterConditionsField(
		'status, assignee_id, inbox_id, team_id, contact_id, priority, display_id, campaign_id, labels, browser_language, conversation_language, referer, created_at, last_activity_at, mail_subject, or a custom attribute key',
	),
	...returnAllOrLimit('conversations'),
];

export const description = updateDisplayOptions({ show: { resource: ['conversation'], operation: ['filter'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await paginateByPage.call(
		this,
		{
			method: 'POST',
			path: await accountPath.call(this, itemIndex, '/conversations/filter'),
			body: { payload: filterPayload.call(this, itemIndex) },
			itemIndex,
		},
		{
			limit: limitOf.call(this, itemIndex),
			pageSize: 25,
			total: (meta) => (typeof meta.all_count === 'number' ? meta.all_count : undefined),
		},
	);
}
