import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { ChatwootTrigger } from '../../../nodes/Chatwoot/ChatwootTrigger.node';
import { signChatwootPayload } from '../../../nodes/Chatwoot/trigger/signature';
import { createTriggerEnv, type TriggerEnv } from '../../harness/contexts';
import type { FakeChatwoot } from '../../servers/chatwoot/server';

export const PROD_BASE = 'https://n8n.example.com';
export const WEBHOOK_ID = '3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';
export const PROD_URL = `${PROD_BASE}/webhook/${WEBHOOK_ID}/webhook`;
export const TEST_URL = `${PROD_BASE}/webhook-test/${WEBHOOK_ID}/webhook`;

export function accountParams(overrides: INodeParameters = {}): INodeParameters {
	return { source: 'accountWebhook', accountId: 1, events: ['message_created', 'conversation_created'], options: {}, ...overrides };
}

export function inboxParams(overrides: INodeParameters = {}): INodeParameters {
	return { source: 'apiInbox', accountId: 1, inboxId: 1, events: ['*'], options: {}, ...overrides };
}

export function triggerEnv(
	cw: FakeChatwoot,
	parameters: INodeParameters,
	extra: { staticData?: IDataObject; webhookBaseUrl?: string } = {},
): TriggerEnv {
	return createTriggerEnv({
		nodeType: new ChatwootTrigger(),
		parameters,
		credentials: { chatwootApi: cw.credentials() },
		staticData: extra.staticData,
		webhookBaseUrl: extra.webhookBaseUrl,
	});
}

export function nowSeconds(): number {
	return Math.floor(Date.now() / 1000);
}

/**
 * Headers of a delivery as Chatwoot 4.15.1 sends them (`Webhooks::Trigger#request_headers`,
 * lib/webhooks/trigger.rb at 97bb8ecd3): Content-Type and Accept, `X-Chatwoot-Delivery`
 * (a `SecureRandom.uuid` the listener passes to the job, so every retry of an agent-bot
 * job repeats it), and, when the webhook has a secret, `X-Chatwoot-Timestamp`
 * (`Time.now.to_i` of each attempt) and `X-Chatwoot-Signature` over `"<timestamp>.<body>"`.
 */
export function signedHeaders(
	secret: string,
	rawBody: string | Buffer,
	{ timestamp = nowSeconds(), deliveryId }: { timestamp?: number; deliveryId?: string } = {},
): Record<string, string> {
	return {
		'Content-Type': 'application/json',
		Accept: 'application/json',
		'X-Chatwoot-Delivery': deliveryId ?? randomUuid(),
		'X-Chatwoot-Timestamp': String(timestamp),
		'X-Chatwoot-Signature': signChatwootPayload(secret, timestamp, rawBody),
	};
}

let counter = 0;
/** Deterministic, unique per call (UUID-shaped). */
export function randomUuid(): string {
	counter += 1;
	return `0b7e4c1a-2d3f-4a5b-8c9d-${counter.toString(16).padStart(12, '0')}`;
}

export function registrations(env: TriggerEnv): IDataObject {
	const data = env.workflow.getStaticData('node', env.node);
	return (data.registrations as IDataObject) ?? {};
}
