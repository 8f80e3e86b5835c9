import type { INodeProperties } from 'n8n-workflow';

import { accountField } from '../helpers/account';

import { CONVERSATION_CHANGE_OPTIONS } from './changes';
import { CHATWOOT_CABLE_EVENTS } from './events';

/** A duration option in seconds (read with secondsOption). */
function seconds(displayName: string, name: string, defaultSeconds: number, description: string): INodeProperties {
	return { displayName, name, type: 'number', typeOptions: { minValue: 0.1, numberPrecision: 2 }, default: defaultSeconds, description };
}

export const realtimeProperties: INodeProperties[] = [
	{
		displayName: 'Listen As',
		name: 'mode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Agent (Account Events)',
				value: 'agent',
				description: "Everything the credential's user sees in one account: messages, conversations, contacts, notifications",
			},
			{
				name: 'Contact (Client API)',
				value: 'contact',
				description: 'What the agent side sends to one contact, as a custom chat interface would see it',
			},
		],
		default: 'agent',
	},
	{
		displayName:
			'Needs no public URL: the trigger keeps a WebSocket to Chatwoot open (works behind NAT). The access token must be a <b>user</b> token.',
		name: 'agentNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { mode: ['agent'] } },
	},
	{ ...accountField, displayOptions: { show: { mode: ['agent'] } } },
	{
		displayName: 'Contact',
		name: 'contactSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Create a Contact',
				value: 'create',
				description: 'Create the contact in the inbox on first activation and reuse it afterwards',
			},
			{
				name: 'Existing Contact (Source ID)',
				value: 'sourceId',
				description: "An existing contact of the credential's API inbox, by its source ID",
			},
		],
		default: 'sourceId',
		displayOptions: { show: { mode: ['contact'] } },
	},
	{
		displayName: 'Source ID',
		name: 'sourceId',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		description:
			'The contact\'s source_id in the API inbox (the "contact identifier" of the Client API, returned when the contact was created). Whoever holds it can act as the contact.',
		displayOptions: { show: { mode: ['contact'], contactSource: ['sourceId'] } },
	},
	{
		displayName: 'Identifier (Identity Validation)',
		name: 'hmacIdentifier',
		type: 'string',
		default: '',
		description:
			"Only for inboxes with identity validation (HMAC) on: the contact's identifier. The trigger sends identifier_hash computed with the credential's HMAC Token; without both, such an inbox refuses the contact.",
		displayOptions: { show: { mode: ['contact'], contactSource: ['sourceId'] } },
	},
	{
		displayName: 'Contact Fields',
		name: 'contactFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: { mode: ['contact'], contactSource: ['create'] } },
		options: [
			{
				displayName: 'Email',
				name: 'email',
				type: 'string',
				placeholder: 'name@email.com',
				default: '',
			},
			{
				displayName: 'Identifier',
				name: 'identifier',
				type: 'string',
				default: '',
				description:
					"Your own ID for the contact. With the credential's HMAC token set, the identifier hash is sent for identity validation.",
			},
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Phone Number',
				name: 'phone_number',
				type: 'string',
				default: '',
				placeholder: '+15551234567',
			},
		],
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: CHATWOOT_CABLE_EVENTS,
		default: [],
		description: 'Events to emit. Leave empty for every event, including names newer Chatwoot versions add.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Catch Up After Reconnect',
				name: 'catchUp',
				type: 'boolean',
				default: true,
				description:
					'Whether to fetch what happened while the connection was down (new messages, updated conversations) through the REST API after a reconnect or an n8n restart, and emit it before live events',
			},
			{
				displayName: 'Collect Message Bursts (Seconds)',
				name: 'burstSeconds',
				type: 'number',
				typeOptions: { minValue: 0, numberPrecision: 1 },
				default: 0,
				description:
					"0 = off. A customer's messages in one conversation that follow each other within this many seconds become one item, emitted once the customer paused that long (at the latest after 4 times as long, or 50 messages): so three quick messages get one answer. The item is the last message, plus burst.messages (all of them), burst.content (their text, one per line) and burst.count.",
			},
			{
				displayName: 'Conversation IDs',
				name: 'conversationIds',
				type: 'string',
				default: '',
				placeholder: '12, 15',
				description:
					'Only events of these conversations (the number in the conversation URL), comma-separated. Events not tied to a conversation still pass.',
			},
			{
				displayName: 'Exclude Own Actions',
				name: 'excludeOwn',
				type: 'boolean',
				default: false,
				description:
					"Whether to drop events caused by the credential's own user (agent) or contact: messages and notes it sent, and conversation created, contact changed and mentioned events it performed. Also drops presence updates, which Chatwoot sends only in answer to the trigger's own subscription. Chatwoot sends conversation updated, status changed, read, assignee changed and team changed without who did it: for those use \"Only When Changed\".",
			},
			{
				displayName: 'Exclude Private Notes',
				name: 'excludePrivate',
				type: 'boolean',
				default: false,
				description: 'Whether to drop private notes (and private typing indicators)',
			},
			{
				displayName: 'Inbox Names or IDs',
				name: 'inboxIds',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getInboxes', loadOptionsDependsOn: ['accountId'] },
				default: [],
				description:
					'Only events of conversations in these inboxes. Events not tied to a conversation still pass. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				displayOptions: { show: { '/mode': ['agent'] } },
			},
			{
				displayName: 'Initial Reconnect Delay (Seconds)',
				name: 'reconnectDelay',
				type: 'number',
				typeOptions: { minValue: 0.05, numberPrecision: 2 },
				default: 1,
				description: 'Wait before the first reconnect; it doubles (with jitter) on each further failure',
			},
			{
				displayName: 'Keep Presence Alive',
				name: 'keepPresence',
				type: 'boolean',
				default: false,
				description:
					"Whether to report the user (or contact) as online while the trigger runs, as the dashboard does every 20 s (widget: 60 s). Off by default: an always-online service user may get conversations auto-assigned.",
			},
			{
				displayName: 'Max Reconnect Delay (Seconds)',
				name: 'maxReconnectDelay',
				type: 'number',
				typeOptions: { minValue: 0.1, numberPrecision: 2 },
				default: 60,
			},
			{
				displayName: 'Only When Changed',
				name: 'conversationChanges',
				type: 'multiOptions',
				options: CONVERSATION_CHANGE_OPTIONS,
				default: [],
				description:
					"Emit conversation updated, status changed, read, assignee changed and team changed only when one of these fields differs from the conversation's last emitted state (the item's \"changed\" lists which). Loop-safe: your workflow's own writes to other fields (a label, a reply, a note) never re-trigger it, and a status change is emitted once, not also as its twin conversation updated.",
			},
			{
				displayName: 'Reconnect Attempts Before Error',
				name: 'maxReconnectAttempts',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 10,
				description:
					'Failed reconnects in a row after which the trigger reports an error (n8n then re-activates it). A subscription that drops within 30 s counts as failed; one that stays up 30 s resets the count.',
			},
			seconds(
				'Reconnect Timeout (Seconds)',
				'reconnectTimeout',
				300,
				'How long the trigger may go without a connection that stays up 30 s (down, refused, or dropping right after subscribing) before it reports an error (n8n then re-activates it)',
			),
			{
				displayName: 'Stale Connection Timeout (Seconds)',
				name: 'staleAfter',
				type: 'number',
				typeOptions: { minValue: 0.1, numberPrecision: 2 },
				default: 10,
				description: 'Chatwoot pings every 3 s; with no frame for this long the connection is treated as dead and reopened',
			},
			{
				displayName: 'Subscription Timeout (Seconds)',
				name: 'subscriptionTimeout',
				type: 'number',
				typeOptions: { minValue: 0.1, numberPrecision: 2 },
				default: 10,
				description:
					'Chatwoot answers a bad or rotated token with silence: a subscription not confirmed in this time counts as refused',
			},
			{
				displayName: 'WebSocket URL',
				name: 'websocketUrl',
				type: 'string',
				default: '',
				placeholder: 'wss://chat.example.com/cable',
				description:
					"Only when the installation serves /cable on another port, path or host. Default: the credential's Base URL with ws(s):// and /cable. Another host must be listed in the credential's \"Other Realtime Hosts\".",
			},
		],
	},
];
