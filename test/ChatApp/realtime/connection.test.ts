import { NodeApiError } from 'n8n-workflow';

import { waitFor } from '../../harness/deferred';
import type { FakeChatApp } from '../../servers/pusher';
import { startFakeChatApp } from '../../servers/pusher';
import { COMPANY, COMPANY_CHANNEL, LICENSE_CHANNEL, LICENSE_EVENTS, socketPayload, USER, USER_CHANNEL } from './fixtures';
import { trackResources } from './resources';
import { expectNoSecrets, FAST_OPTIONS, jsonOf, type Running, secretsOf, startRealtime, waitSubscribed } from './helpers';

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

const publishMessage = (id: number, channel = LICENSE_CHANNEL) =>
	fake.pusher.publish(channel, 'message', socketPayload({ ...LICENSE_EVENTS.message, data: [{ id, chat: { id: 'c' } }] }));

async function expectDelivered(run: Running, id: number) {
	const before = run.emitted.length;
	publishMessage(id);
	await waitFor(() => run.emitted.length > before && jsonOf(run.emitted).some((i) => (i.item as { id?: number }).id === id), {
		what: `message ${id}`,
	});
}

describe('authorization and tokens', () => {
	test('auth endpoint refuses a channel (403) even after a refresh → clear authentication error, no secrets', async () => {
		fake.api.forbiddenChannels.add(COMPANY_CHANNEL);
		const { env, run } = await startRealtime(fake, { parameters: { companyIds: String(COMPANY) } });
		running = run;
		await waitFor(() => run.errors.length === 1, { what: 'emitError' });
		const error = run.errors[0] as NodeApiError;
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(`ChatApp refused the realtime subscription to company ${COMPANY} (HTTP 403)`);
		expect(error.description).toContain('even with a freshly refreshed access token');
		expect(error.httpCode).toBe('403');
		// n8n ran preAuthentication twice: the login, then the refresh after the 403.
		expect(env.credentials.preAuthCalls.chatAppApi).toBe(2);
		expect(fake.api.count('/v1/tokens/refresh', 'POST')).toBe(1);
		expectNoSecrets(run.errors, secretsOf(fake));
		// The trigger tore itself down: no socket left.
		await waitFor(() => fake.pusher.connections.size === 0, { what: 'socket closed' });
	});

	test('expired access token: refreshed through the credential, then subscribed', async () => {
		const tokens = fake.api.issueTokens();
		fake.api.expireAccessTokens();
		const { env, run } = await startRealtime(fake, {
			credentials: { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, refreshTokenEndTime: tokens.refreshTokenEndTime },
		});
		running = run;
		await waitSubscribed(fake, [LICENSE_CHANNEL]);
		await expectDelivered(run, 1);
		expect(fake.api.count('/v1/tokens/refresh', 'POST')).toBe(1);
		expect(fake.api.count('/v1/tokens', 'POST')).toBe(0);
		const stored = env.credentials.store.chatAppApi;
		expect(stored.accessToken).not.toBe(tokens.accessToken);
		expect(fake.api.validAccess.has(String(stored.accessToken))).toBe(true);
		expect(run.errors).toEqual([]);
	});

	test('token expires while connected: the re-authorization after a reconnect refreshes it', async () => {
		const { env, run } = await startRealtime(fake, { parameters: { companyIds: String(COMPANY), userIds: String(USER) } });
		running = run;
		const first = await waitSubscribed(fake, [LICENSE_CHANNEL, COMPANY_CHANNEL, USER_CHANNEL]);
		const firstToken = env.credentials.store.chatAppApi.accessToken;
		fake.api.expireAccessTokens();
		fake.pusher.closeAll(4200, 'reconnect please');
		const second = await waitSubscribed(fake, [LICENSE_CHANNEL, COMPANY_CHANNEL, USER_CHANNEL], 're-subscriptions', first);
		expect(second.socketId).not.toBe(first.socketId);
		// Three channels re-authorized in turn: one refresh, not three.
		expect(fake.api.count('/v1/tokens/refresh', 'POST')).toBe(1);
		expect(env.credentials.store.chatAppApi.accessToken).not.toBe(firstToken);
		await expectDelivered(run, 2);
		expect(run.errors).toEqual([]);
	});

	test('ApiInvalidTokenError with HTTP 200: forces one refresh, then subscribed', async () => {
		fake.api.queuedAuthAnswers.push({ status: 200, body: { success: false, error: { code: 'ApiInvalidTokenError', message: 'Invalid token' } } });
		const { run } = await startRealtime(fake, {});
		running = run;
		await waitSubscribed(fake, [LICENSE_CHANNEL]);
		expect(fake.api.count('/broadcasting/auth')).toBe(2);
		expect(fake.api.count('/v1/tokens/refresh', 'POST')).toBe(1);
		await expectDelivered(run, 12);
		expect(run.errors).toEqual([]);
	});

	test('auth endpoint not found (404): a configuration error naming the URL', async () => {
		fake.api.forceAuthStatus = 404;
		const { run } = await startRealtime(fake, {});
		running = run;
		await waitFor(() => run.errors.length === 1, { what: 'emitError' });
		expect(run.errors[0].message).toBe(`No realtime auth endpoint at ${fake.baseUrl}/broadcasting/auth (HTTP 404)`);
		expect((run.errors[0] as NodeApiError).description).toContain('Realtime Auth Endpoint');
	});

	test('auth endpoint down (503): retried with backoff, subscribed once it recovers', async () => {
		fake.api.forceAuthStatus = 503;
		const { run } = await startRealtime(fake, {});
		running = run;
		await waitFor(() => fake.api.count('/broadcasting/auth') >= 2, { what: 'a retried authorization' });
		fake.api.forceAuthStatus = undefined;
		await waitSubscribed(fake, [LICENSE_CHANNEL]);
		await expectDelivered(run, 3);
		expect(run.errors).toEqual([]);
	});
});

