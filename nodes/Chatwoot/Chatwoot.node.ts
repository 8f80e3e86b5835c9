import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { route } from '../shared/n8n/router';
import { resourceOperationSubtitle } from '../shared/n8n/subtitle';

import * as contact from './actions/contact';
import * as conversation from './actions/conversation';
import * as inbox from './actions/inbox';
import * as message from './actions/message';
import { accountField } from './helpers/account';
import * as listSearch from './methods/listSearch';
import * as loadOptions from './methods/loadOptions';
import { chatwootCredentialTests } from './transport/credentialTest';

export class Chatwoot implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Chatwoot',
		name: 'chatwoot',
		icon: { light: 'file:../../icons/chatwoot.svg', dark: 'file:../../icons/chatwoot.dark.svg' },
		group: ['transform'],
		version: 1,
		// "Conversation: Add Labels": built from this node's resource and operation options.
		get subtitle() {
			return resourceOperationSubtitle(this.properties);
		},
		description: 'Manage Chatwoot contacts, conversations, messages and inboxes',
		defaults: { name: 'Chatwoot' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'chatwootApi', required: true, testedBy: 'chatwootApiTest' }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				default: 'message',
				options: [
					{ name: 'Contact', value: 'contact' },
					{ name: 'Conversation', value: 'conversation' },
					{ name: 'Inbox', value: 'inbox' },
					{ name: 'Message', value: 'message' },
				],
			},
			accountField,
			...contact.description,
			...conversation.description,
			...message.description,
			...inbox.description,
		],
	};

	methods = { listSearch, loadOptions, credentialTest: chatwootCredentialTests };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this, {
			contact: contact.operations,
			conversation: conversation.operations,
			inbox: inbox.operations,
			message: message.operations,
		});
	}
}
