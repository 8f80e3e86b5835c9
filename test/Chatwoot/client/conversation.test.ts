import { FakeChatwoot } from '../../servers/chatwoot/server';
import { errorText, jsonOf, PUBLIC, runClient, seedContact, seedConversation } from './helpers';

let cw: FakeChatwoot;

beforeEach(async () => {
	cw = await FakeChatwoot.start();
});
afterEach(async () => {
	expect(cw.violations).toEqual([]);
	await cw.stop();
});

const conversation = (parameters: Record<string, unknown>) => runClient(cw, { resource: 'conversation', ...parameters });

test('create opens a conversation for the contact, with custom attributes', async () => {
	const { sourceId, contact } = seedContact(cw);
	const { items, error } = await conversation({
		operation: 'create',
		contactIdentifier: sourceId,
		additionalFields: { customAttributes: { attribute: [{ key: 'order_id', value: 'A-1001' }] } },
	});
	expect(error).toBeUndefined();
	const [post] = cw.calls({ method: 'POST' });
	expect(post.path).toBe(`${PUBLIC}/contacts/${sourceId}/conversations`);
	expect(post.body).toEqual({ custom_attributes: { order_id: 'A-1001' } });
	expect(items[0].json).toMatchObject({ id: 1, inbox_id: 1, status: 'open', uuid: expect.any(String) });
	expect(cw.state.conversations[0]).toMatchObject({ contact_id: contact.id, custom_attributes: { order_id: 'A-1001' } });
});

test('create without attributes still sends the body the contract requires', async () => {
	const { sourceId } = seedContact(cw);
	const { error } = await conversation({ operation: 'create', contactIdentifier: sourceId });
	expect(error).toBeUndefined();
	expect(cw.calls({ method: 'POST' })[0].body).toEqual({ custom_attributes: {} });
});

test('get returns one conversation; getAll lists them with Return All and Limit', async () => {
	const { sourceId, contact } = seedContact(cw);
	const other = seedContact(cw, { name: 'Someone Else', email: 'else@shop.test', identifier: 'user-9' });
	for (let i = 0; i < 3; i++) seedConversation(cw, contact.id as number);
	seedConversation(cw, other.contact.id as number);

	const got = await conversation({ operation: 'get', contactIdentifier: sourceId, conversationId: 2 });
	expect(got.error).toBeUndefined();
	expect(got.items[0].json).toMatchObject({ id: 2, status: 'open', contact: { id: contact.id } });
	expect(cw.calls({ method: 'GET' })[0].path).toBe(`${PUBLIC}/contacts/${sourceId}/conversations/2`);

	const all = await conversation({ operation: 'getAll', contactIdentifier: sourceId, returnAll: true });
	expect(jsonOf(all.items).map((c) => c.id)).toEqual([1, 2, 3]);
	expect(all.items.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}')).toBe(true);

	const limited = await conversation({ operation: 'getAll', contactIdentifier: sourceId, returnAll: false, limit: 2 });
	expect(jsonOf(limited.items).map((c) => c.id)).toEqual([1, 2]);
});

test('resolve toggles the status to resolved', async () => {
	const { sourceId, contact } = seedContact(cw);
	const row = seedConversation(cw, contact.id as number);
	const { items, error } = await conversation({ operation: 'resolve', contactIdentifier: sourceId, conversationId: row.id });
	expect(error).toBeUndefined();
	expect(cw.calls({ method: 'POST' })[0].path).toBe(`${PUBLIC}/contacts/${sourceId}/conversations/${row.id}/toggle_status`);
	expect(items[0].json).toMatchObject({ id: row.id, status: 'resolved' });
	expect(row.status).toBe('resolved');
});

