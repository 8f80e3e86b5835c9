import type { INodeProperties } from 'n8n-workflow';

import type { OperationMap } from '../../../shared/n8n/router';

import * as create from './create.operation';
import * as del from './delete.operation';
import * as downloadAttachments from './downloadAttachments.operation';
import * as getAll from './getAll.operation';
import * as updateStatus from './updateStatus.operation';

export const operations: OperationMap = { create, delete: del, downloadAttachments, getAll, updateStatus };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Send a message or private note, optionally with attachments',
				action: 'Create a message',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a message (Chatwoot keeps a "deleted" placeholder)',
				action: 'Delete a message',
			},
			{
				name: 'Download Attachments',
				value: 'downloadAttachments',
				description: 'Get the files of a message as binary data (audio for transcription, images for vision), within a size limit',
				action: 'Download the attachments of a message',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the messages of a conversation, newest first',
				action: 'Get many messages',
			},
			{
				name: 'Update Status',
				value: 'updateStatus',
				description: 'Set the delivery status of a message in an API-channel inbox',
				action: 'Update a message status',
			},
		],
		default: 'create',
	},
	...create.description,
	...del.description,
	...downloadAttachments.description,
	...getAll.description,
	...updateStatus.description,
];
