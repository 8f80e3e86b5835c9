import { memberOperations } from '../members';
import { defineResource, entry } from '../resource';

import { inboxBotOperations } from './agentBot';
import * as create from './create.operation';
import { inboxIdField } from './fields';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export const { description, operations } = defineResource(
	'inbox',
	[
		entry({ name: 'Create', value: 'create', description: 'Create an API-channel inbox with a callback URL', action: 'Create an inbox' }, create),
		entry({ name: 'Get', value: 'get', description: 'Get an inbox', action: 'Get an inbox' }, get),
		entry({ name: 'Get Many', value: 'getAll', description: 'List the inboxes of the account', action: 'Get many inboxes' }, getAll),
		...inboxBotOperations,
		entry({ name: 'Update', value: 'update', description: 'Update the settings and callback URL of an inbox', action: 'Update an inbox' }, update),
		// Chatwoot 4.15.1 InboxMembersController: GET /inbox_members/:inbox_id; POST, PATCH, DELETE /inbox_members with inbox_id.
		...memberOperations({
			resource: 'inbox',
			noun: 'inbox',
			container: inboxIdField,
			containerLabel: 'Inbox ID',
			listPath: (id) => `/inbox_members/${id}`,
			writePath: () => '/inbox_members',
			// The spec types inbox_id as a string on PATCH and DELETE (an integer on POST); `inboxes.find` accepts both.
			writeBody: (id, method) => ({ inbox_id: method === 'POST' ? id : String(id) }),
			values: { get: 'getAgents', add: 'addAgents', set: 'setAgents', remove: 'removeAgents' },
		}),
	],
	'getAll',
);
