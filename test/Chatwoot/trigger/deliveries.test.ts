import type { INodeParameters } from 'n8n-workflow';

import { ALL_EVENTS } from '../../../nodes/Chatwoot/trigger/events';
import { ChatwootTrigger } from '../../../nodes/Chatwoot/ChatwootTrigger.node';
import { createTriggerEnv, deliverWebhook, runWebhookMethod, type TriggerEnv } from '../../harness/contexts';
import { FakeChatwoot } from '../../servers/chatwoot/server';
import { LEAKY_VALUES, payloadFor, rubyJson, type Json } from '../fixtures/webhooks/payloads';
import {
	accountParams,
	inboxParams,
	nowSeconds,
	randomUuid,
	registrations,
	signedHeaders,
	triggerEnv,
} from './helpers';

type Row = Record<string, unknown>;

let cw: FakeChatwoot;

beforeAll(async () => {
	cw = await FakeChatwoot.start();
});

afterAll(async () => {
	expect(cw.violations).toEqual([]);
	await cw.stop();
});

/** A production registration (real create against FakeChatwoot) and its signing secret. */
async function registered(parameters: INodeParameters, { isTest = false } = {}): Promise<{ env: TriggerEnv; secret: string }> {
	// Every registration starts from a clean Chatwoot (webhook URLs are unique per account).
	cw.state.webhooks.length = 0;
	const env = triggerEnv(cw, parameters);
	await runWebhookMethod(env, 'create', { isTest });
	const secret = (registrations(env)[isTest ? 'test' : 'production'] as Row).secret as string;
	expect(typeof secret).toBe('string');
	return { env, secret };
}

afterEach(() => {
	cw.state.inbox(1)!.webhook_url = 'https://old.example.com/hook';
});

async function deliver(env: TriggerEnv, rawBody: string | Buffer, headers: Record<string, string>, isTest = false) {
	return await deliverWebhook(env, { rawBody, headers, isTest });
}

function items(result: Awaited<ReturnType<typeof deliver>>['result']): Row[] {
	return (result.workflowData?.[0] ?? []).map((item) => item.json as Row);
}

describe('every event, signed as Chatwoot signs it', () => {
	test.each(ALL_EVENTS.map((event) => [event]))('%s → one item carrying the event and payload', async (event) => {
		const { env, secret } = await registered(accountParams({ events: ['*'] }));
		const payload = payloadFor(event);
		const raw = rubyJson(payload);
		const headers = signedHeaders(secret, raw);
		const { result, response } = await deliver(env, raw, headers);

		expect(response.statusCode).toBe(200);
		const out = items(result);
		expect(out).toHaveLength(1);
		expect(out[0].event).toBe(event);
		expect(out[0].webhookDelivery).toEqual({ id: headers['X-Chatwoot-Delivery'], signatureVerified: true });
		expect(out[0].id).toEqual(payload.id);
		if (payload.account) expect(out[0].account).toEqual(payload.account);
		const serialized = JSON.stringify(out);
		for (const value of [...LEAKY_VALUES, secret]) expect(serialized).not.toContain(value);
	});

	test('message payload keeps the content exactly (\\u003c escapes are decoded, not re-signed)', async () => {
		const { env, secret } = await registered(accountParams());
		const payload = payloadFor('message_created');
		const raw = rubyJson(payload);
		expect(raw).toContain('\\u003cINV-1001\\u003e');
		const { result } = await deliver(env, raw, signedHeaders(secret, raw));
		const [item] = items(result);
		expect(item.content).toBe('Hi, my invoice <INV-1001> is wrong & I want a refund');
		expect(item.message_type).toBe('incoming');
		expect((item.conversation as Row).contact_inbox).toEqual(
			expect.not.objectContaining({ pubsub_token: expect.anything() }),
		);
		expect(((item.conversation as Row).contact_inbox as Row).source_id).toBe('c5b0a2f4-8d7e-4f3a-9b61-2f0e3d4c5b6a');
	});

	test('inbox events lose channel.secret and channel.hmac_token but keep the rest of the channel', async () => {
		const { env, secret } = await registered(accountParams({ events: ['inbox_updated'] }));
		const raw = rubyJson(payloadFor('inbox_updated'));
		const [item] = items((await deliver(env, raw, signedHeaders(secret, raw))).result);
		expect(item.channel).toEqual(
			expect.objectContaining({ webhook_url: 'https://old.example.com/hook', identifier: 'inbox-ident-1' }),
		);
		expect(Object.keys(item.channel as Row)).not.toEqual(expect.arrayContaining(['secret']));
		expect(Object.keys(item.channel as Row)).not.toEqual(expect.arrayContaining(['hmac_token']));
	});
});

