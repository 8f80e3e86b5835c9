import { randomBytes } from 'crypto';

import type { CableClientOptions, ConnectedInfo, ConnectionEnd } from '../../../nodes/shared/actioncable';
import { CableClient, CableError, identifierFor, markFatal } from '../../../nodes/shared/actioncable';
import { waitFor } from '../../harness/deferred';
import { ActionCableTestServer, ensureRubyActionCable } from '../../servers/actioncable/server';
import { confirmThenClose, FakeCable, standardBehaviour } from '../../Chatwoot/realtime/fakeCable';
import { expectNoLeaks, resourceCounts } from '../../harness/leaks';

jest.setTimeout(60_000);

const PARAMS = { channel: 'RoomChannel', pubsub_token: 'tok', account_id: 1, user_id: 1 };
const ID = identifierFor(PARAMS);

interface Recorder {
	messages: unknown[];
	connected: ConnectedInfo[];
	disconnects: Array<{ end: ConnectionEnd; delay: number }>;
	fatal: Error[];
}

function client(url: string, overrides: Partial<CableClientOptions> = {}): { client: CableClient; rec: Recorder } {
	const rec: Recorder = { messages: [], connected: [], disconnects: [], fatal: [] };
	const c = new CableClient({
		url,
		origin: 'http://chat.example.test',
		params: () => PARAMS,
		onMessage: (m) => rec.messages.push(m),
		onConnected: (info) => rec.connected.push(info),
		onDisconnected: (end, delay) => rec.disconnects.push({ end, delay }),
		onFatal: (error) => rec.fatal.push(error),
		timing: { confirmTimeoutMs: 500, staleAfterMs: 400, reconnectBaseMs: 20, reconnectCapMs: 100, closeGraceMs: 200 },
		...overrides,
	});
	return { client: c, rec };
}

