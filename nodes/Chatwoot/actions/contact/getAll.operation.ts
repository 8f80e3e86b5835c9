import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { accountPath } from '../../helpers/account';
import { labelList, limitOf, returnAllOrLimit } from '../../helpers/fields';
import { metaCount, paginateByPage } from '../../transport/paginate';

import { contactSortField } from './fields';

const properties: INodeProperties[] = [
	...returnAllOrLimit('contacts'),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Label Names or IDs',
				name: 'labels',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getLabels' },
				default: [],
				description:
					'Only contacts with any of these labels. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			contactSortField,
		],
	},
	{
		displayName:
			'Chatwoot lists only contacts with an email, phone number or identifier (with the crm_v2 feature: only leads); Filter does the same. Use Search to find anonymous contacts.',
		name: 'listNotice',
		type: 'notice',
		default: '',
	},
];

export const description = withDisplayOptions({ show: { resource: ['contact'], operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const qs: IDataObject = { include_contact_inboxes: true };
	if (filters.sort) qs.sort = filters.sort;
	const labels = labelList(filters.labels);
	if (labels.length) qs.labels = labels;
	return await paginateByPage.call(
		this,
		{ method: 'GET', path: await accountPath.call(this, itemIndex, '/contacts'), qs, itemIndex },
		{ limit: limitOf.call(this, itemIndex), pageSize: 15, total: metaCount('count') },
	);
}
