import { randomUUID } from 'crypto';

import { startFakeChatApp, TEST_ACCOUNT, TEST_APP, type FakeChatApp } from '../test/servers/pusher';

import {
	activate,
	createCredential,
	deactivate,
	executions,
	expectExecutionCount,
	importWorkflow,
	nodeOutput,
	removeCredential,
	removeWorkflow,
	waitFor,
} from './helpers/n8n';

/*
 * Scenario 4 of issue 7 (realtime half): the ChatApp Realtime Trigger inside a real
 * n8n, against the Pusher-protocol server. Activation opens one WebSocket and
 * subscribes the private license channel (signed through ChatApp's auth endpoint);
 * each broadcast event starts one execution with one item per data[] entry; events
 * not selected start none; deactivation closes the socket. (The callback-URL half,
 * the ChatApp Trigger, is exercised by examples.e2e.test.ts.)
 */

const NODE = 'ChatApp Realtime Trigger';
const CHANNEL = 'private-v1.licenses.1229.messengers.grWhatsApp';
const chat = { id: '79001234567@c.us', type: 'private', phone: '79001234567', name: 'Anna' };
const meta = (type: string) => ({ type, licenseId: 1229, messengerType: 'grWhatsApp' });

describe('ChatApp Realtime Trigger in n8n', () => {
	let fake: FakeChatApp;
	let credentialId: string | undefined;
	let workflowId: string | undefined;

	beforeAll(async () => {
		fake = await startFakeChatApp();
		const credential = await createCredential(`ChatApp realtime (e2e) ${randomUUID().slice(0, 8)}`, 'chatAppApi', {
			email: TEST_ACCOUNT.email,
			password: TEST_ACCOUNT.password,
			appId: TEST_ACCOUNT.appId,
			apiBaseUrl: fake.baseUrl,
			appKey: TEST_APP.appKey,
			wsHost: '127.0.0.1',
			wsPort: fake.port,
			useTLS: false,
		});
		credentialId = credential.id;
		workflowId = (await importWorkflow('chatapp-realtime.json', { chatAppApi: credential })).id;
	});

	afterAll(async () => {
		await removeWorkflow(workflowId);
		await removeCredential(credentialId);
		await fake?.close();
	});

	test('activation opens one socket subscribed to the license channel', async () => {
		await activate(workflowId!);
		await waitFor('the channel subscription', () => [...fake.pusher.connections].some((c) => c.channels.has(CHANNEL)));
		expect(fake.pusher.connections.size).toBe(1);
	});

	test('each broadcast event starts one execution with one item per data[] entry; unselected events start none', async () => {
		expect(
			fake.pusher.publish(CHANNEL, 'message', {
				payload: { data: [{ id: 5001, fromMe: false, type: 'text', message: { text: 'Hi from realtime' }, chat }], meta: meta('message') },
			}),
		).toBe(1);
		await expectExecutionCount(workflowId!, 1, 0);
		fake.pusher.publish(CHANNEL, 'messageStatus', {
			payload: {
				data: [
					{ id: 'BAE5A1', type: 'delivered', time: 1700000010, chat },
					{ id: 'BAE5A1', type: 'viewed', time: 1700000020, chat },
				],
				meta: meta('messageStatus'),
			},
		});
		await expectExecutionCount(workflowId!, 2, 0);
		fake.pusher.publish(CHANNEL, 'chatTag', { payload: { data: [{ type: 'add', tag: { id: 1, name: 'VIP' }, chat: { id: chat.id } }], meta: meta('chatTag') } });

		const list = await expectExecutionCount(workflowId!, 2, 3000);
		expect(list).toHaveLength(2);
		expect(list.every((e) => e.status === 'success' && e.mode === 'trigger')).toBe(true);
		const byEvent = Object.fromEntries(list.map((e) => [String(nodeOutput(e, NODE)[0]?.event), nodeOutput(e, NODE)]));
		expect(byEvent.message).toHaveLength(1);
		expect(byEvent.message[0]).toMatchObject({ event: 'message', source: 'realtime', licenseId: 1229, messengerType: 'grWhatsApp', chatId: chat.id, item: { id: 5001 } });
		expect(byEvent.messageStatus).toHaveLength(2);
		expect(byEvent.messageStatus.map((i) => (i.item as { type: string }).type)).toEqual(['delivered', 'viewed']);
	});

	test('deactivation closes the socket and later events start nothing', async () => {
		await deactivate(workflowId!);
		await waitFor('the socket to close', () => fake.pusher.connections.size === 0);
		const before = (await executions(workflowId!)).length;
		expect(fake.pusher.publish(CHANNEL, 'message', { payload: { data: [{ id: 5002, chat }], meta: meta('message') } })).toBe(0);
		expect((await executions(workflowId!)).length).toBe(before);
	});
});
