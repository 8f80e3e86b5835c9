import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';

import { runWebhookMethod } from '../../harness/contexts';
import { FakeChatwoot } from '../../servers/chatwoot/server';
import {
	accountParams,
	inboxParams,
	PROD_URL,
	registrations,
	TEST_URL,
	triggerEnv,
} from './helpers';

type Row = Record<string, unknown>;

let cw: FakeChatwoot;

beforeEach(async () => {
	cw = await FakeChatwoot.start();
});

afterEach(async () => {
	expect(cw.violations).toEqual([]);
	await cw.stop();
	jest.restoreAllMocks();
});

const hooks = () => cw.state.webhooks as Row[];
const writes = () => cw.requests.filter((r) => r.method !== 'GET');

describe('account webhook', () => {
	test('create registers the production URL with the chosen events and stores id and secret', async () => {
		const env = triggerEnv(cw, accountParams());
		expect(await runWebhookMethod(env, 'checkExists')).toBe(false);
		expect(await runWebhookMethod(env, 'create')).toBe(true);

		expect(hooks()).toHaveLength(1);
		const [hook] = hooks();
		expect(hook).toMatchObject({
			account_id: 1,
			url: PROD_URL,
			subscriptions: ['conversation_created', 'message_created'],
			name: 'n8n: trigger test / Trigger',
		});
		const post = cw.calls({ method: 'POST', path: '/api/v1/accounts/1/webhooks' })[0];
		expect(post.body).toEqual({ url: PROD_URL, name: 'n8n: trigger test / Trigger', subscriptions: ['conversation_created', 'message_created'] });
		expect(registrations(env).production).toMatchObject({
			source: 'accountWebhook',
			accountId: 1,
			webhookId: hook.id,
			secret: hook.secret,
			url: PROD_URL,
		});
		expect(await runWebhookMethod(env, 'checkExists')).toBe(true);
	});

	test('"All Events" subscribes to all 12 events', async () => {
		const env = triggerEnv(cw, accountParams({ events: ['*'] }));
		await runWebhookMethod(env, 'create');
		expect((hooks()[0].subscriptions as string[]).sort()).toEqual(
			[
				'contact_created',
				'contact_updated',
				'conversation_created',
				'conversation_status_changed',
				'conversation_typing_off',
				'conversation_typing_on',
				'conversation_updated',
				'inbox_created',
				'inbox_updated',
				'message_created',
				'message_updated',
				'webwidget_triggered',
			].sort(),
		);
	});

	test('test and production registrations coexist and never clobber each other', async () => {
		const env = triggerEnv(cw, accountParams());
		await runWebhookMethod(env, 'create');
		expect(await runWebhookMethod(env, 'checkExists', { isTest: true })).toBe(false);
		await runWebhookMethod(env, 'create', { isTest: true });

		expect(hooks().map((h) => [h.url, h.name])).toEqual([
			[PROD_URL, 'n8n: trigger test / Trigger'],
			[TEST_URL, '[n8n test] n8n: trigger test / Trigger'],
		]);
		const { production, test } = registrations(env) as Record<string, Row>;
		expect(production.webhookId).toBe(hooks()[0].id);
		expect(test.webhookId).toBe(hooks()[1].id);
		expect(test.secret).not.toBe(production.secret);

		// The test listen ends: only its webhook goes.
		await runWebhookMethod(env, 'delete', { isTest: true });
		expect(hooks().map((h) => h.url)).toEqual([PROD_URL]);
		expect(registrations(env).test).toBeUndefined();
		expect(await runWebhookMethod(env, 'checkExists')).toBe(true);
	});

	test('checkExists notices a webhook deleted in Chatwoot; create registers a new one', async () => {
		const env = triggerEnv(cw, accountParams());
		await runWebhookMethod(env, 'create');
		const oldId = hooks()[0].id;
		cw.state.webhooks.splice(0, 1);

		expect(await runWebhookMethod(env, 'checkExists')).toBe(false);
		await runWebhookMethod(env, 'create');
		expect(hooks()).toHaveLength(1);
		expect(hooks()[0].id).not.toBe(oldId);
		expect((registrations(env).production as Row).webhookId).toBe(hooks()[0].id);
		expect(await runWebhookMethod(env, 'checkExists')).toBe(true);
	});

	test.each([
		['URL edited in Chatwoot', (h: Row) => (h.url = 'https://elsewhere.example.com/hook')],
		['events edited in Chatwoot', (h: Row) => (h.subscriptions = ['message_created'])],
	])('checkExists notices the %s; create puts the same webhook back in shape', async (_name, edit) => {
		const env = triggerEnv(cw, accountParams());
		await runWebhookMethod(env, 'create');
		const [hook] = hooks();
		const { id, secret } = hook;
		edit(hook);

		expect(await runWebhookMethod(env, 'checkExists')).toBe(false);
		await runWebhookMethod(env, 'create');
		expect(hooks()).toHaveLength(1);
		expect(hooks()[0]).toMatchObject({ id, secret, url: PROD_URL, subscriptions: ['conversation_created', 'message_created'] });
		expect(cw.calls({ method: 'PATCH', path: `/api/v1/accounts/1/webhooks/${String(id)}` })).toHaveLength(1);
		expect(await runWebhookMethod(env, 'checkExists')).toBe(true);
	});

	test('checkExists notices changed event parameters', async () => {
		const staticData = {};
		const first = triggerEnv(cw, accountParams(), { staticData });
		await runWebhookMethod(first, 'create');
		const changed = triggerEnv(cw, accountParams({ events: ['message_created', 'message_updated'] }), { staticData });
		expect(await runWebhookMethod(changed, 'checkExists')).toBe(false);
		await runWebhookMethod(changed, 'create');
		expect(hooks()).toHaveLength(1);
		expect(hooks()[0].subscriptions).toEqual(['message_created', 'message_updated']);
	});

	test('create adopts a webhook that already has this URL (422 "Url has already been taken")', async () => {
		cw.state.webhooks.push({
			id: 90,
			account_id: 1,
			name: 'left over',
			url: PROD_URL,
			subscriptions: ['contact_created'],
			secret: 'leftover-secret-abc',
			inbox: null,
		});
		const env = triggerEnv(cw, accountParams());
		expect(await runWebhookMethod(env, 'checkExists')).toBe(false);
		await runWebhookMethod(env, 'create');

		expect(hooks()).toHaveLength(1);
		expect(hooks()[0]).toMatchObject({ id: 90, url: PROD_URL, subscriptions: ['conversation_created', 'message_created'] });
		expect(registrations(env).production).toMatchObject({ webhookId: 90, secret: 'leftover-secret-abc' });
		expect(writes().map((r) => `${r.method} ${r.path}`)).toEqual([
			'POST /api/v1/accounts/1/webhooks',
			'PATCH /api/v1/accounts/1/webhooks/90',
		]);
	});

	test('moving to another account deletes the old webhook there', async () => {
		const staticData = {};
		await runWebhookMethod(triggerEnv(cw, accountParams(), { staticData }), 'create');
		const moved = triggerEnv(cw, accountParams({ accountId: 2 }), { staticData });
		expect(await runWebhookMethod(moved, 'checkExists')).toBe(false);
		await runWebhookMethod(moved, 'create');
		expect(hooks().map((h) => [h.account_id, h.url])).toEqual([[2, PROD_URL]]);
	});

	test('delete removes the webhook; a webhook already gone (404) still counts as deleted', async () => {
		const env = triggerEnv(cw, accountParams());
		await runWebhookMethod(env, 'create');
		expect(await runWebhookMethod(env, 'delete')).toBe(true);
		expect(hooks()).toEqual([]);
		expect(registrations(env).production).toBeUndefined();

		await runWebhookMethod(env, 'create');
		cw.state.webhooks.length = 0;
		expect(await runWebhookMethod(env, 'delete')).toBe(true);
		expect(cw.calls({ method: 'DELETE' }).length).toBe(2);
		expect(registrations(env).production).toBeUndefined();

		// Nothing registered: nothing to call.
		const before = cw.requests.length;
		expect(await runWebhookMethod(env, 'delete')).toBe(true);
		expect(cw.requests.length).toBe(before);
	});

	test("an empty Account uses the token's current account", async () => {
		const env = triggerEnv(cw, accountParams({ accountId: '' }));
		await runWebhookMethod(env, 'create');
		expect(cw.calls({ method: 'GET', path: '/api/v1/profile' }).length).toBeGreaterThan(0);
		expect(hooks()[0].account_id).toBe(1);
	});

	test('Chatwoot errors surface as actionable errors without the token', async () => {
		const env = triggerEnv(cw, accountParams());
		cw.once('POST', '/api/v1/accounts/:account_id/webhooks', () => ({
			status: 401,
			body: { error: 'You are not authorized to do this action' },
		}));
		const error = await runWebhookMethod(env, 'create').catch((e: Error) => e);
		expect(error).toBeInstanceOf(Error);
		expect((error as Error).message).toBe("The token's user is not allowed to do this");
		expect(JSON.stringify(error)).not.toContain(cw.token);
		expect(registrations(env).production).toBeUndefined();
	});

	test('a delete failure other than 404 is not swallowed', async () => {
		const env = triggerEnv(cw, accountParams());
		await runWebhookMethod(env, 'create');
		cw.once('DELETE', '/api/v1/accounts/:account_id/webhooks/:id', () => ({ status: 401, body: { error: 'Invalid Access Token' } }));
		await expect(runWebhookMethod(env, 'delete')).rejects.toThrow('Chatwoot rejected the access token');
		expect(registrations(env).production).toBeDefined();
	});

	test('a private webhook URL is logged as a warning on create (Chatwoot 4.14+ would refuse it)', async () => {
		const warn = jest.spyOn(Container.get(Logger), 'warn').mockImplementation(() => undefined);
		const env = triggerEnv(cw, accountParams(), { webhookBaseUrl: 'http://n8n:5678' });
		await runWebhookMethod(env, 'create');
		const messages = warn.mock.calls.map((call) => String(call[0]));
		expect(messages.some((m) => m.includes('SAFE_FETCH_ALLOW_PRIVATE_NETWORK') && m.includes('http://n8n:5678/webhook/'))).toBe(true);
		expect(messages.join('\n')).not.toContain(String(hooks()[0].secret));

		warn.mockClear();
		await runWebhookMethod(triggerEnv(cw, accountParams()), 'create');
		expect(warn.mock.calls.map((call) => String(call[0])).some((m) => m.includes('SAFE_FETCH'))).toBe(false);
	});
});

