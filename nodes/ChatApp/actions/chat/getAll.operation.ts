import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { limitOf, returnAllOrLimit } from '../../../shared/n8n/parameters';
import type { ChatAppPageBy } from '../../transport/pagination';
import { chatAppPaginate } from '../../transport/pagination';
import {
	cursorParameterOption,
	pageByOption,
	jsonObjectParameter,
	licenseField,
	messengerField,
	operationPath,
	pathTemplateOption,
	readTarget,
} from '../common';

const properties: INodeProperties[] = [
	licenseField,
	messengerField,
	...returnAllOrLimit(),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			pageByOption,
			cursorParameterOption,
			{
				displayName: 'Page Size',
				name: 'pageSize',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 50,
				description: 'How many chats to ask for per request (sent as limit)',
			},
			pathTemplateOption('chats.getAll'),
			{
				displayName: 'Query Parameters (JSON)',
				name: 'query',
				type: 'json',
				default: '{}',
				description: 'Extra query parameters sent with every page, e.g. filters ChatApp supports',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['chat'], operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const target = readTarget.call(this, i, false);
	const limit = limitOf.call(this, i);
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const query = options.query !== undefined ? jsonObjectParameter.call(this, 'options.query', i, 'Query Parameters') : {};
	const pageSize = Number(options.pageSize ?? 50);
	const path = await operationPath.call(this, i, 'chats.getAll', { ...target });
	return await chatAppPaginate.call(
		this,
		{ method: 'GET', path, qs: { limit: limit !== undefined ? Math.min(limit, pageSize) : pageSize, ...query }, itemIndex: i },
		{
			limit,
			cursorParameter: String(options.cursorParameter ?? 'page'),
			pageBy: (options.pageBy as ChatAppPageBy | undefined) ?? 'auto',
			pageSize: limit !== undefined ? Math.min(limit, pageSize) : pageSize,
		},
	);
}
