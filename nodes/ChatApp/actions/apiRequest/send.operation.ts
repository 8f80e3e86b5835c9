import type { IDataObject, IExecuteFunctions, IHttpRequestMethods, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { chatAppList, chatAppRequest } from '../../transport/request';
import { jsonObjectParameter } from '../common';

const properties: INodeProperties[] = [
	{
		displayName: 'Method',
		name: 'method',
		type: 'options',
		default: 'GET',
		options: [
			{ name: 'DELETE', value: 'DELETE' },
			{ name: 'GET', value: 'GET' },
			{ name: 'PATCH', value: 'PATCH' },
			{ name: 'POST', value: 'POST' },
			{ name: 'PUT', value: 'PUT' },
		],
	},
	{
		displayName: 'Path',
		name: 'path',
		type: 'string',
		default: '/v1/me',
		required: true,
		placeholder: '/v1/licenses/1229/messengers/grWhatsApp/chats/79001234567@c.us/tags',
		description:
			'Path below the credential\'s API Base URL, starting with /v1/. Sent with the credential\'s token; a full URL to another host is refused.',
	},
	{
		displayName: 'Query Parameters (JSON)',
		name: 'query',
		type: 'json',
		default: '{}',
	},
	{
		displayName: 'Body (JSON)',
		name: 'body',
		type: 'json',
		default: '{}',
		displayOptions: { show: { method: ['DELETE', 'PATCH', 'POST', 'PUT'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Split Into Items',
				name: 'split',
				type: 'boolean',
				default: false,
				description:
					'Whether to output one item per record of data (or data.items) instead of one item with the whole response',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['apiRequest'], operation: ['send'] } }, properties);

/** Any ChatApp endpoint (tags, responsible, chat status…) with the credential's auth. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject | IDataObject[]> {
	const method = String(this.getNodeParameter('method', i, 'GET')).toUpperCase() as IHttpRequestMethods;
	let path = String(this.getNodeParameter('path', i, '') ?? '').trim();
	if (path === '') throw new NodeOperationError(this.getNode(), 'Path is required', { itemIndex: i });
	if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('//')) {
		throw new NodeOperationError(this.getNode(), 'Path must be a path below the API base URL, not a full URL', {
			itemIndex: i,
			description: 'Write /v1/…; the credential\'s API Base URL is added, so the token never goes to another host.',
		});
	}
	if (!path.startsWith('/')) path = `/${path}`;
	const qs = jsonObjectParameter.call(this, 'query', i, 'Query Parameters');
	const body = method === 'GET' ? undefined : jsonObjectParameter.call(this, 'body', i, 'Body');
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const response = await chatAppRequest.call(this, {
		method,
		path,
		qs,
		body: body && Object.keys(body).length > 0 ? body : undefined,
		itemIndex: i,
	});
	if (options.split === true) return chatAppList(response).items;
	if (response && typeof response === 'object' && !Array.isArray(response)) return response as IDataObject;
	return { data: response as IDataObject };
}
