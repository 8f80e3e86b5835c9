import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { accountPath } from '../../helpers/account';
import { limitOf, returnAllOrLimit } from '../../helpers/fields';
import { paginateByPage } from '../../transport/paginate';

import { contactSortField } from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'Search Term',
		name: 'q',
		type: 'string',
		required: true,
		default: '',
		description: 'Matches name, email and phone number (case-insensitive) and identifier (case-sensitive)',
	},
	...returnAllOrLimit('contacts'),
	{ displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options: [contactSortField] },
];

export const description = withDisplayOptions({ show: { resource: ['contact'], operation: ['search'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const qs: IDataObject = { q: this.getNodeParameter('q', itemIndex) as string };
	if (options.sort) qs.sort = options.sort;
	// Search reports meta.has_more; meta.count is only the size of the page.
	return await paginateByPage.call(
		this,
		{ method: 'GET', path: await accountPath.call(this, itemIndex, '/contacts/search'), qs, itemIndex },
		{ limit: limitOf.call(this, itemIndex), pageSize: 15 },
	);
}
