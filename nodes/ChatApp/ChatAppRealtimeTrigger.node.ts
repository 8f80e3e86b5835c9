import type {
	IDataObject,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	ITriggerFunctions,
	ITriggerResponse,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { getLicenseMessengers } from './methods/loadOptions';
import { chatAppEventOptions, chatAppEventSelected } from './helpers/events';
import { chatAppAuthNodeError, sanitizedChatAppBody } from './transport/errors';
import { CHATAPP_CREDENTIAL, CHATAPP_TOKEN_RETRY_STATUSES, sendWithChatAppAuth } from './transport/request';
import { chatAppEnvelopeError, findChatAppAuthError, isChatAppInvalidToken } from './transport/tokens';
import { httpResponseOf, networkCodeOf } from '../shared/http/retry';
import { secondsOption } from '../shared/n8n/parameters';
import { RealtimeRun } from '../shared/n8n/realtimeRun';
import {
	chatAppChannelHint,
	chatAppCompanyChannel,
	chatAppLicenseChannel,
	chatAppRealtimeItems,
	chatAppUserChannel,
	parseLicenseMessengerPair,
	splitIdList,
} from './realtime/channels';
import type { ChannelAuthorizationData, RealtimeFailure, RealtimeStatus } from '../shared/pusher/client';
import { ChannelAuthorizationError, ChatAppRealtimeClient } from '../shared/pusher/client';
import type { ChatAppRealtimeSettings } from './realtime/settings';
import { chatAppRealtimeSettings } from './realtime/settings';

const AUTH_TIMEOUT_MS = 15000;
/** Transient statuses of the auth endpoint: retried with backoff until the reconnect timeout. */
const TRANSIENT_STATUSES = new Set([408, 425, 429]);

interface FullResponse {
	statusCode: number;
	body: unknown;
}

function parseJson(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	try {
		return JSON.parse(body);
	} catch {
		return body;
	}
}

function apiSaid(body: unknown): string {
	const envelope = chatAppEnvelopeError(body);
	const record = body && typeof body === 'object' ? (body as IDataObject) : {};
	const text = envelope?.message ?? (typeof record.message === 'string' ? record.message : '');
	const parts = [envelope?.code, text].filter((p) => typeof p === 'string' && p !== '');
	return parts.length ? ` ChatApp said: ${parts.join(': ').slice(0, 300)}.` : '';
}

/** A NodeApiError made only of sanitized values: the request (and its token) never reaches it. */
function authApiError(node: INode, status: number, body: unknown, message: string, description: string): NodeApiError {
	return new NodeApiError(
		node,
		{ httpCode: String(status), message, body: sanitizedChatAppBody(body) } as JsonObject,
		{ message, description, httpCode: String(status) },
	);
}

function describeChannel(channel: string): string {
	const license = /^private-v1\.licenses\.([^.]+)\.messengers\.([^.]+)$/.exec(channel);
	if (license) return `license ${license[1]} / messenger ${license[2]}`;
	const company = /^private-v1\.companies\.([^.]+)$/.exec(channel);
	if (company) return `company ${company[1]}`;
	const user = /^private-v1\.users\.([^.]+)$/.exec(channel);
	return user ? `user ${user[1]}` : channel;
}

/**
 * POSTs `socket_id` + `channel_name` (form-encoded, as pusher-js does) to ChatApp's
 * `/broadcasting/auth` with the credential's access token. n8n refreshes the token
 * through the credential's preAuthentication and retries once on 401/403;
 * `forceRefresh` makes it refresh before sending (after a rejected signature, or an
 * ApiInvalidTokenError with another status).
 */
async function requestChannelAuth(
	this: ITriggerFunctions,
	settings: ChatAppRealtimeSettings,
	socketId: string,
	channel: string,
	forceRefresh: boolean,
): Promise<ChannelAuthorizationData> {
	const node = this.getNode();
	let response: FullResponse;
	try {
		response = await sendWithChatAppAuth.call(
			this,
			{
				method: 'POST',
				url: settings.authEndpoint,
				headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams({ socket_id: socketId, channel_name: channel }).toString(),
				returnFullResponse: true,
				// 401/403 still throw, so that n8n's refresh-and-retry applies to them.
				ignoreHttpStatusErrors: { ignore: true, except: CHATAPP_TOKEN_RETRY_STATUSES },
				timeout: AUTH_TIMEOUT_MS,
			},
			forceRefresh,
		);
	} catch (error) {
		throw authorizationFailure(node, error, settings, channel);
	}
	const body = parseJson(response.body);
	const status = response.statusCode;
	const auth = body && typeof body === 'object' ? (body as IDataObject).auth : undefined;
	if (status >= 200 && status < 300 && typeof auth === 'string' && auth !== '') {
		const channelData = (body as IDataObject).channel_data;
		return { auth, ...(typeof channelData === 'string' ? { channel_data: channelData } : {}) };
	}
	if (isChatAppInvalidToken(body) && !forceRefresh) {
		return await requestChannelAuth.call(this, settings, socketId, channel, true);
	}
	throw statusFailure(node, status, body, settings, channel);
}

function authorizationFailure(node: INode, error: unknown, settings: ChatAppRealtimeSettings, channel: string): ChannelAuthorizationError {
	const tokenError = findChatAppAuthError(error);
	if (tokenError) {
		const transient = tokenError.kind === 'network' || tokenError.kind === 'server' || tokenError.kind === 'rateLimited';
		return new ChannelAuthorizationError(tokenError.message, !transient, chatAppAuthNodeError(node, tokenError));
	}
	const failed = httpResponseOf(error);
	if (failed) {
		const body = parseJson(failed.data);
		if (failed.status === 401 || failed.status === 403) {
			const message = `ChatApp refused the realtime subscription to ${describeChannel(channel)} (HTTP ${failed.status})`;
			const description = `The auth endpoint ${settings.authEndpoint} refused channel ${channel} even with a freshly refreshed access token.${apiSaid(body)} Check that this ChatApp account may use ${describeChannel(channel)}, and the credential's email, password and App ID.`;
			return new ChannelAuthorizationError(message, true, authApiError(node, failed.status, body, message, description));
		}
		return statusFailure(node, failed.status, body, settings, channel);
	}
	const code = networkCodeOf(error);
	const message = `Could not reach ChatApp's realtime auth endpoint${code ? ` (${code})` : ''}`;
	const report = new NodeApiError(node, { message, networkCode: code ?? null } as JsonObject, {
		message,
		description: `POST ${settings.authEndpoint} did not answer. Check the credential's API Base URL / Realtime Auth Endpoint and that n8n can reach it.`,
	});
	return new ChannelAuthorizationError(message, false, report);
}

function statusFailure(
	node: INode,
	status: number,
	body: unknown,
	settings: ChatAppRealtimeSettings,
	channel: string,
): ChannelAuthorizationError {
	const transient = status >= 500 || TRANSIENT_STATUSES.has(status);
	let message: string;
	let description: string;
	if (status >= 200 && status < 300) {
		message = `ChatApp's auth endpoint answered without a signature for ${describeChannel(channel)}`;
		description = `POST ${settings.authEndpoint} answered ${status} without an "auth" field.${apiSaid(body)} Check the credential's Realtime Auth Endpoint.`;
	} else if (status === 404 || status === 405) {
		message = `No realtime auth endpoint at ${settings.authEndpoint} (HTTP ${status})`;
		description = `Set the credential's Realtime Auth Endpoint (default: <API Base URL>/broadcasting/auth).`;
	} else if (transient) {
		message = `ChatApp's realtime auth endpoint failed (HTTP ${status})`;
		description = `POST ${settings.authEndpoint} answered ${status} for ${channel}.${apiSaid(body)} The trigger retries with backoff.`;
	} else {
		message = `ChatApp refused the realtime subscription to ${describeChannel(channel)} (HTTP ${status})`;
		description = `POST ${settings.authEndpoint} answered ${status} for ${channel}.${apiSaid(body)}`;
	}
	return new ChannelAuthorizationError(message, !transient, authApiError(node, status, body, message, description));
}

/** The error handed to `emitError` when the realtime client gives up. */
function failureError(node: INode, failure: RealtimeFailure, settings: ChatAppRealtimeSettings): NodeApiError | NodeOperationError {
	const where = `${settings.useTLS ? 'wss' : 'ws'}://${settings.host}:${settings.port} (app key ${settings.appKey})`;
	switch (failure.kind) {
		case 'authorization': {
			const report = (failure.details.cause as ChannelAuthorizationError | undefined)?.report;
			if (report instanceof NodeApiError || report instanceof NodeOperationError) return report;
			return new NodeOperationError(node, failure.message, {
				description: 'Check the ChatApp credential (email, password, App ID) and its Realtime Auth Endpoint.',
			});
		}
		case 'refused':
			return new NodeOperationError(node, `ChatApp's socket server refused the connection: ${failure.message}`, {
				description: `Not retrying, as the server asked (close codes 4000–4099). Check the credential's Realtime App Key, Socket Host, Port and TLS settings; the trigger connected to ${where}.`,
			});
		case 'signature':
			return new NodeOperationError(node, `ChatApp's socket server rejected the channel signature: ${failure.message}`, {
				description: `The auth endpoint ${settings.authEndpoint} signed the subscription but the socket server at ${where} refused it, also after a retry with a fresh access token. The auth endpoint and the socket server probably belong to different apps: check Realtime App Key, Socket Host and Realtime Auth Endpoint in the credential.`,
			});
		case 'unavailable':
			return new NodeOperationError(node, `Lost the ChatApp realtime connection: ${failure.message}`, {
				description: `The trigger could not connect to ${where} and subscribe to every channel within the reconnect timeout. n8n restarts the trigger; events sent in the meantime are not replayed (Pusher keeps no history).`,
			});
		default:
			return new NodeOperationError(node, failure.message);
	}
}

function channelsOf(context: ITriggerFunctions): string[] {
	const node = context.getNode();
	const raw = context.getNodeParameter('licenseMessengers', []) as unknown;
	const values = Array.isArray(raw) ? raw : String(raw ?? '').split(',');
	const channels: string[] = [];
	const add = (build: () => string, what: string) => {
		let name: string;
		try {
			name = build();
		} catch (error) {
			throw new NodeOperationError(node, `Invalid ${what}: ${(error as Error).message}`);
		}
		if (!channels.includes(name)) channels.push(name);
	};
	for (const value of values) {
		const text = String(value).trim();
		if (text === '') continue;
		const pair = parseLicenseMessengerPair(text);
		if (!pair) {
			throw new NodeOperationError(node, `"${text}" is not a license/messenger pair`, {
				description: 'Pick pairs from the list, or write them as <licenseId>/<messengerType>, e.g. 1229/grWhatsApp.',
			});
		}
		add(() => chatAppLicenseChannel(pair.licenseId, pair.messengerType), 'license/messenger pair');
	}
	for (const id of splitIdList(context.getNodeParameter('companyIds', ''))) add(() => chatAppCompanyChannel(id), 'company ID');
	for (const id of splitIdList(context.getNodeParameter('userIds', ''))) add(() => chatAppUserChannel(id), 'user ID');
	if (channels.length === 0) {
		throw new NodeOperationError(node, 'Select at least one channel', {
			description: 'Choose a license and messenger, or enter a company ID or a user ID.',
		});
	}
	return channels;
}

export class ChatAppRealtimeTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ChatApp Realtime Trigger',
		name: 'chatAppRealtimeTrigger',
		icon: { light: 'file:../../icons/chatapp.svg', dark: 'file:../../icons/chatapp.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ ($parameter["events"] || []).length + " event type(s)" }}',
		description:
			'Starts the workflow on ChatApp events received live over ChatApp\'s WebSocket (Pusher protocol), without a public webhook URL',
		defaults: { name: 'ChatApp Realtime Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CHATAPP_CREDENTIAL, required: true }],
		properties: [
			{
				displayName:
					'Keeps a WebSocket to ChatApp open while the workflow is active (self-hosted n8n, one main process). Events sent while the connection is down are not replayed.',
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
		],
	};

	methods = { loadOptions: { getLicenseMessengers } };

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		const node = this.getNode();
		const resolved = chatAppRealtimeSettings(await this.getCredentials(CHATAPP_CREDENTIAL));
		if (!resolved.settings) {
			throw new NodeOperationError(node, resolved.error, { description: 'Fix the realtime settings of the ChatApp credential.' });
		}
		const settings = resolved.settings;
		const channels = channelsOf(this);
		const hints = new Map(channels.map((channel) => [channel, chatAppChannelHint(channel)]));
		const selected = this.getNodeParameter('events', []) as string[];
		if (!Array.isArray(selected) || selected.length === 0) {
			throw new NodeOperationError(node, 'Select at least one event');
		}
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const run = new RealtimeRun(this);
		let lastForcedRefresh = 0;

		const log = (status: RealtimeStatus) => {
			const text = `ChatApp realtime: ${status.type}${status.state ? ` ${status.state}` : ''}${status.channel ? ` ${status.channel}` : ''}${status.delayMs !== undefined ? ` in ${status.delayMs} ms` : ''}${status.detail ? ` (${status.detail})` : ''}`;
			if (status.type === 'problem' || status.type === 'channelRetry' || status.type === 'reconnecting') {
				this.logger?.warn(text, { node: node.name });
			} else {
				this.logger?.debug(text, { node: node.name });
			}
		};

		const client = new ChatAppRealtimeClient({
			appKey: settings.appKey,
			host: settings.host,
			port: settings.port,
			useTLS: settings.useTLS,
			channels,
			activityTimeoutMs: secondsOption(options.activityTimeout, 120),
			pongTimeoutMs: secondsOption(options.pongTimeout, 30),
			maxDowntimeMs: secondsOption(options.reconnectTimeout, 300),
			authorize: async (socketId, channel, { refresh }) => {
				// One forced refresh serves every channel rejected by the same failure.
				const force = refresh && Date.now() - lastForcedRefresh > 5000;
				if (force) lastForcedRefresh = Date.now();
				return await requestChannelAuth.call(this, settings, socketId, channel, force);
			},
			onEvent: (event, channel, data) => {
				if (!run.accepting || !chatAppEventSelected(event, selected)) return;
				const items = chatAppRealtimeItems(event, channel, data, hints.get(channel));
				if (items.length === 0) return;
				const output: INodeExecutionData[] = new Array(items.length);
				for (let i = 0; i < items.length; i++) output[i] = { json: items[i] as unknown as IDataObject };
				run.emit([output], () => `${event} event on ${channel}`);
			},
			onFailure: (failure) => {
				this.emitError(failureError(node, failure, settings));
			},
			onStatus: log,
		});

		return run.respond(client);
	}
}
