import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { MultipartPart } from '../../../shared/http/multipart';
import { binaryFilePart } from '../../../shared/n8n/binaryFile';
import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { accountRecord } from '../../helpers/account';
import { conversationLocator, idParameter, jsonObjectParameter } from '../../helpers/fields';

import { messagesSuffix } from './fields';

const properties: INodeProperties[] = [
	conversationLocator(),
	{
		displayName: 'Content',
		name: 'content',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		description: 'Text of the message. May stay empty when the message carries attachments.',
	},
	{
		displayName: 'Message Type',
		name: 'messageType',
		type: 'options',
		options: [
			{
				name: 'Incoming',
				value: 'incoming',
				description:
					'Recorded as written by the contact. Only API-channel inboxes accept it; other inboxes answer 422.',
			},
			{
				name: 'Outgoing',
				value: 'outgoing',
				description: 'Sent to the contact by the token\'s user (or shown as a note when Private Note is on)',
			},
		],
		default: 'outgoing',
	},
	{
		displayName: 'Private Note',
		name: 'private',
		type: 'boolean',
		default: false,
		description: 'Whether to create a private note that only agents see; it is never sent to the contact',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Binary Properties',
				name: 'binaryProperties',
				type: 'string',
				default: 'data',
				placeholder: 'data, invoice',
				description:
					"Names of the input item's binary fields to send as attachments, comma-separated. Each field becomes one attachment.",
			},
			{
				displayName: 'Content Attributes',
				name: 'contentAttributes',
				type: 'json',
				default: '{}',
				description:
					'JSON object with the attributes the content type needs, for example {"items": [{"title": "Yes", "value": "yes"}]} for Input Select, or {"in_reply_to": 123} to reply to a message',
			},
			{
				displayName: 'Content Type',
				name: 'contentType',
				type: 'options',
				options: [
					{ name: 'Article', value: 'article' },
					{ name: 'Cards', value: 'cards' },
					{ name: 'Form', value: 'form' },
					{ name: 'Input Email', value: 'input_email' },
					{ name: 'Input Select', value: 'input_select' },
					{ name: 'Text', value: 'text' },
				],
				default: 'text',
				description:
					'How Chatwoot renders the message. Everything other than Text needs matching Content Attributes.',
			},
			{
				displayName: 'Echo ID',
				name: 'echoId',
				type: 'string',
				default: '',
				description:
					'Your own correlation ID, echoed back in the realtime events for this message so you can match them',
			},
			{
				displayName: 'Source ID',
				name: 'sourceId',
				type: 'string',
				default: '',
				description:
					'ID of the message in the external channel (API inboxes), for example the upstream message ID of a bridged platform',
			},
			{
				displayName: 'Template Params',
				name: 'templateParams',
				type: 'json',
				default: '{}',
				description:
					'WhatsApp template as JSON: {"name": "...", "category": "UTILITY", "language": "en_US", "processed_params": {"body": {"1": "..."}}}',
			},
		],
	},
];

export const description = withDisplayOptions(
	{ show: { resource: ['message'], operation: ['create'] } },
	properties,
);

/** Rails-style form fields for a nested value: a[b]=…, a[list][]=…, a[list][][key]=…. */
function formFields(name: string, value: unknown): MultipartPart[] {
	if (value === null || value === undefined) return [];
	if (Array.isArray(value)) return value.flatMap((entry) => formFields(`${name}[]`, entry));
	if (typeof value === 'object') {
		return Object.entries(value as IDataObject).flatMap(([key, entry]) => formFields(`${name}[${key}]`, entry));
	}
	return [{ name, value: String(value) }];
}

function binaryNames(value: unknown): string[] {
	return [
		...new Set(
			String(value ?? '')
				.split(',')
				.map((name) => name.trim())
				.filter(Boolean),
		),
	];
}

/** Adds a hint to Chatwoot's 422 for incoming messages outside API inboxes; always yields an n8n error. */
function explainFailure(
	this: IExecuteFunctions,
	error: unknown,
	messageType: string,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError) {
		if (messageType === 'incoming' && error.httpCode === '422' && /api inboxes/i.test(error.message)) {
			error.description =
				'Chatwoot accepts Message Type "Incoming" only in API-channel inboxes. Use "Outgoing" here, or post the contact\'s message through the Chatwoot Client API of an API inbox.';
		}
		return error;
	}
	if (error instanceof NodeOperationError) return error;
	return new NodeOperationError(this.getNode(), error as Error, { itemIndex });
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const conversationId = idParameter.call(this, 'conversationId', itemIndex, 'Conversation ID');
	const content = String(this.getNodeParameter('content', itemIndex, '') ?? '');
	const messageType = this.getNodeParameter('messageType', itemIndex, 'outgoing') as string;
	const isPrivate = this.getNodeParameter('private', itemIndex, false) as boolean;
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const contentType = (additional.contentType as string) || 'text';
	const contentAttributes = jsonObjectParameter.call(
		this,
		additional.contentAttributes,
		'Content Attributes',
		itemIndex,
	);
	const templateParams = jsonObjectParameter.call(this, additional.templateParams, 'Template Params', itemIndex);
	const names = binaryNames(additional.binaryProperties);

	if (contentType === 'text' && content.trim() === '' && names.length === 0) {
		throw new NodeOperationError(this.getNode(), 'The message has no content', {
			itemIndex,
			description: 'Enter Content, or add "Binary Properties" under Additional Fields to send attachments.',
		});
	}

	const optional: IDataObject = {};
	if (additional.echoId) optional.echo_id = String(additional.echoId);
	if (additional.sourceId) optional.source_id = String(additional.sourceId);

	const path = messagesSuffix(conversationId);
	try {
		if (names.length === 0) {
			return await accountRecord.call(this, itemIndex, {
				method: 'POST',
				path,
				body: {
					content,
					message_type: messageType,
					private: isPrivate,
					content_type: contentType,
					...(Object.keys(contentAttributes).length > 0 ? { content_attributes: contentAttributes } : {}),
					...(Object.keys(templateParams).length > 0 ? { template_params: templateParams } : {}),
					...optional,
				},
			});
		} else {
			const parts: MultipartPart[] = [];
			if (content !== '') parts.push({ name: 'content', value: content });
			parts.push({ name: 'message_type', value: messageType });
			// MessageBuilder keeps the raw param (`params[:private] || false`): a "false" string is
			// truthy there and skips email content processing, so the part is sent only when true.
			if (isPrivate) parts.push({ name: 'private', value: 'true' });
			parts.push({ name: 'content_type', value: contentType });
			// Chatwoot parses a JSON string in content_attributes; other nested params need bracket fields.
			if (Object.keys(contentAttributes).length > 0) {
				parts.push({ name: 'content_attributes', value: JSON.stringify(contentAttributes) });
			}
			if (Object.keys(templateParams).length > 0) parts.push(...formFields('template_params', templateParams));
			for (const [key, value] of Object.entries(optional)) parts.push({ name: key, value: String(value) });
			for (const name of names) parts.push(await binaryFilePart.call(this, itemIndex, name, 'attachments[]'));
			return await accountRecord.call(this, itemIndex, { method: 'POST', path, multipart: parts });
		}
	} catch (error) {
		throw explainFailure.call(this, error, messageType, itemIndex);
	}
}
