import type { INodeProperties } from 'n8n-workflow';

import type { OperationMap } from '../../../shared/n8n/router';

import * as del from './delete.operation';
import * as get from './get.operation';
import * as set from './set.operation';

export const operations: OperationMap = { delete: del, get, set };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['webhook'] } },
		options: [
			{
				name: 'Delete',
				value: 'delete',
				description: 'Remove the callback URL of a license and messenger',
				action: 'Delete a webhook',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get the callback URLs currently registered',
				action: 'Get webhooks',
			},
			{
				name: 'Set',
				value: 'set',
				description: 'Set (replace) the callback URL of a license and messenger',
				action: 'Set a webhook',
			},
		],
		default: 'get',
	},
	...get.description,
	...set.description,
	...del.description,
];
