import type { INodeProperties } from 'n8n-workflow';

import type { OperationMap } from '../../../shared/n8n/router';

import * as send from './send.operation';

export const operations: OperationMap = { send };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['apiRequest'] } },
		options: [
			{
				name: 'Send',
				value: 'send',
				description: 'Call any ChatApp endpoint with the credential\'s token',
				action: 'Send an API request',
			},
		],
		default: 'send',
	},
	...send.description,
];
