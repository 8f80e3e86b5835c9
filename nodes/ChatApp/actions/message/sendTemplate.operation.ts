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
		displayName: 'Template Name or ID',
		name: 'templateId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getTemplates', loadOptionsDependsOn: ['licenseId', 'messengerType'] },
		default: '',
		required: true,
		description:
			'Approved WhatsApp Cloud API (WABA) template. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Template Parameters',
		name: 'templateParameters',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Parameter',
		default: {},
		description: 'Values for the template placeholders, in order ({{1}}, {{2}}, …)',
		options: [
			{
				displayName: 'Parameter',
				name: 'parameter',
				values: [{ displayName: 'Value', name: 'value', type: 'string', default: '' }],
			},
		],
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Company ID',
				name: 'companyId',
				type: 'number',
				default: 0,
				description: 'ChatApp company to attribute the message to',
			},
			{
				displayName: 'Extra Body Fields (JSON)',
				name: 'extraBody',
				type: 'json',
				default: '{}',
				description: 'More fields merged into the request body (e.g. file and fileName for a media header)',
			},
			{
				displayName: 'Language',
				name: 'language',
				type: 'string',
				default: '',
				placeholder: 'en',
				description: 'Template language code, when the template exists in several languages',
			},
			{
				displayName: 'Tracking',
				name: 'tracking',
				type: 'string',
				default: '',
				description: 'Your own label, returned in messageStatus events',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [pathTemplateOption('messages.sendTemplate')],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['message'], operation: ['sendTemplate'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const target = readTarget.call(this, i, true);
	const templateId = String(this.getNodeParameter('templateId', i, '') ?? '').trim();
	if (!templateId) throw new NodeOperationError(this.getNode(), 'Template is required', { itemIndex: i });
	const parameters = this.getNodeParameter('templateParameters.parameter', i, []) as Array<{ value?: unknown }>;
	const additional = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const extra =
		additional.extraBody !== undefined ? jsonObjectParameter.call(this, 'additionalFields.extraBody', i, 'Extra Body Fields') : {};
	const template: IDataObject = { id: templateId, params: parameters.map((p) => String(p.value ?? '')) };
	if (additional.language) template.language = String(additional.language);
	const body: IDataObject = { ...extra, template };
	if (additional.tracking) body.tracking = String(additional.tracking);
	if (additional.companyId) body.companyId = Number(additional.companyId);
	const path = await operationPath.call(this, i, 'messages.sendTemplate', { ...target });
	const response = await chatAppRequest.call(this, { method: 'POST', path, body, itemIndex: i });
	const data = chatAppData(response);
	return {
		licenseId: target.licenseId,
		messengerType: target.messengerType,
		chatId: target.chatId,
		...(data && typeof data === 'object' && !Array.isArray(data) ? (data as IDataObject) : { data: data as IDataObject }),
	};
}
