import { randomBytes } from 'crypto';

import { ChatwootRealtimeTrigger } from '../../nodes/Chatwoot/ChatwootRealtimeTrigger.node';
import { startRealtime, waitSubscribed, type Running } from '../ChatApp/realtime/helpers';
import { LICENSE_CHANNEL } from '../ChatApp/realtime/fixtures';
import { createTriggerEnv, startTrigger } from '../harness/contexts';
import { waitFor } from '../harness/deferred';
import { FakeChatwootRest } from '../Chatwoot/realtime/fakeRest';
import { expectNoLeaks, resourceCounts } from '../harness/leaks';
import { ACCOUNT_ID, messagePush } from '../Chatwoot/realtime/payloads';
import { ActionCableTestServer, ensureRubyActionCable } from '../servers/actioncable/server';
import { startFakeChatApp, type FakeChatApp } from '../servers/pusher';

/*
 * Issue 8, "many activations in one process": 25 Chatwoot Realtime and 25 ChatApp
 * Realtime triggers active side by side in one process, each on its own socket and
 * subscription, against the real ActionCable server and the Pusher-protocol server.
 * Each one gets its events and nothing else; closing all 50 leaves no socket and no
 * timer behind. (Memory and idle CPU per subscription inside a real n8n are measured
 * by scale/activations.scale.test.ts and reported in the README.)
 */

jest.setTimeout(120_000);

const PER_KIND = 25;
const USER_ID = 1;

let cable: ActionCableTestServer;
let rest: FakeChatwootRest;
let chatapp: FakeChatApp;
let userToken: string;

beforeAll(async () => {
	ensureRubyActionCable();
	userToken = `utok-${randomBytes(8).toString('hex')}`;
	cable = await ActionCableTestServer.start({ users: [{ pubsub_token: userToken, id: USER_ID, accounts: [ACCOUNT_ID] }] });
	rest = await FakeChatwootRest.start(userToken, USER_ID);
	chatapp = await startFakeChatApp();
}, 15 * 60 * 1000);

afterAll(async () => {
	await rest?.close();
	await chatapp?.close();
	await cable?.stop();
});

test(`${PER_KIND} Chatwoot + ${PER_KIND} ChatApp realtime triggers in one process: own sockets, every event to every trigger, clean close of all`, async () => {
	const baseline = resourceCounts();
	const runs: Running[] = [];
	try {
		for (let i = 0; i < PER_KIND; i++) {
			const env = createTriggerEnv({
				nodeType: new ChatwootRealtimeTrigger(),
				parameters: {
					mode: 'agent',
					accountId: ACCOUNT_ID,
					events: ['message.created'],
					options: { websocketUrl: cable.wsUrl, subscriptionTimeout: 5, staleAfter: 10 },
				},
				credentials: { chatwootApi: { baseUrl: rest.url, accessToken: rest.token } },
			});
			runs.push(await startTrigger(env));
			runs.push((await startRealtime(chatapp, { parameters: { events: ['message'] } })).run);
		}
		await waitFor(async () => (await cable.state()).subscriptions.length >= PER_KIND, { what: `${PER_KIND} cable subscriptions`, timeoutMs: 60_000 });
		await waitFor(() => [...chatapp.pusher.connections].filter((c) => c.channels.has(LICENSE_CHANNEL)).length === PER_KIND, {
			what: `${PER_KIND} pusher subscriptions`,
			timeoutMs: 60_000,
		});
		expect((await cable.state()).connections).toBe(PER_KIND);
		expect(chatapp.pusher.connections.size).toBe(PER_KIND);
		await waitSubscribed(chatapp, [LICENSE_CHANNEL]);

		// One event of each kind reaches every trigger of that kind, once.
		await cable.broadcast(`account_${ACCOUNT_ID}`, 'message.created', messagePush(9001, 90));
		expect(
			chatapp.pusher.publish(LICENSE_CHANNEL, 'message', {
				payload: { data: [{ id: 9002, side: 'in', chat: { id: '79001234567@c.us' } }], meta: { type: 'message', licenseId: 1229, messengerType: 'grWhatsApp' } },
			}),
		).toBe(PER_KIND);
		await waitFor(() => runs.every((run) => run.emitted.length === 1), { what: 'one emit per trigger', timeoutMs: 30_000 });
		for (const run of runs) expect(run.errors).toEqual([]);
	} finally {
		await Promise.all(runs.map(async (run) => await run.close()));
	}
	await waitFor(async () => (await cable.state()).connections === 0 && chatapp.pusher.connections.size === 0, {
		what: 'servers to see every socket closed',
		timeoutMs: 30_000,
	});
	await expectNoLeaks(baseline);
});
