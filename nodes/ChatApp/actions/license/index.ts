import type { INodeProperties } from 'n8n-workflow';

import type { OperationMap } from '../../../shared/n8n/router';

import * as getAll from './getAll.operation';

export const operations: OperationMap = { getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['license'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the licenses of the account with their messengers',
				action: 'Get many licenses',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
];
