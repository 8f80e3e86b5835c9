import { bool, choice, text } from '../fieldSpecs';
import type { ResourceSpec } from '../resource';
import { crudOperations, defineResource } from '../resource';


/**
 * Agents (users) of the account. Api::V1::Accounts::AgentsController (Chatwoot 4.15.1):
 * create builds the user through AgentBuilder (Chatwoot emails an invitation) from
 * name, email, role, availability, auto_offline; update changes name on the user and
 * role, availability, auto_offline on the account user (each only when sent: the
 * spec's required `role` is not); destroy removes the agent from this account.
 * Create, update, delete: administrators (UserPolicy). 402 when the plan's agent
 * limit is reached.
 */
export const agent: ResourceSpec = {
	resource: 'agent', noun: 'agent', path: '/agents', id: { name: 'agentId', label: 'Agent', method: 'getAgents' },
	fields: [
		text('name', 'Name', 'Full name', { required: true }),
		text('email', 'Email', 'Chatwoot sends the invitation here', { required: true, on: 'create', placeholder: 'name@email.com' }),
		choice('role', 'Role', [['Administrator', 'administrator'], ['Agent', 'agent']], 'agent', undefined, { required: true }),
		choice('availability', 'Availability', [['Busy', 'busy'], ['Offline', 'offline'], ['Online', 'online']], 'online', 'The availability the agent has configured'),
		bool('auto_offline', 'Auto Offline', 'Whether Chatwoot marks the agent offline when they leave the dashboard', true),
	],
	admin: ['create', 'update', 'delete'],
	operations: {
		getAll: true,
		create: { action: 'Add an agent', description: 'Invite a user to the account as agent or administrator' },
		update: true,
		delete: { action: 'Remove an agent', description: 'Remove an agent from the account' },
	},
};

export const { description, operations } = defineResource('agent', crudOperations(agent), 'getAll');
