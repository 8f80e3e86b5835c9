import type { INodeProperties } from 'n8n-workflow';

import type { OperationMap } from '../../../shared/n8n/router';

import * as get from './get.operation';

export const operations: OperationMap = { get };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['inbox'] } },
		options: [{ name: 'Get', value: 'get', description: 'Get the public settings of the inbox', action: 'Get the inbox' }],
		default: 'get',
	},
	...get.description,
];