test('resolve copes with the empty answer Chatwoot gives for an already resolved conversation', async () => {
	const { sourceId, contact } = seedContact(cw);
	const row = seedConversation(cw, contact.id as number, { status: 'resolved' });
	cw.once('POST', '/public/api/v1/inboxes/:inbox/contacts/:source/conversations/:id/toggle_status', () => ({ status: 200 }));
	const { items, error } = await conversation({ operation: 'resolve', contactIdentifier: sourceId, conversationId: row.id });
	expect(error).toBeUndefined();
	expect(items[0].json).toEqual({ success: true, id: row.id, status: 'resolved' });
});

test('set typing sends on and off (query and body, as the contract declares)', async () => {
	const { sourceId, contact } = seedContact(cw);
	const row = seedConversation(cw, contact.id as number);
	const on = await conversation({ operation: 'setTyping', contactIdentifier: sourceId, conversationId: row.id, typingStatus: 'on' });
	expect(on.error).toBeUndefined();
	expect(on.items[0].json).toEqual({ success: true, conversation_id: row.id, typing_status: 'on' });
	expect(row.contact_typing).toBe('on');
	const off = await conversation({ operation: 'setTyping', contactIdentifier: sourceId, conversationId: row.id, typingStatus: 'off' });
	expect(off.error).toBeUndefined();
	expect(row.contact_typing).toBe('off');
	const calls = cw.calls({ method: 'POST' });
	expect(calls.map((c) => [c.path, c.query, c.body])).toEqual([
		[`${PUBLIC}/contacts/${sourceId}/conversations/${row.id}/toggle_typing`, { typing_status: 'on' }, { typing_status: 'on' }],
		[`${PUBLIC}/contacts/${sourceId}/conversations/${row.id}/toggle_typing`, { typing_status: 'off' }, { typing_status: 'off' }],
	]);
});

test('mark as seen updates contact_last_seen_at', async () => {
	const { sourceId, contact } = seedContact(cw);
	const row = seedConversation(cw, contact.id as number);
	const { items, error } = await conversation({ operation: 'updateLastSeen', contactIdentifier: sourceId, conversationId: row.id });
	expect(error).toBeUndefined();
	expect(items[0].json).toEqual({ success: true, conversation_id: row.id });
	expect(row.contact_last_seen_at).toBeGreaterThan(0);
	expect(cw.calls({ method: 'POST' })[0].path).toBe(`${PUBLIC}/contacts/${sourceId}/conversations/${row.id}/update_last_seen`);
});

test("another contact's conversation is reported as not found for this contact", async () => {
	const { sourceId } = seedContact(cw);
	const other = seedContact(cw, { name: 'Someone Else', email: 'else@shop.test', identifier: 'user-9' });
	const foreign = seedConversation(cw, other.contact.id as number);
	const { error } = await conversation({ operation: 'get', contactIdentifier: sourceId, conversationId: foreign.id });
	expect(error?.message).toBe(`Conversation ${foreign.id} was not found for this contact`);
	expect(error?.httpCode).toBe('404');
	expect(errorText(error)).not.toContain(sourceId);
});

test('an unknown contact identifier is reported as an unknown contact, not as a missing conversation', async () => {
	const { error } = await conversation({ operation: 'updateLastSeen', contactIdentifier: 'src-gone-123456', conversationId: 1 });
	expect(error?.message).toBe('No contact with this Contact Identifier in the inbox');
	expect(errorText(error)).not.toContain('src-gone-123456');
	// the request path in the description is shown with placeholders
	expect(error?.description).not.toContain('/public/api/v1/inboxes/inbox-ident-1');
});

test('an empty Contact Identifier or a bad Conversation ID is refused before any request', async () => {
	const empty = await conversation({ operation: 'getAll', contactIdentifier: '  ', returnAll: true });
	expect(empty.error?.message).toBe('Contact Identifier is empty');
	const bad = await conversation({ operation: 'get', contactIdentifier: 'src-1', conversationId: 0 });
	expect(bad.error?.message).toBe('Conversation ID must be a positive whole number, got "0"');
	expect(cw.requests).toHaveLength(0);
});
