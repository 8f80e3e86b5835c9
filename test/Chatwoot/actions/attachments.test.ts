import { createServer, type IncomingMessage, type Server } from 'http';
import type { AddressInfo } from 'net';

import { chatwootSuite } from './suite';

/**
 * Message → Download Attachments. Chatwoot 4.15.1 puts url_for(file) into data_url
 * (Attachment#file_metadata), which Rails answers with a redirect to the storage service:
 * here a second server on another port (another origin), like S3.
 */
const suite = chatwootSuite('message');

let storage: Server;
let storageUrl = '';
const seen: IncomingMessage[] = [];
/** Bytes by storage path; `chunked` paths are sent without Content-Length. */
const files: Record<string, { data: Buffer; type: string; name: string; chunked?: boolean }> = {};

beforeAll(async () => {
	storage = createServer((req, res) => {
		seen.push(req);
		const file = files[new URL(req.url ?? '/', 'http://x').pathname];
		if (!file) {
			res.writeHead(403).end('<Error>AccessDenied</Error>');
			return;
		}
		const headers: Record<string, string> = { 'content-type': file.type, 'content-disposition': `inline; filename="${file.name}"; filename*=UTF-8''${encodeURIComponent(file.name)}` };
		if (!file.chunked) headers['content-length'] = String(file.data.length);
		res.writeHead(200, headers);
		if (!file.chunked) {
			res.end(file.data);
			return;
		}
		// Streams in 64 KiB pieces, as a large object would come.
		let offset = 0;
		const next = () => {
			if (offset >= file.data.length || res.destroyed) {
				res.end();
				return;
			}
			res.write(file.data.subarray(offset, (offset += 65536)), next);
		};
		next();
	});
	await new Promise<void>((resolve) => storage.listen(0, '127.0.0.1', resolve));
	storageUrl = `http://127.0.0.1:${(storage.address() as AddressInfo).port}`;
});
afterAll(async () => {
	storage.closeAllConnections();
	await new Promise((resolve) => storage.close(resolve));
});
beforeEach(() => {
	seen.length = 0;
	for (const key of Object.keys(files)) delete files[key];
	// rails/active_storage/blobs/redirect/:signed_id/*filename → 302 to the service URL.
	suite.cw.route('GET', '/rails/active_storage/blobs/redirect/:signed/:name', (_r, { signed }) => ({
		status: 302,
		headers: { location: `${storageUrl}/bucket/${signed}?X-Amz-Signature=abc123` },
	}));
});

function message(attachments: Array<Record<string, unknown>>) {
	const { state, url } = suite.cw;
	state.addConversation({});
	state.addMessage({ conversation_id: 1, content: 'old' });
	const withFiles = state.addMessage({
		conversation_id: 1,
		content: null,
		message_type: 0,
		attachments: attachments.map((a, i) => ({ id: i + 1, message_id: 2, account_id: 1, data_url: `${url}/rails/active_storage/blobs/redirect/${String(a.key)}/${String(a.key)}.bin`, thumb_url: '', ...a })),
	});
	state.addMessage({ conversation_id: 1, content: 'newer' });
	return withFiles;
}

