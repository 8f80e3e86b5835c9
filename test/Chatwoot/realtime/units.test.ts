import type { IDataObject } from 'n8n-workflow';

import { RealtimeCursor, MAX_TRACKED_CONVERSATIONS } from '../../../nodes/Chatwoot/realtime/cursor';
import {
	conversationIdOf,
	dedupeKey,
	idSet,
	inboxIdOf,
	passesFilter,
} from '../../../nodes/Chatwoot/realtime/events';
import type { EventFilterOptions } from '../../../nodes/Chatwoot/realtime/events';
import { ChatwootRealtimeTrigger } from '../../../nodes/Chatwoot/ChatwootRealtimeTrigger.node';
import { cableUrlFor, describeEnd, identifierFor, originFor } from '../../../nodes/shared/actioncable';
import { performCommand, subscribeCommand } from '../../../nodes/shared/actioncable/frames';
import { FlapAwareBackoff } from '../../../nodes/shared/flapBackoff';
import { BoundedKeySet } from '../../../nodes/shared/boundedKeySet';
import { conversationPush, messagePush } from './payloads';

describe('ActionCable frames and URLs', () => {
	test('cable URL and Origin from the installation root', () => {
		expect(cableUrlFor('https://chat.example.com')).toBe('wss://chat.example.com/cable');
		expect(cableUrlFor('http://10.0.0.5:3000')).toBe('ws://10.0.0.5:3000/cable');
		expect(cableUrlFor('https://example.com/chatwoot')).toBe('wss://example.com/chatwoot/cable');
		expect(cableUrlFor('https://chat.example.com', 'wss://rt.example.com/cable')).toBe('wss://rt.example.com/cable');
		expect(cableUrlFor('https://chat.example.com', 'https://rt.example.com')).toBe('wss://rt.example.com/cable');
		expect(cableUrlFor('https://chat.example.com', 'rt.example.com/ws')).toBe('wss://rt.example.com/ws');
		expect(() => cableUrlFor('https://chat.example.com', 'ftp://x')).toThrow('is not a ws:// or wss:// URL');
		expect(() => cableUrlFor('')).toThrow('must start with http');
		expect(originFor('https://chat.example.com:8443')).toBe('https://chat.example.com:8443');
		expect(originFor('nonsense')).toBeUndefined();
	});

	test('identifier is the params JSON, commands nest their data as a JSON string', () => {
		const identifier = identifierFor({ channel: 'RoomChannel', pubsub_token: 't', account_id: 1, user_id: 2 });
		expect(identifier).toBe('{"channel":"RoomChannel","pubsub_token":"t","account_id":1,"user_id":2}');
		expect(JSON.parse(subscribeCommand(identifier))).toEqual({ command: 'subscribe', identifier });
		expect(JSON.parse(performCommand(identifier, 'update_presence'))).toEqual({
			command: 'message',
			identifier,
			data: '{"action":"update_presence"}',
		});
	});

	test('reconnect policy: capped exponential backoff with jitter, limit, reset', () => {
		const delay = (p: FlapAwareBackoff) => {
			const verdict = p.ended();
			return verdict.retry ? verdict.delayMs : undefined;
		};
		const policy = new FlapAwareBackoff({ baseMs: 1000, capMs: 8000, maxConsecutiveFailures: 5, random: () => 1 });
		expect([1, 2, 3, 4, 5].map(() => delay(policy))).toEqual([1000, 2000, 4000, 8000, 8000]);
		expect(delay(policy)).toBeUndefined();
		policy.reset();
		expect(delay(policy)).toBe(1000);
		const low = new FlapAwareBackoff({ baseMs: 1000, capMs: 8000, maxConsecutiveFailures: 5, random: () => 0 });
		expect(delay(low)).toBe(500);
	});

	test('end descriptions name the cause without secrets', () => {
		expect(describeEnd({ reason: 'handshake_failed', statusCode: 404, confirmed: false, lastFrameAt: 0 })).toBe(
			'the WebSocket upgrade was refused with HTTP 404',
		);
		expect(describeEnd({ reason: 'disconnect', disconnectReason: 'server_restart', reconnect: true, confirmed: true, lastFrameAt: 1 })).toBe(
			'the server sent disconnect (server_restart)',
		);
	});
});

