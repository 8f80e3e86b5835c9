import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { route } from '../shared/n8n/router';
import { resourceOperationSubtitle } from '../shared/n8n/subtitle';

import { account, accountUser, agentBot, user } from './platform';
import { chatwootPlatformApiTest } from './platform/credentialTest';
import * as loadOptions from './platform/methods';

const resources = { account, accountUser, agentBot, user };
const RESOURCE_NAMES: Record<keyof typeof resources, string> = { account: 'Account', accountUser: 'Account User', agentBot: 'Agent Bot', user: 'User' };

/**
 * Chatwoot's Platform API (`/platform/api/v1`): what operators of self-hosted and
 * white-label installations use to provision customers: accounts, users, their
 * memberships and agent bots, with a Platform App token.
 */
export class ChatwootPlatform implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Chatwoot Platform',
		name: 'chatwootPlatform',
		icon: { light: 'file:../../icons/chatwoot.svg', dark: 'file:../../icons/chatwoot.dark.svg' },
		group: ['transform'],
		version: 1,
		// "Account: Create": built from this node's resource and operation options.
		get subtitle() {
			return resourceOperationSubtitle(this.properties);
		},
		description: 'Provision Chatwoot accounts, users, account users and agent bots with a Platform App token',
		defaults: { name: 'Chatwoot Platform' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'chatwootPlatformApi', required: true, testedBy: 'chatwootPlatformApiTest' }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: Object.entries(RESOURCE_NAMES).map(([value, name]) => ({ name, value })),
				default: 'account',
			},
			...Object.values(resources).flatMap((resource) => resource.description),
		],
	};

	methods = { loadOptions, credentialTest: { chatwootPlatformApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(
			this,
			Object.fromEntries(Object.entries(resources).map(([name, resource]) => [name, resource.operations])),
		);
	}
}
