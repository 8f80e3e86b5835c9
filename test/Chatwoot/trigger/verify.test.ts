import { createHmac } from 'crypto';

import {
	dedupeKey,
	filterDelivery,
	inboxIdOf,
	labelsOf,
	parseChatwootDelivery,
	privateAddressReason,
	subscriptionsFor,
} from '../../../nodes/Chatwoot/trigger/events';
import { sameStringSet as sameEventSet } from '../../../nodes/shared/sets';
import { signChatwootPayload, verifyChatwootSignature } from '../../../nodes/Chatwoot/trigger/signature';
import { payloadFor, rubyJson } from '../fixtures/webhooks/payloads';

const SECRET = 'whsec-3c9f0a7b1e2d';
const NOW = 1795252800; // 2026-11-21T00:00:00Z

describe('verifyChatwootSignature', () => {
	const body = rubyJson(payloadFor('message_created'));
	const sign = (timestamp: number, raw: string | Buffer = body, secret = SECRET) =>
		`sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(raw).digest('hex')}`;
	const check = (overrides: Partial<Parameters<typeof verifyChatwootSignature>[0]> = {}) =>
		verifyChatwootSignature({ secret: SECRET, signature: sign(NOW), timestamp: String(NOW), rawBody: body, nowSeconds: NOW, ...overrides });

	test('accepts Chatwoot\'s signature of "<timestamp>.<raw body>", as string or bytes', () => {
		expect(check()).toEqual({ valid: true, timestamp: NOW });
		expect(check({ rawBody: Buffer.from(body, 'utf8') })).toEqual({ valid: true, timestamp: NOW });
		expect(check({ signature: sign(NOW).toUpperCase().replace('SHA256=', 'sha256=') }).valid).toBe(true);
		expect(signChatwootPayload(SECRET, NOW, body)).toBe(sign(NOW));
	});

	test('returns a reason code for every failure', () => {
		expect(check({ signature: undefined })).toEqual({ valid: false, reason: 'missing_signature' });
		expect(check({ signature: '  ' })).toEqual({ valid: false, reason: 'missing_signature' });
		expect(check({ timestamp: undefined })).toEqual({ valid: false, reason: 'missing_timestamp' });
		expect(check({ timestamp: '17952528OO' })).toEqual({ valid: false, reason: 'malformed_timestamp' });
		expect(check({ signature: sign(NOW).slice(7) })).toEqual({ valid: false, reason: 'malformed_signature' });
		expect(check({ signature: `${sign(NOW)}00` })).toEqual({ valid: false, reason: 'malformed_signature' });
		expect(check({ secret: 'other' })).toEqual({ valid: false, reason: 'signature_mismatch' });
		expect(check({ rawBody: body.replace('refund', 'refunds') })).toEqual({ valid: false, reason: 'signature_mismatch' });
		expect(check({ timestamp: String(NOW + 1) })).toEqual({ valid: false, reason: 'signature_mismatch' });
	});

	test('replay window: default 300 s either way, configurable, 0 disables', () => {
		expect(check({ signature: sign(NOW - 300), timestamp: String(NOW - 300) }).valid).toBe(true);
		expect(check({ signature: sign(NOW - 301), timestamp: String(NOW - 301) })).toEqual({ valid: false, reason: 'stale_timestamp' });
		expect(check({ signature: sign(NOW + 301), timestamp: String(NOW + 301) })).toEqual({ valid: false, reason: 'stale_timestamp' });
		expect(check({ signature: sign(NOW - 900), timestamp: String(NOW - 900), toleranceSeconds: 1000 }).valid).toBe(true);
		expect(check({ signature: sign(NOW - 86400), timestamp: String(NOW - 86400), toleranceSeconds: 0 }).valid).toBe(true);
	});

	test('a forged request reports a mismatch, a genuine old one its age', () => {
		expect(check({ signature: sign(NOW - 9999), timestamp: String(NOW - 9999) })).toEqual({
			valid: false,
			reason: 'stale_timestamp',
		});
		expect(check({ signature: sign(NOW - 9999, body, 'other'), timestamp: String(NOW - 9999) })).toEqual({
			valid: false,
			reason: 'signature_mismatch',
		});
	});

	test('\\u003c-escaped bodies verify only on their raw bytes', () => {
		expect(body).toContain('\\u003c');
		const signature = sign(NOW);
		expect(check({ signature }).valid).toBe(true);
		expect(check({ signature, rawBody: JSON.stringify(JSON.parse(body)) }).valid).toBe(false);
	});

	test('multi-byte UTF-8 bodies are hashed as bytes', () => {
		const raw = Buffer.from('{"event":"message_created","content":"¿Qué tal? 你好 👋"}', 'utf8');
		expect(check({ rawBody: raw, signature: sign(NOW, raw) }).valid).toBe(true);
		expect(check({ rawBody: raw.toString('utf8'), signature: sign(NOW, raw) }).valid).toBe(true);
	});
});