describe('event handling helpers', () => {
	const base: EventFilterOptions = {
		events: null,
		accountId: 1,
		inboxIds: null,
		conversationIds: null,
		excludePrivate: false,
		excludeActor: null,
	};

	test('conversation and inbox of every event shape', () => {
		expect(conversationIdOf('message.created', messagePush(1, 10))).toBe(10);
		expect(conversationIdOf('assignee.changed', conversationPush(11))).toBe(11);
		expect(conversationIdOf('conversation.typing_on', { conversation: conversationPush(12) })).toBe(12);
		expect(conversationIdOf('contact.updated', { id: 5 })).toBeUndefined();
		expect(inboxIdOf('conversation.typing_off', { conversation: conversationPush(12) })).toBe(2);
	});

	test('dedupe keys: once per id for creations, id + updated_at for updates, none without a way to tell', () => {
		expect(dedupeKey('message.created', { id: 5, updated_at: 'x' })).toBe('message.created:5');
		expect(dedupeKey('message.updated', { id: 5, updated_at: '2026-11-21T10:00:00Z' })).toBe('message.updated:5:2026-11-21T10:00:00Z');
		expect(dedupeKey('conversation.updated', { id: 5, updated_at: 1.5 })).toBe('conversation.updated:5:1.5');
		expect(dedupeKey('contact.updated', { id: 5 })).toBeUndefined();
		expect(dedupeKey('conversation.typing_on', { conversation: {} })).toBeUndefined();
		expect(dedupeKey('notification.created', { notification: { id: 7 } })).toBe('notification.created:7');
		expect(dedupeKey('presence.update', { account_id: 1 })).toBeUndefined();
	});

	test('filters', () => {
		const m = (extra: Record<string, unknown> = {}) => ({ event: 'message.created', data: messagePush(1, 10, extra) });
		expect(passesFilter(m(), base)).toBe(true);
		expect(passesFilter(m({ account_id: 2 }), base)).toBe(false);
		expect(passesFilter(m(), { ...base, events: new Set(['message.updated']) })).toBe(false);
		expect(passesFilter(m(), { ...base, inboxIds: new Set([3]) })).toBe(false);
		expect(passesFilter(m(), { ...base, conversationIds: new Set([10]) })).toBe(true);
		expect(passesFilter({ event: 'contact.created', data: { id: 1 } }, { ...base, conversationIds: new Set([10]) })).toBe(true);
		expect(passesFilter(m({ private: true }), { ...base, excludePrivate: true })).toBe(false);
		// ActionCableListener#conversation_typing_on (97bb8ecd3) sends is_private: a private note being typed.
		const typing = (isPrivate: boolean) => ({ event: 'conversation.typing_on', data: { conversation: conversationPush(10), user: { id: 3, type: 'user' }, is_private: isPrivate, account_id: 1 } });
		expect(passesFilter(typing(true), { ...base, excludePrivate: true })).toBe(false);
		expect(passesFilter(typing(false), { ...base, excludePrivate: true })).toBe(true);
		const own = { ...base, excludeActor: { type: 'user' as const, id: 4 } };
		expect(passesFilter(m({ sender_type: 'User', sender_id: 4 }), own)).toBe(false);
		expect(passesFilter(m({ sender_type: 'Contact', sender_id: 4 }), own)).toBe(true);
		// performer reaches the socket only for events ActionCableBroadcastJob does not reload (conversation.created, contact_changed, mentioned)
		expect(passesFilter({ event: 'conversation.created', data: { ...conversationPush(1), performer: { id: 4, type: 'user' } } }, own)).toBe(false);
		expect(passesFilter({ event: 'conversation.created', data: { ...conversationPush(1), performer: { id: 5, type: 'user' } } }, own)).toBe(true);
		expect(passesFilter({ event: 'presence.update', data: { account_id: 1 } }, own)).toBe(false);
		const contact = { ...base, excludeActor: { type: 'contact' as const, id: 7 } };
		expect(passesFilter(m(), contact)).toBe(false); // sender_type Contact, sender_id 7
	});

	test('id lists', () => {
		expect(idSet('12, 15 16;x')).toEqual(new Set([12, 15, 16]));
		expect(idSet([3, '4'])).toEqual(new Set([3, 4]));
		expect(idSet('')).toBeNull();
	});
});

