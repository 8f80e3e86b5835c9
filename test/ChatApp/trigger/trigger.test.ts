import type { IDataObject } from 'n8n-workflow';

import { CHATAPP_EVENTS, CHATAPP_OTHER_EVENTS } from '../../../nodes/ChatApp/helpers/events';
import { ChatAppTrigger } from '../../../nodes/ChatApp/ChatAppTrigger.node';
import type { TriggerEnv } from '../../harness/contexts';
import { createTriggerEnv, deliverWebhook, runWebhookMethod } from '../../harness/contexts';
import type { ChatAppServer } from '../../servers/chatapp/server';
import { startChatAppServer } from '../../servers/chatapp/server';
import { EVENT_PAYLOADS } from '../fixtures/events';
import { chatAppCredentials, expectNoSecrets, secretsOf } from '../helpers';

const WEBHOOK_ID = '3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';
const PROD_URL = `https://n8n.example.com/webhook/${WEBHOOK_ID}/webhook`;
const TEST_URL = `https://n8n.example.com/webhook-test/${WEBHOOK_ID}/webhook`;

describe('ChatApp Trigger (webhook)', () => {
	let server: ChatAppServer;
	beforeEach(async () => {
		server = await startChatAppServer();
	});
	afterEach(async () => {
		await server.close();
	});

	function env(parameters: IDataObject = {}, staticData: IDataObject = {}): TriggerEnv {
		return createTriggerEnv({
			nodeType: new ChatAppTrigger(),
			parameters: { subscriptions: ['1229/grWhatsApp'], events: ['message', 'messageStatus'], options: {}, ...parameters },
			credentials: { chatAppApi: chatAppCredentials(server) },
			staticData,
			webhookId: WEBHOOK_ID,
		});
	}

	function stateOf(e: TriggerEnv): IDataObject {
		return e.workflow.getStaticData('node', e.node) as IDataObject;
	}

	/** Query string ChatApp would call back with, read from what was registered. */
	function registeredQuery(key = '1229/grWhatsApp'): Record<string, string> {
		const registered = server.state.callbackUrls.get(key);
		if (!registered) throw new Error(`nothing registered for ${key}`);
		return Object.fromEntries(new URL(registered.url).searchParams);
	}

	async function activate(e: TriggerEnv, isTest = false) {
		if (!(await runWebhookMethod(e, 'checkExists', { isTest }))) await runWebhookMethod(e, 'create', { isTest });
	}

	describe('lifecycle', () => {
		test('create registers every pair with a secret URL, remembers the previous URL, and checkExists confirms it', async () => {
			server.state.callbackUrls.set('1229/grWhatsApp', { url: 'https://crm.example.com/chatapp', events: ['message'] });
			const e = env({ subscriptions: ['1229/grWhatsApp', '2048/caWhatsApp'] });
			expect(await runWebhookMethod(e, 'checkExists')).toBe(false);
			expect(await runWebhookMethod(e, 'create')).toBe(true);

			const state = stateOf(e);
			expect(String(state.secret)).toMatch(/^[0-9a-f]{48}$/);
			for (const key of ['1229/grWhatsApp', '2048/caWhatsApp']) {
				const registered = server.state.callbackUrls.get(key)!;
				const [licenseId, messengerType] = key.split('/');
				expect(registered.events).toEqual(['message', 'messageStatus']);
				const url = new URL(registered.url);
				expect(`${url.origin}${url.pathname}`).toBe(PROD_URL);
				expect(Object.fromEntries(url.searchParams)).toEqual({ secret: state.secret, licenseId, messengerType });
			}
			expect(state.registrations).toEqual([
				expect.objectContaining({ licenseId: '1229', messengerType: 'grWhatsApp', previous: { url: 'https://crm.example.com/chatapp', events: ['message'] } }),
				expect.objectContaining({ licenseId: '2048', messengerType: 'caWhatsApp', previous: null }),
			]);
			expect(await runWebhookMethod(e, 'checkExists')).toBe(true);
			expectNoSecrets(state, secretsOf(server));
		});

		test('checkExists is false when someone replaced the URL or the events changed', async () => {
			const e = env();
			await activate(e);
			server.state.callbackUrls.set('1229/grWhatsApp', { url: 'https://other.example.com/x', events: ['message'] });
			expect(await runWebhookMethod(e, 'checkExists')).toBe(false);

			const e2 = env();
			await activate(e2);
			const changed = env({ events: ['message'] }, e2.workflow.staticData);
			expect(await runWebhookMethod(changed, 'checkExists')).toBe(false);
		});

		test('delete restores the URL that was there before, and deletes where there was none', async () => {
			server.state.callbackUrls.set('1229/grWhatsApp', { url: 'https://crm.example.com/chatapp', events: ['message', 'chatTag'] });
			const e = env({ subscriptions: ['1229/grWhatsApp', '2048/caWhatsApp'] });
			await activate(e);
			expect(await runWebhookMethod(e, 'delete')).toBe(true);
			expect(server.state.callbackUrls.get('1229/grWhatsApp')).toEqual({
				url: 'https://crm.example.com/chatapp',
				events: ['message', 'chatTag'],
			});
			expect(server.state.callbackUrls.has('2048/caWhatsApp')).toBe(false);
			expect(stateOf(e).registrations).toBeUndefined();
			expect(stateOf(e).secret).toBeUndefined();
		});

		test('delete leaves a URL alone that someone else set after activation', async () => {
			const e = env();
			await activate(e);
			server.state.callbackUrls.set('1229/grWhatsApp', { url: 'https://newer.example.com/hook', events: ['message'] });
			expect(await runWebhookMethod(e, 'delete')).toBe(true);
			expect(server.state.callbackUrls.get('1229/grWhatsApp')?.url).toBe('https://newer.example.com/hook');
			expect(server.calls(/callbackUrl$/, 'DELETE')).toHaveLength(0);
		});

		test('"Restore Previous URL" off deletes instead of restoring', async () => {
			server.state.callbackUrls.set('1229/grWhatsApp', { url: 'https://crm.example.com/chatapp', events: ['message'] });
			const e = env({ options: { restorePrevious: false } });
			await activate(e);
			await runWebhookMethod(e, 'delete');
			expect(server.state.callbackUrls.has('1229/grWhatsApp')).toBe(false);
		});

		test('a test registration displaces production and gives it back when listening ends', async () => {
			const e = env();
			await activate(e);
			const production = server.state.callbackUrls.get('1229/grWhatsApp')!;
			const testEnv = env({}, {});
			await activate(testEnv, true);
			const during = server.state.callbackUrls.get('1229/grWhatsApp')!;
			expect(during.url.startsWith(`${TEST_URL}?`)).toBe(true);
			await runWebhookMethod(testEnv, 'delete', { isTest: true });
			expect(server.state.callbackUrls.get('1229/grWhatsApp')).toEqual(production);
			expect(await runWebhookMethod(e, 'checkExists')).toBe(true);
		});

		test('re-creating over our own registration keeps the original previous URL', async () => {
			server.state.callbackUrls.set('1229/grWhatsApp', { url: 'https://crm.example.com/chatapp', events: ['message'] });
			const e = env();
			await activate(e);
			// Events changed → checkExists false → create again over our own URL.
			const changed = env({ events: ['message', 'chatTag'] }, e.workflow.staticData);
			await activate(changed);
			expect(server.state.callbackUrls.get('1229/grWhatsApp')?.events).toEqual(['message', 'chatTag']);
			await runWebhookMethod(changed, 'delete');
			expect(server.state.callbackUrls.get('1229/grWhatsApp')?.url).toBe('https://crm.example.com/chatapp');
		});

		test('a failed registration rolls back the pairs already switched', async () => {
			server.state.callbackUrls.set('1229/grWhatsApp', { url: 'https://crm.example.com/chatapp', events: ['message'] });
			server.failNext(/2048\/messengers\/caWhatsApp\/callbackUrl$/, 422, { success: false, error: { code: 'ApiValidationError', message: 'Unknown event chatLevel' } }, { method: 'PUT' });
			const e = env({ subscriptions: ['1229/grWhatsApp', '2048/caWhatsApp'] });
			await expect(runWebhookMethod(e, 'create')).rejects.toThrow('ChatApp error ApiValidationError: Unknown event chatLevel');
			expect(server.state.callbackUrls.get('1229/grWhatsApp')?.url).toBe('https://crm.example.com/chatapp');
			expect(stateOf(e).registrations).toEqual([]);
		});

		test('delete after the URL is already gone is fine; other failures are reported', async () => {
			const e = env();
			await activate(e);
			server.state.callbackUrls.delete('1229/grWhatsApp');
			expect(await runWebhookMethod(e, 'delete')).toBe(true);

			const e2 = env();
			await activate(e2);
			server.failNext(/callbackUrl$/, 500, { success: false, error: { code: 'ApiServerError', message: 'down' } }, { method: 'DELETE', times: 4 });
			await expect(runWebhookMethod(e2, 'delete')).rejects.toThrow('ChatApp error ApiServerError: down');
			expect(stateOf(e2).registrations).toHaveLength(1);
		});

		test('"Any Other Event" alone registers the license-channel events; an override wins', async () => {
			const e = env({ events: [CHATAPP_OTHER_EVENTS] });
			await activate(e);
			expect(server.state.callbackUrls.get('1229/grWhatsApp')?.events).toHaveLength(13);
			await runWebhookMethod(e, 'delete');
			const e2 = env({ options: { registeredEvents: 'message, messageStatus, message' } });
			await activate(e2);
			expect(server.state.callbackUrls.get('1229/grWhatsApp')?.events).toEqual(['message', 'messageStatus']);
		});

		test('bad subscription values are refused before anything is registered', async () => {
			const e = env({ subscriptions: ['1229'] });
			await expect(runWebhookMethod(e, 'create')).rejects.toThrow('"1229" is not a license/messenger pair');
			expect(server.state.callbackUrls.size).toBe(0);
		});
	});

	describe('deliveries', () => {
		async function activeEnv(parameters: IDataObject = {}) {
			const e = env(parameters);
			await activate(e);
			return e;
		}

		test('a delivery that arrives before n8n saved static data after activation is accepted (same process), refused after deactivation', async () => {
			const e = await activeEnv();
			// What n8n's webhook handler loads meanwhile: the same workflow with the database's static data (none yet).
			const early = createTriggerEnv({
				nodeType: new ChatAppTrigger(),
				parameters: { subscriptions: ['1229/grWhatsApp'], events: ['message', 'messageStatus'], options: {} },
				credentials: { chatAppApi: chatAppCredentials(server) },
				webhookId: WEBHOOK_ID,
				workflowId: String(e.workflow.id),
			});
			const query = registeredQuery();
			const accepted = await deliverWebhook(early, { rawBody: JSON.stringify(EVENT_PAYLOADS.messageStatus), query });
			expect(accepted.response.statusCode).toBe(200);
			expect(accepted.result.workflowData?.[0]).toHaveLength(3);
			expect((await deliverWebhook(early, { rawBody: '{}', query: { ...query, secret: 'wrong' } })).response.statusCode).toBe(401);
			await runWebhookMethod(e, 'delete');
			expect((await deliverWebhook(early, { rawBody: JSON.stringify(EVENT_PAYLOADS.message), query })).response.statusCode).toBe(401);
		});

		test('a batched delivery emits one item per data entry with event, license, messenger and chat', async () => {
			const e = await activeEnv();
			const body = EVENT_PAYLOADS.messageStatus;
			const { result, response } = await deliverWebhook(e, { rawBody: JSON.stringify(body), query: registeredQuery() });
			expect(response.statusCode).toBe(200);
			const items = result.workflowData?.[0] ?? [];
			expect(items).toHaveLength(3);
			expect(items.map((i) => i.json.event)).toEqual(['messageStatus', 'messageStatus', 'messageStatus']);
			expect(items[0].json).toMatchObject({
				licenseId: 1229,
				messengerType: 'grWhatsApp',
				chatId: '79001234567@c.us',
				source: 'webhook',
				item: body.data[0],
				meta: body.meta,
			});
			expect(items.map((i) => (i.json.item as IDataObject).type)).toEqual(['delivered', 'viewed', 'failed']);
			// Neither the URL secret nor any token or password reaches the items.
			expectNoSecrets(items, [String(stateOf(e).secret), ...secretsOf(server)]);
		});

		test('version 2: a body n8n left unread (a content type it does not parse) is read and gives the same items; static data stays unchanged', async () => {
			expect(new ChatAppTrigger().description).toMatchObject({ version: [1, 2], defaultVersion: 2 });
			const e = await activeEnv();
			e.workflow.staticData.__dataChanged = false;
			const body = EVENT_PAYLOADS.messageStatus;
			const headers = { 'content-type': 'application/octet-stream' };
			const unread = await deliverWebhook(e, { rawBody: JSON.stringify(body), query: registeredQuery(), headers, unread: true });
			expect(unread.response.statusCode).toBe(200);
			expect((unread.result.workflowData?.[0] ?? []).map((i) => (i.json.item as IDataObject).type)).toEqual(['delivered', 'viewed', 'failed']);
			const wrong = await deliverWebhook(e, { rawBody: JSON.stringify(EVENT_PAYLOADS.message), query: { secret: 'nope' }, headers, unread: true });
			expect(wrong.response.statusCode).toBe(401);
			// n8n saves the workflow after a webhook() that changed static data: a delivery must not.
			expect(e.workflow.staticData.__dataChanged).toBe(false);
		});

				test('no secret or a wrong secret → 401 and no execution', async () => {
			const e = await activeEnv();
			const raw = JSON.stringify(EVENT_PAYLOADS.message);
			const missing = await deliverWebhook(e, { rawBody: raw, query: {} });
			expect(missing.response.statusCode).toBe(401);
			expect(missing.result).toEqual({ noWebhookResponse: true });
			const query = registeredQuery();
			const wrong = await deliverWebhook(e, { rawBody: raw, query: { ...query, secret: query.secret.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a')) } });
			expect(wrong.response.statusCode).toBe(401);
			expect(wrong.result.workflowData).toBeUndefined();
			const short = await deliverWebhook(e, { rawBody: raw, query: { secret: 'x' } });
			expect(short.response.statusCode).toBe(401);
		});

		test('before activation (no secret stored) every delivery is refused', async () => {
			const e = env();
			const { response, result } = await deliverWebhook(e, { rawBody: JSON.stringify(EVENT_PAYLOADS.message), query: { secret: '' } });
			expect(response.statusCode).toBe(401);
			expect(result.workflowData).toBeUndefined();
		});

		test('ChatApp\'s empty probe POST (sent when a callback URL is set) → 200 without an execution; with a wrong secret → 401', async () => {
			const e = await activeEnv();
			for (const rawBody of ['', '  \n', '{}']) {
				const probe = await deliverWebhook(e, { rawBody, query: registeredQuery() });
				expect(probe.response.statusCode).toBe(200);
				expect(probe.result.workflowData).toBeUndefined();
				expect(probe.result.webhookResponse).toEqual({ received: true });
			}
			const wrong = await deliverWebhook(e, { rawBody: '', query: { ...registeredQuery(), secret: 'nope' } });
			expect(wrong.response.statusCode).toBe(401);
		});

		test('a body nested deeper than 64 levels → 400 (no stack overflow later in n8n), including 10,000 levels', async () => {
			const e = await activeEnv();
			for (const depth of [70, 10_000]) {
				const rawBody = `{"data":[{"id":"x","chat":{"id":"c"},"deep":${'['.repeat(depth)}${']'.repeat(depth)}}],"meta":{"type":"message"}}`;
				const { response, result } = await deliverWebhook(e, { rawBody, query: registeredQuery() });
				expect(response.statusCode).toBe(400);
				expect(String(response.body)).toMatch(/nested deeper than 64 levels/);
				expect(result).toEqual({ noWebhookResponse: true });
			}
		});

		test.each([
			['not JSON', '{"data": [', /Malformed ChatApp webhook/],
			['data is not an array', JSON.stringify({ data: { id: 1 }, meta: { type: 'message' } }), /data is not an array/],
			['meta.type missing', JSON.stringify({ data: [{ id: 1 }], meta: {} }), /meta.type is missing/],
			['array body', JSON.stringify([{ id: 1 }]), /not a JSON object/],
		])('a malformed body (%s) → 400 and no execution', async (_label, raw, message) => {
			const e = await activeEnv();
			const { response, result } = await deliverWebhook(e, { rawBody: raw, query: registeredQuery() });
			expect(response.statusCode).toBe(400);
			expect(String(response.body)).toMatch(message);
			expect(result).toEqual({ noWebhookResponse: true });
		});

		test.each(Object.keys(EVENT_PAYLOADS))('event %s: realistic payload is normalised', async (event) => {
			const e = await activeEnv({ events: CHATAPP_EVENTS.map((x) => x.name) });
			const body = EVENT_PAYLOADS[event];
			const { result, response } = await deliverWebhook(e, { rawBody: JSON.stringify(body), query: registeredQuery() });
			expect(response.statusCode).toBe(200);
			const items = result.workflowData?.[0] ?? [];
			expect(items).toHaveLength(body.data.length);
			for (const [index, item] of items.entries()) {
				expect(item.json.event).toBe(event);
				expect(item.json.item).toEqual(body.data[index]);
				expect(item.json.meta).toEqual(body.meta);
				// The registration's license and messenger win over meta (chatConversation says "WhatsApp", chatRead a string id).
				expect(item.json.licenseId).toBe(1229);
				expect(item.json.messengerType).toBe('grWhatsApp');
			}
		});

		test('the event filter drops unselected events without an execution', async () => {
			const e = await activeEnv({ events: ['message'] });
			const { result, response } = await deliverWebhook(e, { rawBody: JSON.stringify(EVENT_PAYLOADS.chatTag), query: registeredQuery() });
			expect(response.statusCode).toBe(200);
			expect(result.workflowData).toBeUndefined();
		});

		test('"Any Other Event" passes unknown event names only', async () => {
			const e = await activeEnv({ events: ['message', CHATAPP_OTHER_EVENTS] });
			const unknown = { data: [{ id: 1, chat: { id: 'group-77' } }], meta: { type: 'chatFolder', licenseId: 1229, messengerType: 'grWhatsApp' } };
			const passed = await deliverWebhook(e, { rawBody: JSON.stringify(unknown), query: registeredQuery() });
			expect(passed.result.workflowData?.[0]?.[0].json).toMatchObject({ event: 'chatFolder', chatId: 'group-77' });
			const known = await deliverWebhook(e, { rawBody: JSON.stringify(EVENT_PAYLOADS.chatTag), query: registeredQuery() });
			expect(known.result.workflowData).toBeUndefined();
		});

		test('a repeated delivery is de-duplicated per message id (and per status type)', async () => {
			const e = await activeEnv();
			const staticBefore = JSON.stringify(e.workflow.getStaticData('node', e.node));
			const raw = JSON.stringify(EVENT_PAYLOADS.message);
			const first = await deliverWebhook(e, { rawBody: raw, query: registeredQuery() });
			expect(first.result.workflowData?.[0]).toHaveLength(1);
			const again = await deliverWebhook(e, { rawBody: raw, query: registeredQuery() });
			expect(again.result.workflowData).toBeUndefined();
			expect(again.response.statusCode).toBe(200);

			// Same status id, new type → not a duplicate.
			const delivered = { data: [{ id: 'BAE5X', type: 'delivered', chat: { id: 'c' } }], meta: { type: 'messageStatus', licenseId: 1229, messengerType: 'grWhatsApp' } };
			const viewed = { ...delivered, data: [{ ...delivered.data[0], type: 'viewed' }] };
			expect((await deliverWebhook(e, { rawBody: JSON.stringify(delivered), query: registeredQuery() })).result.workflowData?.[0]).toHaveLength(1);
			expect((await deliverWebhook(e, { rawBody: JSON.stringify(viewed), query: registeredQuery() })).result.workflowData?.[0]).toHaveLength(1);
			expect((await deliverWebhook(e, { rawBody: JSON.stringify(viewed), query: registeredQuery() })).result.workflowData).toBeUndefined();
			// Kept in the process: a webhook process writing static data back could undo a
			// registration change the main process made meanwhile (queue mode).
			expect(JSON.stringify(e.workflow.getStaticData('node', e.node))).toBe(staticBefore);
		});

		test('de-duplication can be switched off', async () => {
			const e = await activeEnv({ options: { dedupe: false } });
			const raw = JSON.stringify(EVENT_PAYLOADS.message);
			await deliverWebhook(e, { rawBody: raw, query: registeredQuery() });
			const again = await deliverWebhook(e, { rawBody: raw, query: registeredQuery() });
			expect(again.result.workflowData?.[0]).toHaveLength(1);
		});

		test('deliveries for two pairs carry their own registration values', async () => {
			const e = await activeEnv({ subscriptions: ['1229/grWhatsApp', '2048/caWhatsApp'], events: ['chatConversation'] });
			const { result } = await deliverWebhook(e, {
				rawBody: JSON.stringify({ ...EVENT_PAYLOADS.chatConversation, meta: { type: 'chatConversation', licenseId: 2048, messengerType: 'WhatsApp' } }),
				query: registeredQuery('2048/caWhatsApp'),
			});
			expect(result.workflowData?.[0]?.[0].json).toMatchObject({ licenseId: 2048, messengerType: 'caWhatsApp' });
		});
	});
});
