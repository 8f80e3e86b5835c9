import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { accountRequest } from '../../helpers/account';
import { conversationLocator, idParameter } from '../../helpers/fields';

const properties: INodeProperties[] = [
	conversationLocator(),
	{
		displayName: 'Assign',
		name: 'assignTo',
		type: 'options',
		default: 'agent',
		options: [
			{ name: 'Agent', value: 'agent' },
			{ name: 'Remove Agent', value: 'unassignAgent' },
			{ name: 'Remove Team', value: 'unassignTeam' },
			{ name: 'Team', value: 'team' },
		],
	},
	{
		displayName: 'Agent Name or ID',
		name: 'agentId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getAgents' },
		required: true,
		default: '',
		displayOptions: { show: { assignTo: ['agent'] } },
		description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	},
	{
		displayName: 'Team Name or ID',
		name: 'teamId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getTeams' },
		required: true,
		default: '',
		displayOptions: { show: { assignTo: ['team'] } },
		description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	},
];

export const description = withDisplayOptions({ show: { resource: ['conversation'], operation: ['assign'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = idParameter.call(this, 'conversationId', itemIndex, 'Conversation ID');
	const assignTo = this.getNodeParameter('assignTo', itemIndex) as string;
	let body: IDataObject;
	if (assignTo === 'agent' || assignTo === 'team') {
		const name = assignTo === 'agent' ? 'agentId' : 'teamId';
		const target = Number(this.getNodeParameter(name, itemIndex));
		if (!Number.isInteger(target) || target <= 0) {
			throw new NodeOperationError(this.getNode(), `Choose the ${assignTo} to assign`, { itemIndex });
		}
		body = assignTo === 'agent' ? { assignee_id: target } : { team_id: target };
	} else {
		body = assignTo === 'unassignAgent' ? { assignee_id: null } : { team_id: null };
	}
	const response = await accountRequest.call(this, itemIndex, {
		method: 'POST',
		path: `/conversations/${id}/assignments`,
		body,
	});
	const assigned = response && typeof response === 'object' ? (response as IDataObject) : null;
	return { conversation_id: id, ...body, [assignTo === 'agent' || assignTo === 'unassignAgent' ? 'assignee' : 'team']: assigned };
}