describe('API inbox callback', () => {
	const inbox = () => cw.state.inbox(1) as Row;

	test('create points the inbox callback here and keeps the previous URL and the inbox secret', async () => {
		const env = triggerEnv(cw, inboxParams());
		expect(await runWebhookMethod(env, 'checkExists')).toBe(false);
		await runWebhookMethod(env, 'create');

		expect(inbox().webhook_url).toBe(PROD_URL);
		const patch = cw.calls({ method: 'PATCH', path: '/api/v1/accounts/1/inboxes/1' })[0];
		expect(patch.body).toEqual({ channel: { webhook_url: PROD_URL } });
		expect(registrations(env).production).toMatchObject({
			source: 'apiInbox',
			inboxId: 1,
			previousWebhookUrl: 'https://old.example.com/hook',
			secret: 'inbox-callback-secret',
		});
		expect(cw.state.webhooks).toEqual([]);
		expect(await runWebhookMethod(env, 'checkExists')).toBe(true);
	});

	test('delete restores the previous callback URL', async () => {
		const env = triggerEnv(cw, inboxParams());
		await runWebhookMethod(env, 'create');
		expect(await runWebhookMethod(env, 'delete')).toBe(true);
		expect(inbox().webhook_url).toBe('https://old.example.com/hook');
		expect(registrations(env).production).toBeUndefined();
	});

	test('checkExists notices a callback URL changed in Chatwoot; create takes it back', async () => {
		const env = triggerEnv(cw, inboxParams());
		await runWebhookMethod(env, 'create');
		inbox().webhook_url = 'https://someone-else.example.com/hook';
		expect(await runWebhookMethod(env, 'checkExists')).toBe(false);
		await runWebhookMethod(env, 'create');
		expect(inbox().webhook_url).toBe(PROD_URL);
		expect(await runWebhookMethod(env, 'checkExists')).toBe(true);
	});

	test('delete leaves a callback URL alone that someone changed since activation', async () => {
		const env = triggerEnv(cw, inboxParams());
		await runWebhookMethod(env, 'create');
		inbox().webhook_url = 'https://someone-else.example.com/hook';
		await runWebhookMethod(env, 'delete');
		expect(inbox().webhook_url).toBe('https://someone-else.example.com/hook');
		expect(cw.calls({ method: 'PATCH' })).toHaveLength(1);
	});

	test('a test listen borrows the callback from production and gives it back', async () => {
		const env = triggerEnv(cw, inboxParams());
		await runWebhookMethod(env, 'create');
		await runWebhookMethod(env, 'create', { isTest: true });
		expect(inbox().webhook_url).toBe(TEST_URL);
		expect((registrations(env).test as Row).previousWebhookUrl).toBe(PROD_URL);

		await runWebhookMethod(env, 'delete', { isTest: true });
		expect(inbox().webhook_url).toBe(PROD_URL);
		expect(await runWebhookMethod(env, 'checkExists')).toBe(true);
		await runWebhookMethod(env, 'delete');
		expect(inbox().webhook_url).toBe('https://old.example.com/hook');
	});

	test('re-creating after lost static data does not record our own URL as the previous one', async () => {
		inbox().webhook_url = PROD_URL;
		const env = triggerEnv(cw, inboxParams());
		await runWebhookMethod(env, 'create');
		expect((registrations(env).production as Row).previousWebhookUrl).toBe('');
		expect(cw.calls({ method: 'PATCH' })).toHaveLength(0);
	});

	test('switching from an account webhook to an inbox callback removes the account webhook', async () => {
		const staticData = {};
		await runWebhookMethod(triggerEnv(cw, accountParams(), { staticData }), 'create');
		expect(hooks()).toHaveLength(1);
		const env = triggerEnv(cw, inboxParams(), { staticData });
		expect(await runWebhookMethod(env, 'checkExists')).toBe(false);
		await runWebhookMethod(env, 'create');
		expect(hooks()).toEqual([]);
		expect(inbox().webhook_url).toBe(PROD_URL);
	});

	test('a non-API inbox is refused with a clear error', async () => {
		const env = triggerEnv(cw, inboxParams({ inboxId: 2 }));
		await expect(runWebhookMethod(env, 'create')).rejects.toThrow('Inbox "Website" is not an API-channel inbox');
		expect(cw.calls({ method: 'PATCH' })).toHaveLength(0);
	});

	test('an inbox deleted in Chatwoot: checkExists is false, delete still succeeds', async () => {
		const env = triggerEnv(cw, inboxParams());
		await runWebhookMethod(env, 'create');
		cw.state.inboxes.splice(0, 1);
		expect(await runWebhookMethod(env, 'checkExists')).toBe(false);
		expect(await runWebhookMethod(env, 'delete')).toBe(true);
		expect(registrations(env).production).toBeUndefined();
	});
});
