import type { INodeExecutionData } from 'n8n-workflow';

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

const message = (parameters: Record<string, unknown>, input?: INodeExecutionData[]) =>
	runClient(cw, { resource: 'message', ...parameters }, input ? { input } : {});

function conversationOfContact() {
	const { sourceId, contact } = seedContact(cw);
	const conversation = seedConversation(cw, contact.id as number);
	return { sourceId, contact, conversation, id: conversation.id as number };
}


describe('message create', () => {
	test('sends content and echo_id as JSON; the message is incoming from the contact', async () => {
		const { sourceId, contact, id } = conversationOfContact();
		const { items, error } = await message({
			operation: 'create',
			contactIdentifier: sourceId,
			conversationId: id,
			content: 'Where is my order?',
			additionalFields: { echoId: 'echo-77' },
		});
		expect(error).toBeUndefined();
		const [post] = cw.calls({ method: 'POST' });
		expect(post.path).toBe(`${PUBLIC}/contacts/${sourceId}/conversations/${id}/messages`);
		expect(post.contentType).toBe('application/json');
		expect(post.body).toEqual({ content: 'Where is my order?', echo_id: 'echo-77' });
		expect(items[0].json).toMatchObject({
			content: 'Where is my order?',
			echo_id: 'echo-77',
			message_type: 0,
			conversation_id: id,
			sender: { id: contact.id, type: 'contact' },
		});
	});

	test('uploads binary properties as attachments[] with the exact bytes', async () => {
		const { sourceId, id } = conversationOfContact();
		// Bytes that break naive encoders: NUL, 0xFF, CRLF, and a fake boundary line.
		const png = Buffer.concat([
			Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe]),
			Buffer.from('\r\n------n8nChatBoundaryfake\r\n--\r\n', 'latin1'),
			Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
		]);
		const pdf = Buffer.from('%PDF-1.4\n% invoice A-1001\n%%EOF\n', 'utf8');
		const input: INodeExecutionData[] = [
			{
				json: {},
				binary: {
					data: { data: png.toString('base64'), mimeType: 'image/png', fileName: 'photo.png', fileExtension: 'png' },
					invoice: { data: pdf.toString('base64'), mimeType: 'application/pdf', fileName: 'invoice A-1001.pdf' },
				},
			},
		];
		const { items, error } = await message(
			{
				operation: 'create',
				contactIdentifier: sourceId,
				conversationId: id,
				content: 'Photo and invoice attached',
				additionalFields: { binaryProperties: 'data, invoice', echoId: 'echo-1' },
			},
			input,
		);
		expect(error).toBeUndefined();
		const [post] = cw.calls({ method: 'POST' });
		expect(post.contentType).toBe('multipart/form-data');
		expect(post.files.map((f) => [f.field, f.fileName, f.contentType])).toEqual([
			['attachments[]', 'photo.png', 'image/png'],
			['attachments[]', 'invoice A-1001.pdf', 'application/pdf'],
		]);
		expect(post.files[0].data.equals(png)).toBe(true);
		expect(post.files[1].data.equals(pdf)).toBe(true);
		expect(post.body).toMatchObject({ content: 'Photo and invoice attached', echo_id: 'echo-1' });
		expect((items[0].json.attachments as unknown[]).length).toBe(2);
	});

	test('an attachment without text is allowed', async () => {
		const { sourceId, id } = conversationOfContact();
		const bytes = Buffer.from([1, 2, 3, 4, 5]);
		const { error } = await message(
			{ operation: 'create', contactIdentifier: sourceId, conversationId: id, content: '', additionalFields: { binaryProperties: 'data' } },
			[{ json: {}, binary: { data: { data: bytes.toString('base64'), mimeType: 'application/octet-stream', fileName: 'blob.bin' } } }],
		);
		expect(error).toBeUndefined();
		const [post] = cw.calls({ method: 'POST' });
		expect(post.body).toEqual({ 'attachments[]': [{ fileName: 'blob.bin', size: 5 }] });
		expect(post.files[0].data.equals(bytes)).toBe(true);
	});

	test('a missing binary property and an empty message are refused before any request', async () => {
		const { sourceId, id } = conversationOfContact();
		const missing = await message({
			operation: 'create',
			contactIdentifier: sourceId,
			conversationId: id,
			content: 'x',
			additionalFields: { binaryProperties: 'nope' },
		});
		expect(missing.error?.message).toMatch(/nope/);
		const empty = await message({ operation: 'create', contactIdentifier: sourceId, conversationId: id, content: '' });
		expect(empty.error?.message).toBe('The message is empty');
		expect(cw.requests).toHaveLength(0);
	});
});

