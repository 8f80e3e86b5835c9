import { randomBytes } from 'crypto';
import { createServer } from 'net';
import type { Server, Socket } from 'net';
import type { IDataObject, INodeExecutionData, IRun } from 'n8n-workflow';

import { ChatwootRealtimeTrigger } from '../../../nodes/Chatwoot/ChatwootRealtimeTrigger.node';
import { createTriggerEnv, startTrigger } from '../../harness/contexts';
import { finishedRun } from '../../harness/runs';
import { createDeferred, waitFor } from '../../harness/deferred';
import { ActionCableTestServer, ensureRubyActionCable } from '../../servers/actioncable/server';
import { FakeChatwootRest } from './fakeRest';
import { expectNoLeaks, resourceCounts } from '../../harness/leaks';
import { ACCOUNT_ID, everyEvent, messagePush, conversationPush, reloadedConversationEvent, SECRET_CONTACT_TOKEN } from './payloads';

jest.setTimeout(60_000);

const USER_ID = 1;
let userToken: string;
let cable: ActionCableTestServer;
let rest: FakeChatwootRest;

beforeAll(async () => {
	ensureRubyActionCable();
	userToken = `utok-${randomBytes(8).toString('hex')}`;
	cable = await ActionCableTestServer.start({ users: [{ pubsub_token: userToken, id: USER_ID, accounts: [ACCOUNT_ID] }] });
}, 15 * 60 * 1000);

afterAll(async () => {
	await cable?.stop();
});

beforeEach(async () => {
	rest = await FakeChatwootRest.start(userToken, USER_ID);
});

afterEach(async () => {
	await rest?.close();
	if (!cable.running) await cable.start();
});

/**
 * Fast timings for tests; the stale timeout stays above the server's 3 s ping interval.
 * No attempt limit (puma may take seconds to come back on a loaded machine): the
 * reconnect timeout bounds the downtime instead, far above any restart.
 */
const FAST = { subscriptionTimeout: 1, staleAfter: 4.5, reconnectDelay: 0.05, maxReconnectDelay: 0.3, maxReconnectAttempts: 100_000, reconnectTimeout: 50 };

function agentEnv(options: IDataObject = {}, extra: { events?: string[]; staticData?: IDataObject; accountId?: number | string } = {}) {
	return createTriggerEnv({
		nodeType: new ChatwootRealtimeTrigger(),
		parameters: {
			mode: 'agent',
			accountId: extra.accountId ?? ACCOUNT_ID,
			events: extra.events ?? [],
			options: { websocketUrl: cable.wsUrl, ...FAST, ...options },
		},
		credentials: { chatwootApi: { baseUrl: rest.url, accessToken: rest.token } },
		staticData: extra.staticData,
	});
}

const lostRun = (status: IRun['status'], message?: string) => finishedRun(status, message ? { message } : undefined);

const items = (emitted: INodeExecutionData[][][]) => emitted.map((e) => e[0][0].json as { event: string; accountId: number; data: IDataObject; source: string });
const messageIds = (emitted: INodeExecutionData[][][]) =>
	items(emitted)
		.filter((i) => i.event === 'message.created')
		.map((i) => i.data.id as number);

async function subscriptions(): Promise<number> {
	return (await cable.state()).subscriptions.length;
}

/** Subscribed (and streaming) once the presence.update Chatwoot sends on subscribe is emitted. */
async function waitForPresence(emitted: INodeExecutionData[][][], count = 1) {
	await waitFor(() => items(emitted).filter((i) => i.event === 'presence.update').length >= count, {
		what: `presence.update #${count}`,
	});
}

