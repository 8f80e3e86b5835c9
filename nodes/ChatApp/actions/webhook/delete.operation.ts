import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { chatAppRequest } from '../../transport/request';
import { licenseField, messengerField, operationPath, pathTemplateOption, readTarget } from '../common';

const properties: INodeProperties[] = [
	licenseField,
	messengerField,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [pathTemplateOption('callbackUrl.delete')],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['webhook'], operation: ['delete'] } }, properties);

/** `DELETE …/callbackUrl`: ChatApp stops posting events of this license and messenger. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const target = readTarget.call(this, i, false);
	const path = await operationPath.call(this, i, 'callbackUrl.delete', { ...target });
	const body = await chatAppRequest.call(this, { method: 'DELETE', path, itemIndex: i });
	const success = body && typeof body === 'object' && 'success' in body ? (body as IDataObject).success : true;
	return { success: success as boolean, licenseId: target.licenseId, messengerType: target.messengerType };
}
