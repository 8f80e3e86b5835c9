import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { accountPath } from '../../helpers/account';
import { filterConditionsField, filterPayload, limitOf, returnAllOrLimit } from '../../helpers/fields';
import { paginateByPage } from '../../transport/paginate';

const properties: INodeProperties[] = [
	filterConditionsField(
		'name, email, phone_number, identifier, country_code, city, company_name, labels, created_at, last_activity_at, blocked, or a custom attribute key',
	),
	...returnAllOrLimit('contacts'),
];

export const description = updateDisplayOptions({ show: { resource: ['contact'], operation: ['filter'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await paginateByPage.call(
		this,
		{
			method: 'POST',
			path: await accountPath.call(this, itemIndex, '/contacts/filter'),
			body: { payload: filterPayload.call(this, itemIndex) },
			itemIndex,
		},
		{ limit: limitOf.call(this, itemIndex), pageSize: 15, total: (meta) => (typeof meta.count === 'number' ? meta.count : undefined) },
	);
}
