import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { limitOf, returnAllOrLimit } from '../../../shared/n8n/parameters';
import type { ChatAppPageBy } from '../../transport/pagination';
import { chatAppPaginate } from '../../transport/pagination';
import {
	chatIdField,
	cursorParameterOption,
	pageByOption,
	licenseField,
	messengerField,
	operationPath,
	pathTemplateOption,
	readTarget,
} from '../common';

const properties: INodeProperties[] = [
	licenseField,
	messengerField,
	chatIdField,
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
				displayName: 'Direction',
				name: 'direction',
				type: 'options',
				default: 'prev',
				options: [
					{ name: 'Older (Prev)', value: 'prev', description: 'Newest first, then older pages' },
					{ name: 'Newer (Next)', value: 'next' },
				],
			},
			{
				displayName: 'Page Size',
				name: 'pageSize',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 50,
				description: 'How many messages to ask for per request (sent as limit)',
			},
			pathTemplateOption('messages.getAll'),
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['message'], operation: ['getAll'] } }, properties);

/** `GET …/messages?limit=&direction=prev`, paged by `nextPage` or `lastTime` + `lastInternalId`. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const target = readTarget.call(this, i, true);
	const limit = limitOf.call(this, i);
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const pageSize = Number(options.pageSize ?? 50);
	const path = await operationPath.call(this, i, 'messages.getAll', { ...target });
	return await chatAppPaginate.call(
		this,
		{
			method: 'GET',
			path,
			qs: { limit: limit !== undefined ? Math.min(limit, pageSize) : pageSize, direction: String(options.direction ?? 'prev') },
			itemIndex: i,
		},
		{
			limit,
			cursorParameter: String(options.cursorParameter ?? 'page'),
			pageBy: (options.pageBy as ChatAppPageBy | undefined) ?? 'auto',
			pageSize: limit !== undefined ? Math.min(limit, pageSize) : pageSize,
			withInternalId: true,
		},
	);
}
