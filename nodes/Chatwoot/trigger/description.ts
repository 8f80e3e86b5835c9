import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { accountField } from '../helpers/account';

import { ANY_EVENT } from './events';
import { DEFAULT_SIGNATURE_TOLERANCE_SECONDS } from './signature';

/*
 * The Chatwoot Trigger's parameters. Versions and behaviour named here are Chatwoot's
 * (release tags and 4.15.1's source, 97bb8ecd3): account-webhook signing ships in 4.12.0,
 * API-inbox and agent-bot signing in 4.13.0; 4.14.0 refuses private addresses (the notice
 * says so in one line; the activation warning and README → Platform caveats give the detail);
 * SAFE_FETCH_ALLOW_PRIVATE_NETWORK (lib/safe_fetch.rb) exists from 4.14.1; inbox events
 * need ENABLE_INBOX_EVENTS (app/models/inbox.rb).
 */

export const DEFAULT_DEDUPE_WINDOW_SECONDS = 600;

const ALL_EVENTS_OPTION: INodePropertyOptions = {
	name: 'All Events',
	value: ANY_EVENT,
	description: 'Every event, including names added by newer Chatwoot versions',
};

const STATUS_CHANGED: INodePropertyOptions = {
	name: 'Conversation Status Changed',
	value: 'conversation_status_changed',
	description: 'Opened, resolved, pending or snoozed. The same change also fires Conversation Updated.',
};
const UPDATED: INodePropertyOptions = {
	name: 'Conversation Updated',
	value: 'conversation_updated',
	description: 'Label, assignee, team, priority, custom attribute and status changes (see changed_attributes)',
};
const MESSAGE_CREATED: INodePropertyOptions = { name: 'Message Created', value: 'message_created' };
const MESSAGE_UPDATED: INodePropertyOptions = { name: 'Message Updated', value: 'message_updated' };
const WEBWIDGET: INodePropertyOptions = { name: 'Webwidget Triggered', value: 'webwidget_triggered', description: 'A visitor opened the website widget' };

const INBOX_EVENT_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Conversation Created', value: 'conversation_created' },
	STATUS_CHANGED,
	{ name: 'Conversation Typing Off', value: 'conversation_typing_off' },
	{ name: 'Conversation Typing On', value: 'conversation_typing_on' },
	UPDATED,
	MESSAGE_CREATED,
	MESSAGE_UPDATED,
	WEBWIDGET,
];

const ACCOUNT_EVENT_OPTIONS: INodePropertyOptions[] = [
	ALL_EVENTS_OPTION,
	{ name: 'Contact Created', value: 'contact_created' },
	{ name: 'Contact Updated', value: 'contact_updated' },
	...INBOX_EVENT_OPTIONS.slice(0, 5),
	{ name: 'Inbox Created', value: 'inbox_created', description: 'Sent only when the Chatwoot server sets ENABLE_INBOX_EVENTS (off by default)' },
	{ name: 'Inbox Updated', value: 'inbox_updated', description: 'Sent only when the Chatwoot server sets ENABLE_INBOX_EVENTS (off by default)' },
	...INBOX_EVENT_OPTIONS.slice(5),
];

/** What AgentBotListener sends a bot (no typing, contact or inbox events; opened/resolved only to bots). */
const AGENT_BOT_EVENT_OPTIONS: INodePropertyOptions[] = [
	ALL_EVENTS_OPTION,
	{ name: 'Conversation Opened', value: 'conversation_opened', description: 'The conversation became open (for example handed over to humans)' },
	{ name: 'Conversation Resolved', value: 'conversation_resolved' },
	STATUS_CHANGED,
	UPDATED,
	MESSAGE_CREATED,
	MESSAGE_UPDATED,
	WEBWIDGET,
];

const anySource = (source: string) => ({ show: { source: [source] } });

