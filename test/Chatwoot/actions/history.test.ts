import { chatwootSuite } from './suite';

/** Conversation → Get History: Chatwoot's messages as model turns, paged with before=. */
const suite = chatwootSuite('conversation');

const contact = { id: 5, name: 'Cy', type: 'contact' };
const bot = { id: 9, name: 'Support Bot', type: 'agent_bot' };
const agent = { id: 2, name: 'Sam', type: 'user' };

function seed(count: number) {
	const { state } = suite.cw;
	state.addConversation({});
	for (let i = 1; i <= count; i++) {
		state.addMessage({ conversation_id: 1, content: `m${i}`, message_type: i % 2 ? 0 : 1, sender: i % 2 ? contact : bot });
	}
}

test('roles: customer → user, bot and agent → assistant, notes → system only when asked, activity left out; oldest first', async () => {
	const { state } = suite.cw;
	state.addConversation({});
	state.addMessage({ conversation_id: 1, content: 'Hi, my order is late', message_type: 0, sender: contact });
	state.addMessage({ conversation_id: 1, content: 'Conversation was marked pending', message_type: 2, sender: null });
	state.addMessage({ conversation_id: 1, content: 'Let me check', message_type: 1, sender: bot });
	state.addMessage({
		conversation_id: 1,
		content: null,
		message_type: 0,
		sender: contact,
		attachments: [{ id: 1, message_id: 4, file_type: 'audio', data_url: 'https://chat.test/rails/active_storage/blobs/redirect/x/voice.ogg', content_type: 'audio/ogg', extension: 'ogg', file_size: 2048 }],
	});
	state.addMessage({ conversation_id: 1, content: 'VIP, be generous', message_type: 1, private: true, sender: agent });
	state.addMessage({ conversation_id: 1, content: 'Hello, Sam here', message_type: 1, sender: agent });

	const plain = await suite.run({ operation: 'getHistory', accountId: 1, conversationId: 1 });
	expect(plain.error).toBeUndefined();
	const { messages, count, truncated } = plain.items[0].json as { messages: Array<Record<string, unknown>>; count: number; truncated: boolean };
	expect(messages.map((m) => [m.role, m.content])).toEqual([
		['user', 'Hi, my order is late'],
		['assistant', 'Let me check'],
		['user', ''],
		['assistant', 'Hello, Sam here'],
	]);
	expect(messages[2].attachments).toEqual([{ type: 'audio', url: 'https://chat.test/rails/active_storage/blobs/redirect/x/voice.ogg', content_type: 'audio/ogg', extension: 'ogg', file_size: 2048 }]);
	expect(messages[1]).toMatchObject({ message_id: 3, sender: { id: 9, name: 'Support Bot', type: 'agent_bot' } });
	expect([count, truncated]).toEqual([4, false]);

	const withNotes = await suite.run({ operation: 'getHistory', accountId: 1, conversationId: 1, includePrivate: true });
	const roles = (withNotes.items[0].json.messages as Array<Record<string, unknown>>).map((m) => m.role);
	expect(roles).toEqual(['user', 'assistant', 'user', 'system', 'assistant']);
});

test('message budget: the latest N, read across pages with before= (20 a page)', async () => {
	seed(45);
	const { items } = await suite.run({ operation: 'getHistory', accountId: 1, conversationId: 1, maxMessages: 30 });
	const json = items[0].json as { messages: Array<{ content: string }>; truncated: boolean };
	expect(json.messages.map((m) => m.content)).toEqual(Array.from({ length: 30 }, (_, i) => `m${i + 16}`));
	expect(json.truncated).toBe(true);
	expect(suite.cw.calls({ path: '/api/v1/accounts/1/conversations/1/messages' }).map((r) => r.query.before)).toEqual([undefined, '26']);

	const all = await suite.run({ operation: 'getHistory', accountId: 1, conversationId: 1, maxMessages: 0 });
	expect(all.items[0].json).toMatchObject({ count: 45, truncated: false });
});

test('character budget: stops before the contents exceed it; an oversized newest message is cut from its start', async () => {
	const { state } = suite.cw;
	state.addConversation({});
	for (const content of ['aaaa', 'bbbb', 'cccc']) state.addMessage({ conversation_id: 1, content, message_type: 0, sender: contact });
	const fit = await suite.run({ operation: 'getHistory', accountId: 1, conversationId: 1, maxCharacters: 9 });
	expect((fit.items[0].json.messages as Array<{ content: string }>).map((m) => m.content)).toEqual(['bbbb', 'cccc']);
	expect(fit.items[0].json.truncated).toBe(true);

	state.addMessage({ conversation_id: 1, content: 'x'.repeat(10) + 'THE END', message_type: 0, sender: contact });
	const cut = await suite.run({ operation: 'getHistory', accountId: 1, conversationId: 1, maxCharacters: 7 });
	expect(cut.items[0].json.messages).toEqual([expect.objectContaining({ content: 'THE END', truncated: true })]);
});

test('a conversation of another account is a 404 with the request named', async () => {
	const { error } = await suite.run({ operation: 'getHistory', accountId: 1, conversationId: 7 });
	expect(error?.httpCode).toBe('404');
	expect(error?.description).toContain('GET /api/v1/accounts/1/conversations/7/messages');
});
