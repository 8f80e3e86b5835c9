import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { conversationIdField, idParameter } from '../../helpers/fields';
import { clientRequest, clientSession, contactIdentifierParameter, contactPath } from '../../transport/clientApi';
import { contactIdentifierField, messageIdField } from '../fields';

const properties: INodeProperties[] = [
	contactIdentifierField,
	conversationIdField(),
	messageIdField,
	{
		displayName: 'Reply Type',
		name: 'replyType',
		type: 'options',
		options: [
			{
				name: 'CSAT Survey Response',
				value: 'csat',
				description: 'Rate the conversation in reply to a CSAT survey message (input_csat)',
			},
			{
				name: 'Form or Option Value',
				value: 'value',
				description: 'Reply to a bot message with options or a form (input_select, form)',
			},
		],
		default: 'csat',
	},
	{
		displayName: 'Rating',
		name: 'rating',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 5 },
		default: 5,
		description: 'From 1 (bad) to 5 (great)',
		displayOptions: { show: { replyType: ['csat'] } },
	},
	{
		displayName: 'Feedback Message',
		name: 'feedbackMessage',
		type: 'string',
		default: '',
		displayOptions: { show: { replyType: ['csat'] } },
	},
	{
		displayName: 'Value',
		name: 'value',
		type: 'string',
		default: '',
		required: true,
		description: 'The chosen option\'s value, or the value entered in the form field',
		displayOptions: { show: { replyType: ['value'] } },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: { replyType: ['value'] } },
		options: [
			{
				displayName: 'Field Name',
				name: 'name',
				type: 'string',
				default: '',
				description: 'Name of the form field this value belongs to',
			},
			{
				displayName: 'Title',
				name: 'title',
				type: 'string',
				default: '',
				description: 'Title of the chosen option as shown to the contact',
			},
		],
	},
];

export const description = withDisplayOptions({ show: { resource: ['message'], operation: ['update'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const session = await clientSession.call(this, itemIndex);
	const sourceId = contactIdentifierParameter.call(this, itemIndex);
	const conversationId = idParameter.call(this, 'conversationId', itemIndex, 'Conversation ID');
	const messageId = idParameter.call(this, 'messageId', itemIndex, 'Message ID');
	const replyType = this.getNodeParameter('replyType', itemIndex) as 'csat' | 'value';

	let submittedValues: IDataObject;
	if (replyType === 'csat') {
		const rating = Number(this.getNodeParameter('rating', itemIndex));
		if (!Number.isInteger(rating) || rating < 1 || rating > 5) {
			throw new NodeOperationError(this.getNode(), `Rating must be a whole number from 1 to 5, got "${rating}"`, {
				itemIndex,
			});
		}
		const feedback = String(this.getNodeParameter('feedbackMessage', itemIndex, '') ?? '');
		submittedValues = { csat_survey_response: { rating, ...(feedback ? { feedback_message: feedback } : {}) } };
	} else {
		const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		submittedValues = {
			...(fields.name ? { name: String(fields.name) } : {}),
			...(fields.title ? { title: String(fields.title) } : {}),
			value: String(this.getNodeParameter('value', itemIndex)),
		};
	}

	const target = {
		path: contactPath(session, sourceId, `/conversations/${conversationId}/messages/${messageId}`),
		sourceId,
		conversationId,
		messageId,
	};
	return (await clientRequest.call(
		this,
		session,
		target,
		{ method: 'PATCH', body: { submitted_values: submittedValues } },
		itemIndex,
	)) as IDataObject;
}
