import Pusher from 'pusher-js';

import { classifyPusherCloseCode, describePusherClose } from '../../../nodes/shared/pusher/closeCodes';
import { PusherClient } from '../../../nodes/shared/pusher/client';
import { waitFor } from '../../harness/deferred';
import type { FakeChatApp } from '../../servers/pusher';
import { startFakeChatApp } from '../../servers/pusher';
import { LICENSE_CHANNEL } from '../../ChatApp/realtime/fixtures';
import { recordingClient } from './helpers';
import { trackResources } from '../../ChatApp/realtime/resources';

/** The n8n-free client alone, with an authorizer that signs through the fake's /broadcasting/auth. */
let fake: FakeChatApp;
let clients: PusherClient[] = [];

beforeEach(async () => {
	fake = await startFakeChatApp();
	clients = [];
});

afterEach(async () => {
	await Promise.all(clients.map(async (c) => await c.close()));
	await fake.close();
});

function makeClient(overrides: Partial<ConstructorParameters<typeof PusherClient>[0]> = {}) {
	const made = recordingClient(fake, { backoffCapMs: 200, maxDowntimeMs: 10000, ...overrides });
	clients.push(made.client);
	return made;
}

test('close-code policy table', () => {
	expect([4000, 4001, 4009, 4099, 4100, 4199, 4200, 4201, 4299, 4300, 4301, 1000, 1002, 1006].map(classifyPusherCloseCode)).toEqual([
		'tls',
		'refused',
		'refused',
		'refused',
		'backoff',
		'backoff',
		'retry',
		'retry',
		'retry',
		'refused',
		'refused',
		'reconnect',
		'backoff',
		'reconnect',
	]);
	expect(describePusherClose(4001, 'App does not exist')).toBe('code 4001 (the app key does not exist on this server): "App does not exist"');
});

test('4100 is backed off by the client (capped exponential), not pusher-js\'s fixed second', async () => {
	const { client, statuses } = makeClient();
	client.start();
	await waitFor(() => client.healthy);
	fake.pusher.closeNewConnectionsWith = { code: 4100, reason: 'Over capacity' };
	fake.pusher.closeAll(4100, 'Over capacity');
	await waitFor(() => statuses.filter((s) => s.type === 'reconnecting').length >= 3, { what: 'three backoffs' });
	fake.pusher.closeNewConnectionsWith = undefined;
	await waitFor(() => client.healthy, { what: 'recovered' });
	// random() = 1 → the full step: 40, 80, 160 (then capped at 200).
	expect(statuses.filter((s) => s.type === 'reconnecting').slice(0, 3).map((s) => s.delayMs)).toEqual([40, 80, 160]);
});

test('4100 during the handshake (before connection_established) is backed off too', async () => {
	fake.pusher.closeNewConnectionsWith = { code: 4100, reason: 'Over capacity', beforeHandshake: true };
	const { client, statuses } = makeClient();
	client.start();
	await waitFor(() => statuses.filter((s) => s.type === 'reconnecting').length >= 2, { what: 'two backoffs' });
	fake.pusher.closeNewConnectionsWith = undefined;
	await waitFor(() => client.healthy, { what: 'recovered' });
	expect(statuses.filter((s) => s.type === 'reconnecting').slice(0, 2).map((s) => s.delayMs)).toEqual([40, 80]);
	// One connection per backoff step plus the first: pusher-js's own 1 s retry was cancelled each time.
	expect(fake.pusher.connectionsTotal).toBe(statuses.filter((s) => s.type === 'reconnecting').length + 1);
});

