import { crudOperations, defineResource, entry } from '../actions/resource';

import * as login from './login.operation';
import * as removeAccountUser from './removeAccountUser.operation';
import { platformAccount, platformAccountUser, platformAgentBot, platformUser } from './resources';

/** The Platform node's resources: generated CRUD plus the two operations with logic of their own. */
export const account = defineResource('account', crudOperations(platformAccount), 'create');
export const user = defineResource(
	'user',
	[...crudOperations(platformUser), entry({ name: 'Get Login Link', value: 'getLoginLink', action: 'Get a single sign-on link for a user', description: 'A one-time link that signs the user in to the dashboard' }, login)],
	'create',
);
export const accountUser = defineResource(
	'accountUser',
	[...crudOperations(platformAccountUser), entry({ name: 'Remove', value: 'remove', action: 'Remove a user from an account' }, removeAccountUser)],
	'add',
);
export const agentBot = defineResource('agentBot', crudOperations(platformAgentBot), 'create');
