import { crudOperations, defineResource, entry } from '../resource';

import * as resetAccessToken from './resetAccessToken.operation';
import { agentBot } from './spec';

export { agentBot };

export const { description, operations } = defineResource(
	'agentBot',
	[
		...crudOperations(agentBot),
		entry(
			{
				name: 'Reset Access Token',
				value: 'resetAccessToken',
				action: 'Reset the access token of an agent bot',
				description: 'Issue a new access token for the bot; the old one stops working at once',
			},
			resetAccessToken,
		),
	],
	'getAll',
);
