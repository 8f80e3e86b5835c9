import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { accountRecords } from '../../helpers/account';
import { idParameter } from '../../helpers/fields';

import { inboxIdField } from './fields';

const properties: INodeProperties[] = [inboxIdField];

export const description = updateDisplayOptions(
	{ show: { resource: ['inbox'], operation: ['getAgents'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const inboxId = idParameter.call(this, 'inboxId', itemIndex, 'Inbox ID');
	return await accountRecords.call(this, itemIndex, {
		method: 'GET',
		path: `/inbox_members/${inboxId}`,
	});
}
