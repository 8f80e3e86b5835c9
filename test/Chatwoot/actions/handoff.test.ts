import { chatwootSuite } from './suite';

/** Conversation → Hand Off to Human, Return to Bot, Set Typing: the bot's side of a conversation. */
const suite = chatwootSuite('conversation');
const asBot = () => ({ credentials: { chatwootApi: suite.cw.credentials({ accessToken: suite.cw.botToken }) } });

test('hand off with a bot token: reason as private note, team, agent, then pending → open (bot_handoff!)', async () => {
	const { cw } = suite;
	const conversation = cw.state.addConversation({ status: 'pending' });
	const { items, error } = await suite.run(
		{ operation: 'handOff', accountId: 1, conversationId: conversation.id, handoffTeamId: 1, handoffAgentId: 2, reason: 'Refund above the limit' },
		asBot(),
	);
	expect(error).toBeUndefined();
	const calls = cw.calls({ path: /conversations\/1\// }).map((r) => `${r.method} ${r.path.replace('/api/v1/accounts/1/conversations/1/', '')} ${JSON.stringify(r.body)}`);
	expect(calls).toEqual([
		'POST messages {"content":"Refund above the limit","message_type":"outgoing","private":true}',
		'POST assignments {"team_id":1}',
		'POST assignments {"assignee_id":2}',
		'POST toggle_status {"status":"open"}',
	]);
	expect(conversation).toMatchObject({ status: 'open', team_id: 1, assignee_id: 2 });
	expect(cw.state.messages[0]).toMatchObject({ private: true, content: 'Refund above the limit' });
	expect(items[0].json).toMatchObject({ conversation_id: 1, status: 'open', team: { id: 1, name: 'billing' }, assignee: { id: 2 }, note: { private: true } });
	// Only endpoints Chatwoot opens to bot tokens were called: none answered 401.
	expect(cw.requests.every((r) => r.headers['api-access-token'] === cw.botToken)).toBe(true);
});

test('hand off with nothing optional: only the status; empty pickers send no assignment', async () => {
	const { cw } = suite;
	cw.state.addConversation({ status: 'pending', team_id: 2 });
	const { items } = await suite.run({ operation: 'handOff', accountId: 1, conversationId: 1 });
	expect(cw.calls({ method: 'POST' }).map((r) => r.path)).toEqual(['/api/v1/accounts/1/conversations/1/toggle_status']);
	expect(items[0].json).toEqual({ conversation_id: 1, status: 'open' });
	expect(cw.state.conversations[0].team_id).toBe(2);
});

test('a bad agent id is refused before anything is changed', async () => {
	const { cw } = suite;
	cw.state.addConversation({ status: 'pending' });
	const { error } = await suite.run({ operation: 'handOff', accountId: 1, conversationId: 1, handoffAgentId: 'sam', reason: 'x' });
	expect(error?.message).toBe('"sam" is not an agent ID');
	expect(cw.calls({ method: 'POST' })).toHaveLength(0);
});

test('return to bot: pending again, optionally without the agent', async () => {
	const { cw } = suite;
	const conversation = cw.state.addConversation({ status: 'open', assignee_id: 2 });
	const kept = await suite.run({ operation: 'returnToBot', accountId: 1, conversationId: 1 }, asBot());
	expect(kept.items[0].json).toEqual({ conversation_id: 1, status: 'pending' });
	expect(conversation).toMatchObject({ status: 'pending', assignee_id: 2 });
	conversation.status = 'open';
	const cleared = await suite.run({ operation: 'returnToBot', accountId: 1, conversationId: 1, unassignAgent: true }, asBot());
	expect(cleared.items[0].json).toEqual({ conversation_id: 1, status: 'pending', assignee: null });
	expect(conversation).toMatchObject({ status: 'pending', assignee_id: null });
});

test('set typing on and off (private too) with a bot token', async () => {
	const { cw } = suite;
	cw.state.addConversation({});
	const on = await suite.run({ operation: 'setTyping', accountId: 1, conversationId: 1, typingStatus: 'on' }, asBot());
	expect(on.items[0].json).toEqual({ conversation_id: 1, typing_status: 'on', is_private: false });
	await suite.run({ operation: 'setTyping', accountId: 1, conversationId: 1, typingStatus: 'off', isPrivate: true }, asBot());
	expect(cw.state.typing).toEqual([
		{ conversation_id: 1, typing_status: 'on', is_private: false },
		{ conversation_id: 1, typing_status: 'off', is_private: true },
	]);
	const missing = await suite.run({ operation: 'setTyping', accountId: 1, conversationId: 99, typingStatus: 'on' }, asBot());
	expect(missing.error?.httpCode).toBe('404');
});
