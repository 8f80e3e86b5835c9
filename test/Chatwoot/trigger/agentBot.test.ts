import type { INodeParameters } from 'n8n-workflow';

import { AGENT_BOT_EVENTS } from '../../../nodes/Chatwoot/trigger/events';
import { deliverWebhook, runWebhookMethod, type TriggerEnv } from '../../harness/contexts';
import { FakeChatwoot } from '../../servers/chatwoot/server';
import type { Row } from '../../servers/chatwoot/state';
import { payloadFor, rubyJson } from '../fixtures/webhooks/payloads';
import { accountParams, nowSeconds, PROD_URL, randomUuid, registrations, signedHeaders, TEST_URL, triggerEnv } from './helpers';

/*
 * Issue 16: Chatwoot Trigger source "Agent Bot". Chatwoot 4.15.1: agent_bots_controller.rb,
 * inboxes_controller.rb#set_agent_bot, agent_bot_listener.rb, app/jobs/agent_bots/webhook_job.rb
 * (3 attempts on 429/500 with the same delivery id), lib/webhooks/trigger.rb (a non-2xx answer
 * to a message event opens a pending conversation for humans).
 */

let cw: FakeChatwoot;

beforeEach(async () => {
	cw = await FakeChatwoot.start();
	// A system bot (account_id null) and another integration's bot already answer in inbox 1.
	cw.state.agentBots.push(
		{ id: 100, account_id: null, name: 'Captain', outgoing_url: null, access_token: 'system-bot-token', secret: 'system-bot-secret' },
		{ id: 101, account_id: 1, name: 'Legacy bot', outgoing_url: 'https://legacy.example.com/bot', access_token: 'legacy-token', secret: 'legacy-secret' },
	);
	cw.state.inboxBots[1] = 101;
});

afterEach(async () => {
	expect(cw.violations).toEqual([]);
	await cw.stop();
});

function botParams(overrides: INodeParameters = {}): INodeParameters {
	return { source: 'agentBot', accountId: 1, botInboxIds: [1, 2], events: ['message_created'], options: {}, ...overrides };
}

const ours = () => cw.state.agentBots.find((b) => b.outgoing_url === PROD_URL) as Row;
const production = (env: TriggerEnv) => registrations(env).production as Row;

