import { randomBytes } from 'crypto';
import type { Server, Socket } from 'net';
import { createServer } from 'net';
import type { IDataObject } from 'n8n-workflow';

import { ChatwootRealtimeTrigger } from '../../../nodes/Chatwoot/ChatwootRealtimeTrigger.node';
import { REALTIME_REST } from '../../../nodes/Chatwoot/realtime/rest';
import { createTriggerEnv, startTrigger } from '../../harness/contexts';
import { waitFor } from '../../harness/deferred';
import { expectNoLeaks, resourceCounts } from '../../harness/leaks';
import { confirmThenClose, FakeCable } from './fakeCable';
import { FakeChatwootRest } from './fakeRest';
import { ACCOUNT_ID } from './payloads';

// Issue 14.4 / 14.5: a server that confirms and then closes, REST calls that never answer.
jest.setTimeout(30_000);

const USER_ID = 1;
let rest: FakeChatwootRest;
let userToken: string;
const saved = { ...REALTIME_REST };

beforeEach(async () => {
	userToken = `utok-${randomBytes(6).toString('hex')}`;
	rest = await FakeChatwootRest.start(userToken, USER_ID);
});

afterEach(async () => {
	Object.assign(REALTIME_REST, saved);
	await rest?.close();
});

function env(options: IDataObject, baseUrl = rest.url, staticData?: IDataObject) {
	return createTriggerEnv({
		nodeType: new ChatwootRealtimeTrigger(),
		parameters: { mode: 'agent', accountId: ACCOUNT_ID, events: [], options: { subscriptionTimeout: 1, staleAfter: 4.5, ...options } },
		credentials: { chatwootApi: { baseUrl, accessToken: rest.token } },
		staticData,
	});
}

