import type { INodeExecutionData } from 'n8n-workflow';

import { Chatwoot } from '../../../nodes/Chatwoot/Chatwoot.node';
import { loadOptionsContext } from '../../harness/contexts';
import { runNode } from '../../harness/workflow';
import { FakeChatwoot } from '../../servers/chatwoot/server';

let cw: FakeChatwoot;
const node = new Chatwoot();
const run = (parameters: Record<string, unknown>, extra: Partial<Parameters<typeof runNode>[0]> = {}) =>
	runNode({
		nodeType: node,
		parameters: { resource: 'message', ...parameters } as never,
		credentials: { chatwootApi: cw.credentials() },
		...extra,
	});

const MESSAGES = '/api/v1/accounts/1/conversations/:id/messages';

beforeEach(async () => {
	cw = await FakeChatwoot.start();
});
afterEach(async () => {
	// Every request of every test conforms to Chatwoot's OpenAPI contract (plus the
	// documented drift routes in test/contract/openapi.ts).
	expect(cw.violations).toEqual([]);
	await cw.stop();
});

function conversationIn(inboxId: number) {
	const contact = cw.state.addContact({ name: 'Ada', email: `ada${inboxId}@example.com` });
	const conversation = cw.state.addConversation({ inbox_id: inboxId, contact_id: contact.id });
	return { ...conversation, id: conversation.id as number };
}

