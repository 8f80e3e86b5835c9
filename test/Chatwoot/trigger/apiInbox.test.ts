import { ChatwootTrigger } from '../../../nodes/Chatwoot/ChatwootTrigger.node';
import { createTriggerEnv, deliverWebhook, runWebhookMethod, type TriggerEnv } from '../../harness/contexts';
import { FakeChatwoot } from '../../servers/chatwoot/server';
import { payloadFor, rubyJson } from '../fixtures/webhooks/payloads';
import { inboxParams, nowSeconds, randomUuid, registrations, signedHeaders, triggerEnv } from './helpers';

/*
 * Issue 13 item 6: Chatwoot marks an agent's message **failed** when the API inbox's
 * callback answers non-2xx (lib/webhooks/trigger.rb#update_message_status), and never
 * retries. The trigger answers 200 to every delivery it refuses (and starts nothing),
 * and recovers a secret rotated with POST /inboxes/:id/reset_secret by re-reading the
 * inbox, at most once per interval, whatever forged deliveries arrive.
 */

type Row = Record<string, unknown>;

let cw: FakeChatwoot;
const INBOX_SECRET = 'inbox-callback-secret';
const inboxReads = () => cw.calls({ method: 'GET', path: '/api/v1/accounts/1/inboxes/1' }).length;

beforeEach(async () => {
	cw = await FakeChatwoot.start();
});

afterEach(async () => {
	expect(cw.violations).toEqual([]);
	await cw.stop();
});

async function active(): Promise<TriggerEnv> {
	const env = triggerEnv(cw, inboxParams({ events: ['message_created', 'message_updated'] }));
	await runWebhookMethod(env, 'create');
	expect((registrations(env).production as Row).secret).toBe(INBOX_SECRET);
	return env;
}

const reply = rubyJson(payloadFor('message_updated'));

describe('refused deliveries are answered 200 and start nothing', () => {
	test.each([
		['signature mismatch (forged)', () => signedHeaders('forged-secret', reply)],
		['stale timestamp', () => signedHeaders(INBOX_SECRET, reply, { timestamp: nowSeconds() - 3600 })],
		['missing signature', () => ({ 'X-Chatwoot-Delivery': randomUuid() })],
		['malformed signature', () => ({ ...signedHeaders(INBOX_SECRET, reply), 'X-Chatwoot-Signature': 'sha1=abc' })],
	])('%s', async (_what, headers) => {
		const env = await active();
		const { result, response } = await deliverWebhook(env, { rawBody: reply, headers: headers() });
		expect(response.statusCode).toBe(200);
		expect(result.workflowData).toBeUndefined();
		expect(result.webhookResponse).toEqual({ received: true, ignored: expect.any(String) });
		expect(JSON.stringify(result)).not.toContain(INBOX_SECRET);
	});

	test('a body that is not an event, once verified, is answered 200 too', async () => {
		const env = await active();
		for (const body of ['{"event":', '{"id":1}']) {
			const { result, response } = await deliverWebhook(env, { rawBody: body, headers: signedHeaders(INBOX_SECRET, body) });
			expect(response.statusCode).toBe(200);
			expect(result.workflowData).toBeUndefined();
		}
	});

	test('not registered yet in this process (a queue-mode webhook processor before n8n saved static data): the inbox is read, the delivery runs', async () => {
		const env = await active();
		const before = inboxReads();
		// Another process: same workflow and node, no static data, no activation record.
		const elsewhere = createTriggerEnv({
			nodeType: new ChatwootTrigger(),
			parameters: inboxParams({ events: ['message_created', 'message_updated'] }),
			credentials: { chatwootApi: cw.credentials() },
			workflowId: `${String(env.workflow.id)}-elsewhere`,
		});
		const first = await deliverWebhook(elsewhere, { rawBody: reply, headers: signedHeaders(INBOX_SECRET, reply) });
		expect(first.response.statusCode).toBe(200);
		expect(first.result.workflowData?.[0]).toHaveLength(1);
		// The inbox points at this workflow's URL only because both share webhook id and path.
		expect(inboxReads()).toBe(before + 1);
	});
});

describe('a secret rotated in Chatwoot is recovered without re-activation', () => {
	test('the first delivery signed with the new secret runs after one re-read; later ones need none', async () => {
		const env = await active();
		cw.state.inbox(1)!.secret = 'rotated-secret-7Qm2';
		const before = inboxReads();
		for (let i = 0; i < 3; i++) {
			const { result, response } = await deliverWebhook(env, { rawBody: reply, headers: signedHeaders('rotated-secret-7Qm2', reply, { timestamp: nowSeconds() - i }) });
			expect(response.statusCode).toBe(200);
			expect(result.workflowData?.[0]).toHaveLength(1);
		}
		expect(inboxReads()).toBe(before + 1);
		// Static data is not written by webhook() (queue mode); the next checkExists stores it.
		expect((registrations(env).production as Row).secret).toBe(INBOX_SECRET);
		expect(await runWebhookMethod(env, 'checkExists')).toBe(true);
		expect((registrations(env).production as Row).secret).toBe('rotated-secret-7Qm2');
	});

	test('concurrent deliveries after a rotation share one re-read', async () => {
		const env = await active();
		cw.state.inbox(1)!.secret = 'rotated-secret-9Xk4';
		const before = inboxReads();
		const results = await Promise.all(
			Array.from({ length: 5 }, () => deliverWebhook(env, { rawBody: reply, headers: signedHeaders('rotated-secret-9Xk4', reply, { deliveryId: randomUuid(), timestamp: nowSeconds() - Math.floor(Math.random() * 100) }) })),
		);
		expect(results.filter((r) => r.result.workflowData?.[0]?.length === 1).length).toBeGreaterThanOrEqual(1);
		expect(results.every((r) => r.response.statusCode === 200)).toBe(true);
		expect(inboxReads()).toBe(before + 1);
	});

	test('forged deliveries cannot make the trigger hammer Chatwoot: at most one re-read per 5 s', async () => {
		const env = await active();
		const before = inboxReads();
		const started = Date.now();
		for (let i = 0; i < 200; i++) {
			const forged = rubyJson({ ...payloadFor('message_created'), id: 9000 + i });
			const { result, response } = await deliverWebhook(env, { rawBody: forged, headers: signedHeaders(`forged-${i}`, forged) });
			expect(response.statusCode).toBe(200);
			expect(result.workflowData).toBeUndefined();
		}
		const elapsed = Date.now() - started;
		expect(inboxReads() - before).toBeLessThanOrEqual(1 + Math.floor(elapsed / 5000));
	});

	test('a signature that the re-read secret does not match either is refused (200, nothing runs)', async () => {
		const env = await active();
		cw.state.inbox(1)!.secret = 'rotated-secret-1Ab2';
		const { result } = await deliverWebhook(env, { rawBody: reply, headers: signedHeaders('neither-secret', reply) });
		expect(result.workflowData).toBeUndefined();
		expect(result.webhookResponse).toEqual({ received: true, ignored: 'signature_mismatch' });
	});
});
