import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { accountRecord } from '../../helpers/account';
import { conversationLocator, idParameter } from '../../helpers/fields';

const properties: INodeProperties[] = [
	conversationLocator(),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Priority',
				name: 'priority',
				type: 'options',
				default: 'high',
				options: [
					{ name: 'High', value: 'high' },
					{ name: 'Low', value: 'low' },
					{ name: 'Medium', value: 'medium' },
					{ name: 'None', value: 'none' },
					{ name: 'Urgent', value: 'urgent' },
				],
			},
			{
				displayName: 'SLA Policy Name or ID',
				name: 'slaPolicyId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getSlaPolicies' },
				default: '',
				description:
					'Applies an SLA policy (Chatwoot Enterprise; other editions ignore it). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['conversation'], operation: ['update'] } }, properties);

/**
 * ConversationsController#update (Chatwoot 4.15.1) permits `priority` (Enterprise adds
 * `sla_policy_id`, Enterprise::Api::V1::Accounts::ConversationsController) and answers
 * the conversation. "None" is sent as null, which clears the priority.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = idParameter.call(this, 'conversationId', itemIndex, 'Conversation ID');
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const body: IDataObject = {};
	if (fields.priority !== undefined) body.priority = fields.priority === 'none' ? null : fields.priority;
	if (fields.slaPolicyId !== undefined && fields.slaPolicyId !== '') body.sla_policy_id = Number(fields.slaPolicyId);
	if (Object.keys(body).length === 0) {
		throw new NodeOperationError(this.getNode(), 'Add at least one field to update', {
			itemIndex,
			description: 'Use "Update Fields" to choose what to change.',
		});
	}
	return await accountRecord.call(this, itemIndex, { method: 'PATCH', path: `/conversations/${id}`, body });
}
