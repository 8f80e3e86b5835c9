import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { choice, integer, json, text } from '../actions/fieldSpecs';
import type { IdSpec, ResourceSpec } from '../actions/resource';
import { CRUD } from '../actions/resource';

/**
 * The Platform API's records (Chatwoot 4.15.1, app/controllers/platform/api/v1/*, views
 * app/views/platform/api/v1/models/*): bodies are top-level params (`params.permit`),
 * every request with the platform app token. A platform app reaches only the records
 * it created (platform_app_permissibles): others answer 401 "Non permissible resource".
 */
const PLATFORM = '/platform/api/v1';
const credentialType = 'chatwootPlatformApi' as const;

export const accountId: IdSpec = { name: 'accountId', label: 'Account', method: 'getPlatformAccounts', description: "Accounts this platform app created." };
export const agentBotId: IdSpec = { name: 'agentBotId', label: 'Agent Bot', method: 'getPlatformAgentBots', description: 'Agent bots this platform app created.' };

const userIdProperty: INodeProperties = {
	displayName: 'User ID',
	name: 'userId',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 0,
	required: true,
	description: 'The ID Chatwoot gave the user when this platform app created it (the ID that User → Create returned)',
};
export const userId: IdSpec = { name: 'userId', label: 'User', method: '', locator: userIdProperty };

function positiveUserId(this: IExecuteFunctions, value: unknown, itemIndex: number): number {
	const id = Number(value);
	if (!Number.isInteger(id) || id <= 0) throw new NodeOperationError(this.getNode(), 'Enter the User ID', { itemIndex, description: `"${String(value)}" is not a user ID: use the "id" that User → Create returned.` });
	return id;
}

const customAttributes = json('custom_attributes', 'Custom Attributes', 'A JSON object stored with the record, e.g. {"plan": "pro"}');

/** AccountsController: name, locale, domain, support_email, status, features, limits, custom_attributes. */
export const platformAccount: ResourceSpec = {
	resource: 'account', noun: 'account', path: `${PLATFORM}/accounts`, id: accountId, credentialType,
	fields: [
		text('name', 'Name', 'The account (company) name', { required: true }),
		text('locale', 'Locale', 'Interface language code, e.g. en, de, pt_BR'),
		text('domain', 'Domain', 'Domain for conversation continuity emails'),
		text('support_email', 'Support Email', 'Sender address of the account\'s emails', { placeholder: 'support@example.com' }),
		choice('status', 'Status', [['Active', 'active'], ['Suspended', 'suspended']], 'active', 'A suspended account cannot be used until it is active again'),
		json('features', 'Features', 'Features to turn on (true) or off (false), e.g. {"help_center": true, "campaigns": false}'),
		json('limits', 'Limits', 'Plan limits, e.g. {"agents": 5, "inboxes": 3}'),
		customAttributes,
	],
	operations: { ...CRUD, getAll: { action: 'Get many accounts', description: 'The accounts this platform app created' } },
};

/** UsersController: name, display_name, email, password, custom_attributes (merged on update). */
export const platformUser: ResourceSpec = {
	resource: 'user', noun: 'user', path: `${PLATFORM}/users`, id: userId, credentialType,
	fields: [
		text('name', 'Name', 'Full name', { required: true }),
		text('email', 'Email', 'Sign-in address. On Create, an existing user with this email is returned (and made reachable to this platform app); on Update it changes without a confirmation email.', { required: true, placeholder: 'name@example.com' }),
		text('password', 'Password', 'At least 6 characters with an upper-case and a lower-case letter, a number and a special character (Chatwoot\'s Devise rules)', { required: true, typeOptions: { password: true } }),
		text('display_name', 'Display Name', 'The name shown to contacts'),
		{ ...customAttributes, property: { ...customAttributes.property, description: 'A JSON object; on Update merged into the stored one' } },
	],
	operations: { get: true, create: true, update: true, delete: true },
};

/** AgentBotsController: name, description, outgoing_url, account_id, avatar_url. */
export const platformAgentBot: ResourceSpec = {
	resource: 'agentBot', noun: 'agent bot', path: `${PLATFORM}/agent_bots`, id: agentBotId, credentialType,
	fields: [
		text('name', 'Name', 'The bot\'s name in conversations', { required: true }),
		text('description', 'Description'),
		text('outgoing_url', 'Outgoing URL', 'Where Chatwoot sends the events of conversations the bot handles (a Chatwoot Trigger webhook URL, for example)', { placeholder: 'https://n8n.example.com/webhook/…' }),
		integer('account_id', 'Account ID', 'Owning account; without it, a bot every account can connect', { toBody: (v) => (Number(v) > 0 ? Number(v) : undefined) }),
		text('avatar_url', 'Avatar URL', 'Image URL Chatwoot downloads as the bot\'s avatar'),
	],
	operations: CRUD,
};

/** AccountUsersController: index and create (`user_id`, `role`; an existing membership is updated). */
export const platformAccountUser: ResourceSpec = {
	resource: 'accountUser', noun: 'account user', path: `${PLATFORM}/accounts/{accountId}/account_users`, parents: [accountId], credentialType,
	fields: [
		integer('user_id', 'User ID', 'The user to add (the ID User → Create gave)', { required: true, typeOptions: { minValue: 1 }, toBody: positiveUserId }),
		{ ...choice('role', 'Role', [['Administrator', 'administrator'], ['Agent', 'agent']], 'agent', 'The user\'s role in the account; for a member already, the role is changed'), required: true },
	],
	operations: {
		getAll: { name: 'Get Many', action: 'Get the users of an account', description: "The account's members with their roles" },
		create: { value: 'add', name: 'Add', action: 'Add a user to an account', description: 'Adds the user with a role, or changes the role of a member' },
	},
};
