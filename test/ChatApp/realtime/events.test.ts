import type { IRun } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CHATAPP_EVENTS, CHATAPP_OTHER_EVENTS, normalizeChatAppEvents, parseChatAppPayload } from '../../../nodes/ChatApp/helpers/events';
import { ChatAppRealtimeTrigger } from '../../../nodes/ChatApp/ChatAppRealtimeTrigger.node';
import { parseLicenseMessenger as parseLicenseMessengerPair } from '../../../nodes/ChatApp/helpers/licenseMessenger';
import { chatAppRealtimeItems, parseChatAppChannel } from '../../../nodes/ChatApp/realtime/channels';
import { chatAppRealtimeSettings } from '../../../nodes/ChatApp/realtime/settings';
import { waitFor } from '../../harness/deferred';
import type { FakeChatApp } from '../../servers/pusher';
import { startFakeChatApp } from '../../servers/pusher';
import {
	COMPANY,
	COMPANY_CHANNEL,
	COMPANY_EVENTS,
	LICENSE,
	LICENSE_CHANNEL,
	LICENSE_CHANNEL_2,
	LICENSE_EVENTS,
	MESSENGER,
	socketPayload,
	USER,
	USER_CHANNEL,
	USER_EVENTS,
} from './fixtures';
import { expectNoSecrets, jsonOf, type Running, secretsOf, startRealtime, waitSubscribed } from './helpers';

let fake: FakeChatApp;
let running: Running | undefined;

beforeEach(async () => {
	fake = await startFakeChatApp();
});

afterEach(async () => {
	await running?.close();
	running = undefined;
	await fake.close();
});

const ALL_CHANNELS = {
	licenseMessengers: ['1229/grWhatsApp', '1300/caWhatsApp'],
	companyIds: String(COMPANY),
	userIds: String(USER),
};

test('every event type on every channel type, several channels on one connection, one item per data[] entry', async () => {
	const { env, run } = await startRealtime(fake, { parameters: ALL_CHANNELS });
	running = run;
	const connection = await waitSubscribed(fake, [LICENSE_CHANNEL, LICENSE_CHANNEL_2, COMPANY_CHANNEL, USER_CHANNEL]);
	expect(fake.pusher.connections.size).toBe(1);
	// pusher-js's query string: protocol 7.
	expect(connection.query.get('protocol')).toBe('7');

	let expectedItems = 0;
	for (const [name, event] of Object.entries(LICENSE_EVENTS)) {
		expect(fake.pusher.publish(LICENSE_CHANNEL, name, socketPayload(event))).toBe(1);
		expectedItems += event.data.length;
	}
	for (const [name, event] of Object.entries(COMPANY_EVENTS)) {
		fake.pusher.publish(COMPANY_CHANNEL, name, socketPayload(event));
		expectedItems += event.data.length;
	}
	for (const [name, event] of Object.entries(USER_EVENTS)) {
		fake.pusher.publish(USER_CHANNEL, name, socketPayload(event));
		expectedItems += event.data.length;
	}
	// The second license channel, and an event ChatApp may add later ("Any Other Event").
	fake.pusher.publish(LICENSE_CHANNEL_2, 'message', socketPayload({ data: [{ id: 'BAE5X', chat: { id: 'group-1' } }], meta: { type: 'message', licenseId: 1300, messengerType: 'caWhatsApp' } }));
	fake.pusher.publish(LICENSE_CHANNEL, 'chatArchive', socketPayload({ data: [{ chat: { id: 'c-1' } }], meta: { type: 'chatArchive', licenseId: LICENSE } }));
	expectedItems += 2;

	await waitFor(() => jsonOf(run.emitted).length === expectedItems, { what: `${expectedItems} items` });
	expect(run.errors).toEqual([]);
	// One execution per Pusher event, its data[] entries as items.
	expect(run.emitted).toHaveLength(Object.keys(LICENSE_EVENTS).length + 2 + 2 + 2);
	const items = jsonOf(run.emitted);
	expect(new Set(items.map((i) => i.event))).toEqual(new Set([...CHATAPP_EVENTS.map((e) => e.name), 'chatArchive']));

	const status = items.filter((i) => i.event === 'messageStatus');
	expect(status.map((i) => (i.item as { id: number }).id)).toEqual([42213, 42214]);
	expect(status[0]).toMatchObject({ source: 'realtime', channel: LICENSE_CHANNEL, licenseId: LICENSE, messengerType: MESSENGER, chatId: '79001234567@c.us' });

	// Channel name beats inconsistent meta: "WhatsApp" in meta, licenseId as a string.
	expect(items.find((i) => i.event === 'chatConversation')).toMatchObject({ licenseId: LICENSE, messengerType: MESSENGER, chatId: '79001234567' });
	expect(items.find((i) => i.event === 'chatRead')).toMatchObject({ licenseId: LICENSE, messengerType: MESSENGER });

	expect(items.find((i) => i.event === 'employeeStatus')).toMatchObject({ companyId: COMPANY, channel: COMPANY_CHANNEL, item: { type: 'online', employee: { id: 21 } } });
	expect(items.find((i) => i.event === 'employeeStatus')).not.toHaveProperty('licenseId');
	const quick = items.filter((i) => i.event === 'quickResponse');
	expect(quick).toHaveLength(2);
	expect(quick[0]).toMatchObject({ userId: String(USER), channel: USER_CHANNEL, meta: { type: 'quickResponse', userId: String(USER) } });
	expect(items.find((i) => i.channel === LICENSE_CHANNEL_2)).toMatchObject({ licenseId: 1300, messengerType: 'caWhatsApp', item: { id: 'BAE5X' } });

	// Logged in once for four serialized channel authorizations; no token or password in items.
	expect(env.credentials.preAuthCalls.chatAppApi).toBe(1);
	expect(fake.api.count('/v1/tokens', 'POST')).toBe(1);
	expect(fake.api.count('/broadcasting/auth', 'POST')).toBe(4);
	const auth = fake.api.requests.find((r) => r.path === '/broadcasting/auth');
	expect(auth?.contentType).toContain('application/x-www-form-urlencoded');
	expect(auth?.authorization).toBe(env.credentials.store.chatAppApi.accessToken);
	expect(auth?.authorization).not.toMatch(/^Bearer /);
	expectNoSecrets(items, secretsOf(fake));
});

