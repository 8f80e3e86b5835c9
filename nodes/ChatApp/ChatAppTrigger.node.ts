import type { IDataObject, IHookFunctions, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { safeEqual } from '../shared/hmac';
import { activationKey, recallActivation } from '../shared/n8n/activationState';
import { isDuplicateDelivery } from '../shared/n8n/deliveryLog';
import { chosenOptionsSubtitle } from '../shared/n8n/subtitle';
import { receivedBody, WEBHOOK_TRIGGER_VERSIONS } from '../shared/n8n/webhookBody';
import { assertDepth } from '../shared/secrets';

import { chatAppEventKey, chatAppEventSelected, normalizeChatAppEvents, parseChatAppPayload } from './helpers/events';
import { getLicenseMessengers } from './methods/loadOptions';
import { triggerProperties } from './trigger/description';
import { createRegistration, deleteRegistration, registrationExists, triggerState } from './trigger/registration';

/** Duplicate deliveries are dropped for this long (ChatApp's retry policy is not documented). */
const DEDUPE_TTL_MS = 60 * 60 * 1000;

/** `{}`: what n8n makes of an empty body, and the probe ChatApp may send to a callback URL it is given. */
function isEmptyObject(body: unknown): boolean {
	return !!body && typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0;
}

export class ChatAppTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ChatApp Trigger',
		name: 'chatAppTrigger',
		icon: { light: 'file:../../icons/chatapp.svg', dark: 'file:../../icons/chatapp.dark.svg' },
		group: ['trigger'],
		// 2 behaves as 1; n8n handles a version-1 webhook node more expensively (webhookBody.ts).
		version: WEBHOOK_TRIGGER_VERSIONS,
		defaultVersion: 2,
		subtitle: chosenOptionsSubtitle(triggerProperties, 'events', 'No events'),
		description: 'Starts the workflow on ChatApp events (messages, statuses, chat changes) delivered by webhook',
		defaults: { name: 'ChatApp Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'chatAppApi', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: triggerProperties,
	};

	methods = { loadOptions: { getLicenseMessengers } };

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await registrationExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await createRegistration.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await deleteRegistration.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const data = triggerState(this);
		const response = this.getResponseObject();
		const query = this.getQueryData() as IDataObject;
		const given = typeof query.secret === 'string' ? query.secret : '';
		const secret = data.secret ?? (recallActivation(activationKey(this))?.secret as string | undefined);
		if (!secret || !given || !safeEqual(given, secret)) {
			response.status(401).send('Unauthorized').end();
			return { noWebhookResponse: true };
		}

		const raw = await receivedBody(this);
		const text = raw?.toString('utf8');
		let body: unknown;
		if (text === undefined) body = this.getBodyData();
		else if (text.trim() !== '') {
			try {
				body = JSON.parse(text);
			} catch {
				body = undefined;
			}
		}
		// ChatApp checks a callback URL with an empty POST when it is set and wants a 200.
		if (text?.trim() === '' || isEmptyObject(body)) return { webhookResponse: { received: true } };
		try {
			assertDepth(body);
		} catch (error) {
			response.status(400).send(`Malformed ChatApp webhook: ${(error as Error).message}`).end();
			return { noWebhookResponse: true };
		}
		const parsed = parseChatAppPayload(body);
		if (!parsed.ok) {
			response.status(400).send(`Malformed ChatApp webhook: ${parsed.reason}`).end();
			return { noWebhookResponse: true };
		}

		const licenseHint = typeof query.licenseId === 'string' && query.licenseId !== '' ? query.licenseId : undefined;
		const items = normalizeChatAppEvents(parsed, 'webhook', {
			licenseId: licenseHint !== undefined ? (/^\d+$/.test(licenseHint) ? Number(licenseHint) : licenseHint) : undefined,
			messengerType: typeof query.messengerType === 'string' && query.messengerType !== '' ? query.messengerType : undefined,
		});

		const selected = this.getNodeParameter('events', []) as string[];
		const options = this.getNodeParameter('options', {}) as IDataObject;
		let wanted = items.filter((item) => chatAppEventSelected(item.event, selected));
		// Kept in the process, never in static data: see the Chatwoot Trigger and nodes/shared/n8n/deliveryLog.ts.
		if (options.dedupe !== false && wanted.length) {
			const scope = `${this.getWorkflow().id}:${this.getNode().id}`;
			wanted = wanted.filter((item) => {
				const key = chatAppEventKey(item);
				return key === undefined || !isDuplicateDelivery(scope, key, DEDUPE_TTL_MS);
			});
		}
		if (wanted.length === 0) return {};
		return { workflowData: [this.helpers.returnJsonArray(wanted as unknown as IDataObject[])] };
	}
}
