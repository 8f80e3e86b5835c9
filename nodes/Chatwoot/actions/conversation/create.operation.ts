import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { accountRecord, accountRecords, accountRequest } from '../../helpers/account';
import { attributesCollection, contactLocator, idParameter, jsonObjectParameter, keyValuePairs } from '../../helpers/fields';

const properties: INodeProperties[] = [
	{
		displayName: 'Start From',
		name: 'startFrom',
		type: 'options',
		default: 'contactAndInbox',
		options: [
			{ name: 'Contact and Inbox', value: 'contactAndInbox', description: 'Reuse or open the contact\'s session in the inbox' },
			{ name: 'Source ID', value: 'sourceId', description: 'An existing contact inbox (session) source ID' },
		],
	},
	{
		displayName: 'Source ID',
		name: 'sourceId',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show: { startFrom: ['sourceId'] } },
	},
	{
		displayName: 'Inbox Name or ID',
		name: 'inboxId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getInboxes' },
		required: true,
		default: '',
		displayOptions: { show: { startFrom: ['contactAndInbox'] } },
		description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	},
	{ ...contactLocator(), displayOptions: { show: { startFrom: ['contactAndInbox'] } } },
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			attributesCollection('additionalAttributes', 'Additional Attributes', 'Extra attributes stored on the conversation'),
			{
				displayName: 'Assignee Name or ID',
				name: 'assignee_id',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getAgents' },
				default: '',
				description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			},
			attributesCollection('customAttributes', 'Custom Attributes', 'Conversation custom attributes defined in Chatwoot'),
			{
				displayName: 'Custom Attributes (JSON)',
				name: 'customAttributesJson',
				type: 'json',
				default: '{}',
			},
			{
				displayName: 'First Message',
				name: 'message',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
				description: 'Text of an outgoing first message',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				default: 'open',
				description:
					'Chatwoot overrides it: conversations in an inbox with an active agent bot start Pending, those of a blocked contact Resolved',
				options: [
					{ name: 'Open', value: 'open' },
					{ name: 'Pending', value: 'pending' },
					{ name: 'Resolved', value: 'resolved' },
				],
			},
			{
				displayName: 'Team Name or ID',
				name: 'team_id',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getTeams' },
				default: '',
				description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			},
		],
	},
	{
		displayName:
			'In an inbox with an active agent bot the conversation starts Pending, whatever Status says, until the bot hands it over (Conversation#determine_conversation_status). In an inbox locked to a single conversation, Chatwoot returns the contact\'s existing conversation instead of a new one.',
		name: 'createNotice',
		type: 'notice',
		default: '',
	},
];

export const description = withDisplayOptions({ show: { resource: ['conversation'], operation: ['create'] } }, properties);

/**
 * The contact's session in the inbox: the existing one when there is one,
 * otherwise a new one. The contract requires `source_id` on create (older
 * Chatwoot versions did too), so it is always resolved first.
 */
async function sessionFor(this: IExecuteFunctions, itemIndex: number, contactId: number, inboxId: number) {
	const inboxes = await accountRecords.call(this, itemIndex, {
		method: 'GET',
		path: `/contacts/${contactId}/contactable_inboxes`,
	});
	const existing = inboxes.find((entry) => Number((entry.inbox as IDataObject | undefined)?.id) === inboxId && entry.source_id);
	if (existing) return String(existing.source_id);
	const created = (await accountRequest.call(this, itemIndex, {
		method: 'POST',
		path: `/contacts/${contactId}/contact_inboxes`,
		body: { inbox_id: inboxId },
	})) as IDataObject;
	return String(created.source_id);
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const startFrom = this.getNodeParameter('startFrom', itemIndex) as string;
	const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const body: IDataObject = {};
	if (startFrom === 'sourceId') {
		body.source_id = this.getNodeParameter('sourceId', itemIndex) as string;
	} else {
		const inboxId = Number(this.getNodeParameter('inboxId', itemIndex));
		if (!inboxId) throw new NodeOperationError(this.getNode(), 'Choose an inbox', { itemIndex });
		const contactId = idParameter.call(this, 'contactId', itemIndex, 'Contact ID');
		body.source_id = await sessionFor.call(this, itemIndex, contactId, inboxId);
		body.inbox_id = inboxId;
		body.contact_id = contactId;
	}
	if (fields.status) body.status = fields.status;
	if (fields.assignee_id) body.assignee_id = Number(fields.assignee_id);
	if (fields.team_id) body.team_id = Number(fields.team_id);
	const custom = {
		...keyValuePairs(fields.customAttributes),
		...jsonObjectParameter.call(this, fields.customAttributesJson, 'Custom Attributes (JSON)', itemIndex),
	};
	if (Object.keys(custom).length) body.custom_attributes = custom;
	const additional = keyValuePairs(fields.additionalAttributes);
	if (Object.keys(additional).length) body.additional_attributes = additional;
	if (fields.message) body.message = { content: fields.message };
	return await accountRecord.call(this, itemIndex, {
		method: 'POST',
		path: '/conversations',
		body,
	});
}