/** A TCP server that accepts connections and never answers: a hanging Chatwoot. */
async function blackhole(): Promise<{ server: Server; sockets: Socket[]; closed: () => number; url: string; stop: () => Promise<void> }> {
	const sockets: Socket[] = [];
	let closed = 0;
	const server = createServer((socket) => {
		sockets.push(socket);
		socket.on('close', () => closed++);
		socket.on('error', () => undefined);
		socket.resume();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as { port: number }).port;
	return {
		server,
		sockets,
		closed: () => closed,
		url: `http://127.0.0.1:${port}`,
		stop: async () => {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

describe('Chatwoot Realtime Trigger: flapping server (confirm, then close)', () => {
	test('reports "keeps dropping" through emitError once the reconnect timeout is spent; one catch-up, not one per flap', async () => {
		const cable = await FakeCable.start(confirmThenClose(20));
		const baseline = resourceCounts();
		// Every reconnect after the first confirmed connection wants a catch-up.
		const staticData: IDataObject = {};
		const run = await startTrigger(
			env({ websocketUrl: cable.url, reconnectDelay: 0.05, maxReconnectDelay: 0.2, reconnectTimeout: 3, maxReconnectAttempts: 100_000 }, rest.url, staticData),
		);
		try {
			await waitFor(() => run.errors.length > 0, { what: 'the flapping error', timeoutMs: 30_000 });
			expect(run.errors).toHaveLength(1);
			expect(run.errors[0].message).toBe('The Chatwoot realtime connection keeps dropping');
			expect((run.errors[0] as { description?: string }).description).toMatch(/^No realtime connection stayed up for 30 s within 3 s \(\d+ attempts\)/);
			expect(cable.connections.length).toBeGreaterThan(2);
			// Catch-up is rate-limited (one per 30 s): the first reconnect catches up, the later flaps are folded into one pending catch-up, dropped on error.
			expect(rest.count(`/api/v1/accounts/${ACCOUNT_ID}/conversations`)).toBe(1);
			const settled = cable.connections.length;
			await new Promise((r) => setTimeout(r, 300));
			expect(cable.connections.length).toBe(settled); // stopped for good
		} finally {
			await run.close();
			await cable.close();
		}
		await expectNoLeaks(baseline);
	});
});

describe('Chatwoot Realtime Trigger: hanging REST calls', () => {
	test('close during a profile request that never answers: the HTTP socket is closed, nothing is left', async () => {
		// Far beyond the test timeout: only the abort on close can end the request in time.
		REALTIME_REST.timeoutMs = 600_000;
		const hole = await blackhole();
		const baseline = resourceCounts();
		const run = await startTrigger(env({ websocketUrl: 'ws://127.0.0.1:9/cable' }, hole.url));
		try {
			await waitFor(() => hole.sockets.length > 0, { what: 'the profile request' });
		} finally {
			await run.close();
		}
		// The request is aborted by close, not left to its timeout.
		await waitFor(() => hole.closed() === hole.sockets.length, { what: 'the profile request socket to be closed', timeoutMs: 5000 });
		expect(run.errors).toEqual([]);
		await hole.stop();
		await expectNoLeaks(baseline);
	});

	test('a profile request that never answers is a reported error within the reconnect timeout, not silence', async () => {
		REALTIME_REST.timeoutMs = 200;
		REALTIME_REST.maxRetries = 0;
		const hole = await blackhole();
		const run = await startTrigger(env({ reconnectDelay: 0.05, maxReconnectDelay: 0.1, reconnectTimeout: 1 }, hole.url));
		try {
			await waitFor(() => run.errors.length > 0, { what: 'the error', timeoutMs: 20_000 });
			expect(run.errors[0].message).toBe('No Chatwoot realtime connection within the reconnect timeout');
			expect((run.errors[0] as { description?: string }).description).toContain('no answer within');
			expect(JSON.stringify(run.errors[0])).not.toContain(rest.token);
		} finally {
			await run.close();
		}
		await waitFor(() => hole.closed() === hole.sockets.length, { what: 'sockets closed' });
		await hole.stop();
	});

	test('close during a catch-up that never answers: aborted, closeFunction resolves, nothing is left', async () => {
		REALTIME_REST.timeoutMs = 600_000;
		const cable = await FakeCable.start((connection, index) => {
			connection.onCommand((command) => {
				connection.confirm(command.identifier);
				if (index === 0) setTimeout(() => connection.ws.close(), 20); // one drop: the reconnect catches up
			});
			connection.welcome();
		});
		const baseline = resourceCounts();
		rest.delays.push({ prefix: `/api/v1/accounts/${ACCOUNT_ID}/conversations`, until: new Promise(() => undefined) });
		const run = await startTrigger(env({ websocketUrl: cable.url, reconnectDelay: 0.05, maxReconnectDelay: 0.1 }));
		try {
			await waitFor(() => rest.count(`/api/v1/accounts/${ACCOUNT_ID}/conversations`) > 0, { what: 'the catch-up request' });
		} finally {
			await run.close();
			await cable.close();
		}
		expect(run.errors).toEqual([]);
		await expectNoLeaks(baseline);
	});
});

describe('Chatwoot Realtime Trigger: WebSocket URL host (issue 14.10)', () => {
	/** A WebSocket server on `host` (another loopback address is another host name) that records every upgrade. */
	async function listener(host: string) {
		const upgrades: string[] = [];
		const cable = await FakeCable.start((connection) => {
			upgrades.push(connection.request.url ?? '');
			connection.onCommand((command) => upgrades.push(command.identifier));
			connection.welcome();
		}, host);
		return { cable, upgrades };
	}

	test('another host than the credential\'s is refused at activation: no connection, the token goes nowhere', async () => {
		const { cable, upgrades } = await listener('127.0.0.2');
		try {
			const other = cable.url; // ws://127.0.0.2:<port>/cable, the credential is on 127.0.0.1
			await expect(startTrigger(env({ websocketUrl: other }))).rejects.toThrow(
				'The WebSocket URL\'s host "127.0.0.2" is not the credential\'s Chatwoot host',
			);
			await expect(startTrigger(env({ websocketUrl: other.replace('ws://127.0.0.2', 'ws://localhost') }))).rejects.toThrow(/host "localhost"/);
			expect(rest.count('/api/v1/profile')).toBe(0);
			expect(upgrades).toEqual([]);
		} finally {
			await cable.close();
		}
	});

	test('the credential\'s host on another port or path is allowed, and so is a host listed on the credential', async () => {
		const same = await listener('127.0.0.1');
		const listed = await listener('127.0.0.2');
		try {
			const run = await startTrigger(env({ websocketUrl: same.cable.url.replace('/cable', '/realtime/cable') }));
			await waitFor(() => same.upgrades.length >= 2, { what: 'subscribe on the same host' });
			await run.close();
			expect(same.upgrades[0]).toBe('/realtime/cable');

			const allowed = createTriggerEnv({
				nodeType: new ChatwootRealtimeTrigger(),
				parameters: { mode: 'agent', accountId: ACCOUNT_ID, events: [], options: { websocketUrl: listed.cable.url, subscriptionTimeout: 1 } },
				credentials: { chatwootApi: { baseUrl: rest.url, accessToken: rest.token, realtimeHosts: 'cable.example.com, https://127.0.0.2:8443/x' } },
			});
			const second = await startTrigger(allowed);
			await waitFor(() => listed.upgrades.length >= 2, { what: 'subscribe on the listed host' });
			await second.close();
			expect(JSON.parse(listed.upgrades[1])).toMatchObject({ channel: 'RoomChannel', pubsub_token: userToken });
		} finally {
			await same.cable.close();
			await listed.cable.close();
		}
	});
});