test('4200 once: immediate; 4200 again before the channel is back: backoff', async () => {
	const { client, statuses } = makeClient();
	client.start();
	await waitFor(() => client.healthy);
	fake.pusher.closeAll(4200, 'once');
	await waitFor(() => fake.pusher.connectionsTotal === 2 && client.healthy, { what: 'immediate reconnect' });
	expect(statuses.filter((s) => s.type === 'reconnecting')).toEqual([]);
	fake.pusher.closeNewConnectionsWith = { code: 4200, reason: 'flapping' };
	fake.pusher.closeAll(4200, 'again');
	await waitFor(() => statuses.some((s) => s.type === 'reconnecting'), { what: 'a backoff' });
	fake.pusher.closeNewConnectionsWith = undefined;
	await waitFor(() => client.healthy, { what: 'recovered' });
	// The connection had not stayed up healthyAfterMs: this is the second failure in a row (40 · 2).
	expect(statuses.find((s) => s.type === 'reconnecting')?.delayMs).toBe(80);
});

test('transient authorization errors are retried per channel; permanent ones end the client', async () => {
	fake.api.forceAuthStatus = 502;
	const transient = makeClient();
	transient.client.start();
	await waitFor(() => transient.statuses.filter((s) => s.type === 'channelRetry').length >= 2);
	fake.api.forceAuthStatus = undefined;
	await waitFor(() => transient.client.healthy);
	expect(transient.failures).toEqual([]);

	fake.api.forceAuthStatus = 403;
	const permanent = makeClient();
	permanent.client.start();
	await waitFor(() => permanent.failures.length === 1);
	expect(permanent.failures[0].kind).toBe('authorization');
	expect(permanent.failures[0].details.channel).toBe(LICENSE_CHANNEL);
	expect(permanent.client.state).toBe('stopped');
});

test('stale authorizations (socket changed meanwhile) are dropped, not sent with the old signature', async () => {
	let release!: () => void;
	const gate = new Promise<void>((resolve) => (release = resolve));
	let calls = 0;
	const token = fake.api.issueTokens().accessToken;
	const { client } = makeClient({
		authorize: async (socketId, channelName) => {
			calls++;
			if (calls === 1) await gate;
			const response = await fetch(`${fake.baseUrl}/broadcasting/auth`, {
				method: 'POST',
				headers: { authorization: token, 'content-type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams({ socket_id: socketId, channel_name: channelName }),
			});
			return (await response.json()) as { auth: string };
		},
	});
	client.start();
	await waitFor(() => calls === 1 && fake.pusher.connections.size === 1);
	fake.pusher.closeAll(4200, 'reconnect');
	await waitFor(() => fake.pusher.connectionsTotal === 2);
	await waitFor(() => [...fake.pusher.connections].length === 1 && [...fake.pusher.connections][0].socketId === client.socketId);
	release();
	await waitFor(() => client.healthy);
	expect(fake.pusher.subscribes.every((s) => s.ok)).toBe(true);
});

test('closing many clients leaves nothing in pusher-js\'s static instance list, network dispatcher or timers', async () => {
	const tracked = trackResources();
	try {
		const network = (Pusher as unknown as { Runtime: { getNetwork(): { callbacks: { _callbacks: Record<string, unknown[]> } } } }).Runtime.getNetwork();
		const count = () => Object.values(network.callbacks._callbacks).reduce((n, list) => n + (list?.length ?? 0), 0);
		const instancesBefore = Pusher.instances.length;
		const bindingsBefore = count();
		const batch = Array.from({ length: 10 }, () => makeClient().client);
		for (const client of batch) client.start();
		expect(Pusher.instances.length).toBe(instancesBefore + 10);
		expect(count()).toBe(bindingsBefore + 20);
		await waitFor(() => batch.every((c) => c.healthy));
		await Promise.all(batch.map(async (c) => await c.close()));
		expect(Pusher.instances.length).toBe(instancesBefore);
		expect(count()).toBe(bindingsBefore);
		await waitFor(() => tracked.live().length === 0, { what: `nothing left (${tracked.summary().join('; ')})` });
		await waitFor(() => fake.pusher.connections.size === 0);
	} finally {
		tracked.stop();
	}
});
