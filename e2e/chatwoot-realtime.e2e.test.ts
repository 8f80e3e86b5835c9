import { randomBytes, randomUUID } from 'crypto';

import { contactPush, conversationPush, messagePush, SECRET_CONTACT_TOKEN } from '../test/Chatwoot/realtime/payloads';
import { readWorkflow } from '../test/n8n-server/publicApi';
import { ActionCableTestServer, ensureRubyActionCable } from '../test/servers/actioncable/server';
import { FakeChatwoot } from '../test/servers/chatwoot/server';
import type { Row } from '../test/servers/chatwoot/state';

import {
	activate,
	createCredential,
	createWorkflow,
	deactivate,
	executions,
	expectExecutionCount,
	nodeOutput,
	removeCredential,
	removeWorkflow,
	waitFor,
	type Execution,
} from './helpers/n8n';

/*
 * Scenario 3 of issue 7: the Chatwoot Realtime Trigger (agent mode) inside a real n8n,
 * against the real Ruby ActionCable server (test/servers/actioncable, puma) and the
 * Chatwoot-like REST server (test/servers/chatwoot) that serves the profile (the
 * user's pubsub_token) and the REST catch-up. Activation subscribes once; each
 * broadcast of a selected event starts one execution; other events start none; puma
 * is killed mid-stream and restarted on the same port, and what happened meanwhile
 * (present only in the REST server's state) arrives through the catch-up, while live
 * copies of the same events are not run twice; deactivation closes the socket.
 */

const NODE = 'Chatwoot Realtime Trigger';
const NEXT = 'No Operation';
const ACCOUNT = 1;
const USER_ID = 1;
const STREAM = `account_${ACCOUNT}`;
/** Inbox 1 of the REST server's fixture (an API inbox). */
const INBOX = 1;

// Conversation display ids and message ids, shared by the REST state and the broadcasts.
const CONV_OLD = 41; // exists before activation
const CONV_LIVE = 42; // created (and broadcast) while connected
const CONV_DOWN = 43; // created while the cable server is down
const M_LIVE = 4101; // in 41, broadcast while connected
const M_DOWN_41 = 4102; // in 41, while down; broadcast again live after the restart
const M_DOWN_42 = 4201; // in 42, while down
const M_DOWN_43 = 4301; // in 43 (new conversation), while down
const M_AFTER = 4103; // in 41, after the restart and the catch-up
const M_DEACTIVATED = 4104; // in 41, after deactivation

interface TriggerItem {
	event: string;
	accountId: number | null;
	source: 'live' | 'backfill';
	data: Row;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The trigger's item of an execution (first item of the trigger's output). */
function itemOf(execution: Execution): TriggerItem {
	return nodeOutput(execution, NODE)[0] as unknown as TriggerItem;
}

/** `event:id` of an execution: message id for message events, conversation id for conversation events. */
function keyOf(execution: Execution): string {
	const item = itemOf(execution);
	return `${item?.event}:${String(item?.data?.id)}`;
}

function keysOf(list: Execution[]): string[] {
	return list.map(keyOf).sort();
}

