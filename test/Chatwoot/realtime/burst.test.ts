import { randomBytes } from 'crypto';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { ChatwootRealtimeTrigger } from '../../../nodes/Chatwoot/ChatwootRealtimeTrigger.node';
import { BURST_MAX_PERIODS, BurstCollector } from '../../../nodes/Chatwoot/realtime/burst';
import { createTriggerEnv, startTrigger } from '../../harness/contexts';
import { waitFor } from '../../harness/deferred';
import { expectNoLeaks, resourceCounts } from '../../harness/leaks';
import type { FakeCable } from './fakeCable';
import { scriptedCable } from './fakeCable';
import { FakeChatwootRest } from './fakeRest';
import { ACCOUNT_ID, messagePush, userPush } from './payloads';

// Issue 16, burst handling: a customer's quick messages in one conversation become one item.
jest.setTimeout(30_000);

let rest: FakeChatwootRest;
let cable: FakeCable;
let send: (event: string, data: IDataObject) => void;
let subscribed: () => boolean;

beforeEach(async () => {
	rest = await FakeChatwootRest.start(`utok-${randomBytes(6).toString('hex')}`);
	({ cable, send, subscribed } = await scriptedCable());
});

afterEach(async () => {
	await cable.close();
	await rest.close();
});

async function start(options: IDataObject) {
	const env = createTriggerEnv({
		nodeType: new ChatwootRealtimeTrigger(),
		parameters: { mode: 'agent', accountId: ACCOUNT_ID, events: ['message.created'], options: { websocketUrl: cable.url, subscriptionTimeout: 2, ...options } },
		credentials: { chatwootApi: { baseUrl: rest.url, accessToken: rest.token } },
	});
	const run = await startTrigger(env);
	await waitFor(() => subscribed(), { what: 'subscription' });
	return run;
}

const sendMessage = (data: IDataObject) => send('message.created', data);
type Item = { event: string; data: IDataObject; burst?: { count: number; content: string; messages: IDataObject[]; firstMessageId: number; lastMessageId: number } };
const itemsOf = (emitted: INodeExecutionData[][][]) => emitted.map((e) => e[0][0].json as Item);

describe('Collect Message Bursts', () => {
	test('three quick customer messages → one item with all three; another conversation and agent replies apart', async () => {
		// The quiet period is long against the frames sent back to back: no timing assumption on a loaded machine.
		const run = await start({ burstSeconds: 2 });
		try {
			sendMessage(messagePush(1, 40, { content: 'hi' }));
			sendMessage(messagePush(2, 40, { content: 'my order #12' }));
			sendMessage(messagePush(3, 41, { content: 'other customer' }));
			sendMessage(messagePush(4, 40, { content: 'did not arrive' }));
			sendMessage(messagePush(5, 40, { message_type: 1, sender_type: 'User', sender_id: 3, sender: userPush(3), content: 'agent here' }));
			sendMessage(messagePush(6, 40, { private: true, message_type: 1, sender_type: 'User', sender_id: 3, content: 'note' }));
			await waitFor(() => itemsOf(run.emitted).length >= 4, { what: 'the bursts' });
			const items = itemsOf(run.emitted);
			// The agent's reply and note are not held; the bursts come after the quiet period.
			expect(items.slice(0, 2).map((i) => [i.data.id, i.burst])).toEqual([
				[5, undefined],
				[6, undefined],
			]);
			const burst40 = items.find((i) => i.data.conversation_id === 40 && i.burst)!;
			expect(burst40.data.id).toBe(4);
			expect(burst40.burst).toMatchObject({ count: 3, content: 'hi\nmy order #12\ndid not arrive', firstMessageId: 1, lastMessageId: 4 });
			expect(burst40.burst!.messages.map((m) => m.id)).toEqual([1, 2, 4]);
			const burst41 = items.find((i) => i.data.conversation_id === 41)!;
			expect(burst41.burst).toMatchObject({ count: 1, content: 'other customer' });
			expect(items).toHaveLength(4);
		} finally {
			await run.close();
		}
	});

	test('closing while a burst is held emits it: nothing lost, no timer left', async () => {
		const baseline = resourceCounts();
		const run = await start({ burstSeconds: 600 });
		sendMessage(messagePush(11, 50, { content: 'first' }));
		sendMessage(messagePush(12, 50, { content: 'second' }));
		sendMessage(messagePush(13, 51, { message_type: 1, sender_type: 'User', sender_id: 3 })); // marker: one socket, so the frames before it were handled
		await waitFor(() => itemsOf(run.emitted).some((i) => i.data.id === 13), { what: 'marker' });
		expect(itemsOf(run.emitted).map((i) => i.data.id)).toEqual([13]);
		await run.close();
		const items = itemsOf(run.emitted);
		expect(items.map((i) => [i.data.id, i.burst?.count])).toEqual([
			[13, undefined],
			[12, 2],
		]);
		await expectNoLeaks(baseline);
	});
});

describe('BurstCollector', () => {
	test('a customer who never pauses still gets an answer: emitted at most BURST_MAX_PERIODS quiet periods after the first message', () => {
		jest.useFakeTimers();
		try {
			let now = 0;
			const emitted: IDataObject[] = [];
			const collector = new BurstCollector(1000, (item) => emitted.push(item), () => now);
			const item = (id: number) => ({ event: 'message.created', data: messagePush(id, 7, { content: `m${id}` }) });
			for (let id = 1; id <= 10; id++) {
				expect(collector.offer(item(id))).toBe(true);
				now += 900;
				jest.advanceTimersByTime(900);
			}
			// Messages every 0.9 s never leave a 1 s pause; the cap releases the first burst at 4 s.
			expect(emitted.length).toBeGreaterThanOrEqual(2);
			const first = emitted[0].burst as { count: number; messages: IDataObject[] };
			expect(first.count).toBe(BURST_MAX_PERIODS + 1);
			collector.flush();
			const total = emitted.reduce((n, e) => n + (e.burst as { count: number }).count, 0);
			expect(total).toBe(10);
			expect(collector.offer({ event: 'message.updated', data: messagePush(99, 7) })).toBe(false);
		} finally {
			jest.useRealTimers();
		}
	});
});
