import type { INodeProperties } from 'n8n-workflow';

import type { OperationMap } from '../../../shared/n8n/router';

import * as create from './create.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as resolve from './resolve.operation';
import * as setTyping from './setTyping.operation';
import * as updateLastSeen from './updateLastSeen.operation';

export const operations: OperationMap = { create, get, getAll, resolve, setTyping, updateLastSeen };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['conversation'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Start a new conversation as the contact',
				action: 'Create a conversation',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get one of the contact\'s conversations',
				action: 'Get a conversation',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: "List the contact's conversations in this inbox",
				action: 'Get many conversations',
			},
			{
				name: 'Mark as Seen',
				value: 'updateLastSeen',
				description: "Set the contact's last-seen time to now (clears the contact's unread state)",
				action: 'Mark a conversation as seen',
			},
			{
				name: 'Resolve',
				value: 'resolve',
				description: 'Resolve the conversation as the contact',
				action: 'Resolve a conversation',
			},
			{
				name: 'Set Typing Status',
				value: 'setTyping',
				description: 'Show or hide "typing…" for the contact',
				action: 'Set typing status of a conversation',
			},
		],
		default: 'create',
	},
	...create.description,
	...get.description,
	...getAll.description,
	...resolve.description,
	...setTyping.description,
	...updateLastSeen.description,
];