test('each file becomes an item with binary data, type, name and size; no token goes to Chatwoot\'s blob route or the storage host', async () => {
	files['/bucket/voice'] = { data: Buffer.from('OggS-voice-bytes'), type: 'audio/ogg', name: 'voice note.ogg' };
	files['/bucket/photo'] = { data: Buffer.alloc(3000, 7), type: 'image/png', name: 'photo.png' };
	message([
		{ key: 'voice', file_type: 'audio', extension: 'ogg', content_type: 'audio/ogg', file_size: 16 },
		{ key: 'photo', file_type: 'image', extension: 'png', content_type: 'image/png', file_size: 3000 },
		{ key: 'where', file_type: 'location', data_url: 'https://maps.example/x', coordinates_lat: 1 },
	]);
	const { items, error } = await suite.run({ operation: 'downloadAttachments', accountId: 1, conversationId: 1, messageId: 2 });
	expect(error).toBeUndefined();
	expect(items.map((i) => i.json)).toEqual([
		{ conversation_id: 1, message_id: 2, attachment_id: 1, file_type: 'audio', file_name: 'voice note.ogg', mime_type: 'audio/ogg', file_size: 16 },
		{ conversation_id: 1, message_id: 2, attachment_id: 2, file_type: 'image', file_name: 'photo.png', mime_type: 'image/png', file_size: 3000 },
	]);
	expect(items[0].binary?.data).toMatchObject({ fileName: 'voice note.ogg', mimeType: 'audio/ogg' });
	expect(Buffer.from(String(items[0].binary?.data.data), 'base64').toString()).toBe('OggS-voice-bytes');
	expect(suite.cw.calls({ path: '/api/v1/accounts/1/conversations/1/messages' })[0].query).toEqual({ before: '3' });
	const blobRequests = suite.cw.calls({ path: /^\/rails\// });
	expect(blobRequests).toHaveLength(2);
	for (const request of [...blobRequests.map((r) => r.headers), ...seen.map((r) => r.headers)]) {
		expect(request['api-access-token']).toBeUndefined();
		expect(request.api_access_token).toBeUndefined();
		expect(JSON.stringify(request)).not.toContain(suite.cw.token);
	}
	expect(seen.map((r) => r.url)).toEqual(['/bucket/voice?X-Amz-Signature=abc123', '/bucket/photo?X-Amz-Signature=abc123']);
});

test('File Types picks audio only; a message without such files gives one item saying so', async () => {
	files['/bucket/voice'] = { data: Buffer.from('v'), type: 'audio/ogg', name: 'v.ogg' };
	message([{ key: 'photo', file_type: 'image' }, { key: 'voice', file_type: 'audio' }]);
	const audio = await suite.run({ operation: 'downloadAttachments', accountId: 1, conversationId: 1, messageId: 2, fileTypes: ['audio'] });
	expect(audio.items.map((i) => i.json.attachment_id)).toEqual([2]);
	const none = await suite.run({ operation: 'downloadAttachments', accountId: 1, conversationId: 1, messageId: 3 });
	expect(none.items.map((i) => i.json)).toEqual([{ conversation_id: 1, message_id: 3, attachment_count: 0 }]);
});

test('size limit: refused before downloading when Chatwoot states the size, and mid-stream when it does not', async () => {
	files['/bucket/big'] = { data: Buffer.alloc(3 * 1048576, 1), type: 'video/mp4', name: 'big.mp4', chunked: true };
	message([{ key: 'big', file_type: 'video', file_size: 3 * 1048576 }]);
	const stated = await suite.run({ operation: 'downloadAttachments', accountId: 1, conversationId: 1, messageId: 2, maxFileSizeMb: 1 });
	expect(stated.error?.message).toBe('Attachment 1 is larger than the size limit of 1.0 MB');
	expect(stated.error?.description).toContain('It is 3.0 MB');
	expect(seen).toHaveLength(0);

	delete (suite.cw.state.messages[1].attachments as Array<Record<string, unknown>>)[0].file_size;
	const streamed = await suite.run({ operation: 'downloadAttachments', accountId: 1, conversationId: 1, messageId: 2, maxFileSizeMb: 1 });
	expect(streamed.error?.message).toBe('Attachment 1 is larger than the size limit of 1.0 MB');
	expect(seen).toHaveLength(1);
});

test('an expired storage link and an unknown message say what happened', async () => {
	message([{ key: 'gone', file_type: 'file' }]);
	const expired = await suite.run({ operation: 'downloadAttachments', accountId: 1, conversationId: 1, messageId: 2 });
	expect(expired.error?.message).toBe('Could not download Attachment 1: HTTP 403');
	const unknown = await suite.run({ operation: 'downloadAttachments', accountId: 1, conversationId: 1, messageId: 99 });
	expect(unknown.error?.message).toBe('Message 99 is not in conversation 1');
});
