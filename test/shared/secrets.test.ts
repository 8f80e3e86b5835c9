import { CHANNEL_SECRETS, CHANNEL_TYPES, channelRecord } from '../Chatwoot/fixtures/webhooks/channels';
import { conversationPush, SECRET_CONTACT_TOKEN } from '../Chatwoot/realtime/payloads';
import { assertDepth, MAX_PAYLOAD_DEPTH, PayloadTooDeepError, SECRET_KEYS, stripSecrets } from '../../nodes/shared/secrets';

function nested(depth: number): Record<string, unknown> {
	let value: Record<string, unknown> = { leaf: true };
	for (let i = 1; i < depth; i++) value = { next: value };
	return value;
}

describe('stripSecrets', () => {
	test('removes credentials everywhere but leaves user data alone', () => {
		const value = {
			channel: { secret: 's', hmac_token: 'h', webhook_url: 'u' },
			conversation: { contact_inbox: { pubsub_token: 'p', source_id: 'x' } },
			list: [{ access_token: 't', ok: 1 }],
			agent_bot: { access_token: { token: 'nested credential' }, name: 'bot' },
			custom_attributes: { secret: 'user data' },
			content_attributes: { submitted_values: [{ access_token: 'user data too' }] },
		};
		expect(stripSecrets(value)).toEqual({
			channel: { webhook_url: 'u' },
			conversation: { contact_inbox: { source_id: 'x' } },
			list: [{ ok: 1 }],
			agent_bot: { name: 'bot' },
			custom_attributes: { secret: 'user data' },
			content_attributes: { submitted_values: [{ access_token: 'user data too' }] },
		});
	});

	test('realtime push data: the contact pubsub token is gone at any depth, nothing else is touched', () => {
		const data = {
			...conversationPush(1),
			notification: { primary_actor: conversationPush(2) },
			list: [{ access_token: 'x', keep: 1 }],
		};
		stripSecrets(data);
		expect(JSON.stringify(data)).not.toContain(SECRET_CONTACT_TOKEN);
		expect(JSON.stringify(data)).not.toContain('access_token');
		expect(data.contact_inbox).toMatchObject({ source_id: 'source-1' });
		expect(data.list).toEqual([{ keep: 1 }]);
	});

	test.each(CHANNEL_TYPES.map((type) => [type]))('%s: every credential column of the channel record goes, the public columns stay', (type) => {
		const record = channelRecord(type);
		const stripped = stripSecrets(structuredClone(record));
		const text = JSON.stringify(stripped);
		expect(Object.values(CHANNEL_SECRETS[type]).filter((value) => text.includes(value))).toEqual([]);
		expect(Object.keys(record).filter((key) => !(key in stripped)).every((key) => SECRET_KEYS.has(key))).toBe(true);
		expect(stripped).toMatchObject({ id: 1, account_id: 1, created_at: record.created_at });
	});

	test(`nesting up to ${MAX_PAYLOAD_DEPTH} levels passes; deeper is refused, also inside user data, without a stack overflow`, () => {
		expect(() => stripSecrets(nested(MAX_PAYLOAD_DEPTH))).not.toThrow();
		expect(() => stripSecrets(nested(MAX_PAYLOAD_DEPTH + 1))).toThrow(PayloadTooDeepError);
		expect(() => stripSecrets({ custom_attributes: nested(MAX_PAYLOAD_DEPTH) })).toThrow(PayloadTooDeepError);
		const deep = JSON.parse('['.repeat(20000) + ']'.repeat(20000));
		expect(() => stripSecrets(deep)).toThrow(PayloadTooDeepError);
	});

	test('assertDepth bounds the depth the same way and changes nothing', () => {
		const value = { secret: 'kept', list: [nested(10)] };
		expect(() => assertDepth(value)).not.toThrow();
		expect(value.secret).toBe('kept');
		expect(() => assertDepth(nested(MAX_PAYLOAD_DEPTH + 1))).toThrow(PayloadTooDeepError);
		expect(() => assertDepth(JSON.parse('['.repeat(20000) + ']'.repeat(20000)))).toThrow(PayloadTooDeepError);
	});
});
