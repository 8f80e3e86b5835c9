import type { INodeProperties } from 'n8n-workflow';

import type { OperationMap } from '../../../shared/n8n/router';

import * as addAgents from './addAgents.operation';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getAgents from './getAgents.operation';
import * as getAll from './getAll.operation';
import * as removeAgents from './removeAgents.operation';
import * as update from './update.operation';

export const operations: OperationMap = { addAgents, create, get, getAgents, getAll, removeAgents, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['inbox'] } },
		options: [
			{
				name: 'Add Agents',
				value: 'addAgents',
				description: 'Add agents to an inbox',
				action: 'Add agents to an inbox',
			},
			{
				name: 'Create',
				value: 'create',
				description: 'Create an API-channel inbox with a callback URL',
				action: 'Create an inbox',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get an inbox',
				action: 'Get an inbox',
			},
			{
				name: 'Get Agents',
				value: 'getAgents',
				description: 'List the agents of an inbox',
				action: 'Get the agents of an inbox',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the inboxes of the account',
				action: 'Get many inboxes',
			},
			{
				name: 'Remove Agents',
				value: 'removeAgents',
				description: 'Remove agents from an inbox',
				action: 'Remove agents from an inbox',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Update the settings and callback URL of an inbox',
				action: 'Update an inbox',
			},
		],
		default: 'getAll',
	},
	...addAgents.description,
	...create.description,
	...get.description,
	...getAgents.description,
	...getAll.description,
	...removeAgents.description,
	...update.description,
];