describe('create', () => {
	test('defaults send a plain public outgoing text message (never the spec examples that cause 422)', async () => {
		const conversation = conversationIn(2);
		const { items, error } = await run({ operation: 'create', conversationId: conversation.id, content: 'Hello there' });
		expect(error).toBeUndefined();
		const post = cw.calls({ method: 'POST', path: `/api/v1/accounts/1/conversations/${conversation.id}/messages` });
		expect(post).toHaveLength(1);
		expect(post[0].contentType).toBe('application/json');
		expect(post[0].body).toEqual({ content: 'Hello there', message_type: 'outgoing', private: false, content_type: 'text' });
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ content: 'Hello there', message_type: 1, private: false, content_type: 'text' });
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});

	test('incoming private note with content attributes, echo_id and source_id in an API inbox', async () => {
		const conversation = conversationIn(1);
		const { items, error } = await run({
			operation: 'create',
			accountId: 1,
			conversationId: conversation.id,
			content: 'Which plan?',
			messageType: 'incoming',
			private: true,
			additionalFields: {
				contentType: 'input_select',
				contentAttributes: '{"items":[{"title":"Free","value":"free"},{"title":"Pro","value":"pro"}]}',
				echoId: 'echo-42',
				sourceId: 'wamid.HBgL',
			},
		});
		expect(error).toBeUndefined();
		expect(cw.calls({ method: 'POST' })[0].body).toEqual({
			content: 'Which plan?',
			message_type: 'incoming',
			private: true,
			content_type: 'input_select',
			content_attributes: { items: [{ title: 'Free', value: 'free' }, { title: 'Pro', value: 'pro' }] },
			echo_id: 'echo-42',
			source_id: 'wamid.HBgL',
		});
		expect(items[0].json).toMatchObject({ message_type: 0, private: true, source_id: 'wamid.HBgL', echo_id: 'echo-42' });
	});

	test('attachments: every binary property becomes one attachments[] part with exact bytes, name and type', async () => {
		const conversation = conversationIn(1);
		const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x10, 0x0d, 0x0a, 0x2d, 0x2d]);
		const pdf = Buffer.from('%PDF-1.4\r\n--not-a-boundary\r\n%%EOF\n', 'latin1');
		const input: INodeExecutionData[] = [
			{
				json: { conversationId: conversation.id },
				binary: {
					data: { data: png.toString('base64'), mimeType: 'image/png', fileName: 'screenshot.png', fileExtension: 'png' },
					invoice: { data: pdf.toString('base64'), mimeType: 'application/pdf', fileName: 'Rechnung März.pdf' },
				},
			},
		];
		const { items, error } = await run(
			{
				operation: 'create',
				conversationId: '={{ $json.conversationId }}',
				content: 'Here are the files',
				additionalFields: { binaryProperties: 'data, invoice', contentAttributes: '{"in_reply_to": 7}' },
			},
			{ input },
		);
		expect(error).toBeUndefined();
		const [post] = cw.calls({ method: 'POST', path: `/api/v1/accounts/1/conversations/${conversation.id}/messages` });
		expect(post.contentType).toBe('multipart/form-data');
		expect(post.files.map((f) => ({ field: f.field, fileName: f.fileName, contentType: f.contentType }))).toEqual([
			{ field: 'attachments[]', fileName: 'screenshot.png', contentType: 'image/png' },
			{ field: 'attachments[]', fileName: 'Rechnung März.pdf', contentType: 'application/pdf' },
		]);
		expect(post.files[0].data.equals(png)).toBe(true);
		expect(post.files[1].data.equals(pdf)).toBe(true);
		// The text fields travel in the same form.
		expect(post.body).toMatchObject({
			content: 'Here are the files',
			message_type: 'outgoing',
			content_type: 'text',
			content_attributes: '{"in_reply_to":7}',
		});
		// MessageBuilder keeps the raw param: a "false" string is truthy there (audit row 22), so no part is sent.
		expect(post.body).not.toHaveProperty('private');
		expect(items[0].json.attachments).toEqual([
			expect.objectContaining({ file_type: 'image', extension: 'png', file_size: png.length }),
			expect.objectContaining({ file_type: 'file', extension: 'pdf', file_size: pdf.length }),
		]);
	});

	test('an attachment alone needs no content; a missing binary field is a clear error', async () => {
		const conversation = conversationIn(1);
		const file = Buffer.from('just bytes');
		const ok = await run(
			{ operation: 'create', conversationId: conversation.id, additionalFields: { binaryProperties: 'data' } },
			{ input: [{ json: {}, binary: { data: { data: file.toString('base64'), mimeType: 'text/plain', fileName: 'a.txt' } } }] },
		);
		expect(ok.error).toBeUndefined();
		const [post] = cw.calls({ method: 'POST' });
		expect(post.body).not.toHaveProperty('content');
		expect(post.files[0].data.equals(file)).toBe(true);

		const missing = await run(
			{ operation: 'create', conversationId: conversation.id, content: 'x', additionalFields: { binaryProperties: 'photo' } },
			{ input: [{ json: {} }] },
		);
		expect(missing.error?.message).toMatch(/photo/);
		expect(cw.calls({ method: 'POST' })).toHaveLength(1);
	});

	test('template params travel as JSON, or as bracket fields next to attachments', async () => {
		const conversation = conversationIn(1);
		const template = {
			name: 'purchase_receipt',
			category: 'UTILITY',
			language: 'en_US',
			processed_params: { body: { '1': 'Visa', '2': 'Nike' } },
		};
		const json = await run({
			operation: 'create',
			conversationId: conversation.id,
			content: 'Receipt',
			additionalFields: { templateParams: JSON.stringify(template) },
		});
		expect(json.error).toBeUndefined();
		expect(cw.calls({ method: 'POST' })[0].body).toMatchObject({ template_params: template });

		const multipart = await run(
			{
				operation: 'create',
				conversationId: conversation.id,
				content: 'Receipt',
				additionalFields: { templateParams: JSON.stringify(template), binaryProperties: 'data' },
			},
			{ input: [{ json: {}, binary: { data: { data: 'aGk=', mimeType: 'text/plain', fileName: 'r.txt' } } }] },
		);
		expect(multipart.error).toBeUndefined();
		expect(cw.calls({ method: 'POST' })[1].body).toMatchObject({
			'template_params[name]': 'purchase_receipt',
			'template_params[category]': 'UTILITY',
			'template_params[language]': 'en_US',
			'template_params[processed_params][body][1]': 'Visa',
			'template_params[processed_params][body][2]': 'Nike',
		});
	});

	test('empty text content is refused before any request', async () => {
		const conversation = conversationIn(1);
		const { error } = await run({ operation: 'create', conversationId: conversation.id, content: '   ' });
		expect(error?.message).toBe('The message has no content');
		expect(cw.calls({ method: 'POST' })).toHaveLength(0);
	});

	test('incoming message in a non-API inbox: Chatwoot 422 becomes a clear error', async () => {
		const conversation = conversationIn(2);
		const { error, items } = await run({
			operation: 'create',
			conversationId: conversation.id,
			content: 'from the customer',
			messageType: 'incoming',
		});
		expect(items).toHaveLength(0);
		expect(error?.httpCode).toBe('422');
		expect(error?.message).toBe('Chatwoot refused the input: Incoming messages are only allowed in Api inboxes');
		expect(error?.description).toMatch(/only in API-channel inboxes/);
		expect(JSON.stringify(error)).not.toContain(cw.token);
	});

	test('429 "Retry later" is retried and succeeds once', async () => {
		const conversation = conversationIn(1);
		cw.once('POST', MESSAGES, () => ({ status: 429, body: 'Retry later' }));
		const { items, error } = await run({ operation: 'create', conversationId: conversation.id, content: 'after throttle' });
		expect(error).toBeUndefined();
		expect(cw.calls({ method: 'POST' })).toHaveLength(2);
		expect(items).toHaveLength(1);
		expect(cw.state.messages.filter((m) => m.content === 'after throttle')).toHaveLength(1);
	});

	test('several input items: one message each, pairedItem points at its item', async () => {
		const a = conversationIn(1);
		const b = conversationIn(2);
		const input = [
			{ json: { conversation: a.id, text: 'first' } },
			{ json: { conversation: b.id, text: 'second' } },
			{ json: { conversation: a.id, text: 'third' } },
		];
		const { items, error } = await run(
			{ operation: 'create', conversationId: '={{ $json.conversation }}', content: '={{ $json.text }}' },
			{ input },
		);
		expect(error).toBeUndefined();
		expect(items.map((i) => [i.json.content, i.json.conversation_id, i.pairedItem])).toEqual([
			['first', a.id, { item: 0 }],
			['second', b.id, { item: 1 }],
			['third', a.id, { item: 2 }],
		]);
		// The default account came from the profile, looked up once for the run.
		expect(cw.calls({ path: '/api/v1/profile' })).toHaveLength(1);
	});

	test('continueOnFail: a failing item becomes an error item, the others go through', async () => {
		const api = conversationIn(1);
		const web = conversationIn(2);
		const input = [
			{ json: { conversation: api.id, type: 'incoming' } },
			{ json: { conversation: web.id, type: 'incoming' } },
			{ json: { conversation: 999, type: 'outgoing' } },
		];
		const { items, error } = await run(
			{ operation: 'create', conversationId: '={{ $json.conversation }}', content: 'hi', messageType: '={{ $json.type }}' },
			{ input, continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(3);
		expect(items[0].json).toMatchObject({ content: 'hi', message_type: 0 });
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(items[1].json.error).toMatch(/Incoming messages are only allowed in Api inboxes/);
		expect(items[1].pairedItem).toEqual({ item: 1 });
		expect(items[2].json.error).toBe('The requested Chatwoot resource was not found');
		expect(items[2].pairedItem).toEqual({ item: 2 });
	});
});

