import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { route } from '../shared/n8n/router';
import { resourceOperationSubtitle } from '../shared/n8n/subtitle';

import * as account from './actions/account';
import * as agent from './actions/agent';
import * as agentBot from './actions/agentBot';
import * as auditLog from './actions/auditLog';
import * as automationRule from './actions/automationRule';
import * as cannedResponse from './actions/cannedResponse';
import * as contact from './actions/contact';
import * as conversation from './actions/conversation';
import * as customAttribute from './actions/customAttribute';
import * as customFilter from './actions/customFilter';
import * as helpCenter from './actions/helpCenter';
import * as inbox from './actions/inbox';
import * as integration from './actions/integration';
import * as label from './actions/label';
import * as message from './actions/message';
import * as profile from './actions/profile';
import * as report from './actions/report';
import * as team from './actions/team';
import * as webhook from './actions/webhook';
import { accountField } from './helpers/account';
import * as listSearch from './methods/listSearch';
import * as loadOptions from './methods/loadOptions';
import { chatwootCredentialTests } from './transport/credentialTest';

const resources = {
	account,
	agent,
	agentBot,
	auditLog,
	automationRule,
	cannedResponse,
	contact,
	conversation,
	customAttribute,
	customFilter,
	helpCenter,
	inbox,
	integration,
	label,
	message,
	profile,
	report,
	team,
	webhook,
};

/** Display names where the resource value does not read as one word. */
const RESOURCE_NAMES: Record<string, string> = {
	agentBot: 'Agent Bot',
	auditLog: 'Audit Log',
	automationRule: 'Automation Rule',
	cannedResponse: 'Canned Response',
	customAttribute: 'Custom Attribute',
	customFilter: 'Custom Filter',
	helpCenter: 'Help Center',
};

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
		description: 'Manage Chatwoot contacts, conversations, messages, inboxes, teams, agents and account settings, and read its reports',
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
				options: Object.keys(resources).map((value) => ({ name: RESOURCE_NAMES[value] ?? value.charAt(0).toUpperCase() + value.slice(1), value })),
			},
			// The profile is the token's user, in no particular account.
			{ ...accountField, displayOptions: { hide: { resource: ['profile'] } } },
			...Object.values(resources).flatMap((resource) => resource.description),
		],
	};

	methods = { listSearch, loadOptions, credentialTest: chatwootCredentialTests };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(
			this,
			Object.fromEntries(Object.entries(resources).map(([name, resource]) => [name, resource.operations])),
		);
	}
}
