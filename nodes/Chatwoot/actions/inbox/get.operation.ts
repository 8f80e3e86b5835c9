import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { accountRecord } from '../../helpers/account';
import { idParameter } from '../../helpers/fields';

import { inboxIdField } from './fields';

const properties: INodeProperties[] = [inboxIdField];

export const description = withDisplayOptions(
	{ show: { resource: ['inbox'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const inboxId = idParameter.call(this, 'inboxId', itemIndex, 'Inbox ID');
	return await accountRecord.call(this, itemIndex, {
		method: 'GET',
		path: `/inboxes/${inboxId}`,
	});
}
