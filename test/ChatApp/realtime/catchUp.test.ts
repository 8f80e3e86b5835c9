import { waitFor } from '../../harness/deferred';
import { LICENSE, LICENSE_CHANNEL, MESSENGER, socketPayload } from './fixtures';
import { jsonOf, type Running, startRealtime, useFakeChatApp, waitSubscribed } from './helpers';

/*
 * Issue 14.7: Pusher keeps no history. After the socket server was away, the trigger
 * fetches the messages sent meanwhile over ChatApp's REST API (chats with activity
 * since the loss, then their messages since then) and emits each message once, whether
 * it arrives live, by catch-up, or both.
 */
const t = useFakeChatApp();

function publish(message: Record<string, unknown>, chatId: string) {
	t.fake.pusher.publish(LICENSE_CHANNEL, 'message', socketPayload({ data: [{ ...message, chat: { id: chatId } }], meta: { type: 'message', licenseId: LICENSE, messengerType: MESSENGER } }));
}

const ids = (run: Running) => jsonOf(run.emitted).map((i) => String((i.item as { id?: unknown }).id));

for (const style of ['nextPage', 'lastTime'] as const) {
	test(`missed messages are caught up over REST once the server is back, each emitted once (${style} lists)`, async () => {
		t.fake.api.pagingStyle = style;
		const { run } = await startRealtime(t.fake, {});
		t.running = run;
		await waitSubscribed(t.fake, [LICENSE_CHANNEL]);
		// Long before the loss: in the chat list, never caught up.
		const old = t.fake.api.storeMessage(LICENSE, MESSENGER, 'old@c.us', { time: Math.floor(Date.now() / 1000) - 3600 });
		const live = t.fake.api.storeMessage(LICENSE, MESSENGER, 'a@c.us');
		publish(live, 'a@c.us');
		await waitFor(() => ids(run).includes(String(live.id)), { what: 'the live message' });

		await t.fake.goDown();
		const missed = [
			t.fake.api.storeMessage(LICENSE, MESSENGER, 'a@c.us'),
			t.fake.api.storeMessage(LICENSE, MESSENGER, 'b@c.us'),
			t.fake.api.storeMessage(LICENSE, MESSENGER, 'a@c.us'),
		];
		await new Promise((r) => setTimeout(r, 1200));
		await t.fake.comeBack();
		await waitSubscribed(t.fake, [LICENSE_CHANNEL], 're-subscription');
		// Sent live right after the return and also listed by REST: emitted once either way.
		const both = t.fake.api.storeMessage(LICENSE, MESSENGER, 'b@c.us');
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
		expect(t.fake.api.requests.filter((r) => r.path.includes('/chats/old%40c.us/') || r.path.includes('/chats/old@c.us/'))).toEqual([]);
		expect(run.errors).toEqual([]);
	});
}

test('"Catch Up Missed Messages" off: no REST requests after the return', async () => {
	const { run } = await startRealtime(t.fake, { parameters: { options: { reconnectTimeout: 10, catchUp: false } } });
	t.running = run;
	const first = await waitSubscribed(t.fake, [LICENSE_CHANNEL]);
	t.fake.pusher.closeAll(4200, 'restart');
	await waitSubscribed(t.fake, [LICENSE_CHANNEL], 're-subscription', first);
	await new Promise((r) => setTimeout(r, 300));
	expect(t.fake.api.requests.filter((r) => r.path.includes('/chats'))).toEqual([]);
});
