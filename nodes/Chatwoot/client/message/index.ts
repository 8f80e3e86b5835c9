import type { INodeProperties } from 'n8n-workflow';

import type { OperationMap } from '../../../shared/n8n/router';

import * as create from './create.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export const operations: OperationMap = { create, getAll, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Send a message as the contact (incoming), with optional attachments',
				action: 'Create a message',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the messages the contact can see, newest first',
				action: 'Get many messages',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Answer a CSAT survey, bot options or a form message',
				action: 'Update a message',
			},
		],
		default: 'create',
	},
	...create.description,
	...getAll.description,
	...update.description,
];
