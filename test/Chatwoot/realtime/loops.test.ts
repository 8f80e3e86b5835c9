import { randomBytes } from 'crypto';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { ChatwootRealtimeTrigger } from '../../../nodes/Chatwoot/ChatwootRealtimeTrigger.node';
import { ConversationChanges } from '../../../nodes/Chatwoot/realtime/changes';
import { createTriggerEnv, startTrigger } from '../../harness/contexts';
import { waitFor } from '../../harness/deferred';
import type { FakeCable } from './fakeCable';
import { scriptedCable } from './fakeCable';
import { FakeChatwootRest } from './fakeRest';
import { ACCOUNT_ID, conversationPush, messagePush, reloadedConversationEvent, userPush } from './payloads';

// Issue 13.2: loop protection on the payloads Chatwoot really sends. The five events
// ActionCableBroadcastJob reloads (app/jobs/action_cable_broadcast_job.rb at 97bb8ecd3)
// carry no performer; "Only When Changed" makes a workflow that writes other fields
// loop-free. Frames go over one socket, in the order a workflow's writes cause them.
jest.setTimeout(30_000);

const USER_ID = 1;
let rest: FakeChatwootRest;
let cable: FakeCable;
let send: (event: string, data: IDataObject) => void;
let subscribed: () => boolean;

beforeEach(async () => {
	rest = await FakeChatwootRest.start(`utok-${randomBytes(6).toString('hex')}`, USER_ID);
	({ cable, send, subscribed } = await scriptedCable());
});

afterEach(async () => {
	await cable.close();
	await rest.close();
});

async function start(options: IDataObject, events: string[] = []) {
	const env = createTriggerEnv({
		nodeType: new ChatwootRealtimeTrigger(),
		parameters: { mode: 'agent', accountId: ACCOUNT_ID, events, options: { websocketUrl: cable.url, subscriptionTimeout: 2, ...options } },
		credentials: { chatwootApi: { baseUrl: rest.url, accessToken: rest.token } },
	});
	const run = await startTrigger(env);
	await waitFor(() => subscribed(), { what: 'subscription' });
	return run;
}

const emittedOf = (emitted: INodeExecutionData[][][]) =>
	emitted.map((e) => e[0][0].json as { event: string; data: IDataObject; changed?: string[] }).filter((i) => i.event !== 'presence.update');
/** Ends a sequence: a message from a customer, which always passes. */
async function marker(emitted: INodeExecutionData[][][], id: number) {
	send('message.created', messagePush(id, 99));
	await waitFor(() => emittedOf(emitted).some((i) => i.event === 'message.created' && i.data.id === id), { what: `marker ${id}` });
}

let clock = Date.now() / 1000;
const state = (id: number, extra: IDataObject) => reloadedConversationEvent(conversationPush(id, { updated_at: (clock += 1), ...extra }));