export const triggerProperties: INodeProperties[] = [
	{
		displayName:
			'Chatwoot 4.14+ does not deliver to private addresses; n8n logs a warning on activation if this webhook URL is one (<a href="https://github.com/n8n-nodes-chatwoot-chatapp/n8n-nodes-chatwoot-chatapp#platform-caveats">what to do</a>).',
		name: 'privateNetworkNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Source',
		name: 'source',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Account Webhook',
				value: 'accountWebhook',
				description: 'Register a webhook in the account for the chosen events; removed on deactivation',
			},
			{
				name: 'Agent Bot',
				value: 'agentBot',
				description:
					'Create (or reuse) an agent bot whose URL is this trigger and connect it to the chosen inboxes; their previous bots come back on deactivation',
			},
			{
				name: 'API Inbox Callback',
				value: 'apiInbox',
				description: "Point an API-channel inbox's callback URL here; the previous URL is restored on deactivation",
			},
		],
		default: 'accountWebhook',
	},
	accountField,
	{
		displayName: 'Inbox Name or ID',
		name: 'inboxId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getApiInboxes', loadOptionsDependsOn: ['accountId'] },
		required: true,
		default: '',
		displayOptions: anySource('apiInbox'),
		description:
			'API-channel inbox whose callback URL (webhook_url) this trigger takes over while active. The inbox has a single callback URL, so "Listen for test event" borrows it until the test event arrives. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Bot Inbox Names or IDs',
		name: 'botInboxIds',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getInboxes', loadOptionsDependsOn: ['accountId'] },
		default: [],
		displayOptions: anySource('agentBot'),
		description:
			'Inboxes the bot answers in while the workflow is active (each inbox has one bot; the one there before comes back on deactivation). Leave empty to assign the bot to conversations yourself. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName:
			'Chatwoot hands a <b>pending</b> conversation to humans (status open, with an activity note) when the bot\'s URL answers a message event with an error, unless the account keeps pending conversations on bot failure. This trigger answers 200 as soon as it has accepted a delivery; it answers 429 when it is not ready yet (Chatwoot retries twice, 3 s apart) and 401 when a delivery cannot be verified, so a conversation the bot cannot serve goes to a human.',
		name: 'agentBotNotice',
		type: 'notice',
		default: '',
		displayOptions: anySource('agentBot'),
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		options: ACCOUNT_EVENT_OPTIONS,
		default: ['message_created'],
		displayOptions: anySource('accountWebhook'),
		description: 'Events the Chatwoot webhook subscribes to',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		options: [ALL_EVENTS_OPTION, ...INBOX_EVENT_OPTIONS],
		default: ['message_created'],
		displayOptions: anySource('apiInbox'),
		description: 'Chatwoot sends every inbox event to the callback URL; events not selected are ignored here',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		options: AGENT_BOT_EVENT_OPTIONS,
		default: ['message_created'],
		displayOptions: anySource('agentBot'),
		description: 'Chatwoot sends a bot every bot event of its inboxes and conversations; events not selected are ignored here',
	},
	{
		displayName: 'Only Incoming Messages',
		name: 'botOnlyIncoming',
		type: 'boolean',
		default: true,
		displayOptions: anySource('agentBot'),
		description:
			"Whether to ignore message events that are not from the contact: Chatwoot also sends the bot its own replies and the agents' messages, so a bot that answers every message would answer itself",
	},
	{
		displayName:
			'Inbox Created and Inbox Updated are sent only when the Chatwoot server sets the environment variable <b>ENABLE_INBOX_EVENTS</b> (to any value); it is unset by default, and then these events never arrive.',
		name: 'inboxEventsNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { source: ['accountWebhook'], events: ['inbox_created', 'inbox_updated', ANY_EVENT] } },
	},
	{
		displayName:
			'A status change fires <b>both</b> Conversation Status Changed and Conversation Updated (with status in changed_attributes), as two deliveries; an agent bot also gets Conversation Opened or Conversation Resolved. To run once per change, select only one of them, or follow this trigger with an If node on changed_attributes.',
		name: 'statusChangeNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { events: ['conversation_status_changed', 'conversation_updated', 'conversation_opened', 'conversation_resolved', ANY_EVENT] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Bot Name',
				name: 'botName',
				type: 'string',
				default: '',
				placeholder: 'Support bot',
				displayOptions: { show: { '/source': ['agentBot'] } },
				description: 'Name of the agent bot this trigger creates (default "n8n: &lt;workflow&gt; / &lt;node&gt;"). A bot that already has this trigger\'s URL is reused as it is.',
			},
			{
				displayName: 'Duplicate Window (Seconds)',
				name: 'dedupeWindowSeconds',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: DEFAULT_DEDUPE_WINDOW_SECONDS,
				description:
					'A delivery whose X-Chatwoot-Delivery ID was already seen within this window (Chatwoot repeats it when it retries) starts no second execution. 0 turns this off; a replayed signed delivery is refused within the signature window either way.',
			},
			{
				displayName: 'Exclude Private Notes',
				name: 'excludePrivateNotes',
				type: 'boolean',
				default: false,
				description:
					'Whether to ignore message events that are private notes (Chatwoot delivers them too) and typing events of an agent writing one',
			},
			{
				displayName: 'Only Incoming Messages',
				name: 'onlyIncomingMessages',
				type: 'boolean',
				default: false,
				displayOptions: { hide: { '/source': ['agentBot'] } },
				description:
					'Whether to ignore message events that are not from the contact (outgoing, template), so a bot does not react to its own replies. Other events are not affected.',
			},
			{
				displayName: 'Only These Inbox Names or IDs',
				name: 'inboxIds',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getInboxes', loadOptionsDependsOn: ['accountId'] },
				default: [],
				displayOptions: { show: { '/source': ['accountWebhook'] } },
				description:
					'Only events of these inboxes (contact events, which belong to no inbox, still pass). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Only These Label Names or IDs',
				name: 'labels',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getLabels', loadOptionsDependsOn: ['accountId'] },
				default: [],
				description:
					'Only events of conversations that carry at least one of these labels (contact and inbox events still pass). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Require Signature',
				name: 'requireSignature',
				type: 'boolean',
				default: true,
				description:
					'Whether to refuse deliveries without a valid X-Chatwoot-Signature when Chatwoot gave this registration a secret (and any delivery before the trigger is registered). Turn off only for Chatwoot servers that do not sign yet (before 4.12 for account webhooks, 4.13 for API inboxes and agent bots); deliveries that do carry a signature are always checked.',
			},
			{
				displayName: 'Signature Max Age (Seconds)',
				name: 'toleranceSeconds',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: DEFAULT_SIGNATURE_TOLERANCE_SECONDS,
				description:
					'Refuse signed deliveries whose X-Chatwoot-Timestamp is further than this from now, and each signed delivery after its first use within twice this time (replay protection). 0 turns the age check off.',
			},
		],
	},
];
