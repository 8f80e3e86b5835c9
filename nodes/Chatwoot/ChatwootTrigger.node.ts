import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { isDuplicateDelivery } from '../shared/n8n/deliveryLog';
import { receivedBody, WEBHOOK_TRIGGER_VERSIONS } from '../shared/n8n/webhookBody';
import { stripSecrets } from '../shared/secrets';

import { getAccounts, getApiInboxes, getInboxes, getLabels } from './methods/loadOptions';
import { chatwootCredentialTests } from './transport/credentialTest';
import type { Refusal } from './trigger/answers';
import { refuse } from './trigger/answers';
import { authenticate } from './trigger/authenticity';
import { slotOf, sourceParameter } from './trigger/common';
import { DEFAULT_DEDUPE_WINDOW_SECONDS, triggerProperties } from './trigger/description';
import type { DeliveryFilters } from './trigger/events';
import { acceptsEvent, dedupeKey, filterDelivery, parseChatwootDelivery } from './trigger/events';
import { createRegistration, deleteRegistration, registrationExists } from './trigger/registration';
import { DEFAULT_SIGNATURE_TOLERANCE_SECONDS } from './trigger/signature';

export class ChatwootTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Chatwoot Trigger',
		name: 'chatwootTrigger',
		icon: { light: 'file:../../icons/chatwoot.svg', dark: 'file:../../icons/chatwoot.dark.svg' },
		group: ['trigger'],
		// 2 behaves as 1; n8n handles a version-1 webhook node more expensively (webhookBody.ts).
		version: WEBHOOK_TRIGGER_VERSIONS,
		defaultVersion: 2,
		subtitle:
			'={{$parameter["source"] === "apiInbox" ? "API inbox callback" : $parameter["source"] === "agentBot" ? "Agent bot" : "Account webhook"}}',
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
		properties: triggerProperties,
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
		// What each refusal is answered with depends on the source (trigger/answers.ts).
		const source = sourceParameter(this);
		const reject = (reason: Refusal, retryLater = false) => refuse(this, source, reason, retryLater);
		const ignore = (reason: string): IWebhookResponseData => ({ webhookResponse: { received: true, ignored: reason } });

		const slot = slotOf(this);
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const toleranceSeconds = Number(options.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS);
		const rawBody: Buffer =
			(await receivedBody(this)) ??
			Buffer.from(typeof request.body === 'string' ? request.body : JSON.stringify(request.body ?? {}), 'utf8');

		// 1. Authenticity, on the exact bytes received, before anything else is read.
		const auth = await authenticate(this, {
			slot,
			rawBody,
			signature: header('x-chatwoot-signature'),
			timestamp: header('x-chatwoot-timestamp'),
			requireSignature: options.requireSignature !== false,
			toleranceSeconds,
		});
		if (!auth.ok) return reject(auth.reason, auth.retryLater);

		// 2. Shape.
		const parsed = parseChatwootDelivery(rawBody);
		if (!parsed.ok) return reject(parsed.reason);
		const { event, payload } = parsed;
		// Credentials some payloads carry never reach the item; absurd nesting is refused.
		try {
			stripSecrets(payload);
		} catch {
			// PayloadTooDeepError, the only error stripSecrets throws.
			return reject('too_deep');
		}

		// 3. Events and filters: answered 200 without an execution.
		const selected = (this.getNodeParameter('events', []) as string[]) ?? [];
		if (!acceptsEvent(selected, event)) return ignore('event_not_selected');
		const filters: DeliveryFilters = {
			// Agent bots get their own replies too: on by default there (a top-level parameter).
			onlyIncomingMessages: (source === 'agentBot' ? this.getNodeParameter('botOnlyIncoming', true) : options.onlyIncomingMessages) === true,
			excludePrivateNotes: options.excludePrivateNotes === true,
			inboxIds: (options.inboxIds as Array<number | string> | undefined) ?? [],
			labels: (options.labels as string[] | undefined) ?? [],
		};
		const filtered = filterDelivery(event, payload, filters);
		if (filtered) return ignore(filtered);

		// 4. Duplicates. A retry repeats X-Chatwoot-Delivery (agent bots: 3 attempts); a replay
		// repeats the signature, whatever the unsigned headers say. Kept in the process, never in
		// static data: n8n drops static-data changes of a webhook() that starts an execution, and
		// one that starts none is saved whole, which in queue mode could overwrite the registration
		// the main process wrote (nodes/shared/n8n/deliveryLog.ts).
		const scope = `${this.getWorkflow().id}:${this.getNode().id}:${slot}`;
		const deliveryId = header('x-chatwoot-delivery');
		const windowSeconds = Number(options.dedupeWindowSeconds ?? DEFAULT_DEDUPE_WINDOW_SECONDS);
		const key = dedupeKey(event, payload, deliveryId);
		if (key && windowSeconds > 0 && isDuplicateDelivery(scope, key, windowSeconds * 1000)) return ignore('duplicate_delivery');
		// A signed body is accepted while its timestamp is within ±toleranceSeconds: 2 × that covers it.
		const replayWindowMs = (Math.max(2 * toleranceSeconds, windowSeconds) || DEFAULT_DEDUPE_WINDOW_SECONDS) * 1000;
		if (auth.signature && isDuplicateDelivery(`${scope}:signature`, `s:${auth.signature}`, replayWindowMs)) {
			return ignore('replayed_delivery');
		}

		// 5. One item per delivery.
		const item: IDataObject = {
			...(payload as IDataObject),
			event,
			webhookDelivery: { id: deliveryId ?? null, signatureVerified: auth.signatureVerified },
		};
		return { workflowData: [this.helpers.returnJsonArray(item)] };
	}
}
