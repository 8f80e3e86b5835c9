import type { INodeType, INodeTypeDescription, ISupplyDataFunctions, SupplyData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { accountField } from './helpers/account';
import { memoryProperties } from './memory/description';
import { supplyChatwootMemory } from './memory/supply';
import * as loadOptions from './methods/loadOptions';
import { chatwootCredentialTests } from './transport/credentialTest';

/**
 * A memory sub-node for n8n's AI Agent whose store is the Chatwoot conversation itself.
 * Its description needs nothing beyond n8n-workflow; n8n's AI node SDK is loaded only
 * when an agent asks for the memory (memory/sdk.ts), so n8n 1.x loads the package whole.
 */
export class ChatwootChatMemory implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Chatwoot Chat Memory',
		name: 'chatwootChatMemory',
		icon: { light: 'file:../../icons/chatwoot.svg', dark: 'file:../../icons/chatwoot.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ "Last " + $parameter["maxMessages"] + " messages" }}',
		description: 'Give an AI Agent the Chatwoot conversation\'s recent messages as its memory',
		defaults: { name: 'Chatwoot Chat Memory' },
		codex: {
			categories: ['AI'],
			subcategories: { AI: ['Memory'], Memory: ['Other memories'] },
			resources: {
				primaryDocumentation: [
					{ url: 'https://github.com/n8n-nodes-chatwoot-chatapp/n8n-nodes-chatwoot-chatapp#node-chatwoot-chat-memory' },
					{ url: 'https://developers.chatwoot.com/api-reference/introduction' },
				],
			},
		},
		inputs: [],
		outputs: [NodeConnectionTypes.AiMemory],
		outputNames: ['Memory'],
		credentials: [{ name: 'chatwootApi', required: true, testedBy: 'chatwootApiTest' }],
		properties: [accountField, ...memoryProperties],
	};

	methods = { loadOptions, credentialTest: chatwootCredentialTests };

	async supplyData(this: ISupplyDataFunctions, itemIndex: number): Promise<SupplyData> {
		return await supplyChatwootMemory.call(this, itemIndex);
	}
}
