import type { IDataObject } from 'n8n-workflow';

import { stripSecrets } from '../../../shared/secrets';
import { json, longText, text } from '../fieldSpecs';
import type { ResourceSpec } from '../resource';
import { crudOperations, defineResource } from '../resource';

/**
 * The user of the access token. Api::V1::ProfilesController (Chatwoot 4.15.1): show;
 * update takes `profile` params name, display_name, email, message_signature,
 * ui_settings, phone_number (stored in custom_attributes) and a password change
 * (left out here: a password does not belong in workflow parameters). The user view
 * carries the access token and pubsub token, which are removed from the output.
 */
export const profile: ResourceSpec = {
	resource: 'profile', noun: 'profile', path: '/api/v1/profile', wrap: 'profile', updateMethod: 'PUT',
	fields: [
		text('name', 'Name', 'Full name'),
		text('display_name', 'Display Name', 'Name shown to contacts'),
		text('email', 'Email', undefined, { placeholder: 'name@email.com' }),
		longText('message_signature', 'Message Signature'),
		text('phone_number', 'Phone Number', undefined, { placeholder: '+4915112345678' }),
		json('ui_settings', 'UI Settings', 'Dashboard preferences as JSON; Chatwoot replaces the stored settings with these'),
	],
	notice: "The profile of the access token's user, whatever account is chosen. Its access token and pubsub token are left out of the output.",
	output: (record: IDataObject) => stripSecrets(record),
	operations: { get: { action: 'Get the profile' }, update: { action: 'Update the profile' } },
};

export const { description, operations } = defineResource('profile', crudOperations(profile), 'get');
