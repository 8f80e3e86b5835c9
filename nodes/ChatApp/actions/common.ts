import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { parseJsonObject } from '../../shared/n8n/parameters';
import type { ChatAppPathName } from '../transport/paths';
import { CHATAPP_DEFAULT_PATHS } from '../transport/paths';
import { chatAppPath } from '../transport/request';

export const licenseField: INodeProperties = {
	displayName: 'License Name or ID',
	name: 'licenseId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getLicenses' },
	default: '',
	required: true,
	description:
		'ChatApp license (one connected number or account). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const messengerField: INodeProperties = {
	displayName: 'Messenger Name or ID',
	name: 'messengerType',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getMessengers', loadOptionsDependsOn: ['licenseId'] },
	default: '',
	required: true,
	description:
		'Messenger of the license, e.g. grWhatsApp (WhatsApp), caWhatsApp (WhatsApp Cloud API) or telegram. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const chatIdField: INodeProperties = {
	displayName: 'Chat ID',
	name: 'chatId',
	type: 'string',
	default: '',
	required: true,
	placeholder: '79001234567@c.us',
	description:
		'ChatApp chat ID: a phone number (79001234567), a WhatsApp ID (79001234567@c.us), or an ID such as private-123h456 or group-123. It is URL-encoded automatically.',
};

/** "Options → Path Template" entry overriding one named path for this node. */
export function pathTemplateOption(name: ChatAppPathName): INodeProperties {
	return {
		displayName: 'Path Template',
		name: 'pathTemplate',
		type: 'string',
		default: '',
		placeholder: CHATAPP_DEFAULT_PATHS[name],
		description: `Overrides the API path "${name}" (default ${CHATAPP_DEFAULT_PATHS[name]}). Placeholders in braces are filled and URL-encoded. Leave empty for the credential's Path Overrides or the default.`,
	};
}

export interface Target {
	licenseId: string;
	messengerType: string;
	chatId?: string;
}

/** License, messenger and (optionally) chat of item `i`, validated. */
export function readTarget(this: IExecuteFunctions, i: number, withChat: boolean): Target {
	const licenseId = String(this.getNodeParameter('licenseId', i, '') ?? '').trim();
	const messengerType = String(this.getNodeParameter('messengerType', i, '') ?? '').trim();
	if (!licenseId) throw new NodeOperationError(this.getNode(), 'License is required', { itemIndex: i });
	if (!messengerType) throw new NodeOperationError(this.getNode(), 'Messenger is required', { itemIndex: i });
	if (!withChat) return { licenseId, messengerType };
	const chatId = String(this.getNodeParameter('chatId', i, '') ?? '').trim();
	if (!chatId) throw new NodeOperationError(this.getNode(), 'Chat ID is required', { itemIndex: i });
	return { licenseId, messengerType, chatId };
}

/** Path for item `i`: Options → Path Template, else credential override, else default. */
export async function operationPath(
	this: IExecuteFunctions,
	i: number,
	name: ChatAppPathName,
	values: Record<string, string | number | undefined>,
): Promise<string> {
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	return await chatAppPath.call(this, name, values, {
		nodeOverride: typeof options.pathTemplate === 'string' ? options.pathTemplate : undefined,
		itemIndex: i,
	});
}

/** Parses a JSON parameter (object expected); accepts objects given by expressions. */
export function jsonObjectParameter(this: IExecuteFunctions, name: string, i: number, label: string): IDataObject {
	return parseJsonObject(this.getNode(), this.getNodeParameter(name, i, '{}'), label, i);
}

/** How list operations ask for the next page (transport/pagination.ts). */
export const pageByOption: INodeProperties = {
	displayName: 'Pagination',
	name: 'pageBy',
	type: 'options',
	default: 'auto',
	options: [
		{
			name: 'Automatic',
			value: 'auto',
			description: "ChatApp's nextPage cursor when the answer has one, otherwise lastTime of the last record after a full page",
		},
		{ name: 'Next Page Cursor', value: 'nextPage', description: 'Only follow nextPage from the answer' },
		{
			name: 'Last Time',
			value: 'lastTime',
			description: 'Send lastTime (unix seconds of the last record; for messages with lastInternalId) after each full page',
		},
	],
	description: 'How to ask ChatApp for the next page',
};

export const cursorParameterOption: INodeProperties = {
	displayName: 'Cursor Parameter Name',
	name: 'cursorParameter',
	type: 'string',
	default: 'page',
	description:
		'Query parameter that sends ChatApp\'s nextPage cursor back for the next page (ChatApp does not document its name). A nextPage that is a URL or query string is followed as is.',
};
