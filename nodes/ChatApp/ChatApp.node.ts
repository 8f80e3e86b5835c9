import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { route } from '../shared/n8n/router';
import { resourceOperationSubtitle } from '../shared/n8n/subtitle';

import * as apiRequest from './actions/apiRequest';
import * as chat from './actions/chat';
import * as license from './actions/license';
import * as message from './actions/message';
import * as webhook from './actions/webhook';
import { getLicenseMessengers, getLicenses, getMessengers, getTemplates } from './methods/loadOptions';

export class ChatApp implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ChatApp',
		name: 'chatApp',
		icon: { light: 'file:../../icons/chatapp.svg', dark: 'file:../../icons/chatapp.dark.svg' },
		group: ['transform'],
		version: 1,
		// "Conversation: Add Labels": built from this node's resource and operation options.
		get subtitle() {
			return resourceOperationSubtitle(this.properties);
		},
		description: 'Send and read WhatsApp, Telegram and other messenger chats through ChatApp (chatapp.online)',
		defaults: { name: 'ChatApp' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'chatAppApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'API Request', value: 'apiRequest', description: 'Call any ChatApp endpoint' },
					{ name: 'Chat', value: 'chat' },
					{ name: 'License', value: 'license' },
					{ name: 'Message', value: 'message' },
					{ name: 'Webhook', value: 'webhook', description: 'Callback URLs of licenses and messengers' },
				],
				default: 'message',
			},
			...apiRequest.description,
			...chat.description,
			...license.description,
			...message.description,
			...webhook.description,
		],
	};

	methods = {
		loadOptions: { getLicenses, getMessengers, getLicenseMessengers, getTemplates },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this, {
			apiRequest: apiRequest.operations,
			chat: chat.operations,
			license: license.operations,
			message: message.operations,
			webhook: webhook.operations,
		});
	}
}
