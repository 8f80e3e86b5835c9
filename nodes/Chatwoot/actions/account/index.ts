import { bool, integer, longText, text } from '../fieldSpecs';
import type { ResourceSpec } from '../resource';
import { crudOperations, defineResource } from '../resource';

/**
 * The chosen account itself. Api::V1::AccountsController (Chatwoot 4.15.1): show for
 * every member; update (administrators, AccountPolicy) takes name, locale, domain and
 * support_email, merges industry, company_size and timezone into custom_attributes and
 * auto_resolve_after (minutes, 10 to 1,439,856), auto_resolve_message and
 * auto_resolve_ignore_waiting into settings. All at the top level of the body.
 */
export const account: ResourceSpec = {
	resource: 'account', noun: 'account', path: '',
	fields: [
		text('name', 'Name'),
		text('locale', 'Locale', 'Language of the account, such as en or pt_BR'),
		text('domain', 'Domain', 'Email domain for conversation continuity'),
		text('support_email', 'Support Email', 'Sender address of emails'),
		text('timezone', 'Timezone', 'Such as Europe/Berlin'),
		text('industry', 'Industry'),
		text('company_size', 'Company Size', 'Such as 10-49'),
		integer('auto_resolve_after', 'Auto Resolve After (Minutes)', 'Resolve conversations inactive this long (10 to 1,439,856 minutes)', { typeOptions: { minValue: 10, maxValue: 1439856 }, default: 1440 }),
		longText('auto_resolve_message', 'Auto Resolve Message', 'Sent when Chatwoot resolves a conversation automatically'),
		bool('auto_resolve_ignore_waiting', 'Auto Resolve Ignores Waiting', 'Whether conversations waiting for an agent reply are left open by auto-resolve'),
	],
	admin: ['update'],
	operations: { get: { action: 'Get the account' }, update: { action: 'Update the account' } },
};

export const { description, operations } = defineResource('account', crudOperations(account), 'get');
