import type { INodeProperties } from 'n8n-workflow';

import type { OperationMap } from '../../../shared/n8n/router';

import * as createGroup from './createGroup.operation';
import * as getAll from './getAll.operation';
import * as markRead from './markRead.operation';

export const operations: OperationMap = { createGroup, getAll, markRead };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['chat'] } },
		options: [
			{
				name: 'Create Group',
				value: 'createGroup',
				description: 'Create a group chat with the given phone numbers',
				action: 'Create a group chat',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the chats of a license and messenger',
				action: 'Get many chats',
			},
			{
				name: 'Mark as Read',
				value: 'markRead',
				description: 'Mark a chat as read',
				action: 'Mark a chat as read',
			},
		],
		default: 'getAll',
	},
	...createGroup.description,
	...getAll.description,
	...markRead.description,
];
