import type { RealtimeStatus } from '../../../nodes/shared/pusher/client';
import { PusherClient } from '../../../nodes/shared/pusher/client';
import { waitFor } from '../../harness/deferred';
import type { FakeChatApp } from '../../servers/pusher';
import { startFakeChatApp } from '../../servers/pusher';
import { LICENSE_CHANNEL } from '../../ChatApp/realtime/fixtures';
import { recordingClient } from './helpers';

/*
 * Issue 14.4 / 14.6 / 14.7 against the test server behaving as real Pusher servers do:
 * flapping servers (4200/4201/4100 shortly after the subscription), soketi's 4201 close
 * of a client that sends nothing, its graceful shutdown, and a server coming back.
 */
let fake: FakeChatApp;
let clients: PusherClient[] = [];

afterEach(async () => {
	await Promise.all(clients.map(async (c) => await c.close()));
	await fake.close();
});

async function makeClient(overrides: Partial<ConstructorParameters<typeof PusherClient>[0]> = {}, server: Parameters<typeof startFakeChatApp>[0] = {}) {
	fake = await startFakeChatApp(server);
	const made = recordingClient(fake, { backoffCapMs: 320, maxDowntimeMs: 20000, healthyAfterMs: 2000, ...overrides });
	clients.push(made.client);
	return made;
}

const delays = (statuses: RealtimeStatus[]) => statuses.filter((s) => s.type === 'reconnecting').map((s) => s.delayMs);

describe('a server that subscribes and then drops: backoff grows across flaps', () => {
	for (const code of [4200, 4201, 4100]) {
		test(`${code} 30 ms after each subscription`, async () => {
			const { client, statuses, failures } = await makeClient();
			fake.pusher.closeAfterSubscribe = { code, afterMs: 30 };
			client.start();
			await waitFor(() => delays(statuses).length >= 5, { what: 'five paced reconnects', timeoutMs: 10000 });
			// random() = 1 → the full step, doubling from 40 ms up to the 320 ms cap; never reset by the brief subscriptions.
			const expected = code === 4100 ? [40, 80, 160, 320, 320] : [80, 160, 320, 320, 320];
			expect(delays(statuses).slice(0, 5)).toEqual(expected);
			// One channel authorization per connection, no storm.
			expect(fake.api.count('/broadcasting/auth')).toBeLessThanOrEqual(fake.pusher.connectionsTotal);
			expect(failures).toEqual([]);
		});
	}

	test('the reconnect timeout is reported although every flap subscribed for a moment', async () => {
		const { client, failures } = await makeClient({ maxDowntimeMs: 1500, backoffCapMs: 200 });
		fake.pusher.closeAfterSubscribe = { code: 4200, afterMs: 30 };
		client.start();
		await waitFor(() => failures.length === 1, { what: 'the downtime failure', timeoutMs: 10000 });
		expect(failures[0].kind).toBe('unavailable');
		expect(failures[0].message).toContain('within 1.5 s');
		expect(failures[0].message).toMatch(/\d+ failed or short-lived connection/);
		const attempts = fake.pusher.connectionsTotal;
		await new Promise((r) => setTimeout(r, 300));
		expect(fake.pusher.connectionsTotal).toBe(attempts);
	});

	test('a connection that stayed up healthyAfterMs resets the backoff', async () => {
		const { client, statuses } = await makeClient({ healthyAfterMs: 300 });
		fake.pusher.closeAfterSubscribe = { code: 4200, afterMs: 30 };
		client.start();
		await waitFor(() => delays(statuses).length >= 3, { what: 'three paced reconnects' });
		fake.pusher.closeAfterSubscribe = undefined;
		await waitFor(() => client.healthy, { what: 'subscribed' });
		await new Promise((r) => setTimeout(r, 500));
		const before = delays(statuses).length;
		const connections = fake.pusher.connectionsTotal;
		fake.pusher.closeAll(4200, 'one more');
		await waitFor(() => fake.pusher.connectionsTotal > connections && client.healthy, { what: 'immediate reconnect' });
		expect(delays(statuses).length).toBe(before);
	});
});

describe('real servers: keep-alive, graceful shutdown, return', () => {
	test('soketi closes a client that sent nothing (4201); the client pings on its own even on a busy channel', async () => {
		const { client, events } = await makeClient({ activityTimeoutMs: 150 }, { idleCloseMs: 600 });
		client.start();
		await waitFor(() => client.healthy);
		// An event every 30 ms: pusher-js's own activity timer (reset by what it receives) never pings.
		const busy = setInterval(() => fake.pusher.publish(LICENSE_CHANNEL, 'message', { payload: { data: [], meta: {} } }), 30);
		try {
			await waitFor(() => events.length >= 60, { what: 'two seconds of events', timeoutMs: 10000 });
		} finally {
			clearInterval(busy);
		}
		expect(fake.pusher.idleCloses).toBe(0);
		expect(fake.pusher.connectionsTotal).toBe(1);
		expect(client.counters.pings).toBeGreaterThan(0);
	});

	test('graceful shutdown (4200 for every connection, then down, then back): few attempts, back well before pusher-js would be', async () => {
		const { client, recoveries, failures } = await makeClient({ backoffBaseMs: 200, backoffCapMs: 2000, probeIntervalMs: 200 });
		client.start();
		await waitFor(() => client.healthy);
		const lostAt = Date.now();
		const restart = fake.gracefulRestart(1500, 1500);
		await restart;
		// pusher-js's immediate-retry rule alone made hundreds of connections per second of shutdown.
		expect(fake.pusher.connectionsTotal).toBeLessThanOrEqual(8);
		const back = Date.now();
		// pusher-js alone waits 10 s ("unavailable") + 5 s after a refused attempt.
		await waitFor(() => client.healthy, { what: 'resubscribed after the return', timeoutMs: 5000 });
		expect(Date.now() - back).toBeLessThan(5000);
		expect(recoveries).toHaveLength(1);
		expect(recoveries[0].since).toBeGreaterThanOrEqual(lostAt);
		expect(recoveries[0].since).toBeLessThan(back);
		expect(failures).toEqual([]);
	});

	test('server down and back (connections refused meanwhile): reconnects once it answers', async () => {
		const { client, failures, recoveries } = await makeClient({ probeIntervalMs: 200 });
		client.start();
		await waitFor(() => client.healthy);
		await fake.goDown();
		await new Promise((r) => setTimeout(r, 2500));
		await fake.comeBack();
		await waitFor(() => client.healthy, { what: 'resubscribed after the return', timeoutMs: 5000 });
		expect(recoveries).toHaveLength(1);
		expect(failures).toEqual([]);
	});
});