describe('rejected signatures', () => {
	for (const style of ['laravel', 'soketi'] as const) {
		test(`${style} style: one rejection → fresh token, re-subscribed`, async () => {
			fake.pusher.failureStyle = style;
			fake.api.badSignatures = 1;
			const { run } = await startRealtime(fake, {});
			running = run;
			await waitSubscribed(fake, [LICENSE_CHANNEL]);
			expect(fake.pusher.subscribes.map((s) => s.ok)).toEqual([false, true]);
			expect(fake.api.count('/v1/tokens/refresh', 'POST')).toBe(1);
			await expectDelivered(run, 4);
			expect(run.errors).toEqual([]);
		});

		test(`${style} style: rejected again → emitError naming the channel`, async () => {
			fake.pusher.failureStyle = style;
			fake.pusher.rejectNextSubscribes = 10;
			const { run } = await startRealtime(fake, {});
			running = run;
			await waitFor(() => run.errors.length === 1, { what: 'emitError' });
			const error = run.errors[0];
			expect(error.message).toContain("ChatApp's socket server rejected the channel signature");
			expect(error.message).toContain(LICENSE_CHANNEL);
			expect(error.message).toContain(style === 'laravel' ? '4009' : 'pusher:subscription_error');
			expect(fake.pusher.subscribes).toHaveLength(2);
			expectNoSecrets(run.errors, secretsOf(fake));
		});
	}
});

