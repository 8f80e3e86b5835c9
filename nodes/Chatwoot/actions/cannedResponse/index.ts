import { longText, text } from '../fieldSpecs';
import type { ResourceSpec } from '../resource';
import { crudOperations, defineResource } from '../resource';

/**
 * Api::V1::Accounts::CannedResponsesController (Chatwoot 4.15.1): `canned_response`
 * params short_code and content, both required and short_code unique per account;
 * index takes `search` (short code or content, best match first). No show route.
 */
export const cannedResponse: ResourceSpec = {
	resource: 'cannedResponse', noun: 'canned response', path: '/canned_responses', id: { name: 'cannedResponseId', label: 'Canned Response', method: 'getCannedResponses' },
	fields: [
		text('short_code', 'Short Code', 'What agents type after "/" to insert the response; unique in the account', { required: true, placeholder: 'welcome' }),
		longText('content', 'Content', 'The message text; may use variables such as {{contact.name}}', { required: true }),
	],
	list: { filters: [text('search', 'Search', 'Only responses whose short code or content contains this text')] },
	operations: { getAll: true, create: true, update: true, delete: true },
};

export const { description, operations } = defineResource('cannedResponse', crudOperations(cannedResponse), 'getAll');
