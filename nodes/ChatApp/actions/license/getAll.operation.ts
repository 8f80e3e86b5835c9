import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { limitOf, returnAllOrLimit } from '../../../shared/n8n/parameters';
import { chatAppList, chatAppRequest } from '../../transport/request';
import { operationPath, pathTemplateOption } from '../common';

const properties: INodeProperties[] = [
	...returnAllOrLimit(),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'One Item Per',
				name: 'split',
				type: 'options',
				default: 'license',
				options: [
					{ name: 'License', value: 'license', description: 'One item per license, with its messenger list' },
					{
						name: 'License and Messenger',
						value: 'messenger',
						description: 'One item per license + messenger pair, with licenseId and messengerType at the top',
					},
				],
			},
			pathTemplateOption('licenses.getAll'),
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['license'], operation: ['getAll'] } }, properties);

/** Licenses with their messengers (`messenger[{type, name}]`). */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const limit = limitOf.call(this, i);
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const path = await operationPath.call(this, i, 'licenses.getAll', {});
	const body = await chatAppRequest.call(this, { method: 'GET', path, itemIndex: i });
	let records = chatAppList(body).items;
	if (options.split === 'messenger') {
		records = records.flatMap((license) => {
			const messengers = Array.isArray(license.messenger) ? (license.messenger as IDataObject[]) : [];
			return messengers.map((messenger) => ({
				licenseId: license.licenseId,
				licenseName: license.licenseName,
				messengerType: messenger.type,
				messengerName: messenger.name,
				license,
			}));
		});
	}
	return limit === undefined ? records : records.slice(0, limit);
}