describe('close codes, keep-alive and the watchdog', () => {
	test('4200: reconnects at once with a new socket id and re-subscribes every channel', async () => {
		const { run } = await startRealtime(fake, { parameters: { companyIds: String(COMPANY), userIds: String(USER) } });
		running = run;
		const all = [LICENSE_CHANNEL, COMPANY_CHANNEL, USER_CHANNEL];
		const first = await waitSubscribed(fake, all);
		fake.pusher.closeAll(4200, 'Generic reconnect');
		const second = await waitSubscribed(fake, all, 're-subscriptions', first);
		expect(second.socketId).not.toBe(first.socketId);
		expect(fake.pusher.connectionsTotal).toBe(2);
		await expectDelivered(run, 5);
		expect(run.errors).toEqual([]);
	});

	test('4100: backs off, then reconnects and re-subscribes', async () => {
		const { run } = await startRealtime(fake, {});
		running = run;
		const first = await waitSubscribed(fake, [LICENSE_CHANNEL]);
		fake.pusher.closeAll(4100, 'Over capacity');
		const second = await waitSubscribed(fake, [LICENSE_CHANNEL], 're-subscription after backoff', first);
		expect(second.socketId).not.toBe(first.socketId);
		await expectDelivered(run, 6);
		expect(run.errors).toEqual([]);
	});

	test('4001: no retry, emitError with the code and reason', async () => {
		const { run } = await startRealtime(fake, {});
		running = run;
		await waitSubscribed(fake, [LICENSE_CHANNEL]);
		fake.pusher.closeAll(4001, 'App does not exist');
		await waitFor(() => run.errors.length === 1, { what: 'emitError' });
		expect(run.errors[0].message).toContain('refused the connection');
		expect(run.errors[0].message).toContain('code 4001');
		expect(run.errors[0].message).toContain('App does not exist');
		expect(fake.pusher.connectionsTotal).toBe(1);
	});

	test('wrong app key: refused during the handshake (4001)', async () => {
		const { run } = await startRealtime(fake, { credentials: { appKey: 'NotOurKey' } });
		running = run;
		await waitFor(() => run.errors.length === 1, { what: 'emitError' });
		expect(run.errors[0].message).toContain('code 4001');
		expect(fake.pusher.connectionsTotal).toBe(1);
	});

	test('repeated 4200 before the channels are back: backs off instead of hammering, recovers', async () => {
		fake.pusher.closeNewConnectionsWith = { code: 4200, reason: 'flapping' };
		const { run } = await startRealtime(fake, {});
		running = run;
		// The first 4200 is retried at once; the second, before any channel was back, is backed off.
		await waitFor(() => fake.pusher.connectionsTotal >= 2, { what: 'two attempts' });
		fake.pusher.closeNewConnectionsWith = undefined;
		await waitSubscribed(fake, [LICENSE_CHANNEL]);
		await expectDelivered(run, 7);
		expect(fake.pusher.connectionsTotal).toBe(3);
		expect(run.errors).toEqual([]);
	});

	test('activity timeout: pings after silence, reconnects when no pong comes', async () => {
		fake.pusher.answerPings = false;
		const { run } = await startRealtime(fake, { parameters: { options: { ...FAST_OPTIONS, activityTimeout: 0.2, pongTimeout: 0.2 } } });
		running = run;
		const first = await waitSubscribed(fake, [LICENSE_CHANNEL]);
		await waitFor(() => first.pingsReceived >= 1, { what: 'a ping' });
		const second = await waitFor(() => [...fake.pusher.connections].find((c) => c !== first && c.channels.has(LICENSE_CHANNEL)), {
			what: 'reconnect after the pong timeout',
		});
		expect(second.socketId).not.toBe(first.socketId);
		fake.pusher.answerPings = true;
		await expectDelivered(run, 8);
		expect(run.errors).toEqual([]);
	});

	test('watchdog: not back within the reconnect timeout → emitError, never silently deaf', async () => {
		const { run } = await startRealtime(fake, { parameters: { options: { ...FAST_OPTIONS, reconnectTimeout: 1 } } });
		running = run;
		await waitSubscribed(fake, [LICENSE_CHANNEL]);
		fake.pusher.closeNewConnectionsWith = { code: 4100, reason: 'Over capacity' };
		fake.pusher.closeAll(4100, 'Over capacity');
		await waitFor(() => run.errors.length === 1, { what: 'emitError from the watchdog' });
		expect(run.errors[0].message).toContain('Lost the ChatApp realtime connection');
		expect(run.errors[0].message).toContain('within 1 s');
		expect(run.errors[0].message).toContain('4100');
		const attempts = fake.pusher.connectionsTotal;
		await waitFor(() => fake.pusher.connections.size === 0, { what: 'no socket left' });
		expect(fake.pusher.connectionsTotal).toBe(attempts);
	});
});

