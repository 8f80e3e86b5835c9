import { isConversational, messageKind, messageText, toChatHistory, toChatMessage } from '../../../nodes/Chatwoot/memory/history';

/*
 * Records as GET …/conversations/{id}/messages serialises them
 * (app/views/api/v1/models/_message.json.jbuilder, Chatwoot 4.15.1 97bb8ecd3):
 * message_type is the enum integer, sender is push_event_data.
 */
const CONTACT = { id: 42, name: 'Maria Garcia', type: 'contact' };
const AGENT = { id: 1, name: 'Olivia Ops', available_name: 'Olivia', type: 'user' };
const BOT = { id: 7, name: 'n8n bot', type: 'agent_bot' };

function message(id: number, message_type: number, content: string | null, extra: Record<string, unknown> = {}) {
	return { id, content, inbox_id: 1, conversation_id: 5, message_type, content_type: 'text', status: 'sent', content_attributes: {}, created_at: 1763716200 + id, private: false, source_id: null, sender: message_type === 0 ? CONTACT : AGENT, ...extra };
}

const text = (role: string, value: string) => ({ role, content: [{ type: 'text', text: value }] });
const all = { includePrivateNotes: false, maxMessages: 100, maxCharacters: 0 };

test('customer → user, agent and bot → assistant, activity left out, oldest first whatever the order read', () => {
	const records = [
		message(14, 1, 'Sure, one moment', { sender: BOT }),
		message(11, 0, 'Hi, my invoice is wrong'),
		message(12, 2, 'Conversation was marked resolved by Olivia', { sender: undefined }),
		message(13, 1, 'Which invoice?'),
		message(15, 3, 'Your order has shipped'),
	];
	expect(toChatHistory(records, all)).toEqual([
		text('user', 'Hi, my invoice is wrong'),
		text('assistant', 'Which invoice?'),
		text('assistant', 'Sure, one moment'),
		text('assistant', 'Your order has shipped'),
	]);
});

test('private notes are left out unless asked for, then come as system messages naming the author', () => {
	const records = [message(1, 0, 'Refund please'), message(2, 1, 'VIP customer, refund at once', { private: true })];
	expect(toChatHistory(records, all)).toEqual([text('user', 'Refund please')]);
	expect(toChatHistory(records, { ...all, includePrivateNotes: true })).toEqual([
		text('user', 'Refund please'),
		text('system', 'Private note from Olivia: VIP customer, refund at once'),
	]);
	expect(isConversational(records[1], false)).toBe(false);
});

test('attachments come as a line each with type and URL; a message without text or attachment is left out', () => {
	const photo = message(3, 0, null, { attachments: [{ id: 9, file_type: 'image', data_url: 'https://cw.test/rails/active_storage/blobs/9/photo.jpg' }] });
	const voice = message(4, 0, 'listen', { attachments: [{ id: 10, file_type: 'audio', data_url: 'https://cw.test/blobs/10/note.ogg' }] });
	expect(messageText(photo)).toBe('[image attachment: https://cw.test/rails/active_storage/blobs/9/photo.jpg]');
	expect(messageText(voice)).toBe('listen\n[audio attachment: https://cw.test/blobs/10/note.ogg]');
	expect(toChatMessage(message(5, 0, '   '))).toBeUndefined();
	expect(toChatHistory([photo, message(5, 0, '')], all)).toEqual([text('user', messageText(photo))]);
});

test('the budget keeps the newest messages: at most maxMessages, and within maxCharacters', () => {
	const records = [message(1, 0, 'aaaa'), message(2, 1, 'bbbb'), message(3, 0, 'cccc'), message(4, 1, 'dd')];
	expect(toChatHistory(records, { ...all, maxMessages: 2 })).toEqual([text('user', 'cccc'), text('assistant', 'dd')]);
	// 2 + 4 = 6 fits in 7, 2 + 4 + 4 does not: the older ones are dropped, not cut.
	expect(toChatHistory(records, { ...all, maxCharacters: 7 })).toEqual([text('user', 'cccc'), text('assistant', 'dd')]);
	expect(toChatHistory(records, { ...all, maxCharacters: 1 })).toEqual([]);
});

test('webhook payloads spell the type as a word; both spellings are read', () => {
	expect(messageKind({ message_type: 'incoming' })).toBe('incoming');
	expect(messageKind({ message_type: 0 })).toBe('incoming');
	expect(messageKind({ message_type: 2 })).toBe('activity');
	expect(toChatMessage({ id: 1, message_type: 'outgoing', content: 'ok', private: false })).toEqual(text('assistant', 'ok'));
});
