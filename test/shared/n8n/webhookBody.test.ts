import type { IWebhookFunctions } from 'n8n-workflow';

import { receivedBody } from '../../../nodes/shared/n8n/webhookBody';

const ctx = (request: Record<string, unknown>) => ({ getRequestObject: () => request }) as unknown as IWebhookFunctions;

describe('receivedBody', () => {
	test('the bytes n8n already read', async () => {
		const raw = Buffer.from('{"a":1}');
		expect(await receivedBody(ctx({ rawBody: raw, body: { a: 1 } }))).toBe(raw);
	});

	test('a body n8n left unread is read with n8n\'s own reader, once', async () => {
		const raw = Buffer.from('\u00ff binary-ish');
		let reads = 0;
		const request: Record<string, unknown> = {
			async readRawBody() {
				reads += 1;
				request.rawBody = raw;
			},
		};
		expect(await receivedBody(ctx(request))).toBe(raw);
		expect(await receivedBody(ctx(request))).toBe(raw);
		expect(reads).toBe(1);
	});

	test('nothing to read: undefined (the caller falls back to the parsed body)', async () => {
		expect(await receivedBody(ctx({ body: { a: 1 } }))).toBeUndefined();
		expect(await receivedBody(ctx({ async readRawBody() {} }))).toBeUndefined();
	});

	test('a stream n8n already consumed (multipart, which it parses at either version) or an aborted one: undefined, as at version 1', async () => {
		const request = {
			body: { field: 'x' },
			async readRawBody() {
				throw new Error('Request body stream was aborted or is not readable');
			},
		};
		expect(await receivedBody(ctx(request))).toBeUndefined();
	});
});
