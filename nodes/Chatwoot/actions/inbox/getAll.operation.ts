import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { accountRecords } from '../../helpers/account';
import { limitOf, returnAllOrLimit } from '../../helpers/fields';

const properties: INodeProperties[] = [...returnAllOrLimit('inboxes')];

export const description = withDisplayOptions(
	{ show: { resource: ['inbox'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	// Chatwoot returns every inbox at once ({payload:[…]}, no paging): apply Limit here.
	const inboxes = await accountRecords.call(this, itemIndex, { method: 'GET', path: '/inboxes' });
	const limit = limitOf.call(this, itemIndex);
	return limit === undefined ? inboxes : inboxes.slice(0, limit);
}