describe('events', () => {
	test('parseChatwootDelivery', () => {
		expect(parseChatwootDelivery('{"event":"x","id":1}')).toEqual({ ok: true, event: 'x', payload: { event: 'x', id: 1 } });
		expect(parseChatwootDelivery('{"event":')).toEqual({ ok: false, reason: 'malformed_json' });
		expect(parseChatwootDelivery('')).toEqual({ ok: false, reason: 'malformed_json' });
		expect(parseChatwootDelivery('null')).toEqual({ ok: false, reason: 'not_an_event' });
		expect(parseChatwootDelivery('{"event":""}')).toEqual({ ok: false, reason: 'not_an_event' });
		expect(parseChatwootDelivery('{"event":5}')).toEqual({ ok: false, reason: 'not_an_event' });
	});

	test('subscriptions and event sets', () => {
		expect(subscriptionsFor(['message_created', 'message_created', 'bogus'])).toEqual(['message_created']);
		expect(subscriptionsFor(['*'])).toHaveLength(12);
		expect(sameEventSet(['b', 'a'], ['a', 'b'])).toBe(true);
		expect(sameEventSet(['a'], ['a', 'b'])).toBe(false);
		expect(sameEventSet(undefined, [])).toBe(false);
	});

	test('inbox and labels of each event shape', () => {
		expect(inboxIdOf('message_created', payloadFor('message_created'))).toBe(1);
		expect(inboxIdOf('conversation_updated', payloadFor('conversation_updated'))).toBe(1);
		expect(inboxIdOf('webwidget_triggered', payloadFor('webwidget_triggered'))).toBe(2);
		expect(inboxIdOf('conversation_typing_on', payloadFor('conversation_typing_on'))).toBe(1);
		expect(inboxIdOf('inbox_updated', payloadFor('inbox_updated'))).toBe(1);
		expect(inboxIdOf('contact_created', payloadFor('contact_created'))).toBeUndefined();
		expect(labelsOf('conversation_updated', payloadFor('conversation_updated'))).toEqual(['billing', 'vip']);
		expect(labelsOf('message_created', payloadFor('message_created'))).toEqual(['billing']);
		expect(labelsOf('webwidget_triggered', payloadFor('webwidget_triggered'))).toEqual(['lead']);
		expect(labelsOf('contact_updated', payloadFor('contact_updated'))).toBeUndefined();
	});

	test('filters accept the integer message_type of REST-shaped data too', () => {
		const message = { ...payloadFor('message_created'), message_type: 0 };
		expect(filterDelivery('message_created', message, { onlyIncomingMessages: true })).toBeUndefined();
		expect(filterDelivery('message_created', { ...message, message_type: 1 }, { onlyIncomingMessages: true })).toBe('not_incoming');
		expect(filterDelivery('message_created', message, { inboxIds: ['1'] })).toBeUndefined();
	});

	test('dedupe keys: the delivery id, else created events by id', () => {
		const message = payloadFor('message_created');
		expect(dedupeKey('message_created', message, 'abc')).toBe('d:abc');
		expect(dedupeKey('message_created', message, undefined)).toBe('e:message_created:1:4521');
		expect(dedupeKey('message_updated', payloadFor('message_updated'), undefined)).toBeUndefined();
		expect(dedupeKey('conversation_typing_on', payloadFor('conversation_typing_on'), '')).toBeUndefined();
	});

	test.each([
		['http://n8n:5678/webhook/x', 'single-label'],
		['http://localhost:5678/webhook/x', 'localhost'],
		['http://127.0.0.1:5678/webhook/x', 'loopback'],
		['http://10.0.0.5/webhook/x', 'private'],
		['http://172.20.0.3/webhook/x', 'private'],
		['http://192.168.1.10/webhook/x', 'private'],
		['http://169.254.169.254/webhook/x', 'link-local'],
		['http://100.64.1.1/webhook/x', 'carrier-grade'],
		['http://[::1]:5678/webhook/x', 'loopback'],
		['http://[fd12:3456::1]/webhook/x', 'unique local'],
		['http://[fe80::1]/webhook/x', 'link-local'],
		['http://[::ffff:192.168.0.1]/webhook/x', 'private'],
		['http://host.docker.internal:5678/webhook/x', 'internal'],
		['http://n8n.local/webhook/x', 'internal'],
	])('private webhook URL %s', (url, word) => {
		expect(privateAddressReason(url)).toContain(word);
	});

	test.each(['https://n8n.example.com/webhook/x', 'https://203.0.113.7/webhook/x', 'http://172.32.0.1/x', 'https://[2001:db8::1]/x', 'not a url'])(
		'public (or unknown) webhook URL %s',
		(url) => {
			expect(privateAddressReason(url)).toBeUndefined();
		},
	);
});