describe('loop-safe workflows on real payloads (issue 13.2)', () => {
	test('status changes → the workflow labels and replies: its own writes never re-trigger it; the twin conversation.updated is dropped', async () => {
		const run = await start({ excludeOwn: true, conversationChanges: ['status'] });
		try {
			// A human resolves conversation 30: Chatwoot sends both events (Conversation#notify_status_change + conversation_updated).
			send('conversation.status_changed', state(30, { status: 'resolved' }));
			send('conversation.updated', state(30, { status: 'resolved' }));
			// The workflow adds a label and replies, as the credential's user: the events its writes cause.
			send('conversation.updated', state(30, { status: 'resolved', labels: ['survey-sent'] }));
			send('message.created', messagePush(3001, 30, { message_type: 1, sender_type: 'User', sender_id: USER_ID, sender: userPush(USER_ID) }));
			send('conversation.updated', state(30, { status: 'resolved', labels: ['survey-sent'], last_activity_at: Math.floor(clock) }));
			// The customer answers: Chatwoot reopens it, which is a status change again.
			send('conversation.status_changed', state(30, { status: 'open', labels: ['survey-sent'] }));
			await marker(run.emitted, 9001);
			expect(emittedOf(run.emitted).map((i) => [i.event, i.event === 'message.created' ? i.data.id : i.data.status, i.changed])).toEqual([
				['conversation.status_changed', 'resolved', undefined],
				['conversation.status_changed', 'open', ['status']],
				['message.created', 9001, undefined],
			]);
		} finally {
			await run.close();
		}
	});

	test('without the option the same workflow loops: every write of its own comes back (what the option fixes)', async () => {
		const run = await start({ excludeOwn: true });
		try {
			send('conversation.status_changed', state(31, { status: 'resolved' }));
			send('conversation.updated', state(31, { status: 'resolved', labels: ['survey-sent'] }));
			await marker(run.emitted, 9002);
			expect(emittedOf(run.emitted).map((i) => i.event)).toEqual(['conversation.status_changed', 'conversation.updated', 'message.created']);
		} finally {
			await run.close();
		}
	});

	test('labels, assignee and team: a workflow that assigns on a label is not re-triggered by its assignment; a new label passes', async () => {
		const run = await start({ conversationChanges: ['labels'] }, ['conversation.updated', 'assignee.changed', 'team.changed', 'message.created']);
		try {
			send('conversation.updated', state(32, { labels: ['vip'] }));
			// The workflow assigns agent 3 and team 4 (each a reloaded event without performer).
			const meta = { ...conversationPush(32).meta, assignee: userPush(3), assignee_type: 'User', team: { id: 4, name: 'sales' } };
			send('assignee.changed', state(32, { labels: ['vip'], meta }));
			send('team.changed', state(32, { labels: ['vip'], meta }));
			send('conversation.updated', state(32, { labels: ['vip'], meta }));
			send('conversation.updated', state(32, { labels: ['urgent', 'vip'], meta }));
			await marker(run.emitted, 9003);
			expect(emittedOf(run.emitted).map((i) => [i.event, i.data.labels, i.changed])).toEqual([
				['conversation.updated', ['vip'], undefined],
				['conversation.updated', ['urgent', 'vip'], ['labels']],
				['message.created', undefined, undefined],
			]);
		} finally {
			await run.close();
		}
	});

	test('conversation.read: watched as "Read by Contact", repeated reads of the same moment pass once', async () => {
		const run = await start({ conversationChanges: ['contact_last_seen_at'] }, ['conversation.read', 'message.created']);
		try {
			send('conversation.read', state(33, { contact_last_seen_at: 1000 }));
			send('conversation.read', state(33, { contact_last_seen_at: 1000, agent_last_seen_at: 5 }));
			send('conversation.read', state(33, { contact_last_seen_at: 1010 }));
			await marker(run.emitted, 9004);
			expect(emittedOf(run.emitted).map((i) => [i.event, i.data.contact_last_seen_at])).toEqual([
				['conversation.read', 1000],
				['conversation.read', 1010],
				['message.created', undefined],
			]);
		} finally {
			await run.close();
		}
	});
});

describe('ConversationChanges', () => {
	test('compares only watched fields, ignores label and attribute order, bounded, passes other events', () => {
		const changes = new ConversationChanges(['labels', 'custom_attributes', 'unknown-field']);
		expect(changes.check('conversation.updated', conversationPush(1, { labels: ['a', 'b'], custom_attributes: { x: 1, y: 2 } }))).toEqual({ emit: true });
		expect(changes.check('conversation.updated', conversationPush(1, { labels: ['b', 'a'], custom_attributes: { y: 2, x: 1 }, status: 'resolved' }))).toEqual({
			emit: false,
			changed: [],
		});
		expect(changes.check('conversation.updated', conversationPush(1, { labels: ['b'], custom_attributes: { y: 2, x: 1 } }))).toEqual({ emit: true, changed: ['labels'] });
		// Events that keep their performer are never dropped here, but do record the state.
		expect(changes.check('conversation.created', conversationPush(2, { labels: ['a'] }))).toEqual({ emit: true });
		expect(changes.check('team.changed', conversationPush(2, { labels: ['a'] })).emit).toBe(false);
		expect(new ConversationChanges([]).active).toBe(false);
	});
});
