import { ChatwootTrigger } from '../../../nodes/Chatwoot/ChatwootTrigger.node';
import { deliverWebhook, runWebhookMethod } from '../../harness/contexts';
import { FakeChatwoot } from '../../servers/chatwoot/server';
import { payloadFor, rubyJson } from '../fixtures/webhooks/payloads';

import { accountParams, randomUuid, registrations, signedHeaders, triggerEnv } from './helpers';

/*
 * Version 2 of the trigger exists because n8n evaluates an expression for every request to
 * a version-1 webhook node (nodes/shared/n8n/webhookBody.ts). At version 2 n8n leaves a body
 * unread when it does not parse its content type; the trigger then reads it itself, so the
 * signature is still checked on the exact bytes.
 */

let cw: FakeChatwoot;
beforeAll(async () => {
	cw = await FakeChatwoot.start();
});
afterAll(async () => {
	expect(cw.violations).toEqual([]);
	await cw.stop();
});

test('both versions are offered; new nodes get version 2', () => {
	const { description } = new ChatwootTrigger();
	expect(description.version).toEqual([1, 2]);
	expect(description.defaultVersion).toBe(2);
});

test('a signed delivery whose body n8n left unread is verified on its bytes and accepted; a forged one is refused; neither changes static data', async () => {
	const env = triggerEnv(cw, accountParams());
	await runWebhookMethod(env, 'create');
	const secret = String((registrations(env).production as { secret: string }).secret);
	// What n8n does once it saved the registration; a change after this would make it save the workflow again per delivery.
	env.workflow.staticData.__dataChanged = false;
	const raw = rubyJson({ ...payloadFor('message_created'), id: 7001 });
	const headers = { ...signedHeaders(secret, raw, { deliveryId: randomUuid() }), 'Content-Type': 'application/octet-stream' };

	const accepted = await deliverWebhook(env, { rawBody: raw, headers, unread: true });
	expect(accepted.response.statusCode).toBe(200);
	const items = accepted.result.workflowData?.[0] ?? [];
	expect(items).toHaveLength(1);
	expect(items[0].json).toMatchObject({ event: 'message_created', id: 7001, webhookDelivery: { signatureVerified: true } });

	const forgedHeaders = { ...signedHeaders('not-the-secret', raw, { deliveryId: randomUuid() }), 'Content-Type': 'application/octet-stream' };
	const forged = await deliverWebhook(env, { rawBody: raw, headers: forgedHeaders, unread: true });
	expect(forged.response.statusCode).toBe(401);
	expect(forged.result.workflowData).toBeUndefined();
	expect(env.workflow.staticData.__dataChanged).toBe(false);
});
