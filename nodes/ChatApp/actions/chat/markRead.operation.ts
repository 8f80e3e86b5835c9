import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { chatAppData, chatAppRequest } from '../../transport/request';
import { chatIdField, licenseField, messengerField, operationPath, pathTemplateOption, readTarget } from '../common';

const properties: INodeProperties[] = [
	licenseField,
	messengerField,
	chatIdField,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [pathTemplateOption('chats.markRead')],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['chat'], operation: ['markRead'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const target = readTarget.call(this, i, true);
	const path = await operationPath.call(this, i, 'chats.markRead', { ...target });
	const body = await chatAppRequest.call(this, { method: 'PATCH', path, itemIndex: i });
	const data = chatAppData(body);
	return {
		success: true,
		licenseId: target.licenseId,
		messengerType: target.messengerType,
		chatId: target.chatId,
		...(data && typeof data === 'object' && !Array.isArray(data) ? (data as IDataObject) : data !== undefined ? { data: data as IDataObject } : {}),
	};
}
