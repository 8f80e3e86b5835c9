import type { INodeProperties } from 'n8n-workflow';

import type { OperationMap } from '../../../shared/n8n/router';

import * as getAll from './getAll.operation';
import * as sendFile from './sendFile.operation';
import * as sendTemplate from './sendTemplate.operation';
import * as sendText from './sendText.operation';

export const operations: OperationMap = { getAll, sendFile, sendTemplate, sendText };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the messages of a chat',
				action: 'Get many messages',
			},
			{
				name: 'Send File',
				value: 'sendFile',
				description: 'Send a file from binary data, with a caption',
				action: 'Send a file',
			},
			{
				name: 'Send Template',
				value: 'sendTemplate',
				description: 'Send an approved WhatsApp Cloud API template',
				action: 'Send a template',
			},
			{
				name: 'Send Text',
				value: 'sendText',
				description: 'Send a text message',
				action: 'Send a text message',
			},
		],
		default: 'sendText',
	},
	...getAll.description,
	...sendFile.description,
	...sendTemplate.description,
	...sendText.description,
];
