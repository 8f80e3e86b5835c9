import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { chatAppData, chatAppRequest } from '../../transport/request';
import {
	chatIdField,
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
	chatIdField,
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		description: 'Message text',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Extra Body Fields (JSON)',
				name: 'extraBody',
				type: 'json',
				default: '{}',
				description: 'More fields merged into the request body, for options ChatApp supports but this node does not list',
			},
			{
				displayName: 'Tracking',
				name: 'tracking',
				type: 'string',
				default: '',
				description: 'Your own label, returned in messageStatus events (fromApp.tracking)',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [pathTemplateOption('messages.sendText')],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['message'], operation: ['sendText'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const target = readTarget.call(this, i, true);
	const text = String(this.getNodeParameter('text', i, '') ?? '');
	if (text.trim() === '') throw new NodeOperationError(this.getNode(), 'Text is empty', { itemIndex: i });
	const additional = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const extra =
		additional.extraBody !== undefined ? jsonObjectParameter.call(this, 'additionalFields.extraBody', i, 'Extra Body Fields') : {};
	const body: IDataObject = { ...extra, text };
	if (additional.tracking) body.tracking = String(additional.tracking);
	const path = await operationPath.call(this, i, 'messages.sendText', { ...target });
	const response = await chatAppRequest.call(this, { method: 'POST', path, body, itemIndex: i });
	const data = chatAppData(response);
	return {
		licenseId: target.licenseId,
		messengerType: target.messengerType,
		chatId: target.chatId,
		...(data && typeof data === 'object' && !Array.isArray(data) ? (data as IDataObject) : { data: data as IDataObject }),
	};
}