describe('manual mode and teardown', () => {
	test('manual mode: emits the first matching event, then disconnects', async () => {
		const { run } = await startRealtime(fake, { mode: 'manual', parameters: { events: ['messageStatus'] } });
		running = run;
		await waitSubscribed(fake, [LICENSE_CHANNEL]);
		publishMessage(9);
		fake.pusher.publish(LICENSE_CHANNEL, 'messageStatus', socketPayload(LICENSE_EVENTS.messageStatus));
		fake.pusher.publish(LICENSE_CHANNEL, 'messageStatus', socketPayload(LICENSE_EVENTS.messageStatus));
		const data = await run.firstEmit;
		expect(data[0].map((i) => i.json.event)).toEqual(['messageStatus', 'messageStatus']);
		await waitFor(() => fake.pusher.connections.size === 0, { what: 'disconnect after the first event' });
		expect(run.emitted).toHaveLength(1);
		await run.close();
		await run.close();
	});

	test('manual mode does not connect before n8n asks for the test event', async () => {
		const { env } = await startRealtime(fake, { mode: 'manual' }).then(async (started) => {
			await started.run.response.closeFunction?.();
			return started;
		});
		expect(env).toBeDefined();
		expect(fake.pusher.connectionsTotal).toBe(0);
	});

	test('closeFunction is idempotent and leaves no socket or timer behind, also after a server-side close', async () => {
		const tracked = trackResources();
		try {
			const { run } = await startRealtime(fake, {});
			await waitSubscribed(fake, [LICENSE_CHANNEL]);
			await expectDelivered(run, 10);
			expect(tracked.live().length).toBeGreaterThan(0);
			// After a server-side 4001, pusher-js closes the already-closed socket again: faye arms a 30 s timer.
			fake.pusher.closeAll(4001, 'App does not exist');
			await waitFor(() => run.errors.length === 1);
			await Promise.all([run.close(), run.close()]);
			await run.close();
			await waitFor(() => tracked.live().length === 0, {
				timeoutMs: 3000,
				what: `no pusher-js timer or socket left (${tracked.summary().join('; ')})`,
			});
		} finally {
			tracked.stop();
		}
	});

	test('closeFunction while connected: client-side close, nothing left behind', async () => {
		const tracked = trackResources();
		try {
			const { run } = await startRealtime(fake, { parameters: { companyIds: String(COMPANY) } });
			await waitSubscribed(fake, [LICENSE_CHANNEL, COMPANY_CHANNEL]);
			fake.pusher.closeAll(4200, 'reconnect');
			await waitFor(() => fake.pusher.connectionsTotal === 2 && [...fake.pusher.connections].some((c) => c.channels.size === 2));
			await run.close();
			await waitFor(() => tracked.live().length === 0 && fake.pusher.connections.size === 0, {
				timeoutMs: 3000,
				what: `no pusher-js timer or socket left (${tracked.summary().join('; ')})`,
			});
		} finally {
			tracked.stop();
		}
	});

	test('closing while the channel authorization hangs aborts that request at once (no socket or pending promise left)', async () => {
		fake.api.hangAuth = true;
		const { run } = await startRealtime(fake, {});
		await waitFor(() => fake.api.hung.length === 1, { what: 'a hanging /broadcasting/auth' });
		let closed = false;
		const closing = run.close().then(() => (closed = true));
		// The request's own timeout is 15 s: without the abort it would stay open that long.
		await waitFor(() => fake.api.hung[0].closed && closed, { what: 'the auth request aborted and close() resolved', timeoutMs: 3000 });
		await closing;
		expect(run.errors).toEqual([]);
		expect(run.emitted).toEqual([]);
	});

	test('deactivation while connected closes from the client side at once', async () => {
		const { run } = await startRealtime(fake, { parameters: { companyIds: String(COMPANY) } });
		await waitSubscribed(fake, [LICENSE_CHANNEL, COMPANY_CHANNEL]);
		await run.close();
		await waitFor(() => fake.pusher.connections.size === 0, { what: 'server sees the close' });
		publishMessage(11);
		expect(run.emitted).toHaveLength(0);
		expect(run.errors).toEqual([]);
	});
});
