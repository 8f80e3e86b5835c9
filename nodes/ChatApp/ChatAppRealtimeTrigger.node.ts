import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	ITriggerFunctions,
	ITriggerResponse,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { secondsOption } from '../shared/n8n/parameters';
import { RealtimeRun } from '../shared/n8n/realtimeRun';
import type { RealtimeStatus } from '../shared/pusher/client';
import { PusherClient } from '../shared/pusher/client';

import { chatAppEventSelected } from './helpers/events';
import { getLicenseMessengers } from './methods/loadOptions';
import { ChatAppCatchUp } from './realtime/catchUp';
import { requestChannelAuth } from './realtime/channelAuth';
import { chatAppChannelHint, chatAppRealtimeItems, channelsFromParameters } from './realtime/channels';
import { realtimeProperties } from './realtime/description';
import { failureError } from './realtime/failures';
import { chatAppRealtimeSettings } from './realtime/settings';
import { CHATAPP_CREDENTIAL } from './transport/request';

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
		properties: realtimeProperties,
	};

	methods = { loadOptions: { getLicenseMessengers } };

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		const node = this.getNode();
		const resolved = chatAppRealtimeSettings(await this.getCredentials(CHATAPP_CREDENTIAL));
		if (!resolved.settings) {
			throw new NodeOperationError(node, resolved.error, { description: 'Fix the realtime settings of the ChatApp credential.' });
		}
		const settings = resolved.settings;
		const channels = channelsFromParameters(this);
		const hints = new Map(channels.map((channel) => [channel, chatAppChannelHint(channel)]));
		const selected = this.getNodeParameter('events', []) as string[];
		if (!Array.isArray(selected) || selected.length === 0) {
			throw new NodeOperationError(node, 'Select at least one event');
		}
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const run = new RealtimeRun(this);
		let lastForcedRefresh = 0;
		const emitItems = (items: Array<Record<string, unknown>>, describe: () => string) => {
			if (items.length === 0) return;
			const output: INodeExecutionData[] = new Array(items.length);
			for (let i = 0; i < items.length; i++) output[i] = { json: items[i] as IDataObject };
			run.emit([output], describe);
		};
		const catchUp =
			options.catchUp !== false && !run.manual && chatAppEventSelected('message', selected)
				? new ChatAppCatchUp(this, channels, {
						emit: (channel, messages) => {
							const items = chatAppRealtimeItems('message', channel, { payload: { data: messages, meta: { type: 'message' } } }, hints.get(channel));
							emitItems(
								items.map((item) => ({ ...item, caughtUp: true })),
								() => `${items.length} missed message(s) on ${channel}`,
							);
						},
						log: (text, warn) => (warn ? this.logger?.warn(text, { node: node.name }) : this.logger?.debug(text, { node: node.name })),
					})
				: undefined;

		const log = (status: RealtimeStatus) => {
			const text = `ChatApp realtime: ${status.type}${status.state ? ` ${status.state}` : ''}${status.channel ? ` ${status.channel}` : ''}${status.delayMs !== undefined ? ` in ${status.delayMs} ms` : ''}${status.detail ? ` (${status.detail})` : ''}`;
			if (status.type === 'problem' || status.type === 'channelRetry' || status.type === 'reconnecting') {
				this.logger?.warn(text, { node: node.name });
			} else {
				this.logger?.debug(text, { node: node.name });
			}
		};

		const client = new PusherClient({
			appKey: settings.appKey,
			host: settings.host,
			port: settings.port,
			useTLS: settings.useTLS,
			channels,
			activityTimeoutMs: secondsOption(options.activityTimeout, 120),
			pongTimeoutMs: secondsOption(options.pongTimeout, 30),
			maxDowntimeMs: secondsOption(options.reconnectTimeout, 300),
			authorize: async (socketId, channel, { refresh, signal }) => {
				// One forced refresh serves every channel rejected by the same failure.
				const force = refresh && Date.now() - lastForcedRefresh > 5000;
				if (force) lastForcedRefresh = Date.now();
				return await requestChannelAuth.call(this, settings, socketId, channel, force, signal);
			},
			onEvent: (event, channel, data) => {
				if (!run.accepting || !chatAppEventSelected(event, selected)) return;
				let items = chatAppRealtimeItems(event, channel, data, hints.get(channel));
				// Messages the catch-up already emitted are not emitted again (and live ones are not caught up).
				if (catchUp && event === 'message') items = items.filter((item) => catchUp.live(channel, (item.item as IDataObject | undefined)?.id));
				emitItems(items, () => `${event} event on ${channel}`);
			},
			onRecovered: ({ since }) => catchUp?.request(since),
			onFailure: (failure) => {
				this.emitError(failureError(node, failure, settings));
			},
			onStatus: log,
		});

		return run.respond({
			start: () => client.start(),
			stop: () => {
				client.stop();
				void catchUp?.close();
			},
			close: async () => {
				await Promise.all([client.close(), catchUp?.close()]);
			},
		});
	}
}
