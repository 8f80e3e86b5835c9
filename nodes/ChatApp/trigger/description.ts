import type { INodeProperties } from 'n8n-workflow';

import { chatAppEventOptions } from '../helpers/events';

/** The ChatApp Trigger's parameters. */
export const triggerProperties: INodeProperties[] = [
	{
		displayName:
			'ChatApp keeps <b>one callback URL per license and messenger</b>. Activating this trigger replaces the URL another integration registered there; deactivating puts it back. While you listen for a test event, the test URL temporarily replaces the production one.',
		name: 'oneUrlNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'License and Messenger Names or IDs',
		name: 'subscriptions',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getLicenseMessengers' },
		default: [],
		required: true,
		description:
			'License + messenger pairs to receive events from, as licenseId/messengerType (e.g. 1229/grWhatsApp). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: chatAppEventOptions(),
		default: ['message'],
		required: true,
		description: 'Events that start the workflow. Others are acknowledged and dropped.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Deduplicate',
				name: 'dedupe',
				type: 'boolean',
				default: true,
				description: 'Whether to drop an event whose ID was already delivered within the last hour',
			},
			{
				displayName: 'Registered Events',
				name: 'registeredEvents',
				type: 'string',
				default: '',
				placeholder: 'message, messageStatus',
				description:
					'Comma-separated event names to register at ChatApp instead of the selected events (ChatApp does not document which names it accepts)',
			},
			{
				displayName: 'Restore Previous URL',
				name: 'restorePrevious',
				type: 'boolean',
				default: true,
				description:
					'Whether to put back the callback URL that was registered before activation when the trigger is deactivated (otherwise the URL is deleted)',
			},
		],
	},
];