describe('get many', () => {
	function seedMessages(conversationId: number, count: number) {
		for (let i = 1; i <= count; i++) {
			cw.state.addMessage({ conversation_id: conversationId, content: `message ${i}` });
		}
	}

	test('Return All follows the before= cursor across pages, newest first', async () => {
		const conversation = conversationIn(1);
		seedMessages(conversation.id, 45);
		const { items, error } = await run({ operation: 'getAll', conversationId: conversation.id, returnAll: true });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(45);
		expect(items[0].json.content).toBe('message 45');
		expect(items[44].json.content).toBe('message 1');
		const ids = items.map((i) => Number(i.json.id));
		expect(ids).toEqual([...ids].sort((x, y) => y - x));
		expect(new Set(ids).size).toBe(45);
		const gets = cw.calls({ method: 'GET', path: `/api/v1/accounts/1/conversations/${conversation.id}/messages` });
		expect(gets.map((r) => r.query.before)).toEqual([undefined, String(ids[19]), String(ids[39])]);
		expect(items.every((i) => i.pairedItem && (i.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	test('Limit keeps the most recent messages and stops paging early', async () => {
		const conversation = conversationIn(1);
		seedMessages(conversation.id, 45);
		const limited = await run({ operation: 'getAll', conversationId: conversation.id, returnAll: false, limit: 25 });
		expect(limited.error).toBeUndefined();
		expect(limited.items.map((i) => i.json.content)).toEqual(
			Array.from({ length: 25 }, (_v, i) => `message ${45 - i}`),
		);
		expect(cw.calls({ method: 'GET', path: /\/messages$/ })).toHaveLength(2);

		const small = await run({ operation: 'getAll', conversationId: conversation.id, limit: 5 });
		expect(small.items).toHaveLength(5);
		expect(cw.calls({ method: 'GET', path: /\/messages$/ })).toHaveLength(3);
	});

	test('an exact multiple of the page size ends on the empty page', async () => {
		const conversation = conversationIn(1);
		seedMessages(conversation.id, 40);
		const { items } = await run({ operation: 'getAll', conversationId: conversation.id, returnAll: true });
		expect(items).toHaveLength(40);
		expect(cw.calls({ method: 'GET', path: /\/messages$/ })).toHaveLength(3);
	});

	test('a 5xx on a page is retried', async () => {
		const conversation = conversationIn(1);
		seedMessages(conversation.id, 3);
		cw.once('GET', MESSAGES, () => ({ status: 502, body: 'Bad Gateway' }));
		const { items, error } = await run({ operation: 'getAll', conversationId: conversation.id, returnAll: true });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(3);
		expect(cw.calls({ method: 'GET', path: /\/messages$/ })).toHaveLength(2);
	});
});

describe('update status', () => {
	test('API inbox: PATCH with status and external_error (route missing from the spec, see DRIFT_ROUTES)', async () => {
		const conversation = conversationIn(1);
		const message = cw.state.addMessage({ conversation_id: conversation.id, content: 'out', status: 'sent' });
		const delivered = await run({
			operation: 'updateStatus',
			conversationId: conversation.id,
			messageId: message.id,
			status: 'delivered',
		});
		expect(delivered.error).toBeUndefined();
		expect(delivered.items[0].json).toMatchObject({ id: message.id, status: 'delivered' });

		const failed = await run({
			operation: 'updateStatus',
			conversationId: conversation.id,
			messageId: message.id,
			status: 'failed',
			externalError: 'Recipient blocked the number',
		});
		expect(failed.error).toBeUndefined();
		const patches = cw.calls({ method: 'PATCH' });
		expect(patches.map((p) => p.path)).toEqual([
			`/api/v1/accounts/1/conversations/${conversation.id}/messages/${message.id}`,
			`/api/v1/accounts/1/conversations/${conversation.id}/messages/${message.id}`,
		]);
		expect(patches[0].body).toEqual({ status: 'delivered' });
		expect(patches[1].body).toEqual({ status: 'failed', external_error: 'Recipient blocked the number' });
		expect(failed.items[0].json).toMatchObject({ status: 'failed' });
	});

	test('External Error is only sent with Failed', async () => {
		const conversation = conversationIn(1);
		const message = cw.state.addMessage({ conversation_id: conversation.id, content: 'out' });
		const { error } = await run({
			operation: 'updateStatus',
			conversationId: conversation.id,
			messageId: message.id,
			status: 'read',
			externalError: 'left over from an earlier setting',
		});
		expect(error).toBeUndefined();
		expect(cw.calls({ method: 'PATCH' })[0].body).toEqual({ status: 'read' });
	});

	test('non-API inbox: Chatwoot 403 is mapped to an actionable error', async () => {
		const conversation = conversationIn(2);
		const message = cw.state.addMessage({ conversation_id: conversation.id, inbox_id: 2, content: 'out' });
		const { error } = await run({
			operation: 'updateStatus',
			conversationId: conversation.id,
			messageId: message.id,
			status: 'read',
		});
		expect(error?.httpCode).toBe('403');
		expect(error?.message).toBe('Message status update is only allowed for API inboxes');
		expect(error?.description).toMatch(/API-channel inboxes/);
	});

	test('a read → delivered downgrade Chatwoot ignores (200, status unchanged) is said in the item and as a hint', async () => {
		// Messages::StatusUpdateService#perform returns false without an error and the
		// controller renders the unchanged message with 200 (Chatwoot 4.15.1); this fake
		// used to answer 422, which Chatwoot never does.
		const conversation = conversationIn(1);
		const message = cw.state.addMessage({ conversation_id: conversation.id, content: 'out', status: 'read' });
		const { items, error, run: execution } = await run({
			operation: 'updateStatus',
			conversationId: conversation.id,
			messageId: message.id,
			status: 'delivered',
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ id: message.id, status: 'read', status_updated: false });
		expect(items[0].json.status_ignored_reason).toMatch(/does not move it back to delivered/);
		const hints = execution.data.resultData.runData['Node Under Test'][0].hints ?? [];
		expect(hints.map((h) => h.message)).toEqual([expect.stringMatching(new RegExp(`Message ${message.id}: Chatwoot keeps a read message read`))]);
		expect(cw.state.messages.find((m) => m.id === message.id)?.status).toBe('read');
	});

	test('a status change Chatwoot makes is marked status_updated', async () => {
		const conversation = conversationIn(1);
		const message = cw.state.addMessage({ conversation_id: conversation.id, content: 'out', status: 'sent' });
		const { items } = await run({ operation: 'updateStatus', conversationId: conversation.id, messageId: message.id, status: 'read' });
		expect(items[0].json).toMatchObject({ status: 'read', status_updated: true });
	});
});

describe('delete', () => {
	test('soft-deletes and returns the placeholder message', async () => {
		const conversation = conversationIn(1);
		const message = cw.state.addMessage({ conversation_id: conversation.id, content: 'oops' });
		const { items, error } = await run({ operation: 'delete', conversationId: conversation.id, messageId: message.id });
		expect(error).toBeUndefined();
		expect(cw.calls({ method: 'DELETE' }).map((r) => r.path)).toEqual([
			`/api/v1/accounts/1/conversations/${conversation.id}/messages/${message.id}`,
		]);
		expect(items[0].json).toMatchObject({ id: message.id, content: 'This message was deleted', content_attributes: { deleted: true } });
	});

	test('an unknown message is a 404 with a hint', async () => {
		const conversation = conversationIn(1);
		const { error } = await run({ operation: 'delete', conversationId: conversation.id, messageId: 12345 });
		expect(error?.httpCode).toBe('404');
		expect(error?.message).toBe('The requested Chatwoot resource was not found');
	});

	test('IDs must be positive whole numbers', async () => {
		const { error } = await run({ operation: 'delete', conversationId: -3, messageId: 1 });
		expect(error?.message).toMatch(/Conversation ID must be a positive whole number/);
		expect(cw.requests).toHaveLength(0);
	});
});

describe('message picker', () => {
	test('lists the chosen conversation\'s messages newest first, pages with before=, filters by text', async () => {
		const conversation = conversationIn(1);
		for (let i = 1; i <= 23; i++) cw.state.addMessage({ conversation_id: conversation.id, content: i === 5 ? 'Where is my parcel?' : `Message ${i}`, message_type: i % 2 });
		const ctx = loadOptionsContext({
			nodeType: node,
			parameters: { resource: 'message', operation: 'delete', accountId: 1, conversationId: { __rl: true, mode: 'url', value: `${cw.url}/app/accounts/1/conversations/${conversation.id}` } } as never,
			credentials: { chatwootApi: cw.credentials() },
		});
		const first = await node.methods.listSearch.searchMessages.call(ctx);
		expect(first.results).toHaveLength(20);
		expect(first.results[0]).toEqual({ name: '#23 · Olivia Ops · outgoing · Message 23', value: 23 });
		expect(first.paginationToken).toBe('4');
		const rest = await node.methods.listSearch.searchMessages.call(ctx, undefined, first.paginationToken);
		expect(rest.results.map((r) => r.value)).toEqual([3, 2, 1]);
		expect(rest.paginationToken).toBeUndefined();
		expect(cw.calls({ path: `/api/v1/accounts/1/conversations/${conversation.id}/messages` }).map((r) => r.query.before)).toEqual([undefined, '4']);
		const parcel = await node.methods.listSearch.searchMessages.call(ctx, 'parcel', '6');
		expect(parcel.results.map((r) => r.value)).toEqual([5]);

		const none = loadOptionsContext({ nodeType: node, parameters: { resource: 'message', operation: 'delete', accountId: 1 } as never, credentials: { chatwootApi: cw.credentials() } });
		expect(await node.methods.listSearch.searchMessages.call(none)).toEqual({ results: [] });
	});

	test('a message picked from the list works in a run', async () => {
		const conversation = conversationIn(1);
		const message = cw.state.addMessage({ conversation_id: conversation.id, content: 'oops' });
		const { items, error } = await run({ operation: 'delete', conversationId: conversation.id, messageId: { __rl: true, mode: 'list', value: message.id } });
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ id: message.id, content: 'This message was deleted' });
	});
});
