import { randomUUID } from 'crypto';

import { messageCreatedBody, signedChatwootHeaders } from '../test/n8n-server/deliveries';
import { FakeChatwoot } from '../test/servers/chatwoot/server';
import type { Row } from '../test/servers/chatwoot/state';

import { activate, createCredential, deactivate, executions, expectExecutionCount, importWorkflow, n8nUrl, nodeOutput, waitFor } from './helpers/n8n';

/*
 * Issue 16: the Chatwoot Trigger as an agent bot inside a real n8n. Activation creates the
 * bot (outgoing URL = n8n's production URL) and connects inbox 1, remembering the bot it
 * had; a delivery signed with the bot's secret starts one execution; Chatwoot's retry
 * (same delivery id) and a replay with another delivery id start none; a forged delivery
 * gets 401; deactivation gives inbox 1 its previous bot back.
 */

const NODE = 'Chatwoot Trigger';

async function deliver(url: string, body: string, head: Record<string, string>) {
	const res = await fetch(url, { method: 'POST', headers: head, body });
	return { status: res.status, body: await res.text() };
}

describe('Chatwoot Trigger (agent bot) in n8n', () => {
	let cw: FakeChatwoot;
	let workflowId: string;
	let webhookId: string;
	let bot: Row;

	beforeAll(async () => {
		cw = await FakeChatwoot.start();
		cw.state.agentBots.push({ id: 101, account_id: 1, name: 'Legacy bot', outgoing_url: 'https://legacy.example.com/bot', access_token: 'legacy-token', secret: 'legacy-secret' });
		cw.state.inboxBots[1] = 101;
		const credential = await createCredential('Chatwoot bot (e2e)', 'chatwootApi', cw.credentials());
		const imported = await importWorkflow('chatwoot-agentbot.json', { chatwootApi: credential });
		workflowId = imported.id;
		webhookId = String(imported.webhookId);
	});

	afterAll(async () => {
		if (workflowId) await deactivate(workflowId).catch(() => undefined);
		await cw?.stop();
	});

	test('activation creates the bot with n8n\'s production URL and connects inbox 1', async () => {
		await activate(workflowId);
		bot = await waitFor('the agent bot on FakeChatwoot', () => cw.state.agentBots.find((b) => b.id !== 101));
		expect(bot.outgoing_url).toBe(`${n8nUrl()}webhook/${webhookId}/webhook`);
		await waitFor('inbox 1 to have the bot', () => cw.state.inboxBots[1] === bot.id);
		expect(cw.violations).toEqual([]);
	});

	test('a signed delivery runs once; the retry and a replay with another delivery id do not; a forged one gets 401', async () => {
		const body = messageCreatedBody(301, 'Hi bot');
		const deliveryId = randomUUID();
		const url = String(bot.outgoing_url);
		const headers = signedChatwootHeaders(String(bot.secret), body, deliveryId);
		expect((await deliver(url, body, headers)).status).toBe(200);
		const list = await expectExecutionCount(workflowId, 1);
		expect(nodeOutput(list[0], NODE)[0]).toMatchObject({ event: 'message_created', id: 301, webhookDelivery: { id: deliveryId, signatureVerified: true } });

		const retry = await deliver(url, body, signedChatwootHeaders(String(bot.secret), body, deliveryId, Math.floor(Date.now() / 1000) - 3));
		expect(retry).toMatchObject({ status: 200, body: expect.stringContaining('duplicate_delivery') });
		const replay = await deliver(url, body, { ...headers, 'x-chatwoot-delivery': randomUUID() });
		expect(replay).toMatchObject({ status: 200, body: expect.stringContaining('replayed_delivery') });
		const forged = await deliver(url, body, signedChatwootHeaders('forged', body, randomUUID()));
		expect(forged.status).toBe(401);
		expect((await expectExecutionCount(workflowId, 1, 3000)).length).toBe(1);
	});

	test('deactivation gives inbox 1 its previous bot back', async () => {
		await deactivate(workflowId);
		await waitFor('inbox 1 to have its previous bot', () => cw.state.inboxBots[1] === 101);
		expect((await executions(workflowId)).length).toBe(1);
		expect(cw.violations).toEqual([]);
	});
});
