import { randomBytes } from 'crypto';

import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { safeEqual } from '../shared/hmac';
import { activationKey, recallActivation, rememberActivation } from '../shared/n8n/activationState';
import { isDuplicateDelivery } from '../shared/n8n/deliveryLog';

import {
	CHATAPP_EVENTS,
	CHATAPP_OTHER_EVENTS,
	chatAppEventKey,
	chatAppEventOptions,
	chatAppEventSelected,
	normalizeChatAppEvents,
	parseChatAppPayload,
} from './helpers/events';
import type { LicenseMessenger } from './helpers/licenseMessenger';
import { licenseMessengerList } from './helpers/licenseMessenger';
import { getLicenseMessengers } from './methods/loadOptions';
import { chatAppList, chatAppPath, chatAppRequest } from './transport/request';

/** Duplicate deliveries are dropped for this long (ChatApp's retry policy is not documented). */
const DEDUPE_TTL_MS = 60 * 60 * 1000;

interface CallbackSetting {
	url: string;
	events: string[];
}

interface Registration extends CallbackSetting {
	licenseId: string;
	messengerType: string;
	/** What was registered before we replaced it; restored on deactivation. */
	previous: CallbackSetting | null;
}

interface TriggerState {
	/** Unguessable token in the registered URL's query (`?secret=`); ChatApp does not sign webhooks. */
	secret?: string;
	registrations?: Registration[];
}

type Pair = LicenseMessenger;

/** Names sent to ChatApp when only "Any Other Event" is selected. */
const LICENSE_CHANNEL_EVENTS = CHATAPP_EVENTS.filter((e) => e.channel === 'licenseMessenger').map((e) => e.name);

function state(context: IHookFunctions | IWebhookFunctions): TriggerState {
	return context.getWorkflowStaticData('node') as TriggerState;
}

function parsePairs(context: IHookFunctions): Pair[] {
	const pairs = licenseMessengerList(context.getNode(), context.getNodeParameter('subscriptions', []));
	if (pairs.length === 0) {
		throw new NodeOperationError(context.getNode(), 'Select at least one license and messenger');
	}
	return pairs;
}

/** Event names registered at ChatApp: the override option, else the selected known names. */
function registeredEvents(context: IHookFunctions): string[] {
	const options = context.getNodeParameter('options', {}) as IDataObject;
	const override = String(options.registeredEvents ?? '')
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	if (override.length) return [...new Set(override)];
	const selected = (context.getNodeParameter('events', []) as string[]).filter((e) => e !== CHATAPP_OTHER_EVENTS);
	if (selected.length) return [...new Set(selected)];
	if ((context.getNodeParameter('events', []) as string[]).includes(CHATAPP_OTHER_EVENTS)) return LICENSE_CHANNEL_EVENTS;
	throw new NodeOperationError(context.getNode(), 'Select at least one event');
}

function registeredUrl(webhookUrl: string, secret: string, pair: Pair): string {
	const query = new URLSearchParams({ secret, licenseId: pair.licenseId, messengerType: pair.messengerType });
	return `${webhookUrl}${webhookUrl.includes('?') ? '&' : '?'}${query.toString()}`;
}

