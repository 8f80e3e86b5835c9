import { NodeApiError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

import { ChatAppAuthError, findChatAppAuthError } from '../../nodes/ChatApp/transport/tokenErrors';
import { describeNetworkFailure, networkFailureReason } from '../../nodes/shared/http/networkFailure';
import { decideRedirect, MAX_REDIRECTS } from '../../nodes/shared/http/redirect';
import { networkCodeOf } from '../../nodes/shared/http/retry';
import { networkNodeError, redactError } from '../../nodes/shared/n8n/errors';
import { createRedactor, REDACTED, secretForms, secretsReceivedIn, secretsSentIn } from '../../nodes/shared/secrets';

const NODE: INode = { id: '1', name: 'Node', type: 'test.node', typeVersion: 1, position: [0, 0], parameters: {} };

describe('Redactor', () => {
	const token = '$2y$10$ab/cD+ef gh&ij<kl>"mn';
	const redactor = createRedactor([{ value: token }, { value: 'app_4242_1', label: '<app id>', inItems: false }, { value: 'abc' }]);

	test.each([
		['raw', token],
		['URL-encoded', encodeURIComponent(token)],
		['URL-encoded, lowercase hex', encodeURIComponent(token).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase())],
		['form-encoded', encodeURIComponent(token).replace(/%20/g, '+')],
		['JSON-escaped', JSON.stringify(token).slice(1, -1)],
		["PHP's JSON with \\/", JSON.stringify(token).slice(1, -1).replace(/\//g, '\\/')],
		['HTML-escaped', token.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')],
	])('finds the secret %s inside text', (_form, echoed) => {
		const text = `<html><body>token=${echoed} end</body></html>`;
		expect(redactor.text(text)).toBe(`<html><body>token=${REDACTED} end</body></html>`);
	});

	test('secretForms lists each form once', () => {
		const forms = secretForms('plain-value');
		expect(new Set(forms).size).toBe(forms.length);
		expect(forms).toContain('plain-value');
	});

	test('values: every string and key, at any depth, in place; Buffers untouched', () => {
		let deep: Record<string, unknown> = { leaf: `x ${token} y` };
		for (let i = 0; i < 20_000; i++) deep = { next: deep };
		const buffer = Buffer.from(token);
		const value = { list: [token, { [token]: 1 }], deep, buffer, n: 5 };
		const out = redactor.value(value);
		expect(out).toBe(value);
		expect(JSON.stringify({ ...value, deep: undefined })).not.toContain('ab/cD');
		let cursor = value.deep as Record<string, unknown>;
		while (cursor.next) cursor = cursor.next as Record<string, unknown>;
		expect(cursor.leaf).toBe(`x ${REDACTED} y`);
		expect(value.buffer.toString()).toBe(token);
	});

	test('errors-only secrets and short values stay in items; too short values are never redacted', () => {
		const items = redactor.forItems();
		expect(redactor.text('app_4242_1')).toBe('<app id>');
		expect(items.text('app_4242_1 and abc')).toBe('app_4242_1 and abc');
		expect(items.text(token)).toBe(REDACTED);
		expect(createRedactor([{ value: 'abc' }]).empty).toBe(true);
		expect(createRedactor([{ value: undefined }, { value: '' }]).empty).toBe(true);
	});

	test('secretsSentIn: secret-named keys and URL secrets of what a node sends', () => {
		const found = secretsSentIn(
			{ url: 'https://n8n.example.com/webhook/abc?secret=url-secret-123', events: ['message'], nested: { access_token: 'tok-12345678' } },
			{ identifier_hash: 'hash-abcdef', page: 2 },
			'https://user:pa%24%24word@example.com/x',
		);
		expect(found.map((f) => f.value).sort()).toEqual(['hash-abcdef', 'pa$$word', 'tok-12345678', 'url-secret-123']);
		expect(found.every((f) => f.inItems === false)).toBe(true);
	});

	test('secretsReceivedIn: secret keys of an answer, outside user data', () => {
		const found = secretsReceivedIn({
			id: 1,
			pubsub_token: 'pubsub-1234567',
			inboxes: [{ channel: { hmac_token: 'hmac-7654321', secret: 'webhook-secret-1' } }],
			custom_attributes: { secret: 'user data' },
		});
		expect(found.map((f) => f.value).sort()).toEqual(['hmac-7654321', 'pubsub-1234567', 'webhook-secret-1']);
		expect(found.every((f) => f.inItems === false)).toBe(true);
	});

	test('redactError cleans message, description, messages, stack, response, context and cause', () => {
		const error = new NodeApiError(NODE, { message: `said ${token}`, body: { echo: token } }, { message: `said ${token}`, description: `d ${token}` });
		error.context.data = { token };
		(error as unknown as { cause: unknown }).cause = new Error(`cause ${token}`);
		redactError(error, redactor);
		const seen = [error.message, error.description, error.stack, JSON.stringify(error.errorResponse), JSON.stringify(error.context), ...error.messages, (error.cause as Error).message];
		expect(seen.join('\n')).not.toContain('ab/cD');
	});
});

describe('redirect decisions', () => {
	const base = { currentUrl: 'https://chat.example.com/api/v1/profile', allowedOrigin: 'https://chat.example.com', hops: 0 };

	test.each([
		[302, 'GET', '/api/v1/profile/', { follow: true, url: 'https://chat.example.com/api/v1/profile/', method: 'GET', keepBody: false }],
		[307, 'POST', 'https://chat.example.com/v2', { follow: true, url: 'https://chat.example.com/v2', method: 'POST', keepBody: true }],
		[308, 'PUT', '/x', { follow: true, url: 'https://chat.example.com/x', method: 'PUT', keepBody: true }],
		[301, 'POST', '/x', { follow: false, reason: 'methodChange', targetOrigin: 'https://chat.example.com' }],
		[302, 'GET', 'https://evil.example.net/steal', { follow: false, reason: 'crossOrigin', targetOrigin: 'https://evil.example.net', upgrade: false }],
		[307, 'POST', 'https://chat.example.com:8443/', { follow: false, reason: 'crossOrigin', targetOrigin: 'https://chat.example.com:8443', upgrade: false }],
		[302, 'GET', '//evil.example.net/', { follow: false, reason: 'crossOrigin', targetOrigin: 'https://evil.example.net', upgrade: false }],
		[302, 'GET', 'javascript:alert(1)', { follow: false, reason: 'noLocation' }],
		[302, 'GET', undefined, { follow: false, reason: 'noLocation' }],
	])('%s %s → %s', (status, method, location, expected) => {
		expect(decideRedirect({ ...base, status, method, location })).toEqual(expected);
	});

	test('http → https on the same host is refused and recognised as an upgrade', () => {
		expect(
			decideRedirect({ status: 301, method: 'GET', location: 'https://chat.example.com/api/v1/profile', currentUrl: 'http://chat.example.com/api/v1/profile', allowedOrigin: 'http://chat.example.com', hops: 0 }),
		).toEqual({ follow: false, reason: 'crossOrigin', targetOrigin: 'https://chat.example.com', upgrade: true });
	});

	test('a redirect loop within the origin ends', () => {
		expect(decideRedirect({ ...base, status: 302, method: 'GET', location: '/a', hops: MAX_REDIRECTS })).toMatchObject({ follow: false, reason: 'tooMany' });
	});
});

describe('network failures keep the package message in n8n', () => {
	const codes = ['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EHOSTUNREACH', 'EPIPE', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'EPROTO', undefined];

	test.each(codes)('%s: NodeApiError keeps the message (n8n swaps messages with a system code for its generic text)', (code) => {
		const context = { service: 'Chatwoot', origin: 'https://chat.example.com', where: 'GET /api/v1/profile', setting: 'Base URL', code, timeoutMs: 120_000 };
		const error = networkNodeError(NODE, context, createRedactor([]));
		const { message, description } = describeNetworkFailure(context);
		expect(error.message).toBe(message);
		expect(error.message).toContain('Could not reach Chatwoot at https://chat.example.com: ');
		expect(error.message).toContain(networkFailureReason(code, 120_000));
		expect(error.description).toBe(description);
		if (code) expect(error.description).toContain(code);
		expect(error.httpCode).toBeNull();
	});

	test('a message with the code in it is what n8n would have swapped (the guard above can fail)', () => {
		const error = new NodeApiError(NODE, { message: 'Could not reach Chatwoot (ECONNREFUSED)' }, { message: 'Could not reach Chatwoot (ECONNREFUSED)' });
		expect(error.message).not.toContain('Could not reach Chatwoot');
	});
});

describe('finding the system code and our auth error in what n8n throws (both n8n lines)', () => {
	test("n8n 1.x drops the axios cause; the code survives as the NodeApiError's httpCode", () => {
		const axiosLike = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
		const wrapped = new NodeApiError(NODE, axiosLike as never);
		(wrapped as unknown as { cause: unknown }).cause = undefined; // what n8n-workflow 1.120's class field does
		expect(wrapped.httpCode).toBe('ECONNREFUSED');
		expect(networkCodeOf(wrapped)).toBe('ECONNREFUSED');
		expect(networkCodeOf(new NodeApiError(NODE, { message: 'x' }, { httpCode: '401' }))).toBeUndefined();
	});

	test('a ChatAppAuthError is a NodeApiError, so n8n hands the same object back when it wraps it', () => {
		const error = new ChatAppAuthError({ kind: 'credentials', operation: 'tokens.make', httpStatus: 401 });
		expect(new NodeApiError(NODE, error as never)).toBe(error);
		expect(findChatAppAuthError(error)).toBe(error);
		expect(error.httpCode).toBeNull();
		expect(error.message).toBe('ChatApp login failed: the email, password or app ID is wrong');
	});
});
