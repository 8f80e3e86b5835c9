import { randomUUID } from 'crypto';

import { conversationPush, messagePush, reloadedConversationEvent } from '../test/Chatwoot/realtime/payloads';
import { readWorkflow } from '../test/n8n-server/publicApi';
import type { ActionCableTestServer } from '../test/servers/actioncable/server';
import { startChatwootWithCable } from '../test/servers/actioncable/withChatwoot';
import type { FakeChatwoot } from '../test/servers/chatwoot/server';
import type { Row } from '../test/servers/chatwoot/state';

import {
	activate,
	createCredential,
	createWorkflow,
	deactivate,
	expectExecutionCount,
	nodeOutput,
	removeCredential,
	removeWorkflow,
	waitFor,
} from './helpers/n8n';

/*
 * Issues 13.2 and 16 in a real n8n: the Chatwoot Realtime Trigger with "Only When Changed"
 * (status) and "Collect Message Bursts", against the real Ruby ActionCable server. Both
 * checks hold whatever order ActionCable's worker pool delivers the broadcasts in.
 */

const NODE = 'Chatwoot Realtime Trigger';
const ACCOUNT = 1;
const USER_ID = 1;
const STREAM = `account_${ACCOUNT}`;

describe('Chatwoot Realtime Trigger in n8n: loop protection and bursts', () => {
	let cw: FakeChatwoot;
	let cable: ActionCableTestServer;
	let credentialId: string | undefined;
	let workflowId: string | undefined;

	beforeAll(async () => {
		({ cw, cable } = await startChatwootWithCable(ACCOUNT, USER_ID));
		const credential = await createCredential(`Chatwoot realtime loops (e2e) ${randomUUID().slice(0, 8)}`, 'chatwootApi', cw.credentials());
		credentialId = credential.id;
		const workflow = readWorkflow('chatwoot-realtime.json') as unknown as {
			name: string;
			nodes: Array<{ name: string; parameters: Row & { options: Row } }>;
		};
		workflow.name = 'E2E: Chatwoot Realtime Trigger, loops and bursts';
		const trigger = workflow.nodes.find((n) => n.name === NODE)!;
		trigger.parameters.events = ['message.created', 'conversation.status_changed', 'conversation.updated'];
		Object.assign(trigger.parameters.options, {
			websocketUrl: cable.wsUrl,
			excludeOwn: true,
			conversationChanges: ['status'],
			burstSeconds: 3,
			catchUp: false,
		});
		workflowId = (await createWorkflow(workflow as unknown as Row, { chatwootApi: credential })).id;
		await activate(workflowId);
		await waitFor('the RoomChannel subscription', async () => ((await cable.state()).subscriptions.length > 0 ? true : undefined), 60_000);
	}, 15 * 60 * 1000);

	afterAll(async () => {
		if (workflowId) await deactivate(workflowId).catch(() => undefined);
		await removeWorkflow(workflowId);
		await removeCredential(credentialId);
		await cable?.stop();
		await cw?.stop();
	});

	test('three quick customer messages start one execution; a status change and its twin one; the workflow\'s own label write none', async () => {
		for (const [id, content] of [
			[5001, 'hello'],
			[5002, 'my order #12'],
			[5003, 'has not arrived'],
		] as const) {
			await cable.broadcast(STREAM, 'message.created', messagePush(id, 60, { content }));
		}
		let list = await expectExecutionCount(workflowId!, 1, 4000);
		expect(list).toHaveLength(1);
		const burst = nodeOutput(list[0], NODE)[0] as unknown as { event: string; burst: { count: number; content: string; messages: Row[] } };
		expect(burst.event).toBe('message.created');
		expect(burst.burst.count).toBe(3);
		expect([...burst.burst.messages.map((m) => m.id as number)].sort()).toEqual([5001, 5002, 5003]);

		// A human resolves conversation 60: Chatwoot sends status_changed and updated, both reloaded (no performer).
		const resolved = conversationPush(60, { status: 'resolved', updated_at: Date.now() / 1000 });
		await cable.broadcast(STREAM, 'conversation.status_changed', reloadedConversationEvent(resolved));
		await cable.broadcast(STREAM, 'conversation.updated', reloadedConversationEvent(resolved));
		list = await expectExecutionCount(workflowId!, 2, 3000);
		expect(list).toHaveLength(2);

		// The workflow labels it (as the credential's user): the event its write causes carries no performer and starts nothing.
		await cable.broadcast(STREAM, 'conversation.updated', reloadedConversationEvent(conversationPush(60, { status: 'resolved', labels: ['survey-sent'], updated_at: Date.now() / 1000 + 1 })));
		list = await expectExecutionCount(workflowId!, 2, 4000);
		expect(list).toHaveLength(2);
		expect(list.every((e) => e.status === 'success')).toBe(true);
	}, 120_000);
});
