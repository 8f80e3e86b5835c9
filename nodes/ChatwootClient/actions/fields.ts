import type { INodeProperties } from 'n8n-workflow';

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
