import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { route } from '../shared/n8n/router';
import { resourceOperationSubtitle } from '../shared/n8n/subtitle';

import * as contact from './client/contact';
import * as conversation from './client/conversation';
import * as inbox from './client/inbox';
import * as message from './client/message';
import { chatwootCredentialTests } from './transport/credentialTest';

/**
 * Chatwoot's Client (public) API: the customer side of an API-channel inbox.
 * Everything runs as a contact identified by its source_id ("Contact Identifier").
 */
export class ChatwootClient implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Chatwoot Client API',
		name: 'chatwootClient',
		icon: { light: 'file:../../icons/chatwoot.svg', dark: 'file:../../icons/chatwoot.dark.svg' },
		group: ['output'],
		version: 1,
		// "Conversation: Add Labels": built from this node's resource and operation options.
		get subtitle() {
			return resourceOperationSubtitle(this.properties);
		},
		description:
			'Act as the customer (contact) of a Chatwoot API-channel inbox: create the contact, open conversations and send messages',
		defaults: { name: 'Chatwoot Client API' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'chatwootClientApi', required: true, testedBy: 'chatwootClientApiTest' }],
		properties: [
			{
				displayName:
					'This node acts as the CUSTOMER (contact) of an API-channel inbox, through Chatwoot\'s public Client API: messages it sends arrive as incoming messages from the contact. To act as an agent, use the Chatwoot node. Contact → Create returns the source_id used as "Contact Identifier" by every other operation.',
				name: 'customerNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Contact', value: 'contact' },
					{ name: 'Conversation', value: 'conversation' },
					{ name: 'Inbox', value: 'inbox' },
					{ name: 'Message', value: 'message' },
				],
				default: 'contact',
			},
			...contact.description,
			...conversation.description,
			...inbox.description,
			...message.description,
		],
	};

	methods = { credentialTest: chatwootCredentialTests };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this, {
			contact: contact.operations,
			conversation: conversation.operations,
			inbox: inbox.operations,
			message: message.operations,
		});
	}
}
