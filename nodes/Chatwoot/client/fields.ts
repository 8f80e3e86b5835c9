import type { INodeProperties } from 'n8n-workflow';

import { attributesCollection } from '../helpers/fields';

/** The contact_inbox `source_id`: every conversation and message call is made as this contact. */
export const contactIdentifierField: INodeProperties = {
	displayName: 'Contact Identifier',
	name: 'contactIdentifier',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. {{ $json.source_id }}',
	description:
		'The source_id that Contact → Create returned for this inbox. Whoever has it can write as this contact, so treat it like a password.',
};

/** The contact's external identifier; with an HMAC token in the credential it is hashed into identifier_hash. */
export function identifierField(description: string): INodeProperties {
	return {
		displayName: 'Identifier',
		name: 'identifier',
		type: 'string',
		default: '',
		placeholder: 'e.g. user-1042',
		description,
	};
}

export const messageIdField: INodeProperties = {
	displayName: 'Message ID',
	name: 'messageId',
	type: 'number',
	default: 0,
	required: true,
	description: 'The ID of the message, as returned by Message → Get Many or Create',
};

/** Contact profile fields shared by Contact → Create and Contact → Update (sorted by name). */
export function contactProfileOptions(customAttributesDescription: string): INodeProperties[] {
	return [
		{
			displayName: 'Avatar URL',
			name: 'avatarUrl',
			type: 'string',
			default: '',
			description: 'Public URL of an image Chatwoot downloads as the avatar',
		},
		attributesCollection('customAttributes', 'Custom Attributes', customAttributesDescription),
		{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '' },
		{ displayName: 'Name', name: 'name', type: 'string', default: '' },
		{
			displayName: 'Phone Number',
			name: 'phoneNumber',
			type: 'string',
			default: '',
			placeholder: '+4915112345678',
			description: 'In E.164 format, with the leading +',
		},
	];
}