describe('lifecycle', () => {
	test('create makes a bot whose URL is this trigger, connects the chosen inboxes and remembers their bots', async () => {
		const env = triggerEnv(cw, botParams());
		expect(await runWebhookMethod(env, 'checkExists')).toBe(false);
		await runWebhookMethod(env, 'create');

		const post = cw.calls({ method: 'POST', path: '/api/v1/accounts/1/agent_bots' });
		expect(post).toHaveLength(1);
		expect(post[0].body).toMatchObject({ name: 'n8n: trigger test / Trigger', outgoing_url: PROD_URL });
		const bot = ours();
		expect(cw.state.inboxBots).toEqual({ 1: bot.id, 2: bot.id });
		expect(production(env)).toMatchObject({
			source: 'agentBot',
			accountId: 1,
			url: PROD_URL,
			botId: bot.id,
			secret: bot.secret,
			botInboxes: [
				{ inboxId: 1, previousBotId: 101 },
				{ inboxId: 2, previousBotId: null },
			],
		});
		// The bot's access token is a credential of its own: never stored.
		expect(JSON.stringify(env.workflow.getStaticData('node', env.node))).not.toContain(String(bot.access_token));
		expect(await runWebhookMethod(env, 'checkExists')).toBe(true);
	});

	test('delete restores each inbox\'s previous bot (or none) and keeps ours for the next activation', async () => {
		const env = triggerEnv(cw, botParams());
		await runWebhookMethod(env, 'create');
		const botId = ours().id;
		expect(await runWebhookMethod(env, 'delete')).toBe(true);
		expect(cw.state.inboxBots).toEqual({ 1: 101 });
		expect(production(env)).toBeUndefined();
		// Kept: deleting a bot would strip its name from every message it sent.
		expect(cw.calls({ method: 'DELETE' })).toHaveLength(0);

		await runWebhookMethod(env, 'create');
		expect(ours().id).toBe(botId);
		expect(cw.calls({ method: 'POST', path: '/api/v1/accounts/1/agent_bots' })).toHaveLength(1);
	});

	test('a bot that already has this URL is adopted (lost static data), and a previous system bot comes back too', async () => {
		cw.state.agentBots.push({ id: 102, account_id: 1, name: 'left over', outgoing_url: PROD_URL, access_token: 't', secret: 'leftover-bot-secret' });
		cw.state.inboxBots[2] = 100;
		const env = triggerEnv(cw, botParams());
		await runWebhookMethod(env, 'create');
		expect(cw.calls({ method: 'POST', path: '/api/v1/accounts/1/agent_bots' })).toHaveLength(0);
		expect(production(env)).toMatchObject({ botId: 102, secret: 'leftover-bot-secret' });
		await runWebhookMethod(env, 'delete');
		expect(cw.state.inboxBots).toEqual({ 1: 101, 2: 100 });
	});

	test('checkExists notices an inbox given another bot in Chatwoot; create takes it back and keeps the original previous bot', async () => {
		const env = triggerEnv(cw, botParams());
		await runWebhookMethod(env, 'create');
		cw.state.inboxBots[2] = 101;
		expect(await runWebhookMethod(env, 'checkExists')).toBe(false);
		await runWebhookMethod(env, 'create');
		expect(cw.state.inboxBots[2]).toBe(ours().id);
		expect(production(env).botInboxes).toEqual([
			{ inboxId: 1, previousBotId: 101 },
			{ inboxId: 2, previousBotId: 101 },
		]);
	});

	test('an inbox dropped from the selection gets its previous bot back on the next activation', async () => {
		const staticData = {};
		await runWebhookMethod(triggerEnv(cw, botParams(), { staticData }), 'create');
		const fewer = triggerEnv(cw, botParams({ botInboxIds: [2] }), { staticData });
		expect(await runWebhookMethod(fewer, 'checkExists')).toBe(false);
		await runWebhookMethod(fewer, 'create');
		expect(cw.state.inboxBots).toEqual({ 1: 101, 2: ours().id });
	});

	test('delete leaves alone an inbox whose bot someone changed since; an inbox whose previous bot was deleted is left without a bot', async () => {
		const env = triggerEnv(cw, botParams());
		await runWebhookMethod(env, 'create');
		cw.state.inboxBots[2] = 100;
		cw.state.agentBots.splice(cw.state.agentBots.findIndex((b) => b.id === 101), 1);
		await runWebhookMethod(env, 'delete');
		expect(cw.state.inboxBots).toEqual({ 2: 100 });
	});

	test('a test listen borrows the inboxes from the production bot and gives them back', async () => {
		const env = triggerEnv(cw, botParams());
		await runWebhookMethod(env, 'create');
		const prodBot = ours().id;
		await runWebhookMethod(env, 'create', { isTest: true });
		const testBot = cw.state.agentBots.find((b) => b.outgoing_url === TEST_URL) as Row;
		expect(testBot.name).toBe('[n8n test] n8n: trigger test / Trigger');
		expect(cw.state.inboxBots).toEqual({ 1: testBot.id, 2: testBot.id });
		await runWebhookMethod(env, 'delete', { isTest: true });
		expect(cw.state.inboxBots).toEqual({ 1: prodBot, 2: prodBot });
		expect(await runWebhookMethod(env, 'checkExists')).toBe(true);
		await runWebhookMethod(env, 'delete');
		expect(cw.state.inboxBots).toEqual({ 1: 101 });
	});

	test('Bot Name names a new bot; an unknown inbox is refused and nothing stays connected', async () => {
		const named = triggerEnv(cw, botParams({ botInboxIds: [2, 99], options: { botName: 'Support bot' } }));
		await expect(runWebhookMethod(named, 'create')).rejects.toThrow('Inbox 99 does not exist in account 1');
		expect(cw.calls({ method: 'POST', path: '/api/v1/accounts/1/agent_bots' })[0].body).toMatchObject({ name: 'Support bot' });
		expect(cw.state.inboxBots).toEqual({ 1: 101 });
	});

	test('switching from an account webhook to an agent bot removes the webhook', async () => {
		const staticData = {};
		await runWebhookMethod(triggerEnv(cw, accountParams(), { staticData }), 'create');
		expect(cw.state.webhooks).toHaveLength(1);
		const env = triggerEnv(cw, botParams(), { staticData });
		expect(await runWebhookMethod(env, 'checkExists')).toBe(false);
		await runWebhookMethod(env, 'create');
		expect(cw.state.webhooks).toEqual([]);
		expect(production(env).source).toBe('agentBot');
	});
});