function withoutQuery(url: string): string {
	return url.replace(/[?#].*$/, '').replace(/\/+$/, '');
}

function sameEvents(a: unknown, b: string[]): boolean {
	const left = Array.isArray(a) ? [...new Set(a.map(String))].sort() : [];
	const right = [...new Set(b)].sort();
	return left.length === right.length && left.every((v, i) => v === right[i]);
}

function entryFor(entries: IDataObject[], pair: Pair): IDataObject | undefined {
	return entries.find(
		(e) => String(e.licenseId) === pair.licenseId && String(e.messengerType) === pair.messengerType,
	);
}

async function listCallbackUrls(this: IHookFunctions): Promise<IDataObject[]> {
	const path = await chatAppPath.call(this, 'callbackUrls.getAll', {});
	return chatAppList(await chatAppRequest.call(this, { method: 'GET', path })).items;
}

async function putCallbackUrl(this: IHookFunctions, pair: Pair, setting: CallbackSetting): Promise<void> {
	const path = await chatAppPath.call(this, 'callbackUrl.set', { ...pair });
	await chatAppRequest.call(this, { method: 'PUT', path, body: { url: setting.url, events: setting.events } });
}

async function deleteCallbackUrl(this: IHookFunctions, pair: Pair): Promise<void> {
	const path = await chatAppPath.call(this, 'callbackUrl.delete', { ...pair });
	try {
		await chatAppRequest.call(this, { method: 'DELETE', path });
	} catch (error) {
		// Already gone: nothing to delete.
		if ((error as NodeApiError).httpCode === '404') return;
		throw new NodeApiError(this.getNode(), error as JsonObject);
	}
}

/** Puts back the URL we replaced, or deletes ours when there was none. */
async function release(this: IHookFunctions, registration: Registration, restore: boolean): Promise<void> {
	if (restore && registration.previous?.url) {
		await putCallbackUrl.call(this, registration, registration.previous);
	} else {
		await deleteCallbackUrl.call(this, registration);
	}
}

function asNodeError(context: IHookFunctions, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError) return error;
	if (error instanceof NodeOperationError) return error;
	return new NodeOperationError(context.getNode(), error as Error);
}

function describeFailures(failures: Array<{ pair: Pair; error: unknown }>): string {
	return failures.map((f) => `${f.pair.licenseId}/${f.pair.messengerType}: ${(f.error as Error).message}`).join('; ');
}

export class ChatAppTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ChatApp Trigger',
		name: 'chatAppTrigger',
		icon: { light: 'file:../../icons/chatapp.svg', dark: 'file:../../icons/chatapp.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ ($parameter["events"] || []).join(", ") }}',
		description: 'Starts the workflow on ChatApp events (messages, statuses, chat changes) delivered by webhook',
		defaults: { name: 'ChatApp Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'chatAppApi', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
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
		],
	};

	methods = { loadOptions: { getLicenseMessengers } };

	webhookMethods = {
		default: {
			/** True only when every selected pair points at this node's URL (with our secret) and events. */
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const data = state(this);
				const webhookUrl = this.getNodeWebhookUrl('default') as string;
				if (!data.secret || !data.registrations?.length) return false;
				const pairs = parsePairs(this);
				const events = registeredEvents(this);
				const current = await listCallbackUrls.call(this);
				for (const pair of pairs) {
					const entry = entryFor(current, pair);
					if (!entry || entry.url !== registeredUrl(webhookUrl, data.secret, pair) || !sameEvents(entry.events, events)) {
						return false;
					}
					if (!data.registrations.some((r) => r.licenseId === pair.licenseId && r.messengerType === pair.messengerType)) {
						return false;
					}
				}
				return true;
			},

			async create(this: IHookFunctions): Promise<boolean> {
				const data = state(this);
				const webhookUrl = this.getNodeWebhookUrl('default') as string;
				const pairs = parsePairs(this);
				const events = registeredEvents(this);
				const isTest = this.getActivationMode() === 'manual' || this.getMode() === 'manual';
				const webhookId = this.getNode().webhookId;
				const ownPath = withoutQuery(webhookUrl);
				/** An URL of this very node: our own registration, or (in production) our test registration. */
				const belongsToThisNode = (url: string) => {
					const bare = withoutQuery(url);
					if (bare === ownPath) return true;
					return !isTest && !!webhookId && bare.endsWith(`/${webhookId}/webhook`);
				};

				if (!data.secret) data.secret = randomBytes(24).toString('hex');
				const secret = data.secret;
				// Deliveries may arrive before n8n has saved static data (nodes/shared/activationState.ts).
				rememberActivation(activationKey(this), { secret });
				const earlier = data.registrations ?? [];
				const current = await listCallbackUrls.call(this);
				const done: Registration[] = [];
				for (const pair of pairs) {
					const entry = entryFor(current, pair);
					let previous: CallbackSetting | null = null;
					if (entry && typeof entry.url === 'string' && entry.url !== '') {
						previous = belongsToThisNode(entry.url)
							? (earlier.find((r) => r.licenseId === pair.licenseId && r.messengerType === pair.messengerType)
									?.previous ?? null)
							: { url: entry.url, events: Array.isArray(entry.events) ? entry.events.map(String) : [] };
					}
					const registration: Registration = { ...pair, url: registeredUrl(webhookUrl, secret, pair), events, previous };
					try {
						await putCallbackUrl.call(this, pair, registration);
					} catch (error) {
						// Undo the pairs already switched to this trigger, then report.
						const rollbackFailures: Array<{ pair: Pair; error: unknown }> = [];
						for (const made of done) {
							try {
								await release.call(this, made, true);
							} catch (rollbackError) {
								rollbackFailures.push({ pair: made, error: rollbackError });
							}
						}
						data.registrations = rollbackFailures.length
							? done.filter((d) => rollbackFailures.some((f) => f.pair === d))
							: [];
						const nodeError = asNodeError(this, error);
						if (rollbackFailures.length) {
							nodeError.description = `${nodeError.description ?? ''} Could not undo the registration of ${describeFailures(rollbackFailures)}.`.trim();
						}
						if (nodeError instanceof NodeApiError) throw new NodeApiError(this.getNode(), nodeError as unknown as JsonObject);
						throw new NodeOperationError(this.getNode(), nodeError);
					}
					done.push(registration);
				}
				data.registrations = done;
				return true;
			},

			/** Restores or deletes each registration that still points at us; leaves URLs someone else set. */
			async delete(this: IHookFunctions): Promise<boolean> {
				const data = state(this);
				const registrations = data.registrations ?? [];
				const options = this.getNodeParameter('options', {}) as IDataObject;
				const restore = options.restorePrevious !== false;
				if (registrations.length === 0) {
					delete data.registrations;
					delete data.secret;
					rememberActivation(activationKey(this), undefined);
					return true;
				}
				const current = await listCallbackUrls.call(this);
				const failures: Array<{ pair: Pair; error: unknown }> = [];
				const kept: Registration[] = [];
				for (const registration of registrations) {
					const entry = entryFor(current, registration);
					if (!entry || entry.url !== registration.url) continue;
					try {
						await release.call(this, registration, restore);
					} catch (error) {
						failures.push({ pair: registration, error });
						kept.push(registration);
					}
				}
				if (failures.length) {
					data.registrations = kept;
					const first = asNodeError(this, failures[0].error);
					first.description = `Could not remove the ChatApp callback URL of ${describeFailures(failures)}. Remove it with the ChatApp node (Webhook → Delete) if it stays.`;
					if (first instanceof NodeApiError) throw new NodeApiError(this.getNode(), first as unknown as JsonObject);
					throw new NodeOperationError(this.getNode(), first);
				}
				delete data.registrations;
				delete data.secret;
				rememberActivation(activationKey(this), undefined);
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const data = state(this);
		const response = this.getResponseObject();
		const query = this.getQueryData() as IDataObject;
		const given = typeof query.secret === 'string' ? query.secret : '';
		const secret = data.secret ?? (recallActivation(activationKey(this))?.secret as string | undefined);
		if (!secret || !given || !safeEqual(given, secret)) {
			response.status(401).send('Unauthorized').end();
			return { noWebhookResponse: true };
		}

		let body: unknown;
		const raw = (this.getRequestObject() as { rawBody?: unknown }).rawBody;
		if (Buffer.isBuffer(raw) && raw.length > 0) {
			try {
				body = JSON.parse(raw.toString('utf8'));
			} catch {
				body = undefined;
			}
		} else {
			body = this.getBodyData();
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
		// Kept in the process, never in static data: see the Chatwoot Trigger and nodes/shared/deliveryLog.ts.
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
