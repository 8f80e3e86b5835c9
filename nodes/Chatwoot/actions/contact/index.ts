import type { INodeProperties } from 'n8n-workflow';

import type { OperationMap } from '../../../shared/n8n/router';
import { labelOperations } from '../labels';

import * as create from './create.operation';
import * as createContactInbox from './createContactInbox.operation';
import * as deleteContact from './delete.operation';
import * as filter from './filter.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getContactableInboxes from './getContactableInboxes.operation';
import * as getConversations from './getConversations.operation';
import * as merge from './merge.operation';
import * as search from './search.operation';
import * as update from './update.operation';
import * as upsert from './upsert.operation';

export const operations: OperationMap = {
	...labelOperations('contact'),
	create,
	createContactInbox,
	delete: deleteContact,
	filter,
	get,
	getAll,
	getContactableInboxes,
	getConversations,
	merge,
	search,
	update,
	upsert,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['contact'] } },
		default: 'create',
		options: [
			{ name: 'Add Labels', value: 'addLabels', action: 'Add labels to a contact' },
			{ name: 'Create', value: 'create', action: 'Create a contact' },
			{ name: 'Create Contact Inbox', value: 'createContactInbox', action: 'Open a contact session in an inbox', description: 'Create a contact inbox (session) and get its source ID' },
			{
				name: 'Create or Update',
				value: 'upsert',
				action: 'Create or update a contact',
				description: 'Create a new record, or update the current one if it already exists (upsert)',
			},
			{ name: 'Delete', value: 'delete', action: 'Delete a contact' },
			{ name: 'Filter', value: 'filter', action: 'Filter contacts by attributes' },
			{ name: 'Get', value: 'get', action: 'Get a contact' },
			{ name: 'Get Contactable Inboxes', value: 'getContactableInboxes', action: 'Get the inboxes a contact can be reached in', description: 'The inboxes a new conversation with the contact can start in, with its source ID there' },
			{ name: 'Get Conversations', value: 'getConversations', action: 'Get conversations of a contact' },
			{ name: 'Get Labels', value: 'getLabels', action: 'Get the labels of a contact' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many contacts' },
			{ name: 'Merge', value: 'merge', action: 'Merge two contacts' },
			{ name: 'Remove Labels', value: 'removeLabels', action: 'Remove labels from a contact' },
			{ name: 'Replace Labels', value: 'setLabels', action: 'Replace the labels of a contact' },
			{ name: 'Search', value: 'search', action: 'Search contacts' },
			{ name: 'Update', value: 'update', action: 'Update a contact' },
		],
	},
	...Object.values(operations).flatMap((operation) => operation.description),
];
