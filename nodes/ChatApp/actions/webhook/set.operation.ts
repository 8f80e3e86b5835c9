import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { CHATAPP_EVENTS } from '../../helpers/events';
import { chatAppData, chatAppRequest } from '../../transport/request';
import { licenseField, messengerField, operationPath, pathTemplateOption, readTarget } from '../common';

const properties: INodeProperties[] = [
	{
		displayName:
			'ChatApp keeps one callback URL per license and messenger: setting it replaces the URL another integration (or a ChatApp Trigger) registered there',
		name: 'replaceNotice',
		type: 'notice',
		default: '',
	},
	licenseField,
	messengerField,
	{
		displayName: 'URL',
		name: 'url',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://example.com/chatapp-events',
		description: 'Where ChatApp should POST events',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		default: ['message', 'messageStatus'],
		options: CHATAPP_EVENTS.map((e) => ({ name: e.displayName, value: e.name, description: e.description })).sort((a, b) =>
			a.name.localeCompare(b.name),
		),
		description: 'Events to deliver to the URL',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Additional Event Names',
				name: 'extraEvents',
				type: 'string',
				default: '',
				placeholder: 'newEvent, otherEvent',
				description: 'Comma-separated event names not in the list above',
			},
			pathTemplateOption('callbackUrl.set'),
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['webhook'], operation: ['set'] } }, properties);

export function eventList(selected: unknown, extra: unknown): string[] {
	const names = [
		...(Array.isArray(selected) ? selected.map(String) : []),
		...String(extra ?? '')
			.split(',')
			.map((s) => s.trim()),
	].filter(Boolean);
	return [...new Set(names)];
}

/** `PUT …/callbackUrl {url, events}` (replaces whatever URL was there). */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const target = readTarget.call(this, i, false);
	const url = String(this.getNodeParameter('url', i, '') ?? '').trim();
	if (!/^https?:\/\//i.test(url)) {
		throw new NodeOperationError(this.getNode(), 'URL must start with http:// or https://', { itemIndex: i });
	}
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const events = eventList(this.getNodeParameter('events', i, []), options.extraEvents);
	if (events.length === 0) throw new NodeOperationError(this.getNode(), 'Select at least one event', { itemIndex: i });
	const path = await operationPath.call(this, i, 'callbackUrl.set', { ...target });
	const body = await chatAppRequest.call(this, { method: 'PUT', path, body: { url, events }, itemIndex: i });
	const data = chatAppData(body);
	return {
		success: true,
		licenseId: target.licenseId,
		messengerType: target.messengerType,
		url,
		events,
		...(data && typeof data === 'object' && !Array.isArray(data) ? (data as IDataObject) : {}),
	};
}