describe('rejected with 401, no execution', () => {
	let env: TriggerEnv;
	let secret: string;
	const raw = rubyJson(payloadFor('message_created'));

	beforeEach(async () => {
		({ env, secret } = await registered(accountParams()));
	});

	async function expectRejected(body: string | Buffer, headers: Record<string, string>, reason: string) {
		const { result, response } = await deliver(env, body, headers);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(result.workflowData).toBeUndefined();
		expect(response.statusCode).toBe(401);
		expect(response.ended).toBe(true);
		expect(response.body).toEqual(expect.objectContaining({ error: reason }));
		expect(JSON.stringify(response.body)).not.toContain(secret);
	}

	test('tampered body', async () => {
		const headers = signedHeaders(secret, raw);
		await expectRejected(raw.replace('refund', 'REFUND'), headers, 'signature_mismatch');
	});

	test('wrong secret', async () => {
		await expectRejected(raw, signedHeaders('not-the-secret', raw), 'signature_mismatch');
	});

	test('body signed without the timestamp (the classic mistake, chatwoot#13809)', async () => {
		const headers = signedHeaders(secret, raw);
		const { createHmac } = await import('crypto');
		headers['X-Chatwoot-Signature'] = `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
		await expectRejected(raw, headers, 'signature_mismatch');
	});

	test('stale timestamp (replay), in the past or the future', async () => {
		await expectRejected(raw, signedHeaders(secret, raw, { timestamp: nowSeconds() - 301 - 60 }), 'stale_timestamp');
		await expectRejected(raw, signedHeaders(secret, raw, { timestamp: nowSeconds() + 3600 }), 'stale_timestamp');
	});

	test('missing signature while a secret is known', async () => {
		const headers = signedHeaders(secret, raw);
		delete headers['X-Chatwoot-Signature'];
		delete headers['X-Chatwoot-Timestamp'];
		await expectRejected(raw, headers, 'missing_signature');
	});

	test('signature without timestamp, malformed signature, malformed timestamp', async () => {
		const noTimestamp = signedHeaders(secret, raw);
		delete noTimestamp['X-Chatwoot-Timestamp'];
		await expectRejected(raw, noTimestamp, 'missing_timestamp');
		await expectRejected(raw, { ...signedHeaders(secret, raw), 'X-Chatwoot-Signature': 'md5=abc' }, 'malformed_signature');
		await expectRejected(raw, { ...signedHeaders(secret, raw), 'X-Chatwoot-Timestamp': '2026-11-21T10:00:00Z' }, 'malformed_timestamp');
	});

	test('the signature is checked before the body is parsed', async () => {
		await expectRejected('{"event": "message_created", ', { 'X-Chatwoot-Delivery': randomUuid() }, 'missing_signature');
	});

	test('a re-serialised body (JSON.stringify after JSON.parse) fails: verification is on raw bytes', async () => {
		const headers = signedHeaders(secret, raw);
		const reserialised = JSON.stringify(JSON.parse(raw));
		expect(reserialised).not.toBe(raw);
		await expectRejected(reserialised, headers, 'signature_mismatch');
	});

	test('a test delivery is checked against the test registration, not production', async () => {
		await runWebhookMethod(env, 'create', { isTest: true });
		const testSecret = (registrations(env).test as Row).secret as string;
		const { response } = await deliver(env, raw, signedHeaders(secret, raw), true);
		expect(response.statusCode).toBe(401);
		const ok = await deliver(env, raw, signedHeaders(testSecret, raw), true);
		expect(items(ok.result)).toHaveLength(1);
	});
});

describe('bad input and ignored deliveries', () => {
	test('malformed JSON (correctly signed) → 400, no execution', async () => {
		const { env, secret } = await registered(accountParams());
		const body = '{"event":"message_created","id":';
		const { result, response } = await deliver(env, body, signedHeaders(secret, body));
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response.statusCode).toBe(400);
		expect(response.body).toEqual(expect.objectContaining({ error: 'malformed_json' }));
	});

	test('JSON that is not an event → 400', async () => {
		const { env, secret } = await registered(accountParams());
		for (const body of ['[]', '"message_created"', '{"id":1}']) {
			const { response } = await deliver(env, body, signedHeaders(secret, body));
			expect(response.statusCode).toBe(400);
			expect(response.body).toEqual(expect.objectContaining({ error: 'not_an_event' }));
		}
	});

	test('a correctly signed body nested 10,000 levels deep → 400 too_deep, no execution, no crash', async () => {
		const { env, secret } = await registered(accountParams());
		const body = `{"event":"message_created","content_attributes":${'['.repeat(10000)}${']'.repeat(10000)}}`;
		const { result, response } = await deliver(env, body, signedHeaders(secret, body));
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response.statusCode).toBe(400);
		expect(response.body).toEqual(expect.objectContaining({ error: 'too_deep' }));
	});

	test('duplicate X-Chatwoot-Delivery → 200 without a second execution (also across re-signed retries)', async () => {
		const { env, secret } = await registered(accountParams());
		const raw = rubyJson(payloadFor('message_created'));
		const deliveryId = randomUuid();
		const first = await deliver(env, raw, signedHeaders(secret, raw, { deliveryId }));
		expect(items(first.result)).toHaveLength(1);
		// A retry: same delivery id, a new timestamp and signature.
		const retry = await deliver(env, raw, signedHeaders(secret, raw, { deliveryId, timestamp: nowSeconds() - 5 }));
		expect(retry.result.workflowData).toBeUndefined();
		expect(retry.result.webhookResponse).toEqual({ received: true, ignored: 'duplicate_delivery' });
		expect(retry.response.statusCode).toBe(200);
		// Another delivery of the same body (signed at another second) is a new event.
		const other = await deliver(env, raw, signedHeaders(secret, raw, { timestamp: nowSeconds() - 1 }));
		expect(items(other.result)).toHaveLength(1);
	});

	test('duplicates are dropped without writing static data (queue mode: the registration stays intact)', async () => {
		const { env, secret } = await registered(accountParams());
		const before = JSON.stringify(env.workflow.getStaticData('node', env.node));
		const raw = rubyJson(payloadFor('message_created'));
		const deliveryId = randomUuid();
		expect(items((await deliver(env, raw, signedHeaders(secret, raw, { deliveryId }))).result)).toHaveLength(1);
		expect((await deliver(env, raw, signedHeaders(secret, raw, { deliveryId }))).result.webhookResponse).toEqual({
			received: true,
			ignored: 'duplicate_delivery',
		});
		// A webhook process that writes static data writes all of it back, and could undo a
		// (de)registration the main process made meanwhile: deliveries leave it untouched.
		expect(JSON.stringify(env.workflow.getStaticData('node', env.node))).toBe(before);
		expect(env.workflow.getStaticData('node', env.node).recentDeliveries).toBeUndefined();
	});

	test('events not selected → 200, no execution; unknown events pass only with "All Events"', async () => {
		const some = await registered(accountParams({ events: ['message_created'] }));
		for (const event of ['conversation_created', 'conversation_opened']) {
			const raw = rubyJson({ ...payloadFor('conversation_created'), event });
			const { result, response } = await deliver(some.env, raw, signedHeaders(some.secret, raw));
			expect(result.workflowData).toBeUndefined();
			expect(result.webhookResponse).toEqual({ received: true, ignored: 'event_not_selected' });
			expect(response.statusCode).toBe(200);
		}
		const all = await registered(accountParams({ events: ['*'] }));
		const raw = rubyJson({ ...payloadFor('conversation_created'), event: 'conversation_opened' });
		expect(items((await deliver(all.env, raw, signedHeaders(all.secret, raw))).result)[0].event).toBe('conversation_opened');
	});

	test('unsigned delivery is accepted when "Require Signature" is off (older Chatwoot)', async () => {
		const { env, secret } = await registered(accountParams({ options: { requireSignature: false } }));
		const raw = rubyJson(payloadFor('message_created'));
		const { result } = await deliver(env, raw, { 'X-Chatwoot-Delivery': randomUuid() });
		expect(items(result)[0].webhookDelivery).toEqual(expect.objectContaining({ signatureVerified: false }));
		// A signature that is present is still checked.
		const { response } = await deliver(env, raw, signedHeaders('wrong', raw));
		expect(response.statusCode).toBe(401);
		expect(secret).toBeTruthy();
	});

	test('"Signature Max Age" 0 turns the replay window off', async () => {
		const { env, secret } = await registered(accountParams({ options: { toleranceSeconds: 0 } }));
		const raw = rubyJson(payloadFor('message_created'));
		const { result } = await deliver(env, raw, signedHeaders(secret, raw, { timestamp: nowSeconds() - 86400 }));
		expect(items(result)).toHaveLength(1);
	});

	test('a delivery that arrives before n8n saved static data after activation is verified (same process), and refused after deactivation', async () => {
		const { env, secret } = await registered(accountParams());
		// What n8n's webhook handler loads meanwhile: the same workflow with the database's static data (none yet).
		const early = createTriggerEnv({ nodeType: new ChatwootTrigger(), parameters: accountParams(), credentials: { chatwootApi: cw.credentials() }, workflowId: String(env.workflow.id) });
		const raw = rubyJson(payloadFor('message_created'));
		expect(items((await deliver(early, raw, signedHeaders(secret, raw))).result)).toHaveLength(1);
		// A wrong signature is still refused.
		expect((await deliver(early, raw, signedHeaders('wrong', raw))).response.statusCode).toBe(401);
		await runWebhookMethod(env, 'delete');
		const after = await deliver(early, raw, signedHeaders(secret, raw));
		expect(after.response.statusCode).toBe(401);
		expect(after.response.body).toEqual(expect.objectContaining({ error: 'not_registered' }));
	});

	test('no registration (never activated) → 401 while a signature is required', async () => {
		const env = triggerEnv(cw, accountParams());
		const raw = rubyJson(payloadFor('message_created'));
		const { response } = await deliver(env, raw, signedHeaders('whatever', raw));
		expect(response.statusCode).toBe(401);
		expect(response.body).toEqual(expect.objectContaining({ error: 'not_registered' }));
	});
});

describe('filters', () => {
	async function run(options: INodeParameters, payload: Json, events: string[] = ['*']) {
		const { env, secret } = await registered(accountParams({ events, options }));
		const raw = rubyJson(payload);
		return await deliver(env, raw, signedHeaders(secret, raw));
	}

	test('Only Incoming Messages drops outgoing and template messages, keeps incoming and other events', async () => {
		const options = { onlyIncomingMessages: true };
		for (const type of ['outgoing', 'template']) {
			const { result } = await run(options, { ...payloadFor('message_created'), message_type: type });
			expect(result.webhookResponse).toEqual({ received: true, ignored: 'not_incoming' });
		}
		expect(items((await run(options, payloadFor('message_created'))).result)).toHaveLength(1);
		expect(items((await run(options, payloadFor('conversation_created'))).result)).toHaveLength(1);
	});

	test('Exclude Private Notes drops private messages', async () => {
		const note = { ...payloadFor('message_created'), private: true, message_type: 'outgoing' };
		expect((await run({ excludePrivateNotes: true }, note)).result.webhookResponse).toEqual({ received: true, ignored: 'private_note' });
		expect(items((await run({}, note)).result)).toHaveLength(1);
	});

	test('Only These Inboxes keeps events of the chosen inboxes; contact events pass', async () => {
		const options = { inboxIds: [2] };
		expect((await run(options, payloadFor('message_created'))).result.webhookResponse).toEqual({ received: true, ignored: 'other_inbox' });
		expect(items((await run(options, payloadFor('webwidget_triggered'))).result)).toHaveLength(1);
		expect(items((await run(options, payloadFor('contact_created'))).result)).toHaveLength(1);
		expect((await run(options, payloadFor('conversation_typing_on'))).result.webhookResponse).toEqual({ received: true, ignored: 'other_inbox' });
	});

	test('Only These Inboxes applies to inbox events too: their inbox is named only by working_hours[].inbox_id', async () => {
		for (const event of ['inbox_created', 'inbox_updated']) {
			const payload = payloadFor(event);
			expect(payload.id).toBeUndefined();
			expect(items((await run({ inboxIds: [1] }, payload)).result)).toHaveLength(1);
			expect((await run({ inboxIds: [2] }, payload)).result.webhookResponse).toEqual({ received: true, ignored: 'other_inbox' });
		}
		// An inbox whose working hours Chatwoot did not send cannot be placed: it does not pass a filter.
		const bare = { ...payloadFor('inbox_updated'), working_hours: [] };
		expect((await run({ inboxIds: [1] }, bare)).result.webhookResponse).toEqual({ received: true, ignored: 'other_inbox' });
	});

	test('Exclude Private Notes applies to typing events (is_private: an agent typing a private note)', async () => {
		for (const event of ['conversation_typing_on', 'conversation_typing_off']) {
			const typing = { ...payloadFor(event), is_private: true };
			expect((await run({ excludePrivateNotes: true }, typing)).result.webhookResponse).toEqual({ received: true, ignored: 'private_note' });
			expect(items((await run({ excludePrivateNotes: true }, payloadFor(event))).result)).toHaveLength(1);
			expect(items((await run({}, typing)).result)).toHaveLength(1);
		}
	});

	test('Only These Labels keeps conversations with any of the labels', async () => {
		const options = { labels: ['vip'] };
		expect(items((await run(options, payloadFor('conversation_updated'))).result)).toHaveLength(1);
		expect((await run(options, payloadFor('message_created'))).result.webhookResponse).toEqual({ received: true, ignored: 'label_mismatch' });
		expect(items((await run({ labels: ['BILLING'] }, payloadFor('message_created'))).result)).toHaveLength(1);
		expect(items((await run(options, payloadFor('inbox_created'))).result)).toHaveLength(1);
	});
});

describe('API inbox callback deliveries', () => {
	test('verified with the inbox secret; message filters apply to the callback too', async () => {
		const { env, secret } = await registered(inboxParams({ options: { onlyIncomingMessages: true, excludePrivateNotes: true } }));
		expect(secret).toBe('inbox-callback-secret');
		const raw = rubyJson(payloadFor('message_created'));
		const { result } = await deliver(env, raw, signedHeaders(secret, raw));
		expect(items(result)[0]).toMatchObject({ event: 'message_created', message_type: 'incoming' });

		const bot = rubyJson({ ...payloadFor('message_created'), message_type: 'outgoing', sender: { id: 3, name: 'Bot', type: 'agent_bot' } });
		expect((await deliver(env, bot, signedHeaders(secret, bot))).result.webhookResponse).toEqual({ received: true, ignored: 'not_incoming' });
	});

	test('an inbox without a secret (Chatwoot < 4.13 or a non-admin token) accepts unsigned deliveries', async () => {
		delete cw.state.inbox(1)!.secret;
		try {
			const env = triggerEnv(cw, inboxParams());
			await runWebhookMethod(env, 'create');
			expect((registrations(env).production as Row).secret).toBeUndefined();
			const raw = rubyJson(payloadFor('conversation_created'));
			const { result } = await deliver(env, raw, { 'X-Chatwoot-Delivery': randomUuid() });
			expect(items(result)[0]).toMatchObject({ event: 'conversation_created', webhookDelivery: expect.objectContaining({ signatureVerified: false }) });
		} finally {
			cw.state.inbox(1)!.secret = 'inbox-callback-secret';
		}
	});
});
