import type { IDataObject, INodeProperties } from 'n8n-workflow';

export const inboxIdField: INodeProperties = {
	displayName: 'Inbox Name or ID',
	name: 'inboxId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getInboxes' },
	default: '',
	required: true,
	description:
		'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
};

export const callbackUrlField: INodeProperties = {
	displayName: 'Callback URL',
	name: 'webhookUrl',
	type: 'string',
	default: '',
	placeholder: 'https://n8n.example.com/webhook/chatwoot',
	description:
		'URL Chatwoot POSTs every event of this inbox to (the channel\'s webhook_url), signed with the inbox secret. Leave empty for none.',
};

export const hmacMandatoryField: INodeProperties = {
	displayName: 'HMAC Mandatory',
	name: 'hmacMandatory',
	type: 'boolean',
	default: false,
	description:
		'Whether contacts created or updated through the Client API must send a valid identifier_hash (HMAC-SHA256 of their identifier with the inbox HMAC token)',
};

/** Inbox settings shared by Create (Additional Fields) and Update (Update Fields). */
export const autoAssignmentField: INodeProperties = {
		displayName: 'Auto Assignment',
		name: 'enableAutoAssignment',
		type: 'boolean',
		default: true,
		description: 'Whether Chatwoot assigns new conversations to the available agents of the inbox automatically',
};

export const csatSurveyField: INodeProperties = {
		displayName: 'CSAT Survey',
		name: 'csatSurveyEnabled',
		type: 'boolean',
		default: false,
		description: 'Whether to ask the contact for a satisfaction rating when a conversation is resolved',
};

export const greetingMessageField: INodeProperties = {
		displayName: 'Greeting Message',
		name: 'greetingMessage',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		description:
			'Sent automatically when a contact starts a conversation. A message turns greetings on; an empty one turns them off.',
};

export const lockToSingleConversationField: INodeProperties = {
		displayName: 'Lock to Single Conversation',
		name: 'lockToSingleConversation',
		type: 'boolean',
		default: false,
		description:
			'Whether to keep each contact in one open conversation: new messages and conversation creation reuse it instead of starting another',
};

/** Maps the settings parameters to Chatwoot's inbox attributes. */
export function inboxAttributes(fields: IDataObject): IDataObject {
	const body: IDataObject = {};
	if (fields.enableAutoAssignment !== undefined) body.enable_auto_assignment = fields.enableAutoAssignment;
	if (fields.csatSurveyEnabled !== undefined) body.csat_survey_enabled = fields.csatSurveyEnabled;
	if (fields.lockToSingleConversation !== undefined) {
		body.lock_to_single_conversation = fields.lockToSingleConversation;
	}
	if (fields.greetingMessage !== undefined) {
		const message = String(fields.greetingMessage);
		body.greeting_enabled = message.trim() !== '';
		if (body.greeting_enabled) body.greeting_message = message;
	}
	return body;
}