describe('message getAll', () => {
	function seedMessages(conversationId: number, count: number) {
		for (let i = 1; i <= count; i++) {
			cw.state.addMessage({ conversation_id: conversationId, content: `m${i}`, message_type: i % 2 });
		}
		// invisible to contacts
		cw.state.addMessage({ conversation_id: conversationId, content: 'internal note', private: true });
		cw.state.addMessage({ conversation_id: conversationId, content: 'Conversation was resolved', message_type: 2 });
	}

	test('Return All walks back with the before cursor, newest first', async () => {
		const { sourceId, id } = conversationOfContact();
		seedMessages(id, 45);
		const { items, error } = await message({ operation: 'getAll', contactIdentifier: sourceId, conversationId: id, returnAll: true });
		expect(error).toBeUndefined();
		const contents = jsonOf(items).map((m) => m.content);
		expect(contents).toHaveLength(45);
		expect(contents[0]).toBe('m45');
		expect(contents[44]).toBe('m1');
		expect(contents).not.toContain('internal note');
		const gets = cw.calls({ method: 'GET' });
		expect(gets.map((g) => g.query)).toEqual([{}, { before: '26' }, { before: '6' }]);
		expect(gets.every((g) => g.path === `${PUBLIC}/contacts/${sourceId}/conversations/${id}/messages`)).toBe(true);
	});

	test('Limit stops after enough pages; Before Message ID starts further back', async () => {
		const { sourceId, id } = conversationOfContact();
		seedMessages(id, 45);
		const limited = await message({ operation: 'getAll', contactIdentifier: sourceId, conversationId: id, returnAll: false, limit: 25 });
		expect(jsonOf(limited.items).map((m) => m.id)).toEqual(Array.from({ length: 25 }, (_, i) => 45 - i));
		expect(cw.calls({ method: 'GET' })).toHaveLength(2);

		const older = await message({
			operation: 'getAll',
			contactIdentifier: sourceId,
			conversationId: id,
			returnAll: false,
			limit: 3,
			options: { before: 10 },
		});
		expect(jsonOf(older.items).map((m) => m.id)).toEqual([9, 8, 7]);
		expect(cw.calls({ method: 'GET' })[2].query).toEqual({ before: '10' });
	});

	test('an unknown conversation is reported with its ID, the contact identifier is not echoed', async () => {
		const { sourceId } = conversationOfContact();
		const { error } = await message({ operation: 'getAll', contactIdentifier: sourceId, conversationId: 99, returnAll: true });
		expect(error?.message).toBe('Conversation 99 was not found for this contact');
		expect(errorText(error)).not.toContain(sourceId);
	});
});

describe('message update', () => {
	test('answers a CSAT survey with rating and feedback', async () => {
		const { sourceId, id } = conversationOfContact();
		const survey = cw.state.addMessage({ conversation_id: id, content_type: 'input_csat', content: 'Rate us' });
		const { items, error } = await message({
			operation: 'update',
			contactIdentifier: sourceId,
			conversationId: id,
			messageId: survey.id,
			replyType: 'csat',
			rating: 4,
			feedbackMessage: 'Quick and friendly',
		});
		expect(error).toBeUndefined();
		const [patch] = cw.calls({ method: 'PATCH' });
		expect(patch.path).toBe(`${PUBLIC}/contacts/${sourceId}/conversations/${id}/messages/${survey.id}`);
		expect(patch.body).toEqual({ submitted_values: { csat_survey_response: { rating: 4, feedback_message: 'Quick and friendly' } } });
		expect(items[0].json).toMatchObject({ id: survey.id, content_attributes: { submitted_values: { csat_survey_response: { rating: 4 } } } });
	});

	test('answers an options or form message with a value', async () => {
		const { sourceId, id } = conversationOfContact();
		const options = cw.state.addMessage({ conversation_id: id, content_type: 'input_select', content: 'Pick one' });
		const { error } = await message({
			operation: 'update',
			contactIdentifier: sourceId,
			conversationId: id,
			messageId: options.id,
			replyType: 'value',
			value: 'billing',
			additionalFields: { title: 'Billing question', name: 'topic' },
		});
		expect(error).toBeUndefined();
		expect(cw.calls({ method: 'PATCH' })[0].body).toEqual({
			submitted_values: { name: 'topic', title: 'Billing question', value: 'billing' },
		});
	});

	test('an unknown message is reported as such; an out-of-range rating never leaves n8n', async () => {
		const { sourceId, id } = conversationOfContact();
		const missing = await message({ operation: 'update', contactIdentifier: sourceId, conversationId: id, messageId: 555, replyType: 'csat', rating: 5 });
		expect(missing.error?.message).toBe(`Message 555 was not found in conversation ${id}`);
		const requestsSoFar = cw.requests.length;
		const bad = await message({ operation: 'update', contactIdentifier: sourceId, conversationId: id, messageId: 1, replyType: 'csat', rating: 9 });
		expect(bad.error?.message).toBe('Rating must be a whole number from 1 to 5, got "9"');
		expect(cw.requests).toHaveLength(requestsSoFar);
	});
});