describe('CableClient against the Ruby ActionCable server', () => {
	let cable: ActionCableTestServer;
	const token = `utok-${randomBytes(6).toString('hex')}`;

	beforeAll(async () => {
		ensureRubyActionCable();
		cable = await ActionCableTestServer.start({ users: [{ pubsub_token: token, id: 3, accounts: [1, 2] }] });
	}, 15 * 60 * 1000);

	afterAll(async () => {
		await cable?.stop();
	});

	test('subscribes (subprotocol, identifier echo), streams both user and account streams, keeps presence alive', async () => {
		const baseline = resourceCounts();
		const params = { channel: 'RoomChannel', pubsub_token: token, account_id: 2, user_id: 3 };
		const { client: c, rec } = client(cable.wsUrl, {
			params: () => params,
			timing: { presenceIntervalMs: 150, staleAfterMs: 5000, confirmTimeoutMs: 3000 },
		});
		expect(c.perform('update_presence')).toBe(false);
		c.start();
		await waitFor(() => rec.connected.length === 1, { what: 'confirmation' });
		expect(c.state).toBe('subscribed');
		expect(rec.connected[0]).toEqual({ reconnected: false, previous: undefined });
		await cable.broadcast('account_2', 'message.created', { id: 1, account_id: 2 });
		await cable.broadcast(token, 'notification.created', { notification: { id: 9 }, account_id: 2 });
		await waitFor(() => rec.messages.length >= 3, { what: 'messages' });
		expect(rec.messages).toEqual(
			expect.arrayContaining([
				{ event: 'presence.update', data: { account_id: 2, users: {}, contacts: {} } },
				{ event: 'message.created', data: { id: 1, account_id: 2 } },
				{ event: 'notification.created', data: { notification: { id: 9 }, account_id: 2 } },
			]),
		);
		await waitFor(async () => (await cable.state()).performs.filter((p) => p.account_id === 2).length >= 2, { what: 'update_presence performs' });
		await c.close();
		expect(c.state).toBe('closed');
		expect(rec.fatal).toEqual([]);
		await expectNoLeaks(baseline);
	});

	test('an unknown token gets no answer: two unconfirmed subscriptions (params refreshed) → auth error', async () => {
		const refreshes: boolean[] = [];
		const { client: c, rec } = client(cable.wsUrl, {
			params: ({ refresh }) => {
				refreshes.push(refresh);
				return { channel: 'RoomChannel', pubsub_token: 'nobody', account_id: 1, user_id: 3 };
			},
			timing: { confirmTimeoutMs: 400, staleAfterMs: 5000, reconnectBaseMs: 10, reconnectCapMs: 20 },
		});
		c.start();
		await waitFor(() => rec.fatal.length > 0, { what: 'auth error' });
		expect(rec.fatal[0]).toBeInstanceOf(CableError);
		expect((rec.fatal[0] as CableError).kind).toBe('auth');
		expect(rec.fatal[0].message).toBe('The server did not confirm the realtime subscription within 0.4 s');
		expect(refreshes).toEqual([false, true]);
		expect(rec.disconnects.map((d) => d.end.reason)).toEqual(['subscription_timeout']);
		expect(c.state).toBe('failed');
		await c.close();
		expect(rec.fatal).toHaveLength(1);
	});

	test('a real server restart: the client reconnects with backoff and resubscribes', async () => {
		const params = { channel: 'RoomChannel', pubsub_token: token, account_id: 1, user_id: 3 };
		const { client: c, rec } = client(cable.wsUrl, { params: () => params, timing: { staleAfterMs: 5000, confirmTimeoutMs: 3000 } });
		c.start();
		await waitFor(() => rec.connected.length === 1, { what: 'first subscription' });
		await cable.kill();
		await waitFor(() => rec.disconnects.length >= 2, { what: 'failed reconnects while down' });
		await cable.start();
		await waitFor(() => rec.connected.length === 2, { what: 'resubscribed' });
		expect(rec.connected[1].reconnected).toBe(true);
		expect(rec.connected[1].previous?.lastFrameAt).toBeGreaterThan(0);
		expect(rec.disconnects[0].end).toMatchObject({ reason: 'closed', confirmed: true });
		expect(rec.disconnects.slice(1).every((d) => !d.end.confirmed)).toBe(true);
		await cable.broadcast('account_1', 'message.created', { id: 2, account_id: 1 });
		await waitFor(() => rec.messages.some((m) => (m as { data: { id: number } }).data.id === 2), { what: 'message after restart' });
		await c.close();
		expect(rec.fatal).toEqual([]);
	});
});

