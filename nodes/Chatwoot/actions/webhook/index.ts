import type { IDataObject } from 'n8n-workflow';

import { listOf, picker, text } from '../fieldSpecs';
import type { ResourceSpec } from '../resource';
import { crudOperations, defineResource } from '../resource';

/** Webhook::ALLOWED_WEBHOOK_EVENTS (Chatwoot 4.15.1 app/models/webhook.rb). */
const EVENTS = (
	'contact_created contact_updated conversation_created conversation_status_changed conversation_typing_off conversation_typing_on ' +
	'conversation_updated inbox_created inbox_updated message_created message_updated webwidget_triggered'
).split(' ');

function withoutSecret(webhook: IDataObject): IDataObject {
	const rest = { ...webhook };
	delete rest.secret;
	return rest;
}

/**
 * Account webhooks. Api::V1::Accounts::WebhooksController (Chatwoot 4.15.1): `webhook`
 * params inbox_id, name, url, subscriptions; administrators only (WebhookPolicy). URLs
 * are unique per account and subscriptions may not be empty. Answers
 * {payload: {webhooks}} / {payload: {webhook}}; the signing secret is left out of items.
 */
export const webhook: ResourceSpec = {
	resource: 'webhook', noun: 'webhook', path: '/webhooks', id: { name: 'webhookId', label: 'Webhook', method: 'getWebhooks' }, unwrap: 'webhook',
	fields: [
		text('url', 'URL', 'Where Chatwoot POSTs the events (http or https); unique in the account', { required: true, placeholder: 'https://example.com/chatwoot' }),
		{
			property: {
				displayName: 'Events',
				name: 'subscriptions',
				type: 'multiOptions',
				options: EVENTS.map((event) => ({ name: event, value: event })),
				default: ['conversation_created', 'message_created'],
				description: 'Events Chatwoot sends; at least one. Inbox events reach webhooks only where the server sets ENABLE_INBOX_EVENTS.',
			},
			required: true,
			toBody: (value) => listOf(value),
		},
		text('name', 'Name', 'Shown in Chatwoot → Settings → Integrations → Webhooks'),
		picker('inbox_id', 'Inbox', 'getInboxes', 'Only events of this inbox.'),
	],
	admin: ['getAll', 'create', 'update', 'delete'],
	notice: 'The signing secret is not put into the output; the Chatwoot Trigger registers and verifies its own webhook',
	output: withoutSecret,
	operations: { getAll: true, create: true, update: true, delete: true },
};

export const { description, operations } = defineResource('webhook', crudOperations(webhook), 'getAll');