describe('Chatwoot Realtime Trigger in n8n (real ActionCable server)', () => {
	let cw: FakeChatwoot;
	let cable: ActionCableTestServer;
	let userToken: string;
	let credentialId: string | undefined;
	let workflowId: string | undefined;

	/** A message in the REST state, as Chatwoot stores it (and `touch`es its conversation). */
	function addMessage(id: number, conversationId: number): Row {
		const at = nowSeconds();
		const message = cw.state.addMessage({
			id,
			account_id: ACCOUNT,
			inbox_id: INBOX,
			conversation_id: conversationId,
			content: `message ${id}`,
			message_type: 0,
			created_at: at,
			sender: { id: 7, name: 'Contact 7', type: 'contact' },
		});
		const conversation = cw.state.conversation(ACCOUNT, conversationId)!;
		conversation.updated_at = Date.now() / 1000;
		conversation.last_activity_at = at;
		return message;
	}

	function addConversation(id: number, createdAt: number): Row {
		return cw.state.addConversation({ id, account_id: ACCOUNT, inbox_id: INBOX, created_at: createdAt, updated_at: Date.now() / 1000 });
	}

	/** Chatwoot's push data of a message (Message#push_event_data) for the REST row. */
	function messageEvent(row: Row): Row {
		return messagePush(row.id as number, row.conversation_id as number, {
			inbox_id: INBOX,
			content: row.content,
			created_at: row.created_at,
		});
	}

	/** Chatwoot's push data of a conversation for the REST row (its contact_inbox carries a pubsub_token). */
	function conversationEvent(row: Row, extra: Row = {}): Row {
		return conversationPush(row.id as number, {
			inbox_id: INBOX,
			status: row.status,
			created_at: row.created_at,
			updated_at: row.updated_at,
			...extra,
		});
	}

	async function subscriptions() {
		return (await cable.state()).subscriptions;
	}

	beforeAll(async () => {
		ensureRubyActionCable();
		cw = await FakeChatwoot.start();
		userToken = `utok-${randomBytes(8).toString('hex')}`;
		// GET /api/v1/profile hands the trigger this token; the cable server knows the same user.
		cw.state.user.pubsub_token = userToken;
		cable = await ActionCableTestServer.start({ users: [{ pubsub_token: userToken, id: USER_ID, accounts: [ACCOUNT] }] });
		addConversation(CONV_OLD, cw.state.clock - 86400);
		addMessage(4100, CONV_OLD); // history: never broadcast, older than anything the trigger looks at

		const credential = await createCredential(`Chatwoot realtime (e2e) ${randomUUID().slice(0, 8)}`, 'chatwootApi', cw.credentials());
		credentialId = credential.id;
		// The cable server listens on its own port: point Options → WebSocket URL at it.
		const workflow = readWorkflow('chatwoot-realtime.json') as unknown as {
			nodes: Array<{ name: string; parameters: { options: Record<string, unknown> } }>;
		};
		workflow.nodes.find((n) => n.name === NODE)!.parameters.options.websocketUrl = cable.wsUrl;
		workflowId = (await createWorkflow(workflow as unknown as Row, { chatwootApi: credential })).id;
	}, 15 * 60 * 1000);

	afterAll(async () => {
		await removeWorkflow(workflowId);
		await removeCredential(credentialId);
		await cable?.stop();
		await cw?.stop();
	});

	test('activation subscribes exactly once, as the profile user, to the account', async () => {
		await activate(workflowId!);
		const subscribed = await waitFor('the RoomChannel subscription', async () => ((await subscriptions()).length > 0 ? await subscriptions() : undefined), 60_000);
		expect(subscribed).toHaveLength(1);
		expect(subscribed[0]).toMatchObject({ role: 'user', account_id: ACCOUNT });
		expect(subscribed[0].params).toEqual({ channel: 'RoomChannel', pubsub_token: userToken, account_id: ACCOUNT, user_id: USER_ID });
		expect((await cable.state()).connections).toBe(1);
		expect(cw.calls({ method: 'GET', path: '/api/v1/profile' }).length).toBeGreaterThanOrEqual(1);
		// No catch-up on a first activation (no cursor yet).
		expect(cw.calls({ method: 'GET', path: `/api/v1/accounts/${ACCOUNT}/conversations` })).toHaveLength(0);
	}, 90_000);

	test('each selected broadcast event starts one execution holding it; unselected and repeated events start none', async () => {
		const m1 = addMessage(M_LIVE, CONV_OLD);
		await cable.broadcast(STREAM, 'message.created', messageEvent(m1));
		let list = await expectExecutionCount(workflowId!, 1, 0);
		expect(list).toHaveLength(1);
		expect(list[0]).toMatchObject({ status: 'success', mode: 'trigger' });
		expect(itemOf(list[0])).toMatchObject({
			event: 'message.created',
			accountId: ACCOUNT,
			source: 'live',
			data: { id: M_LIVE, conversation_id: CONV_OLD, content: `message ${M_LIVE}` },
		});
		// The item went on through the workflow.
		expect(nodeOutput(list[0], NEXT)).toEqual([itemOf(list[0])]);

		// Events not selected (presence.update already came with the subscription), then one that is.
		await cable.broadcast(STREAM, 'message.updated', { ...messageEvent(m1), status: 'read', previous_changes: { status: ['sent', 'read'] } });
		await cable.broadcast(STREAM, 'conversation.typing_on', { conversation: conversationEvent(cw.state.conversation(ACCOUNT, CONV_OLD)!), user: contactPush(7), is_private: false, account_id: ACCOUNT });
		await cable.broadcast(STREAM, 'contact.created', { ...contactPush(8), account_id: ACCOUNT });
		await cable.broadcast(STREAM, 'conversation.updated', conversationEvent(cw.state.conversation(ACCOUNT, CONV_OLD)!, { labels: ['vip'] }));
		await cable.broadcast(userToken, 'presence.update', { account_id: ACCOUNT, users: { '1': 'online' }, contacts: {} });
		const resolved = cw.state.conversation(ACCOUNT, CONV_OLD)!;
		resolved.status = 'resolved';
		resolved.updated_at = Date.now() / 1000;
		await cable.broadcast(STREAM, 'conversation.status_changed', conversationEvent(resolved));
		list = await expectExecutionCount(workflowId!, 2, 3000);
		expect(keysOf(list)).toEqual([`conversation.status_changed:${CONV_OLD}`, `message.created:${M_LIVE}`]);
		const statusChanged = list.find((e) => itemOf(e).event === 'conversation.status_changed')!;
		expect(itemOf(statusChanged)).toMatchObject({ source: 'live', data: { id: CONV_OLD, status: 'resolved', inbox_id: INBOX } });

		// A new conversation, and the first message broadcast a second time (a redelivery).
		const created = addConversation(CONV_LIVE, nowSeconds());
		await cable.broadcast(STREAM, 'conversation.created', conversationEvent(created));
		await cable.broadcast(STREAM, 'message.created', messageEvent(m1));
		list = await expectExecutionCount(workflowId!, 3, 3000);
		expect(keysOf(list)).toEqual([`conversation.created:${CONV_LIVE}`, `conversation.status_changed:${CONV_OLD}`, `message.created:${M_LIVE}`]);
		expect(list.every((e) => e.status === 'success' && itemOf(e).source === 'live')).toBe(true);
		// Conversation push data carries the contact's pubsub_token; the trigger strips it.
		expect(JSON.stringify(list)).not.toContain(SECRET_CONTACT_TOKEN);
		expect(JSON.stringify(list)).not.toContain(userToken);
	}, 110_000);

	test('server killed mid-stream: after the restart, the REST catch-up delivers what happened meanwhile, live copies do not run twice', async () => {
		const before = await executions(workflowId!);
		expect(before).toHaveLength(3);
		const catchUpCalls = cw.calls({ method: 'GET', path: `/api/v1/accounts/${ACCOUNT}/conversations` }).length;

		await cable.kill();
		// While the cable server is down, Chatwoot goes on: these exist only in the REST state.
		const down41 = addMessage(M_DOWN_41, CONV_OLD);
		addMessage(M_DOWN_42, CONV_LIVE);
		const created = addConversation(CONV_DOWN, nowSeconds());
		addMessage(M_DOWN_43, CONV_DOWN);

		await cable.start();
		// A fresh puma process: its subscription record starts empty.
		const subscribed = await waitFor('the subscription on the restarted server', async () => ((await subscriptions()).length > 0 ? await subscriptions() : undefined), 60_000);
		expect(subscribed).toHaveLength(1);
		expect(subscribed[0].params).toEqual({ channel: 'RoomChannel', pubsub_token: userToken, account_id: ACCOUNT, user_id: USER_ID });
		// Right after the subscription, while the catch-up may still run: live copies of two
		// events the catch-up also returns (as Chatwoot's delayed broadcast jobs would send
		// them), and a live-only event (the catch-up has no status changes, only states).
		await cable.broadcast(STREAM, 'message.created', messageEvent(down41));
		await cable.broadcast(STREAM, 'conversation.created', conversationEvent(created));
		created.status = 'pending';
		created.updated_at = Date.now() / 1000;
		await cable.broadcast(STREAM, 'conversation.status_changed', conversationEvent(created));

		let list = await expectExecutionCount(workflowId!, 8, 0);
		const resumed = list.filter((e) => !before.some((b) => b.id === e.id));
		expect(keysOf(resumed)).toEqual(
			[
				`conversation.created:${CONV_DOWN}`,
				`conversation.status_changed:${CONV_DOWN}`,
				`message.created:${M_DOWN_41}`,
				`message.created:${M_DOWN_42}`,
				`message.created:${M_DOWN_43}`,
			].sort(),
		);
		// Live events arriving during the catch-up wait for it, so the overlapping ones come
		// from REST and their live copies are the ones dropped.
		const sources = Object.fromEntries(resumed.map((e) => [keyOf(e), itemOf(e).source]));
		expect(sources).toEqual({
			[`conversation.created:${CONV_DOWN}`]: 'backfill',
			[`conversation.status_changed:${CONV_DOWN}`]: 'live',
			[`message.created:${M_DOWN_41}`]: 'backfill',
			[`message.created:${M_DOWN_42}`]: 'backfill',
			[`message.created:${M_DOWN_43}`]: 'backfill',
		});
		const byKey = (key: string) => itemOf(list.find((e) => keyOf(e) === key)!);
		expect(byKey(`message.created:${M_DOWN_41}`)).toMatchObject({ accountId: ACCOUNT, data: { conversation_id: CONV_OLD, content: `message ${M_DOWN_41}` } });
		expect(byKey(`message.created:${M_DOWN_43}`)).toMatchObject({ data: { conversation_id: CONV_DOWN } });
		expect(byKey(`conversation.created:${CONV_DOWN}`)).toMatchObject({ data: { id: CONV_DOWN, inbox_id: INBOX } });
		// The catch-up asked for what followed the last message seen live in conversation 41.
		expect(cw.calls({ method: 'GET', path: `/api/v1/accounts/${ACCOUNT}/conversations` }).length).toBeGreaterThan(catchUpCalls);
		expect(cw.calls({ method: 'GET', path: `/api/v1/accounts/${ACCOUNT}/conversations/${CONV_OLD}/messages` }).map((r) => r.query)).toContainEqual({
			after: String(M_LIVE),
		});

		// Live events resume, selected ones run, an unselected one does not.
		const after = addMessage(M_AFTER, CONV_OLD);
		const resolved42 = cw.state.conversation(ACCOUNT, CONV_LIVE)!;
		resolved42.status = 'resolved';
		resolved42.updated_at = Date.now() / 1000;
		await cable.broadcast(STREAM, 'message.created', messageEvent(after));
		await cable.broadcast(STREAM, 'conversation.status_changed', conversationEvent(resolved42));
		await cable.broadcast(STREAM, 'message.updated', { ...messageEvent(down41), status: 'read' });
		list = await expectExecutionCount(workflowId!, 10, 4000);
		expect(byKey(`message.created:${M_AFTER}`).source).toBe('live');
		expect(byKey(`conversation.status_changed:${CONV_LIVE}`)).toMatchObject({ source: 'live', data: { id: CONV_LIVE, status: 'resolved' } });

		// Every event in exactly one execution: none lost, none doubled.
		expect(keysOf(list)).toEqual(
			[
				`message.created:${M_LIVE}`,
				`conversation.status_changed:${CONV_OLD}`,
				`conversation.created:${CONV_LIVE}`,
				`message.created:${M_DOWN_41}`,
				`message.created:${M_DOWN_42}`,
				`conversation.created:${CONV_DOWN}`,
				`message.created:${M_DOWN_43}`,
				`conversation.status_changed:${CONV_DOWN}`,
				`message.created:${M_AFTER}`,
				`conversation.status_changed:${CONV_LIVE}`,
			].sort(),
		);
		expect(list.every((e) => e.status === 'success' && e.mode === 'trigger')).toBe(true);
		// Still one socket with one subscription: the reconnect left no second one behind.
		expect((await cable.state()).connections).toBe(1);
		expect(await subscriptions()).toHaveLength(1);
		expect(cw.violations).toEqual([]);
	}, 115_000);

	test('deactivation closes the connection and later events start nothing', async () => {
		const before = (await executions(workflowId!)).length;
		await deactivate(workflowId!);
		await waitFor('the cable connection to close', async () => (await cable.state()).connections === 0, 60_000);
		await cable.broadcast(STREAM, 'message.created', messageEvent(addMessage(M_DEACTIVATED, CONV_OLD)));
		const list = await expectExecutionCount(workflowId!, before, 3000);
		expect(list).toHaveLength(before);
	}, 90_000);
});
