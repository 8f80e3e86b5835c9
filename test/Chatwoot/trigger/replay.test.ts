import type { INodeParameters } from 'n8n-workflow';

import { deliverWebhook, runWebhookMethod, type TriggerEnv } from '../../harness/contexts';
import { FakeChatwoot } from '../../servers/chatwoot/server';
import { payloadFor, rubyJson } from '../fixtures/webhooks/payloads';
import { accountParams, nowSeconds, randomUuid, registrations, signedHeaders, triggerEnv } from './helpers';

/*
 * Issue 14 item 1: the HMAC covers "<timestamp>.<body>", not X-Chatwoot-Delivery. A
 * captured signed delivery sent again must not start a second execution, whatever the
 * unsigned headers say; Chatwoot's own retries (same delivery id, new timestamp and
 * signature) must not either.
 */

type Row = Record<string, unknown>;

let cw: FakeChatwoot;

beforeAll(async () => {
	cw = await FakeChatwoot.start();
});

afterAll(async () => {
	expect(cw.violations).toEqual([]);
	await cw.stop();
});

async function registered(options: INodeParameters = {}): Promise<{ env: TriggerEnv; secret: string }> {
	cw.state.webhooks.length = 0;
	const env = triggerEnv(cw, accountParams({ options }));
	await runWebhookMethod(env, 'create');
	return { env, secret: (registrations(env).production as Row).secret as string };
}

async function executions(env: TriggerEnv, raw: string, headers: Record<string, string>): Promise<number> {
	const { result, response } = await deliverWebhook(env, { rawBody: raw, headers });
	expect(response.statusCode).toBe(200);
	return result.workflowData?.[0]?.length ?? 0;
}

const raw = rubyJson(payloadFor('message_created'));

describe('a signed delivery executes at most once within the signature window', () => {
	test.each([
		['a different X-Chatwoot-Delivery', (h: Record<string, string>) => ({ ...h, 'X-Chatwoot-Delivery': randomUuid() })],
		['the delivery id re-cased', (h: Record<string, string>) => ({ ...h, 'X-Chatwoot-Delivery': h['X-Chatwoot-Delivery'].toUpperCase() })],
		['no X-Chatwoot-Delivery', (h: Record<string, string>) => Object.fromEntries(Object.entries(h).filter(([k]) => k !== 'X-Chatwoot-Delivery'))],
		['the signature re-cased', (h: Record<string, string>) => ({ ...h, 'X-Chatwoot-Signature': h['X-Chatwoot-Signature'].replace(/[a-f]/g, (c) => c.toUpperCase()), 'X-Chatwoot-Delivery': randomUuid() })],
	])('replayed with %s → 200, no second execution', async (_what, change) => {
		const { env, secret } = await registered();
		const headers = signedHeaders(secret, raw, { deliveryId: '0b7e4c1a-2d3f-4a5b-8c9d-0000000000aa' });
		expect(await executions(env, raw, headers)).toBe(1);
		const replay = await deliverWebhook(env, { rawBody: raw, headers: change(headers) });
		expect(replay.response.statusCode).toBe(200);
		expect(replay.result.workflowData).toBeUndefined();
		expect(replay.result.webhookResponse).toEqual({ received: true, ignored: expect.stringMatching(/replayed_delivery|duplicate_delivery/) });
	});

	test('also with the Duplicate Window set to 0 (replay protection is not optional)', async () => {
		const { env, secret } = await registered({ dedupeWindowSeconds: 0 });
		const headers = signedHeaders(secret, raw);
		expect(await executions(env, raw, headers)).toBe(1);
		expect(await executions(env, raw, { ...headers, 'X-Chatwoot-Delivery': randomUuid() })).toBe(0);
	});

	test("Chatwoot's retry (same delivery id, new timestamp and signature) → no second execution", async () => {
		const { env, secret } = await registered();
		const deliveryId = randomUuid();
		expect(await executions(env, raw, signedHeaders(secret, raw, { deliveryId, timestamp: nowSeconds() - 6 }))).toBe(1);
		expect(await executions(env, raw, signedHeaders(secret, raw, { deliveryId, timestamp: nowSeconds() - 3 }))).toBe(0);
		expect(await executions(env, raw, signedHeaders(secret, raw, { deliveryId }))).toBe(0);
	});

	test('a new delivery with the same body but its own timestamp is a new event', async () => {
		const { env, secret } = await registered();
		expect(await executions(env, raw, signedHeaders(secret, raw, { timestamp: nowSeconds() - 2 }))).toBe(1);
		expect(await executions(env, raw, signedHeaders(secret, raw, { timestamp: nowSeconds() - 1 }))).toBe(1);
	});

	test('a replay after the window is refused by its age, not by memory', async () => {
		const { env, secret } = await registered({ toleranceSeconds: 60 });
		const old = signedHeaders(secret, raw, { timestamp: nowSeconds() - 61 });
		const { response } = await deliverWebhook(env, { rawBody: raw, headers: old });
		expect(response.statusCode).toBe(401);
		expect(response.body).toEqual(expect.objectContaining({ error: 'stale_timestamp' }));
	});
});

/*
 * Version 2 of the trigger exists because n8n evaluates an expression for every request to a
 * version-1 webhook node (nodes/shared/n8n/webhookBody.ts). At version 2 n8n leaves a body
 * unread when it does not parse its content type; the trigger then reads it itself, so the
 * signature is still checked on the exact bytes.
 */
describe('version 2: a body n8n left unread', () => {
	test('a signed one is verified on its bytes and accepted, a forged one refused; neither changes static data', async () => {
		const { env, secret } = await registered();
		// What n8n does once it saved the registration; a change after this would make it save the workflow per delivery.
		env.workflow.staticData.__dataChanged = false;
		const body = rubyJson({ ...payloadFor('message_created'), id: 7001 });
		const octets = (headers: Record<string, string>) => ({ ...headers, 'Content-Type': 'application/octet-stream' });

		const accepted = await deliverWebhook(env, { rawBody: body, headers: octets(signedHeaders(secret, body)), unread: true });
		expect(accepted.response.statusCode).toBe(200);
		const items = accepted.result.workflowData?.[0] ?? [];
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ event: 'message_created', id: 7001, webhookDelivery: { signatureVerified: true } });

		const forged = await deliverWebhook(env, { rawBody: body, headers: octets(signedHeaders('not-the-secret', body)), unread: true });
		expect(forged.response.statusCode).toBe(401);
		expect(forged.result.workflowData).toBeUndefined();
		expect(env.workflow.staticData.__dataChanged).toBe(false);
	});
});
