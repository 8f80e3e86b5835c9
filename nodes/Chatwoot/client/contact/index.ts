import type { INodeProperties } from 'n8n-workflow';

import type { OperationMap } from '../../../shared/n8n/router';

import * as create from './create.operation';
import * as get from './get.operation';
import * as update from './update.operation';

export const operations: OperationMap = { create, get, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['contact'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create (or find) the contact in the inbox and start a customer session; returns its source_id',
				action: 'Create a contact',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get the contact of a Contact Identifier',
				action: 'Get a contact',
			},
			{
				name: 'Update',
				value: 'update',
				description: "Update the contact's name, email, phone, avatar or custom attributes",
				action: 'Update a contact',
			},
		],
		default: 'create',
	},
	...create.description,
	...get.description,
	...update.description,
];
