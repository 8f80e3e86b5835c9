import type { INodeProperties } from 'n8n-workflow';

import * as getAll from './getAll.operation';

export { getAll };

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
