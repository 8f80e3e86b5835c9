import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { extractRecords } from '../../transport/list';
import { chatwootRequest } from '../../transport/request';
import { accountPath } from '../../helpers/account';
import { idParameter } from '../../helpers/fields';
import { inboxIdField } from './fields';

const properties: INodeProperties[] = [inboxIdField];

export const description = updateDisplayOptions(
	{ show: { resource: ['inbox'], operation: ['getAgents'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const inboxId = idParameter.call(this, 'inboxId', itemIndex, 'Inbox ID');
	const response = await chatwootRequest.call(this, {
		method: 'GET',
		path: await accountPath.call(this, itemIndex, `/inbox_members/${inboxId}`),
		itemIndex,
	});
	return extractRecords(response);
}
