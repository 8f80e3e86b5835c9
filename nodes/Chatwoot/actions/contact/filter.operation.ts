import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { accountPath } from '../../helpers/account';
import { limitOf, returnAllOrLimit } from '../../helpers/fields';
import { metaCount, paginateByPage } from '../../transport/paginate';
import { filterConditionsField, filterPayload } from '../filterConditions';

const properties: INodeProperties[] = [
	filterConditionsField('contact'),
	...returnAllOrLimit('contacts'),
	{
		displayName:
			'Filter, like Get Many, finds only contacts with an email, phone number or identifier (with the crm_v2 feature: only leads). Use Search to find anonymous contacts.',
		name: 'filterNotice',
		type: 'notice',
		default: '',
	},
];

export const description = withDisplayOptions({ show: { resource: ['contact'], operation: ['filter'] } }, properties);

/** Contacts::FilterService over Contact.resolved_contacts, 15 per page (ContactsController::RESULTS_PER_PAGE), `meta.count`. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await paginateByPage.call(
		this,
		{
			method: 'POST',
			path: await accountPath.call(this, itemIndex, '/contacts/filter'),
			body: { payload: filterPayload.call(this, 'contact', itemIndex) },
			itemIndex,
		},
		{ limit: limitOf.call(this, itemIndex), pageSize: 15, total: metaCount('count') },
	);
}