describe('Chatwoot Realtime Trigger against a real ActionCable server', () => {
	test('subscribes as an agent and emits every event type exactly once, without secrets', async () => {
		const baseline = resourceCounts();
		const env = agentEnv();
		const run = await startTrigger(env);
		try {
			await waitForPresence(run.emitted);
			const subscription = (await cable.state()).subscriptions.at(-1)!;
			expect(subscription).toMatchObject({ role: 'user', account_id: ACCOUNT_ID });
			expect(subscription.params).toEqual({ channel: 'RoomChannel', pubsub_token: userToken, account_id: ACCOUNT_ID, user_id: USER_ID });

			const sent = everyEvent(userToken);
			for (const event of sent) await cable.broadcast(event.stream, event.event, event.data);
			await waitFor(() => run.emitted.length >= 1 + sent.length, { what: 'every event' });

			const live = items(run.emitted).slice(1);
			// ActionCable hands broadcasts to a worker pool: their relative order is not guaranteed.
			expect(live.map((i) => i.event).sort()).toEqual(sent.map((s) => s.event).sort());
			const byEvent = (name: string) => live.find((i) => i.event === name)!;
			for (const item of live) {
				expect(item.accountId).toBe(ACCOUNT_ID);
				expect(item.source).toBe('live');
				expect(item.data.account_id).toBe(ACCOUNT_ID);
			}
			expect(byEvent('message.created').data).toMatchObject({ id: 1001, conversation_id: 10, content: 'message 1001', message_type: 0 });
			expect(byEvent('message.updated').data).toMatchObject({ id: 1001, status: 'read', previous_changes: { status: ['sent', 'read'] } });
			expect(byEvent('conversation.created').data).toMatchObject({ id: 11, status: 'open', contact_inbox: { source_id: 'source-11' } });
			expect(byEvent('conversation.status_changed').data).toMatchObject({ id: 10, status: 'resolved' });
			expect(byEvent('conversation.typing_on').data).toMatchObject({ conversation: { id: 10 }, user: { id: 7 }, is_private: false });
			expect(byEvent('contact.merged').data).toMatchObject({ id: 8, type: 'contact' });
			expect(byEvent('notification.created').data).toMatchObject({ notification: { id: 77, primary_actor_id: 10 }, unread_count: 1 });
			expect(byEvent('presence.update').data).toMatchObject({ users: { '1': 'online', '3': 'busy' } });
			const everything = JSON.stringify(run.emitted);
			expect(everything).not.toContain(SECRET_CONTACT_TOKEN);
			expect(everything).not.toContain('pubsub_token');
			expect(everything).not.toContain(userToken);
			expect(run.errors).toEqual([]);
			expect((await cable.state()).connections).toBe(1);
		} finally {
			await run.close();
		}
		await waitFor(async () => (await cable.state()).connections === 0, { what: 'server to see the socket closed' });
		await expectNoLeaks(baseline);
	});

	test('filters: event names, inboxes, conversations, private notes, own actions, other accounts', async () => {
		const env = agentEnv(
			{ inboxIds: [2], conversationIds: '10, 12', excludePrivate: true, excludeOwn: true },
			{ events: ['message.created', 'conversation.status_changed'] },
		);
		const before = await subscriptions();
		const run = await startTrigger(env);
		try {
			// The fake records a subscription once it is confirmed and streaming.
			await waitFor(async () => (await subscriptions()) > before, { what: 'subscription' });
			const account = `account_${ACCOUNT_ID}`;
			const send = (event: string, data: IDataObject) => cable.broadcast(account, event, data);
			await send('message.created', messagePush(1, 10)); // pass
			await send('message.created', messagePush(2, 10, { inbox_id: 3 })); // other inbox
			await send('message.created', messagePush(3, 11)); // other conversation
			await send('message.created', messagePush(4, 10, { private: true })); // private note
			await send('message.created', messagePush(5, 10, { sender_type: 'User', sender_id: USER_ID, sender: { id: USER_ID, type: 'user' } })); // own
			await send('message.created', messagePush(6, 10, { account_id: 99 })); // another account
			await send('message.updated', messagePush(1, 10, { status: 'read' })); // event not selected
			// Chatwoot sends status changes without performer (ActionCableBroadcastJob reloads the conversation), so
			// "exclude own" cannot drop them, whoever acted; "Only When Changed" is what makes them loop-safe (loops.test.ts).
			await send('conversation.status_changed', reloadedConversationEvent(conversationPush(12, { status: 'pending', updated_at: Date.now() / 1000 + 1 }))); // pass
			await send('message.created', messagePush(7, 12, { sender_type: 'User', sender_id: 3 })); // another agent: pass
			await cable.broadcast(userToken, 'presence.update', { account_id: ACCOUNT_ID, users: {} }); // not selected
			await waitFor(() => run.emitted.length >= 3, { what: 'filtered events' });
			await cable.broadcast(account, 'message.created', messagePush(8, 10)); // marker
			await waitFor(() => messageIds(run.emitted).includes(8), { what: 'marker' });
			// The server's worker pool may deliver the marker early; the subscription keeps
			// going, and the two are compared as sets below after everything had time to land.
			await waitFor(() => run.emitted.length >= 4, { what: 'all passing events' });
			expect(items(run.emitted).map((i) => `${i.event} ${i.data.id} ${i.data.status ?? ''}`).sort()).toEqual([
				'conversation.status_changed 12 pending',
				'message.created 1 sent',
				'message.created 7 sent',
				'message.created 8 sent',
			]);
		} finally {
			await run.close();
		}
	});

	test('a bad realtime token gets silence: clear auth error through emitError, no secret in it', async () => {
		rest.profile.pubsub_token = 'rotated-or-unknown-token';
		const baseline = resourceCounts();
		const run = await startTrigger(agentEnv());
		try {
			await waitFor(() => run.errors.length > 0, { what: 'emitError' });
			const error = run.errors[0] as Error & { description?: string };
			expect(error.message).toBe('Chatwoot did not accept the realtime subscription for account 1');
			expect(error.description).toMatch(/No confirmation arrived within 1 s, twice/);
			expect(error.description).toMatch(/password changed/);
			expect(JSON.stringify({ m: error.message, d: error.description })).not.toContain('rotated-or-unknown-token');
			expect(JSON.stringify({ m: error.message, d: error.description })).not.toContain(rest.token);
			expect(rest.count('/api/v1/profile')).toBe(2); // re-read once in case the token rotated
			expect(run.errors).toHaveLength(1);
			expect(run.emitted).toEqual([]);
		} finally {
			await run.close();
		}
		await expectNoLeaks(baseline);
	});

	test('a rotated token heals: the profile is re-read after an unconfirmed subscription', async () => {
		const fresh = `utok-${randomBytes(6).toString('hex')}`;
		await cable.addUser({ pubsub_token: fresh, id: USER_ID, accounts: [ACCOUNT_ID] });
		rest.profile.pubsub_token = 'stale-token';
		const run = await startTrigger(agentEnv());
		try {
			await waitFor(() => rest.count('/api/v1/profile') >= 1, { what: 'first profile read' });
			rest.profile.pubsub_token = fresh; // the password changed: Chatwoot now has a new token
			await waitForPresence(run.emitted);
			expect(run.errors).toEqual([]);
			expect(rest.count('/api/v1/profile')).toBe(2);
		} finally {
			await run.close();
		}
	});

	test('configuration errors are reported at once: wrong account, bad access token', async () => {
		const wrong = await startTrigger(agentEnv({}, { accountId: 5 }));
		try {
			await waitFor(() => wrong.errors.length > 0, { what: 'account error' });
			expect(wrong.errors[0].message).toBe("The token's user is not a member of account 5");
		} finally {
			await wrong.close();
		}
		rest.profileStatus = 401;
		const bad = await startTrigger(agentEnv());
		try {
			await waitFor(() => bad.errors.length > 0, { what: 'auth error' });
			expect(bad.errors[0].message).toBe('Chatwoot rejected the access token');
			expect(bad.emitted).toEqual([]);
		} finally {
			await bad.close();
		}
	});

	test('server restart mid-stream: reconnects, catches up through REST before live events, no duplicates', async () => {
		const staticData: IDataObject = {};
		rest.upsertConversation(10);
		rest.addMessage(10, { id: 100 });
		rest.addMessage(10, { id: 101 });
		const baseline = resourceCounts();
		const run = await startTrigger(agentEnv({}, { staticData }));
		try {
			await waitForPresence(run.emitted);
			const account = `account_${ACCOUNT_ID}`;
			await cable.broadcast(account, 'message.created', messagePush(101, 10));
			const liveConversation = { ...rest.conversations.get(10)! };
			await cable.broadcast(account, 'conversation.updated', liveConversation);
			await waitFor(() => run.emitted.length >= 3, { what: 'events before the restart' });

			await cable.kill();
			// While the server is down: a new message in conversation 10, a new conversation 11.
			rest.addMessage(10, { id: 102 });
			rest.upsertConversation(11, { created_at: Math.floor(Date.now() / 1000) });
			rest.addMessage(11, { id: 103 });
			// The catch-up request is slow; live events arriving meanwhile must wait for it.
			const backfillStarted = createDeferred<void>();
			const releaseBackfill = createDeferred<void>();
			rest.delays.push({ prefix: `/api/v1/accounts/${ACCOUNT_ID}/conversations`, until: releaseBackfill.promise });
			const originalCount = rest.count(`/api/v1/accounts/${ACCOUNT_ID}/conversations`);
			void waitFor(() => rest.count(`/api/v1/accounts/${ACCOUNT_ID}/conversations`) > originalCount, { timeoutMs: 30000 }).then(() =>
				backfillStarted.resolve(),
			);
			await cable.start();

			await backfillStarted.promise;
			await cable.broadcast(account, 'message.created', messagePush(104, 10)); // live, after the gap
			await cable.broadcast(account, 'message.created', messagePush(102, 10)); // a late duplicate of a missed one
			releaseBackfill.resolve();
			await waitFor(() => messageIds(run.emitted).includes(104), { what: 'live event after catch-up' });
			await cable.broadcast(account, 'message.created', messagePush(105, 10));
			await waitFor(() => messageIds(run.emitted).includes(105), { what: 'marker' });

			const all = items(run.emitted);
			const ids = messageIds(run.emitted);
			expect(ids).toEqual([101, 102, 103, 104, 105]);
			const byId = (id: number) => all.find((i) => i.event === 'message.created' && i.data.id === id)!;
			expect(byId(102).source).toBe('backfill');
			expect(byId(103).source).toBe('backfill');
			expect(byId(104).source).toBe('live');
			const index = (pred: (i: (typeof all)[number]) => boolean) => all.findIndex(pred);
			const lastBackfill = Math.max(...all.map((i, n) => (i.source === 'backfill' ? n : -1)));
			expect(index((i) => i.data.id === 104)).toBeGreaterThan(lastBackfill);
			expect(all.filter((i) => i.event === 'conversation.created').map((i) => [i.data.id, i.source])).toEqual([[11, 'backfill']]);
			// conversation 10 changed while down (its new message touched it): emitted once as its latest state
			expect(all.filter((i) => i.event === 'conversation.updated' && i.source === 'backfill').map((i) => i.data.id)).toEqual([10]);
			expect(JSON.stringify(run.emitted)).not.toContain('pubsub_token');
			expect(run.errors).toEqual([]);
			const store = staticData['node:Trigger'] as IDataObject;
			expect(store.lastMessageIds).toMatchObject({ 10: 105, 11: 103 });
		} finally {
			await run.close();
		}
		await expectNoLeaks(baseline);
	});

	test('an n8n restart resumes from the cursor in static data', async () => {
		const staticData: IDataObject = {};
		rest.upsertConversation(20);
		rest.addMessage(20, { id: 200 });
		const first = await startTrigger(agentEnv({}, { staticData }));
		try {
			await waitForPresence(first.emitted);
			await cable.broadcast(`account_${ACCOUNT_ID}`, 'message.created', messagePush(200, 20));
			await waitFor(() => messageIds(first.emitted).includes(200), { what: 'first run event' });
		} finally {
			await first.close();
		}
		rest.addMessage(20, { id: 201 }); // while the workflow was not running
		const second = await startTrigger(agentEnv({}, { staticData: JSON.parse(JSON.stringify(staticData)) }));
		try {
			await waitFor(() => messageIds(second.emitted).includes(201), { what: 'resumed event' });
			const resumed = items(second.emitted).filter((i) => i.event === 'message.created');
			expect(resumed.map((i) => [i.data.id, i.source])).toEqual([[201, 'backfill']]);
			expect(rest.requests.find((r) => r.path.endsWith('/conversations/20/messages'))?.query).toEqual({ after: '200' });
		} finally {
			await second.close();
		}
	});

	test('ping silence: a half-open connection is detected, reopened, and its missed events recovered', async () => {
		rest.upsertConversation(30);
		const run = await startTrigger(agentEnv());
		try {
			await waitForPresence(run.emitted);
			expect(await cable.mute()).toBe(1);
			// Sent while the socket is silently dead: never reaches the client.
			rest.addMessage(30, { id: 300 });
			await cable.broadcast(`account_${ACCOUNT_ID}`, 'message.created', messagePush(300, 30));
			await waitFor(() => messageIds(run.emitted).includes(300), { timeoutMs: 20000, what: 'recovered event' });
			const recovered = items(run.emitted).find((i) => i.data.id === 300)!;
			expect(recovered.source).toBe('backfill');
			expect((await cable.state()).subscriptions.length).toBeGreaterThanOrEqual(2);
			expect(run.errors).toEqual([]);
		} finally {
			await run.close();
		}
	});

	test('disconnect frames: reconnect:true resubscribes, reconnect:false stops with an error', async () => {
		const run = await startTrigger(agentEnv({ catchUp: false }));
		let subscribed = 0;
		try {
			await waitForPresence(run.emitted);
			expect(await cable.restartCable()).toBeGreaterThanOrEqual(1); // {"type":"disconnect","reason":"server_restart","reconnect":true}
			await waitForPresence(run.emitted, 2);
			await cable.broadcast(`account_${ACCOUNT_ID}`, 'message.created', messagePush(400, 40));
			await waitFor(() => messageIds(run.emitted).includes(400), { what: 'event after resubscribe' });
			expect(run.errors).toEqual([]);

			subscribed = (await cable.state()).subscriptions.length;
			// (ActionCable's restart in one process can leave the old connection listed: count >= 1.)
			expect(await cable.disconnectAll(false, 'unauthorized')).toBeGreaterThanOrEqual(1);
			await waitFor(() => run.errors.length > 0, { what: 'fatal disconnect' });
			expect(run.errors[0].message).toBe('Chatwoot closed the realtime connection and asked not to reconnect');
			expect((run.errors[0] as Error & { description: string }).description).toContain('unauthorized');
		} finally {
			await run.close();
		}
		expect(run.errors).toHaveLength(1);
		// The client stopped for good: it never subscribed again.
		expect((await cable.state()).subscriptions.length).toBe(subscribed);
	});

	test('repeated failures past the limit are reported once, with what to fix', async () => {
		await cable.kill();
		const run = await startTrigger(agentEnv({ maxReconnectAttempts: 2, reconnectDelay: 0.05, maxReconnectDelay: 0.05 }));
		try {
			await waitFor(() => run.errors.length > 0, { what: 'too many failures' });
			expect(run.errors[0].message).toBe('Lost the Chatwoot realtime connection after 2 failed reconnects');
			expect((run.errors[0] as Error & { description: string }).description).toMatch(/ECONNREFUSED|closed/);
		} finally {
			await run.close();
		}
		expect(run.errors).toHaveLength(1);
	});

	test('close while connecting: during the profile request, and during the WebSocket handshake', async () => {
		const baseline = resourceCounts();
		const hold = createDeferred<void>();
		rest.delays.push({ prefix: '/api/v1/profile', until: hold.promise });
		const run = await startTrigger(agentEnv());
		await waitFor(() => rest.count('/api/v1/profile') > 0, { what: 'profile request' });
		await run.close();
		await run.close(); // idempotent
		hold.resolve();
		await waitFor(() => rest.requests.length > 0 && rest.count('/api/v1/profile') === 1, { what: 'profile answered' });

		// A server that accepts TCP but never answers the upgrade.
		const sockets: Socket[] = [];
		let closedSockets = 0;
		const blackhole: Server = createServer((socket) => {
			sockets.push(socket);
			socket.on('close', () => closedSockets++);
			socket.resume();
		});
		await new Promise<void>((resolve) => blackhole.listen(0, '127.0.0.1', resolve));
		const port = (blackhole.address() as { port: number }).port;
		const stuck = await startTrigger(agentEnv({ websocketUrl: `ws://127.0.0.1:${port}/cable` }));
		await waitFor(() => sockets.length > 0, { what: 'handshake started' });
		await stuck.close();
		expect(stuck.errors).toEqual([]);
		expect(stuck.emitted).toEqual([]);
		await waitFor(() => closedSockets === sockets.length, { what: 'client gave up the socket' });
		await new Promise<void>((resolve) => blackhole.close(() => resolve()));
		expect(run.emitted).toEqual([]);
		expect(run.errors).toEqual([]);
		await expectNoLeaks(baseline);
	});

	test('manual mode emits the first matching event and closes cleanly', async () => {
		const baseline = resourceCounts();
		const env = agentEnv({}, { events: ['message.created'] });
		const before = await subscriptions();
		const run = await startTrigger(env, 'manual');
		try {
			await waitFor(async () => (await subscriptions()) > before, { what: 'subscription' });
			const connected = (await cable.state()).connections;
			const account = `account_${ACCOUNT_ID}`;
			await cable.broadcast(account, 'message.created', messagePush(500, 50));
			await cable.broadcast(account, 'message.created', messagePush(501, 50));
			const first = await run.firstEmit;
			expect(first[0][0].json).toMatchObject({ event: 'message.created', accountId: ACCOUNT_ID });
			// (the server's worker pool may deliver either broadcast first)
			expect([500, 501]).toContain((first[0][0].json.data as IDataObject).id);
			// The editor's own run: no done-promise, nothing to redeliver.
			expect(run.done[0]).toBeUndefined();
			await waitFor(async () => (await cable.state()).connections < connected, { what: 'socket closed after the first event' });
			await cable.broadcast(account, 'message.created', messagePush(502, 50));
			expect(run.emitted).toHaveLength(1);
		} finally {
			await run.close();
			await run.close();
		}
		await expectNoLeaks(baseline);
	});

	test('queue mode: an event whose execution was lost with its worker is emitted again, at most three times', async () => {
		const env = agentEnv({}, { events: ['message.created'] });
		// The server's subscription list spans the suite: wait for this trigger's own one.
		const before = await subscriptions();
		const run = await startTrigger(env);
		const turn = () => new Promise((resolve) => setImmediate(resolve));
		try {
			await waitFor(async () => (await subscriptions()) > before, { what: 'subscription' });
			const account = `account_${ACCOUNT_ID}`;
			await cable.broadcast(account, 'message.created', messagePush(600, 60));
			await waitFor(() => run.emitted.length === 1, { what: 'first emit' });
			expect(run.done[0]).toBeDefined();

			// Worker killed mid-execution: n8n settles the done-promise with a crashed run.
			run.done[0]!.resolve(lostRun('crashed'));
			await waitFor(() => run.emitted.length === 2, { what: 'second emit' });
			expect(run.emitted[1]).toEqual(run.emitted[0]);
			// Next try: the job stalled on another dying worker (n8n rejects with its MaxStalledCountError).
			run.done[1]!.reject(new Error('This execution failed to be processed too many times and will no longer retry.'));
			await waitFor(() => run.emitted.length === 3, { what: 'third emit' });
			// Third loss: given up (logged), never a fourth execution.
			run.done[2]!.resolve(lostRun('crashed'));
			await turn();
			await turn();
			expect(run.emitted).toHaveLength(3);

			// A run that succeeded or failed in a node is final.
			await cable.broadcast(account, 'message.created', messagePush(601, 60));
			await cable.broadcast(account, 'message.created', messagePush(602, 60));
			await waitFor(() => run.emitted.length === 5, { what: 'two more events' });
			run.done[3]!.resolve(lostRun('success'));
			run.done[4]!.resolve(lostRun('error', 'The resource you are requesting could not be found'));
			await turn();
			await turn();
			expect(messageIds(run.emitted)).toEqual([600, 600, 600, ...messageIds(run.emitted.slice(3))]);
			expect(messageIds(run.emitted.slice(3)).sort()).toEqual([601, 602]);
			expect(run.errors).toEqual([]);
		} finally {
			await run.close();
		}
	});

	test('contact mode: subscribes with the contact pubsub_token from its source_id', async () => {
		const contactToken = `ctok-${randomBytes(6).toString('hex')}`;
		await cable.addContact({ pubsub_token: contactToken, account_id: ACCOUNT_ID });
		rest.contacts.set('src-known', { id: 7, source_id: 'src-known', pubsub_token: contactToken, name: 'Jane' });
		const env = createTriggerEnv({
			nodeType: new ChatwootRealtimeTrigger(),
			parameters: { mode: 'contact', contactSource: 'sourceId', sourceId: 'src-known', events: [], options: { websocketUrl: cable.wsUrl, ...FAST, excludeOwn: true } },
			credentials: { chatwootClientApi: { baseUrl: rest.url, inboxIdentifier: rest.inboxIdentifier, hmacToken: '' } },
		});
		const run = await startTrigger(env);
		try {
			await waitFor(async () => (await cable.state()).subscriptions.some((s) => s.role === 'contact'), { what: 'contact subscription' });
			expect((await cable.state()).subscriptions.find((s) => s.role === 'contact')!.params).toEqual({
				channel: 'RoomChannel',
				pubsub_token: contactToken,
			});
			await cable.broadcast(contactToken, 'message.created', messagePush(600, 60, { message_type: 0, sender_type: 'Contact', sender_id: 7 })); // own
			await cable.broadcast(contactToken, 'message.created', messagePush(601, 60, { message_type: 1, sender_type: 'User', sender_id: 3, sender: { id: 3, type: 'user' } }));
			await cable.broadcast(contactToken, 'conversation.status_changed', conversationPush(60, { status: 'resolved' }));
			await waitFor(() => run.emitted.length >= 2, { what: 'contact events' });
			expect(items(run.emitted).map((i) => [i.event, i.data.id, i.accountId])).toEqual([
				['message.created', 601, ACCOUNT_ID],
				['conversation.status_changed', 60, ACCOUNT_ID],
			]);
			expect(JSON.stringify(run.emitted)).not.toContain(contactToken);
			expect(rest.requests[0]).toMatchObject({ method: 'GET', path: `/public/api/v1/inboxes/${rest.inboxIdentifier}/contacts/src-known` });
		} finally {
			await run.close();
		}
	});

	test('contact mode: messages sent while disconnected are caught up through the Client API', async () => {
		const contactToken = `ctok-${randomBytes(6).toString('hex')}`;
		await cable.addContact({ pubsub_token: contactToken, account_id: ACCOUNT_ID });
		rest.contacts.set('src-bf', { id: 9, source_id: 'src-bf', pubsub_token: contactToken });
		rest.contactConversations.set('src-bf', [70]);
		rest.upsertConversation(70);
		rest.addMessage(70, { id: 700 });
		const env = createTriggerEnv({
			nodeType: new ChatwootRealtimeTrigger(),
			parameters: { mode: 'contact', contactSource: 'sourceId', sourceId: 'src-bf', events: ['message.created'], options: { websocketUrl: cable.wsUrl, ...FAST } },
			credentials: { chatwootClientApi: { baseUrl: rest.url, inboxIdentifier: rest.inboxIdentifier } },
		});
		const before = await subscriptions();
		const run = await startTrigger(env);
		try {
			await waitFor(async () => (await subscriptions()) > before, { what: 'contact subscription' });
			await cable.broadcast(contactToken, 'message.created', messagePush(700, 70));
			await waitFor(() => messageIds(run.emitted).includes(700), { what: 'live message' });
			await cable.kill();
			rest.addMessage(70, { id: 701, message_type: 1, sender: { id: 3, type: 'user' } });
			rest.addMessage(70, { id: 702, private: true, message_type: 1 }); // a private note: the Client API hides it
			await cable.start();
			await waitFor(() => messageIds(run.emitted).includes(701), { what: 'caught-up message' });
			expect(items(run.emitted).map((i) => [i.data.id, i.source])).toEqual([
				[700, 'live'],
				[701, 'backfill'],
			]);
			expect(rest.requests.some((r) => r.path === `/public/api/v1/inboxes/${rest.inboxIdentifier}/contacts/src-bf/conversations/70/messages`)).toBe(true);
		} finally {
			await run.close();
		}
	});

	test('contact mode: creates the contact once and reuses it; unknown source_id is a clear error', async () => {
		rest.onContactCreated = async (contact) =>
			await cable.addContact({ pubsub_token: contact.pubsub_token as string, account_id: ACCOUNT_ID });
		const staticData: IDataObject = {};
		const env = () =>
			createTriggerEnv({
				nodeType: new ChatwootRealtimeTrigger(),
				parameters: { mode: 'contact', contactSource: 'create', contactFields: { name: 'Bridge User', identifier: 'ext-1' }, events: [], options: { websocketUrl: cable.wsUrl, ...FAST } },
				credentials: { chatwootClientApi: { baseUrl: rest.url, inboxIdentifier: rest.inboxIdentifier, hmacToken: rest.hmacToken } },
				staticData,
			});
		for (let round = 0; round < 2; round++) {
			const run = await startTrigger(env());
			try {
				await waitForPresence(run.emitted);
			} finally {
				await run.close();
			}
		}
		const posts = rest.requests.filter((r) => r.method === 'POST');
		expect(posts).toHaveLength(1);
		expect(rest.contacts.size).toBe(1);

		const missing = await startTrigger(
			createTriggerEnv({
				nodeType: new ChatwootRealtimeTrigger(),
				parameters: { mode: 'contact', contactSource: 'sourceId', sourceId: 'nope', events: [], options: { websocketUrl: cable.wsUrl, ...FAST } },
				credentials: { chatwootClientApi: { baseUrl: rest.url, inboxIdentifier: rest.inboxIdentifier } },
			}),
		);
		try {
			await waitFor(() => missing.errors.length > 0, { what: 'unknown contact error' });
			expect(missing.errors[0].message).toBe('No contact with this Source ID in the inbox');
		} finally {
			await missing.close();
		}
	});
});
