import type { ChatAppServer } from '../../servers/chatapp/server';
import { startChatAppServer } from '../../servers/chatapp/server';
import { runChatApp } from '../helpers';

/* Issue 13 item 12 (part): Chat → Create Group (docs/reference/chatapp-api.md §6). */

let server: ChatAppServer;
beforeEach(async () => {
	server = await startChatAppServer();
});
afterEach(async () => {
	await server.close();
});

const createGroup = (participants: unknown, extra: Record<string, unknown> = {}) => ({
	resource: 'chat',
	operation: 'createGroup',
	licenseId: 1229,
	messengerType: 'grWhatsApp',
	participants,
	...extra,
});

test('POSTs type group with the phone participants, and the new chat lists under Get Many', async () => {
	const { items, error } = await runChatApp(server, createGroup('+7 900 123-45-67, 79007654321\n79001234567', { additionalFields: { name: 'Team' } }) as never);
	expect(error).toBeUndefined();
	const [call] = server.calls(/^\/v1\/licenses\/1229\/messengers\/grWhatsApp\/chats$/, 'POST');
	expect(call.json).toEqual({
		type: 'group',
		participantsType: 'phone',
		participantsItems: [{ value: '79001234567' }, { value: '79007654321' }],
		name: 'Team',
	});
	expect(items[0].json).toMatchObject({ licenseId: '1229', messengerType: 'grWhatsApp', participants: ['79001234567', '79007654321'], type: 'group' });
	expect(String(items[0].json.id)).toMatch(/^group-/);

	const listed = await runChatApp(server, { resource: 'chat', operation: 'getAll', licenseId: 1229, messengerType: 'grWhatsApp', returnAll: true } as never);
	expect(listed.items.map((i) => i.json.id)).toContain(items[0].json.id);
});

test('participants from an expression array; extra body fields merged; the path can be overridden', async () => {
	const { error } = await runChatApp(
		server,
		createGroup('={{ ["79001234567", 79007654321] }}', {
			additionalFields: { extraBody: '{"description": "VIP"}' },
			options: { pathTemplate: '/v1/licenses/{licenseId}/messengers/{messengerType}/chats' },
		}) as never,
	);
	expect(error).toBeUndefined();
	expect(server.calls(/chats$/, 'POST')[0].json).toMatchObject({ description: 'VIP', participantsItems: [{ value: '79001234567' }, { value: '79007654321' }] });
});

test('no participants, or one that is not a phone number: a clear error and nothing sent', async () => {
	const empty = await runChatApp(server, createGroup(' , ') as never);
	expect(empty.error?.message).toBe('Add at least one participant');
	const bad = await runChatApp(server, createGroup('79001234567, bob@example.com') as never);
	expect(bad.error?.message).toBe('Participant "bob@example.com" is not a phone number');
	expect(server.calls(/chats$/, 'POST')).toHaveLength(0);
});

test("ChatApp's refusal is shown with its message", async () => {
	server.failNext(/chats$/, 422, { success: false, error: { code: 'ApiValidationError', message: 'Group limit reached' } }, { method: 'POST' });
	const { error } = await runChatApp(server, createGroup('79001234567') as never);
	expect(error?.message).toBe('ChatApp error ApiValidationError: Group limit reached');
});
