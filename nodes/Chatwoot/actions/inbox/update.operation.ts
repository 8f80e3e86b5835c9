import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { accountRecord } from '../../helpers/account';
import { idParameter } from '../../helpers/fields';

import {
	autoAssignmentField,
	callbackUrlField,
	csatSurveyField,
	greetingMessageField,
	hmacMandatoryField,
	inboxAttributes,
	inboxIdField,
	lockToSingleConversationField,
} from './fields';

const properties: INodeProperties[] = [
	inboxIdField,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			autoAssignmentField,
			{
				...callbackUrlField,
				description: `${callbackUrlField.description} API-channel inboxes only.`,
			},
			csatSurveyField,
			greetingMessageField,
			{ ...hmacMandatoryField, description: `${hmacMandatoryField.description}. API-channel and website inboxes.` },
			lockToSingleConversationField,
			{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'New name of the inbox' },
		],
	},
];

export const description = withDisplayOptions(
	{ show: { resource: ['inbox'], operation: ['update'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const inboxId = idParameter.call(this, 'inboxId', itemIndex, 'Inbox ID');
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const body = inboxAttributes(fields);
	if (fields.name !== undefined) {
		const name = String(fields.name).trim();
		if (name === '') throw new NodeOperationError(this.getNode(), 'The inbox name cannot be empty', { itemIndex });
		body.name = name;
	}
	// Channel attributes (Channel::Api::EDITABLE_ATTRS) go nested under `channel`.
	const channel: IDataObject = {};
	if (fields.webhookUrl !== undefined) channel.webhook_url = String(fields.webhookUrl).trim();
	if (fields.hmacMandatory !== undefined) channel.hmac_mandatory = fields.hmacMandatory;
	if (Object.keys(channel).length > 0) body.channel = channel;
	if (Object.keys(body).length === 0) {
		throw new NodeOperationError(this.getNode(), 'Add at least one field to update', {
			itemIndex,
			description: 'Use "Update Fields" to choose what to change.',
		});
	}
	return await accountRecord.call(this, itemIndex, {
		method: 'PATCH',
		path: `/inboxes/${inboxId}`,
		body,
	});
}
