import type {
	IDataObject,
	IHookFunctions,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { isDuplicateDelivery } from '../shared/n8n/deliveryLog';
import { stripSecrets } from '../shared/secrets';

import { accountField } from './helpers/account';
import { getAccounts, getApiInboxes, getInboxes, getLabels } from './methods/loadOptions';
import { chatwootCredentialTests } from './transport/credentialTest';
import type { DeliveryFilters } from './trigger/events';
import { acceptsEvent, ANY_EVENT, dedupeKey, filterDelivery, parseChatwootDelivery } from './trigger/events';
import type { Slot } from './trigger/registration';
import { createRegistration, deleteRegistration, readRegistration, registrationExists, slotOf } from './trigger/registration';
import {
	DEFAULT_SIGNATURE_TOLERANCE_SECONDS,
	SIGNATURE_FAILURE_TEXT,
	verifyChatwootSignature,
} from './trigger/signature';

const DEFAULT_DEDUPE_WINDOW_SECONDS = 600;

const ALL_EVENTS_OPTION: INodePropertyOptions = {
	name: 'All Events',
	value: ANY_EVENT,
	description: 'Every event, including names added by newer Chatwoot versions',
};

const INBOX_EVENT_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Conversation Created', value: 'conversation_created' },
	{ name: 'Conversation Status Changed', value: 'conversation_status_changed', description: 'Opened, resolved, pending or snoozed' },
	{ name: 'Conversation Typing Off', value: 'conversation_typing_off' },
	{ name: 'Conversation Typing On', value: 'conversation_typing_on' },
	{ name: 'Conversation Updated', value: 'conversation_updated', description: 'Includes label and assignee changes (see changed_attributes)' },
	{ name: 'Message Created', value: 'message_created' },
	{ name: 'Message Updated', value: 'message_updated' },
	{ name: 'Webwidget Triggered', value: 'webwidget_triggered', description: 'A visitor opened the website widget' },
];

const ACCOUNT_EVENT_OPTIONS: INodePropertyOptions[] = [
	ALL_EVENTS_OPTION,
	{ name: 'Contact Created', value: 'contact_created' },
	{ name: 'Contact Updated', value: 'contact_updated' },
	...INBOX_EVENT_OPTIONS.slice(0, 5),
	{ name: 'Inbox Created', value: 'inbox_created' },
	{ name: 'Inbox Updated', value: 'inbox_updated' },
	...INBOX_EVENT_OPTIONS.slice(5),
];

