import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { MultipartPart } from '../../../shared/http/multipart';
import { binaryFilePart } from '../../../shared/n8n/binaryFile';
import { chatAppData, chatAppRequest } from '../../transport/request';
import { chatIdField, licenseField, messengerField, operationPath, pathTemplateOption, readTarget } from '../common';

const properties: INodeProperties[] = [
	licenseField,
	messengerField,
	chatIdField,
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field containing the file to be sent',
	},
	{
		displayName: 'Caption',
		name: 'caption',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		description: 'Text sent with the file',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Caption Field',
				name: 'captionField',
				type: 'options',
				default: 'caption',
				description: 'Multipart field that carries the caption (ChatApp clients use both names)',
				options: [
					{ name: 'Caption', value: 'caption' },
					{ name: 'Caption and Text', value: 'both' },
					{ name: 'Text', value: 'text' },
				],
			},
			{
				displayName: 'File Name',
				name: 'fileName',
				type: 'string',
				default: '',
				description: 'Name to send instead of the binary data\'s file name',
			},
			pathTemplateOption('messages.sendFile'),
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['message'], operation: ['sendFile'] } }, properties);

/** Multipart upload: `file` (bytes + filename), `fileName`, and the caption. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const target = readTarget.call(this, i, true);
	const binaryPropertyName = String(this.getNodeParameter('binaryPropertyName', i, 'data'));
	const caption = String(this.getNodeParameter('caption', i, '') ?? '');
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const file = await binaryFilePart.call(this, i, binaryPropertyName, 'file', 'file');
	if (options.fileName) file.fileName = String(options.fileName);
	const fileName = file.fileName;
	const parts: MultipartPart[] = [file, { name: 'fileName', value: fileName }];
	if (caption !== '') {
		const field = String(options.captionField ?? 'caption');
		if (field === 'caption' || field === 'both') parts.push({ name: 'caption', value: caption });
		if (field === 'text' || field === 'both') parts.push({ name: 'text', value: caption });
	}
	const path = await operationPath.call(this, i, 'messages.sendFile', { ...target });
	const response = await chatAppRequest.call(this, { method: 'POST', path, multipart: parts, itemIndex: i });
	const result = chatAppData(response);
	return {
		licenseId: target.licenseId,
		messengerType: target.messengerType,
		chatId: target.chatId,
		fileName,
		...(result && typeof result === 'object' && !Array.isArray(result) ? (result as IDataObject) : { data: result as IDataObject }),
	};
}