test('a realtime item and a webhook item of the same event look alike', async () => {
	const { run } = await startRealtime(fake, {});
	running = run;
	await waitSubscribed(fake, [LICENSE_CHANNEL]);
	fake.pusher.publish(LICENSE_CHANNEL, 'messageStatus', socketPayload(LICENSE_EVENTS.messageStatus));
	await waitFor(() => run.emitted.length === 1);
	const realtime = jsonOf(run.emitted);

	const webhookBody = { data: LICENSE_EVENTS.messageStatus.data, meta: LICENSE_EVENTS.messageStatus.meta };
	const parsed = parseChatAppPayload(webhookBody);
	if (!parsed.ok) throw new Error(parsed.reason);
	const webhook = normalizeChatAppEvents(parsed, 'webhook', { licenseId: LICENSE, messengerType: MESSENGER });
	const strip = (item: Record<string, unknown>) => {
		const { source: _source, channel: _channel, ...rest } = item;
		return rest;
	};
	expect(realtime.map(strip)).toEqual(webhook.map((w) => strip(w as Record<string, unknown>)));
});

test('queue mode: an event whose execution was lost with its worker is emitted again; a finished one is not', async () => {
	const { run } = await startRealtime(fake, {});
	running = run;
	await waitSubscribed(fake, [LICENSE_CHANNEL]);
	fake.pusher.publish(LICENSE_CHANNEL, 'messageStatus', socketPayload(LICENSE_EVENTS.messageStatus));
	await waitFor(() => run.emitted.length === 1);
	// The worker running it was killed: n8n rejects the done-promise with its stalled-job error.
	run.done[0]!.reject(new Error('job stalled more than allowable limit'));
	await waitFor(() => run.emitted.length === 2);
	expect(run.emitted[1]).toEqual(run.emitted[0]);
	run.done[1]!.resolve({ status: 'success' } as IRun);
	fake.pusher.publish(LICENSE_CHANNEL, 'message', socketPayload(LICENSE_EVENTS.message));
	await waitFor(() => run.emitted.length === 3);
	run.done[2]!.resolve({ status: 'error', data: { resultData: { runData: {}, error: { message: 'Bad request' } } } } as unknown as IRun);
	await new Promise((resolve) => setImmediate(resolve));
	await new Promise((resolve) => setImmediate(resolve));
	expect(run.emitted).toHaveLength(3);
	expect(run.emitted.map((emit) => emit[0][0].json.event)).toEqual(['messageStatus', 'messageStatus', 'message']);
});

test('event filter: selected names only; "Any Other Event" passes undocumented names only', async () => {
	const { run } = await startRealtime(fake, { parameters: { events: ['message', CHATAPP_OTHER_EVENTS] } });
	running = run;
	await waitSubscribed(fake, [LICENSE_CHANNEL]);
	fake.pusher.publish(LICENSE_CHANNEL, 'chatTag', socketPayload(LICENSE_EVENTS.chatTag));
	fake.pusher.publish(LICENSE_CHANNEL, 'messageStatus', socketPayload(LICENSE_EVENTS.messageStatus));
	fake.pusher.publish(LICENSE_CHANNEL, 'somethingNew', socketPayload({ data: [{ x: 1 }], meta: { type: 'somethingNew' } }));
	fake.pusher.publish(LICENSE_CHANNEL, 'message', socketPayload(LICENSE_EVENTS.message));
	await waitFor(() => run.emitted.length === 2);
	// The server delivers in order: the last publish arrived, so nothing else is coming.
	expect(jsonOf(run.emitted).map((i) => i.event)).toEqual(['somethingNew', 'message']);
});

