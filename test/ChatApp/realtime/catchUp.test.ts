import { waitFor } from '../../harness/deferred';
import type { FakeChatApp } from '../../servers/pusher';
import { startFakeChatApp } from '../../servers/pusher';
import { LICENSE, LICENSE_CHANNEL, MESSENGER, socketPayload } from './fixtures';
import { jsonOf, type Running, startRealtime, waitSubscribed } from './helpers';

/*
 * Issue 14.7: Pusher keeps no history. After the socket server was away, the trigger
 * fetches the messages sent meanwhile over ChatApp's REST API (chats with activity
 * since the loss, then their messages since then) and emits each message once, whether
 * it arrives live, by catch-up, or both.
 */
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

function publish(message: Record<string, unknown>, chatId: string) {
	fake.pusher.publish(LICENSE_CHANNEL, 'message', socketPayload({ data: [{ ...message, chat: { id: chatId } }], meta: { type: 'message', licenseId: LICENSE, messengerType: MESSENGER } }));
}

const ids = (run: Running) => jsonOf(run.emitted).map((i) => String((i.item as { id?: unknown }).id));

for (const style of ['nextPage', 'lastTime'] as const) {
	test(`missed messages are caught up over REST once the server is back, each emitted once (${style} lists)`, async () => {
		fake.api.pagingStyle = style;
		const { run } = await startRealtime(fake, {});
		running = run;
		await waitSubscribed(fake, [LICENSE_CHANNEL]);
		// Long before the loss: in the chat list, never caught up.
		const old = fake.api.storeMessage(LICENSE, MESSENGER, 'old@c.us', { time: Math.floor(Date.now() / 1000) - 3600 });
		const live = fake.api.storeMessage(LICENSE, MESSENGER, 'a@c.us');
		publish(live, 'a@c.us');
		await waitFor(() => ids(run).includes(String(live.id)), { what: 'the live message' });

		await fake.goDown();
		const missed = [
			fake.api.storeMessage(LICENSE, MESSENGER, 'a@c.us'),
			fake.api.storeMessage(LICENSE, MESSENGER, 'b@c.us'),
			fake.api.storeMessage(LICENSE, MESSENGER, 'a@c.us'),
		];
		await new Promise((r) => setTimeout(r, 1200));
		await fake.comeBack();
		await waitSubscribed(fake, [LICENSE_CHANNEL], 're-subscription');
		// Sent live right after the return and also listed by REST: emitted once either way.
		const both = fake.api.storeMessage(LICENSE, MESSENGER, 'b@c.us');
		publish(both, 'b@c.us');

		const expected = [live, ...missed, both].map((m) => String(m.id));
		await waitFor(() => expected.every((id) => ids(run).includes(id)), { what: 'every message', timeoutMs: 10000 });
		await new Promise((r) => setTimeout(r, 300));
		expect(ids(run).sort()).toEqual(expected.sort());
		expect(ids(run)).not.toContain(String(old.id));
		const caught = jsonOf(run.emitted).filter((i) => i.caughtUp === true);
		expect(caught.map((i) => String((i.item as { id: unknown }).id))).toEqual(expect.arrayContaining(missed.map((m) => String(m.id))));
		expect(caught[0]).toMatchObject({ event: 'message', source: 'realtime', licenseId: LICENSE, messengerType: MESSENGER, channel: LICENSE_CHANNEL });
		expect(caught.find((i) => (i.item as { id: unknown }).id === missed[1].id)?.chatId).toBe('b@c.us');
		// Chats newest first, stopped at the chat idle since before the loss: its messages were never listed.
		expect(fake.api.requests.filter((r) => r.path.includes('/chats/old%40c.us/') || r.path.includes('/chats/old@c.us/'))).toEqual([]);
		expect(run.errors).toEqual([]);
	});
}

test('"Catch Up Missed Messages" off: no REST requests after the return', async () => {
	const { run } = await startRealtime(fake, { parameters: { options: { reconnectTimeout: 10, catchUp: false } } });
	running = run;
	const first = await waitSubscribed(fake, [LICENSE_CHANNEL]);
	fake.pusher.closeAll(4200, 'restart');
	await waitSubscribed(fake, [LICENSE_CHANNEL], 're-subscription', first);
	await new Promise((r) => setTimeout(r, 300));
	expect(fake.api.requests.filter((r) => r.path.includes('/chats'))).toEqual([]);
});
