import type { INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ChannelAuthorizationError, RealtimeFailure } from '../../shared/pusher/client';

import type { ChatAppRealtimeSettings } from './settings';

/** The error handed to `emitError` when the realtime client gives up. */
export function failureError(node: INode, failure: RealtimeFailure, settings: ChatAppRealtimeSettings): NodeApiError | NodeOperationError {
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
