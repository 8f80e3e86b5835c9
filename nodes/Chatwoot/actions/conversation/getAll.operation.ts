import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { accountPath } from '../../helpers/account';
import { limitOf, returnAllOrLimit } from '../../helpers/fields';
import { paginateByPage } from '../../transport/paginate';

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

export const description = updateDisplayOptions({ show: { resource: ['conversation'], operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const qs = listQuery({ status: 'open', assignee_type: 'all', ...filters });
	const countKey = COUNT_KEY[String(qs.assignee_type)] ?? 'all_count';
	return await paginateByPage.call(
		this,
		{ method: 'GET', path: await accountPath.call(this, itemIndex, '/conversations'), qs, itemIndex },
		{
			limit: limitOf.call(this, itemIndex),
			pageSize: 25,
			total: (meta) => (typeof meta[countKey] === 'number' ? (meta[countKey] as number) : undefined),
		},
	);
}