describe('CableClient against a scripted ws server', () => {
	let fake: FakeCable | undefined;

	afterEach(async () => {
		await fake?.close();
		fake = undefined;
	});

	test('sends the actioncable-v1-json subprotocol and the Origin header', async () => {
		fake = await FakeCable.start(standardBehaviour());
		const { client: c, rec } = client(fake.url);
		c.start();
		await waitFor(() => rec.connected.length === 1, { what: 'subscription' });
		const headers = fake.connections[0].request.headers;
		expect(headers['sec-websocket-protocol']).toBe('actioncable-v1-json');
		expect(headers.origin).toBe('http://chat.example.test');
		expect(fake.connections[0].commands[0]).toEqual({ command: 'subscribe', identifier: ID });
		expect(c.perform('update_presence')).toBe(true);
		await waitFor(() => fake!.connections[0].commands.length === 2, { what: 'perform' });
		expect(fake.connections[0].commands[1]).toEqual({ command: 'message', identifier: ID, data: '{"action":"update_presence"}' });
		await c.close();
	});

	test('messages before the confirmation are delivered after it; foreign, malformed and binary frames are ignored', async () => {
		fake = await FakeCable.start((connection) => {
			connection.onCommand((command) => {
				connection.message(command.identifier, { event: 'early', data: {} });
				connection.send('not json');
				connection.send({ identifier: '{"channel":"Other"}', message: { event: 'foreign', data: {} } });
				connection.ws.send(Buffer.from([1, 2, 3]), { binary: true });
				connection.confirm(command.identifier);
				connection.message(command.identifier, { event: 'late', data: { n: 1 } });
			});
			connection.welcome();
		});
		const { client: c, rec } = client(fake.url);
		c.start();
		await waitFor(() => rec.messages.length === 2, { what: 'messages' });
		expect(rec.messages).toEqual([
			{ event: 'early', data: {} },
			{ event: 'late', data: { n: 1 } },
		]);
		await c.close();
	});

	test('ping silence on an open socket: stale after the timeout, reconnect, previous frame times reported', async () => {
		fake = await FakeCable.start((connection, index) => {
			standardBehaviour(50)(connection);
			if (index === 0) setTimeout(() => connection.stopPings(), 200);
		});
		const { client: c, rec } = client(fake.url, { timing: { staleAfterMs: 300, confirmTimeoutMs: 500, reconnectBaseMs: 10, reconnectCapMs: 20 } });
		c.start();
		await waitFor(() => rec.connected.length === 2, { what: 'reconnect after silence' });
		expect(rec.disconnects[0].end).toMatchObject({ reason: 'stale', confirmed: true });
		expect(rec.disconnects[0].end.lastServerTime).toBeGreaterThan(1_700_000_000);
		expect(rec.connected[1]).toMatchObject({ reconnected: true, previous: { reason: 'stale' } });
		await c.close();
		expect(rec.fatal).toEqual([]);
	});

	test('reject_subscription: params re-read, then an auth error', async () => {
		fake = await FakeCable.start((connection) => {
			connection.onCommand((command) => connection.send({ identifier: command.identifier, type: 'reject_subscription' }));
			connection.welcome();
		});
		const refresh: boolean[] = [];
		const { client: c, rec } = client(fake.url, {
			params: (ctx) => {
				refresh.push(ctx.refresh);
				return PARAMS;
			},
		});
		c.start();
		await waitFor(() => rec.fatal.length === 1, { what: 'auth error' });
		expect(rec.fatal[0]).toMatchObject({ kind: 'auth', message: 'The server rejected the realtime subscription' });
		expect(refresh).toEqual([false, true]);
		await c.close();
	});

	test('no welcome: counted as a failure, not as an auth problem', async () => {
		fake = await FakeCable.start(() => undefined);
		const { client: c, rec } = client(fake.url, { timing: { confirmTimeoutMs: 100, maxConsecutiveFailures: 2, reconnectBaseMs: 5, reconnectCapMs: 5 } });
		c.start();
		await waitFor(() => rec.fatal.length === 1, { what: 'too many failures' });
		expect(rec.fatal[0]).toMatchObject({ kind: 'too_many_failures', attempts: 2 });
		expect(rec.disconnects.map((d) => d.end.reason)).toEqual(['no_welcome', 'no_welcome']);
		await c.close();
	});

	test('a refused upgrade (proxy without WebSocket support) ends in too_many_failures with the HTTP status', async () => {
		fake = await FakeCable.start(standardBehaviour());
		fake.refuseWith = 404;
		const { client: c, rec } = client(fake.url, { timing: { maxConsecutiveFailures: 3, reconnectBaseMs: 5, reconnectCapMs: 10 } });
		c.start();
		await waitFor(() => rec.fatal.length === 1, { what: 'fatal' });
		const error = rec.fatal[0] as CableError;
		expect(error.kind).toBe('too_many_failures');
		expect(error.end).toMatchObject({ reason: 'handshake_failed', statusCode: 404 });
		expect(error.message).toBe('Could not keep the realtime connection after 3 attempts in a row: the WebSocket upgrade was refused with HTTP 404');
		expect(rec.disconnects.map((d) => d.delay).every((d) => d >= 2 && d <= 10)).toBe(true);
		await c.close();
	});

	test('a subscription that stays up for healthyAfterMs resets the failure count', async () => {
		fake = await FakeCable.start(confirmThenClose(5));
		// healthyAfterMs 0: every confirmed subscription is healthy, so one failure at a time never adds up.
		const { client: c, rec } = client(fake.url, { timing: { maxConsecutiveFailures: 1, healthyAfterMs: 0, reconnectBaseMs: 5, reconnectCapMs: 5 } });
		c.start();
		await waitFor(() => rec.connected.length >= 4, { what: 'several confirmed connections' });
		expect(rec.fatal).toEqual([]);
		await c.close();
	});

	test('a server that confirms, then closes: the flaps count as failures, delays grow, the limit is reported (issue 14.4)', async () => {
		fake = await FakeCable.start(confirmThenClose(5));
		const { client: c, rec } = client(fake.url, {
			random: () => 1,
			timing: { maxConsecutiveFailures: 4, healthyAfterMs: 60_000, reconnectBaseMs: 5, reconnectCapMs: 1000 },
		});
		c.start();
		await waitFor(() => rec.fatal.length === 1, { what: 'fatal after the flaps' });
		expect(rec.connected.length).toBe(5);
		expect(rec.disconnects.map((d) => d.delay)).toEqual([5, 10, 20, 40]);
		expect(rec.fatal[0]).toMatchObject({ kind: 'too_many_failures', attempts: 4 });
		await c.close();
	});

	test('a flapping server within the reconnect timeout: reported as unstable once the downtime is spent (issue 14.4)', async () => {
		fake = await FakeCable.start(confirmThenClose(5));
		const { client: c, rec } = client(fake.url, {
			timing: { maxConsecutiveFailures: 1000, healthyAfterMs: 60_000, maxDowntimeMs: 300, reconnectBaseMs: 5, reconnectCapMs: 20 },
		});
		c.start();
		await waitFor(() => rec.fatal.length === 1, { what: 'unstable error' });
		expect(rec.fatal[0]).toMatchObject({ kind: 'unstable' });
		expect(rec.fatal[0].message).toMatch(/^No realtime connection stayed up for 60 s within \d+ s \(\d+ attempts\)/);
		expect(rec.connected.length).toBeGreaterThan(1);
		await c.close();
	});

	test('disconnect frames: reconnect:true → reconnect, reconnect:false → fatal server_disconnect', async () => {
		fake = await FakeCable.start((connection, index) => {
			standardBehaviour()(connection);
			connection.onCommand(() =>
				setTimeout(() => connection.send({ type: 'disconnect', reason: index === 0 ? 'server_restart' : 'unauthorized', reconnect: index === 0 }), 5),
			);
		});
		const { client: c, rec } = client(fake.url);
		c.start();
		await waitFor(() => rec.fatal.length === 1, { what: 'fatal disconnect' });
		expect(rec.connected).toHaveLength(2);
		expect(rec.disconnects[0].end).toMatchObject({ reason: 'disconnect', disconnectReason: 'server_restart', reconnect: true });
		expect(rec.fatal[0]).toMatchObject({ kind: 'server_disconnect' });
		expect(rec.fatal[0].message).toContain('unauthorized');
		await c.close();
	});

	test('close() is idempotent and immediate in every state: params pending, handshake, backoff wait', async () => {
		const baseline = resourceCounts();
		// params pending forever
		const pending = client('ws://127.0.0.1:9/cable', { params: () => new Promise(() => undefined) });
		pending.client.start();
		await Promise.all([pending.client.close(), pending.client.close()]);
		expect(pending.client.state).toBe('closed');

		// waiting out a long backoff after a failed attempt
		fake = await FakeCable.start(standardBehaviour());
		fake.refuseWith = 503;
		const waiting = client(fake.url, { timing: { reconnectBaseMs: 60_000, reconnectCapMs: 60_000 } });
		waiting.client.start();
		await waitFor(() => waiting.client.state === 'waiting', { what: 'backoff wait' });
		await waiting.client.close();
		expect(waiting.rec.fatal).toEqual([]);

		// a failure reported earlier is not repeated by close()
		const params = client(fake.url, { params: () => Promise.reject(markFatal(new Error('bad token'))) });
		params.client.start();
		await waitFor(() => params.rec.fatal.length === 1, { what: 'fatal params' });
		expect(params.rec.fatal[0].message).toBe('bad token');
		await params.client.close();
		expect(params.rec.fatal).toHaveLength(1);
		await fake.close();
		fake = undefined;
		await expectNoLeaks(baseline);
	});
});