describe('bounded key set', () => {
	test('remembers recent keys within the window, bounded, and round-trips through JSON', () => {
		const keys = new BoundedKeySet(1000, 10);
		expect(keys.checkAndAdd('a', 0)).toBe(false);
		expect(keys.checkAndAdd('a', 500)).toBe(true);
		expect(keys.checkAndAdd('a', 1000)).toBe(false); // expired, recorded again
		for (let i = 0; i < 100; i++) keys.checkAndAdd(`k${i}`, 1100);
		expect(keys.size).toBeLessThanOrEqual(10);
		expect(keys.has('k99', 1100)).toBe(true);
		expect(keys.has('k0', 1100)).toBe(false);
		const restored = BoundedKeySet.from(keys.toJSON(), 1000, 10, 1200);
		expect(restored.has('k99', 1200)).toBe(true);
		expect(BoundedKeySet.from(keys.toJSON(), 1000, 10, 5000).size).toBe(0);
	});
});

describe('cursor in static data', () => {
	test('tracks the newest message per conversation, bounded, and resets when the scope changes', () => {
		const store: IDataObject = {};
		const cursor = new RealtimeCursor(store, 'agent:1:1');
		cursor.recordMessage(10, 5);
		cursor.recordMessage(10, 4);
		expect(cursor.lastMessageId(10)).toBe(5);
		for (let i = 0; i < MAX_TRACKED_CONVERSATIONS * 3; i++) cursor.recordMessage(100 + i, 10 + i);
		const kept = Object.keys(store.lastMessageIds as object).length;
		expect(kept).toBeGreaterThanOrEqual(MAX_TRACKED_CONVERSATIONS);
		expect(kept).toBeLessThanOrEqual(MAX_TRACKED_CONVERSATIONS * 2);
		expect(cursor.lastMessageId(10)).toBeUndefined(); // the least recently active went first
		expect(cursor.lastMessageId(100 + MAX_TRACKED_CONVERSATIONS * 3 - 1)).toBe(10 + MAX_TRACKED_CONVERSATIONS * 3 - 1);
		cursor.touch(1234);
		const again = new RealtimeCursor(store, 'agent:1:1');
		expect(again.lastAliveAt).toBe(1234);
		const other = new RealtimeCursor(store, 'agent:2:1');
		expect(other.lastAliveAt).toBeUndefined();
		expect(other.lastMessageId(100 + MAX_TRACKED_CONVERSATIONS * 3 - 1)).toBeUndefined();
	});
});

describe('node description', () => {
	test('trigger conventions', () => {
		const { description } = new ChatwootRealtimeTrigger();
		expect(description.name).toBe('chatwootRealtimeTrigger');
		expect(description.displayName).toContain('Trigger');
		expect(description.inputs).toEqual([]);
		expect(description.outputs).toEqual(['main']);
		expect(description.usableAsTool).toBeUndefined();
		expect(description.credentials?.map((c) => c.name)).toEqual(['chatwootApi', 'chatwootClientApi']);
	});

	test('offers the events Chatwoot 4.15.1 broadcasts outside action_cable_listener.rb (issue 13.9)', () => {
		const events = new ChatwootRealtimeTrigger().description.properties.find((p) => p.name === 'events')!;
		const values = (events.options as Array<{ value: string }>).map((o) => o.value);
		expect(values).toEqual(
			expect.arrayContaining([
				'account.enrichment_completed',
				'copilot.message.created',
				'voice_call.incoming',
				'voice_call.accepted',
				'voice_call.ended',
				'voice_call.outbound_accepted',
				'voice_call.outbound_connected',
				'voice_call.permission_granted',
			]),
		);
	});
});
