import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { accountRecord } from '../../helpers/account';

import {
	autoAssignmentField,
	callbackUrlField,
	csatSurveyField,
	greetingMessageField,
	hmacMandatoryField,
	inboxAttributes,
	lockToSingleConversationField,
} from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'WhatsApp Bridge',
		description: 'Name of the new API-channel inbox',
	},
	callbackUrlField,
	hmacMandatoryField,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [autoAssignmentField, csatSurveyField, greetingMessageField, lockToSingleConversationField],
	},
];

export const description = withDisplayOptions(
	{ show: { resource: ['inbox'], operation: ['create'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const name = String(this.getNodeParameter('name', itemIndex, '')).trim();
	if (name === '') {
		throw new NodeOperationError(this.getNode(), 'Enter a name for the inbox', { itemIndex });
	}
	const webhookUrl = String(this.getNodeParameter('webhookUrl', itemIndex, '')).trim();
	const hmacMandatory = this.getNodeParameter('hmacMandatory', itemIndex, false) as boolean;
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const channel: IDataObject = { type: 'api', hmac_mandatory: hmacMandatory };
	if (webhookUrl) channel.webhook_url = webhookUrl;
	return await accountRecord.call(this, itemIndex, {
		method: 'POST',
		path: '/inboxes',
		body: { name, ...inboxAttributes(additional), channel },
	});
}