test('payload shapes: double-encoded, bare {data,meta}, empty data[], and unknown shapes passed through', async () => {
	const { run } = await startRealtime(fake, {});
	running = run;
	await waitSubscribed(fake, [LICENSE_CHANNEL]);
	// Double-encoded data string.
	fake.pusher.publishFrame(
		LICENSE_CHANNEL,
		JSON.stringify({ event: 'message', channel: LICENSE_CHANNEL, data: JSON.stringify(JSON.stringify(socketPayload(LICENSE_EVENTS.message))) }),
	);
	fake.pusher.publish(LICENSE_CHANNEL, 'chatRead', { data: [{ chat: { id: 'x' } }], meta: { type: 'chatRead' } });
	fake.pusher.publish(LICENSE_CHANNEL, 'chatRead', { payload: { data: [], meta: { type: 'chatRead' } } });
	fake.pusher.publish(LICENSE_CHANNEL, 'chatStatus', { unexpected: true });
	fake.pusher.publishFrame(LICENSE_CHANNEL, JSON.stringify({ event: 'chatStatus', channel: LICENSE_CHANNEL, data: 'not json' }));
	await waitFor(() => run.emitted.length === 4);
	const items = jsonOf(run.emitted);
	expect(items[0]).toMatchObject({ event: 'message', item: { id: 696 } });
	expect(items[1]).toMatchObject({ event: 'chatRead', item: { chat: { id: 'x' } }, chatId: 'x' });
	expect(items[2]).toMatchObject({ event: 'chatStatus', item: { unexpected: true }, meta: {}, licenseId: LICENSE });
	expect(items[3]).toMatchObject({ event: 'chatStatus', item: 'not json' });
});

test('configuration errors are thrown at activation', async () => {
	await expect(startRealtime(fake, { parameters: { licenseMessengers: [] } })).rejects.toThrow('Select at least one channel');
	await expect(startRealtime(fake, { parameters: { licenseMessengers: ['1229'] } })).rejects.toThrow(NodeOperationError);
	await expect(startRealtime(fake, { parameters: { licenseMessengers: [], companyIds: '7 x.y' } })).rejects.toThrow('Invalid company ID');
	await expect(startRealtime(fake, { parameters: { events: [] } })).rejects.toThrow('Select at least one event');
	await expect(startRealtime(fake, { credentials: { wsPort: 70000 } })).rejects.toThrow('Realtime Socket Port');
	expect(fake.pusher.connectionsTotal).toBe(0);
});

test('helpers: channels, pairs, settings and the default event list', () => {
	expect(parseChatAppChannel('private-v1.licenses.1229.messengers.grWhatsApp')).toEqual({ kind: 'licenseMessenger', licenseId: 1229, messengerType: 'grWhatsApp' });
	expect(parseChatAppChannel('private-v1.companies.7')).toEqual({ kind: 'company', companyId: 7 });
	expect(parseChatAppChannel('private-v1.users.4242')).toEqual({ kind: 'user', userId: '4242' });
	expect(parseChatAppChannel('presence-x')).toBeUndefined();
	expect(parseLicenseMessengerPair('1229/grWhatsApp')).toEqual({ licenseId: '1229', messengerType: 'grWhatsApp' });
	expect(parseLicenseMessengerPair(' 1229 : telegram ')).toEqual({ licenseId: '1229', messengerType: 'telegram' });
	expect(parseLicenseMessengerPair('1229')).toBeUndefined();
	expect(chatAppRealtimeItems('message', 'private-v1.users.5', { payload: { data: [{ id: 1 }], meta: { userId: 9 } } })[0]).toMatchObject({ userId: '5' });

	expect(chatAppRealtimeSettings({}).settings).toEqual({
		appKey: 'ChatsAppApiProdKey',
		host: 'socket.chatapp.online',
		port: 6001,
		useTLS: true,
		authEndpoint: 'https://api.chatapp.online/broadcasting/auth',
	});
	expect(chatAppRealtimeSettings({ wsHost: 'wss://socket.example.com:7001/app/key', apiBaseUrl: 'https://api.example.com/v1/' }).settings).toMatchObject({
		host: 'socket.example.com',
		port: 7001,
		authEndpoint: 'https://api.example.com/broadcasting/auth',
	});
	expect(chatAppRealtimeSettings({ authEndpoint: '/custom/auth', apiBaseUrl: 'http://127.0.0.1:9' }).settings?.authEndpoint).toBe('http://127.0.0.1:9/custom/auth');

	const description = new ChatAppRealtimeTrigger().description;
	const events = description.properties.find((p) => p.name === 'events');
	expect(events?.default).toEqual([...CHATAPP_EVENTS.map((e) => e.name), CHATAPP_OTHER_EVENTS]);
	expect(description.inputs).toEqual([]);
	expect(description.name).toBe('chatAppRealtimeTrigger');
});
