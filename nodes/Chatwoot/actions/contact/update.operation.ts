import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { accountRecord } from '../../helpers/account';
import { contactLocator, idParameter } from '../../helpers/fields';

import { contactAttributeOptions, contactBody } from './fields';

const properties: INodeProperties[] = [
	contactLocator(),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Custom and additional attributes are merged into the stored ones',
		options: contactAttributeOptions,
	},
];

export const description = withDisplayOptions({ show: { resource: ['contact'], operation: ['update'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = idParameter.call(this, 'contactId', itemIndex, 'Contact ID');
	const body = contactBody.call(this, this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject, itemIndex);
	if (Object.keys(body).length === 0) {
		throw new NodeOperationError(this.getNode(), 'Add at least one field to update', { itemIndex });
	}
	return await accountRecord.call(this, itemIndex, {
		method: 'PUT',
		path: `/contacts/${id}`,
		body,
	});
}