describe('deliveries', () => {
	async function active(events: string[] = ['*'], extra: INodeParameters = {}): Promise<{ env: TriggerEnv; secret: string }> {
		const env = triggerEnv(cw, botParams({ events, ...extra }));
		await runWebhookMethod(env, 'create');
		return { env, secret: String(production(env).secret) };
	}

	test.each(AGENT_BOT_EVENTS.map((event) => [event]))('%s, signed with the bot secret → one item', async (event) => {
		const { env, secret } = await active(['*'], { botOnlyIncoming: false });
		const raw = rubyJson(payloadFor(event));
		const { result, response } = await deliverWebhook(env, { rawBody: raw, headers: signedHeaders(secret, raw) });
		expect(response.statusCode).toBe(200);
		expect(result.workflowData?.[0]?.[0].json).toMatchObject({ event, webhookDelivery: { signatureVerified: true } });
	});

	test("Chatwoot's retries (3 attempts, the same delivery id, signed anew) execute once", async () => {
		const { env, secret } = await active(['message_created']);
		const raw = rubyJson(payloadFor('message_created'));
		const deliveryId = randomUuid();
		const runs = [];
		for (const age of [6, 3, 0]) {
			const { result, response } = await deliverWebhook(env, { rawBody: raw, headers: signedHeaders(secret, raw, { deliveryId, timestamp: nowSeconds() - age }) });
			expect(response.statusCode).toBe(200);
			runs.push(result.workflowData?.[0]?.length ?? 0);
		}
		expect(runs).toEqual([1, 0, 0]);
	});

	test("Only Incoming Messages is on by default for bots: the bot's own reply and agents' messages start nothing", async () => {
		const { env, secret } = await active(['message_created']);
		for (const sender of [{ message_type: 'outgoing', sender: { id: 7, name: 'n8n bot', type: 'agent_bot' } }, { message_type: 'outgoing' }]) {
			const raw = rubyJson({ ...payloadFor('message_created'), ...sender });
			const { result } = await deliverWebhook(env, { rawBody: raw, headers: signedHeaders(secret, raw) });
			expect(result.webhookResponse).toEqual({ received: true, ignored: 'not_incoming' });
		}
		const off = triggerEnv(cw, botParams({ botOnlyIncoming: false }));
		await runWebhookMethod(off, 'create');
		const raw = rubyJson({ ...payloadFor('message_created'), message_type: 'outgoing' });
		const { result } = await deliverWebhook(off, { rawBody: raw, headers: signedHeaders(String(production(off).secret), raw) });
		expect(result.workflowData?.[0]).toHaveLength(1);
	});

	test('a forged delivery → 401 (Chatwoot never sees it), a stale one → 401, an unselected event → 200', async () => {
		const { env, secret } = await active(['message_created']);
		const raw = rubyJson(payloadFor('message_created'));
		expect((await deliverWebhook(env, { rawBody: raw, headers: signedHeaders('forged', raw) })).response.statusCode).toBe(401);
		const stale = await deliverWebhook(env, { rawBody: raw, headers: signedHeaders(secret, raw, { timestamp: nowSeconds() - 900 }) });
		expect(stale.response.statusCode).toBe(401);
		const other = rubyJson(payloadFor('conversation_opened'));
		const ignored = await deliverWebhook(env, { rawBody: other, headers: signedHeaders(secret, other) });
		expect(ignored.response.statusCode).toBe(200);
		expect(ignored.result.webhookResponse).toEqual({ received: true, ignored: 'event_not_selected' });
	});

	test('not registered (no bot with this URL in Chatwoot yet) → 429 with Retry-After, so Chatwoot retries', async () => {
		const env = triggerEnv(cw, botParams());
		const raw = rubyJson(payloadFor('message_created'));
		const { result, response } = await deliverWebhook(env, { rawBody: raw, headers: signedHeaders('whatever', raw) });
		expect(response.statusCode).toBe(429);
		expect(response.headers['retry-after']).toBe('3');
		expect(result.workflowData).toBeUndefined();
	});

	test('a bot secret rotated in Chatwoot (reset_secret) is recovered with one read of the bot', async () => {
		const { env } = await active(['message_created']);
		const bot = ours();
		bot.secret = 'rotated-bot-secret-5Tz8';
		const before = cw.calls({ method: 'GET', path: `/api/v1/accounts/1/agent_bots/${String(bot.id)}` }).length;
		const raw = rubyJson(payloadFor('message_created'));
		const { result } = await deliverWebhook(env, { rawBody: raw, headers: signedHeaders('rotated-bot-secret-5Tz8', raw) });
		expect(result.workflowData?.[0]).toHaveLength(1);
		expect(cw.calls({ method: 'GET', path: `/api/v1/accounts/1/agent_bots/${String(bot.id)}` }).length).toBe(before + 1);
	});
});
