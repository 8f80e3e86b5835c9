import type { INodeProperties } from 'n8n-workflow';

import { chatAppEventOptions } from '../helpers/events';

/** The ChatApp Realtime Trigger's parameters. */
export const realtimeProperties: INodeProperties[] = [
	{
		displayName:
			'Keeps a WebSocket to ChatApp open while the workflow is active (self-hosted n8n, one main process). After an outage, missed messages are fetched over REST (option below); other events sent while the connection was down are lost.',
		name: 'realtimeNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'License and Messenger Names or IDs',
		name: 'licenseMessengers',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getLicenseMessengers' },
		default: [],
		description:
			'License + messenger channels (messages, statuses, chat changes), as licenseId/messengerType, e.g. 1229/grWhatsApp. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Company IDs',
		name: 'companyIds',
		type: 'string',
		default: '',
		placeholder: 'e.g. 12, 34',
		description: 'Company channels (employee status and workday events), comma-separated',
	},
	{
		displayName: 'User IDs',
		name: 'userIds',
		type: 'string',
		default: '',
		placeholder: 'e.g. 4242',
		description: 'User channels (quick responses), comma-separated. For the account owner this is the cabinet user ID.',
	},
	{
		displayName: 'Company Users',
		name: 'companyUsers',
		type: 'string',
		default: '',
		placeholder: 'e.g. 12/4242',
		description:
			'Employee channels in a company (private-v1.companies.{companyId}.users.{userId}), as companyId/userId pairs, comma-separated. Known only from an older ChatApp help page: its events are passed through under their own names.',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: chatAppEventOptions(),
		// Every documented event plus "Any Other Event" (kept in step with CHATAPP_EVENTS by a test).
		default: [
			'message',
			'messageStatus',
			'chatTag',
			'chatStatus',
			'chatResponsible',
			'chatResponsiblePin',
			'chatProducer',
			'chatAccomplice',
			'chatAuditor',
			'chatLevel',
			'chatConversation',
			'chatRead',
			'chatProcess',
			'employeeStatus',
			'employeeWorkday',
			'quickResponseList',
			'quickResponse',
			'__otherEvents',
		],
		required: true,
		description: 'Events that start the workflow; others are ignored',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Activity Timeout (Seconds)',
				name: 'activityTimeout',
				type: 'number',
				typeOptions: { minValue: 0.1, numberPrecision: 1 },
				default: 120,
				description:
					'Silence after which the trigger pings the server (lowered to the server\'s own value, 30 s at ChatApp)',
			},
			{
				displayName: 'Catch Up Missed Messages',
				name: 'catchUp',
				type: 'boolean',
				default: true,
				description:
					'Whether to fetch, after the connection was lost and is back, the messages sent meanwhile through ChatApp\'s REST API (chats with activity since then, then their messages), skipping those already received. Other events cannot be caught up.',
			},
			{
				displayName: 'Pong Timeout (Seconds)',
				name: 'pongTimeout',
				type: 'number',
				typeOptions: { minValue: 0.1, numberPrecision: 1 },
				default: 30,
				description: 'How long to wait for the answer to a ping before reconnecting',
			},
			{
				displayName: 'Reconnect Timeout (Seconds)',
				name: 'reconnectTimeout',
				type: 'number',
				typeOptions: { minValue: 0.1, numberPrecision: 1 },
				default: 300,
				description:
					'How long the trigger may stay disconnected, or with a channel not subscribed, before it reports an error (n8n then restarts it)',
			},
		],
	},
];