export class ChatwootTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Chatwoot Trigger',
		name: 'chatwootTrigger',
		icon: { light: 'file:../../icons/chatwoot.svg', dark: 'file:../../icons/chatwoot.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["source"] === "apiInbox" ? "API inbox callback" : "Account webhook"}}',
		description: 'Starts the workflow on Chatwoot events, delivered by signed webhooks it registers itself',
		defaults: {
			name: 'Chatwoot Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'chatwootApi',
				required: true,
				testedBy: 'chatwootApiTest',
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'webhook',
			},
		],
		properties: [
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
						name: 'API Inbox Callback',
						value: 'apiInbox',
						description:
							"Point an API-channel inbox's callback URL here; the previous URL is restored on deactivation",
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
				displayOptions: { show: { source: ['apiInbox'] } },
				description:
					'API-channel inbox whose callback URL (webhook_url) this trigger takes over while active. The inbox has a single callback URL, so "Listen for test event" borrows it until the test event arrives. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				options: ACCOUNT_EVENT_OPTIONS,
				default: ['message_created'],
				displayOptions: { show: { source: ['accountWebhook'] } },
				description: 'Events the Chatwoot webhook subscribes to',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				options: [ALL_EVENTS_OPTION, ...INBOX_EVENT_OPTIONS],
				default: ['message_created'],
				displayOptions: { show: { source: ['apiInbox'] } },
				description: 'Chatwoot sends every inbox event to the callback URL; events not selected are ignored here',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Duplicate Window (Seconds)',
						name: 'dedupeWindowSeconds',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: DEFAULT_DEDUPE_WINDOW_SECONDS,
						description:
							'A delivery whose X-Chatwoot-Delivery ID was already seen within this window starts no second execution. 0 turns de-duplication off.',
					},
					{
						displayName: 'Exclude Private Notes',
						name: 'excludePrivateNotes',
						type: 'boolean',
						default: false,
						description: 'Whether to ignore message events that are private notes (Chatwoot delivers them too)',
					},
					{
						displayName: 'Only Incoming Messages',
						name: 'onlyIncomingMessages',
						type: 'boolean',
						default: false,
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
							'Whether to reject (401) deliveries without a valid X-Chatwoot-Signature when Chatwoot gave this registration a secret (and any delivery before the trigger is registered). Turn off only for Chatwoot servers that do not sign yet (before 4.11.2, or 4.13 for API inboxes); deliveries that do carry a signature are always checked.',
					},
					{
						displayName: 'Signature Max Age (Seconds)',
						name: 'toleranceSeconds',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: DEFAULT_SIGNATURE_TOLERANCE_SECONDS,
						description:
							'Reject signed deliveries whose X-Chatwoot-Timestamp is further than this from now (replay protection). 0 turns the check off.',
					},
				],
			},
		],
	};

	methods = {
		loadOptions: { getAccounts, getApiInboxes, getInboxes, getLabels },
		credentialTest: chatwootCredentialTests,
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await registrationExists(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await createRegistration(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await deleteRegistration(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject();
		const headers = this.getHeaderData();
		const header = (name: string): string | undefined => {
			const value = headers[name];
			return Array.isArray(value) ? value[0] : value;
		};
		const reject = (status: number, reason: string, message: string): IWebhookResponseData => {
			this.logger.warn(`Chatwoot Trigger "${this.getNode().name}" rejected a delivery (${status}): ${message}`);
			this.getResponseObject().status(status).json({ error: reason, message });
			return { noWebhookResponse: true };
		};
		const ignore = (reason: string): IWebhookResponseData => ({ webhookResponse: { received: true, ignored: reason } });

		const slot: Slot = slotOf(this);
		const registration = readRegistration(this, slot);
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const rawBody: Buffer = Buffer.isBuffer(request.rawBody)
			? request.rawBody
			: Buffer.from(typeof request.body === 'string' ? request.body : JSON.stringify(request.body ?? {}), 'utf8');

		// 1. Authenticity, on the exact bytes received, before anything else is read.
		const requireSignature = options.requireSignature !== false;
		const signature = header('x-chatwoot-signature');
		let signatureVerified = false;
		if (!registration && requireSignature) {
			return reject(401, 'not_registered', 'This trigger has no active Chatwoot registration to check the signature against');
		}
		const secret = registration?.secret;
		if (secret && (requireSignature || signature !== undefined)) {
			const check = verifyChatwootSignature({
				secret,
				signature,
				timestamp: header('x-chatwoot-timestamp'),
				rawBody,
				toleranceSeconds: Number(options.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS),
			});
			if (!check.valid) return reject(401, check.reason, SIGNATURE_FAILURE_TEXT[check.reason]);
			signatureVerified = true;
		}

		// 2. Shape.
		const parsed = parseChatwootDelivery(rawBody);
		if (!parsed.ok) {
			return reject(
				400,
				parsed.reason,
				parsed.reason === 'malformed_json' ? 'The body is not valid JSON' : 'The body is not a Chatwoot event (no "event" field)',
			);
		}
		const { event, payload } = parsed;
		// Credentials some payloads carry never reach the item; absurd nesting is refused.
		try {
			stripSecrets(payload);
		} catch (error) {
			// PayloadTooDeepError, the only error stripSecrets throws.
			return reject(400, 'too_deep', `The body is not a Chatwoot event (${(error as Error).message})`);
		}

		// 3. Events and filters: answered 200 without an execution.
		const selected = (this.getNodeParameter('events', []) as string[]) ?? [];
		if (!acceptsEvent(selected, event)) return ignore('event_not_selected');
		const filters: DeliveryFilters = {
			onlyIncomingMessages: options.onlyIncomingMessages === true,
			excludePrivateNotes: options.excludePrivateNotes === true,
			inboxIds: (options.inboxIds as Array<number | string> | undefined) ?? [],
			labels: (options.labels as string[] | undefined) ?? [],
		};
		const filtered = filterDelivery(event, payload, filters);
		if (filtered) return ignore(filtered);

		// 4. Duplicates (a retried delivery reuses its X-Chatwoot-Delivery id).
		const deliveryId = header('x-chatwoot-delivery');
		const windowSeconds = Number(options.dedupeWindowSeconds ?? DEFAULT_DEDUPE_WINDOW_SECONDS);
		const key = dedupeKey(event, payload, deliveryId);
		// Kept in the process, never in static data: n8n drops static-data changes of a webhook()
		// that starts an execution, and one that starts none is saved whole, which in queue mode
		// could overwrite the registration the main process wrote (nodes/shared/n8n/deliveryLog.ts).
		if (key && windowSeconds > 0) {
			const scope = `${this.getWorkflow().id}:${this.getNode().id}:${slot}`;
			if (isDuplicateDelivery(scope, key, windowSeconds * 1000)) return ignore('duplicate_delivery');
		}

		// 5. One item per delivery.
		const item: IDataObject = {
			...(payload as IDataObject),
			event,
			webhookDelivery: { id: deliveryId ?? null, signatureVerified },
		};
		return { workflowData: [this.helpers.returnJsonArray(item)] };
	}
}
