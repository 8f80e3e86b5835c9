import { choice, json, picker } from '../fieldSpecs';
import type { ResourceSpec } from '../resource';
import { crudOperations, defineResource } from '../resource';

/**
 * Integration apps (read-only) and their hooks. Api::V1::Accounts::Integrations::
 * AppsController and HooksController (Chatwoot 4.15.1): apps lists the apps active for
 * the account with their hooks; `hook` params app_id (a string such as "dialogflow" or
 * "openai", not the spec's integer), inbox_id (inbox hooks), status (0 disabled,
 * 1 enabled) and settings; update changes status and settings only. Hooks are for
 * administrators (HookPolicy); non-administrators see apps without their settings.
 */
const apps: ResourceSpec = {
	resource: 'integration', noun: 'app', plural: 'integration apps', path: '/integrations/apps',
	operations: { getAll: { value: 'getApps', name: 'Get Many Apps', action: 'Get many integration apps', description: 'List the integration apps of the account with their hooks' } },
};

const hooks: ResourceSpec = {
	resource: 'integration', noun: 'integration hook', path: '/integrations/hooks', id: { name: 'hookId', label: 'Hook', method: 'getIntegrationHooks' },
	fields: [
		picker('app_id', 'App', 'getIntegrationApps', 'The integration to connect.', { required: true, on: 'create', asText: true }),
		picker('inbox_id', 'Inbox', 'getInboxes', 'For inbox integrations (such as Dialogflow): the inbox it serves.', { on: 'create' }),
		choice('status', 'Status', [['Disabled', 0], ['Enabled', 1]], 1, 'Whether the hook runs', { toBody: (value) => Number(value) }),
		json('settings', 'Settings', 'The settings the app requires, as JSON; Chatwoot validates them against the app\'s schema (for example {"api_key": "…"} for OpenAI)'),
	],
	admin: ['create', 'update', 'delete'],
	operations: {
		create: { value: 'createHook', name: 'Create Hook', action: 'Create an integration hook' },
		update: { value: 'updateHook', name: 'Update Hook', action: 'Update an integration hook' },
		delete: { value: 'deleteHook', name: 'Delete Hook', action: 'Delete an integration hook' },
	},
};

export const { description, operations } = defineResource('integration', [...crudOperations(apps), ...crudOperations(hooks)], 'getApps');
