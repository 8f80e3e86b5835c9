import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { chatAppList, chatAppRequest } from '../../transport/request';
import { operationPath, pathTemplateOption } from '../common';

const properties: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'License ID',
				name: 'licenseId',
				type: 'string',
				default: '',
				description: 'Return only the callback URL of this license',
			},
			{
				displayName: 'Messenger Type',
				name: 'messengerType',
				type: 'string',
				default: '',
				placeholder: 'grWhatsApp',
				description: 'Return only the callback URLs of this messenger type',
			},
			pathTemplateOption('callbackUrls.getAll'),
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['webhook'], operation: ['get'] } }, properties);

/** Current callback URLs: one item per `{licenseId, messengerType, url, events}`. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const path = await operationPath.call(this, i, 'callbackUrls.getAll', {});
	const body = await chatAppRequest.call(this, { method: 'GET', path, itemIndex: i });
	const license = String(options.licenseId ?? '').trim();
	const messenger = String(options.messengerType ?? '').trim();
	return chatAppList(body).items.filter(
		(entry) =>
			(!license || String(entry.licenseId) === license) && (!messenger || String(entry.messengerType) === messenger),
	);
}
