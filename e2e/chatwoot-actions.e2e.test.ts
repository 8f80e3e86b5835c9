import { randomUUID } from 'crypto';

import { readWorkflow } from '../test/n8n-server/publicApi';
import { FakeChatwoot } from '../test/servers/chatwoot/server';

import { activate, createCredential, createWorkflow, expectExecutionCount, nodeOutput, postToProductionWebhook, removeCredential, removeWorkflow } from './helpers/n8n';

/*
 * Scenario 2 of issue 7: a Chatwoot action workflow inside a real n8n. A Webhook
 * trigger starts it (manual runs are not available through n8n's public API);
 * it creates a contact, opens a conversation, sends a message with an attachment
 * made by n8n's Convert to File node, adds a label and assigns an agent, all
 * against the Chatwoot-like server, which must see exactly the expected requests.
 */

describe('Chatwoot action workflow in n8n', () => {
	let cw: FakeChatwoot;
	let workflowId: string | undefined;
	let credentialId: string | undefined;
	const path = `e2e-chatwoot-actions-${randomUUID().slice(0, 8)}`;

	beforeAll(async () => {
		cw = await FakeChatwoot.start();
		const credential = await createCredential(`Chatwoot actions (e2e) ${path}`, 'chatwootApi', cw.credentials());
		credentialId = credential.id;
		const workflow = readWorkflow('chatwoot-actions.json') as unknown as {
			nodes: Array<{ name: string; parameters: Record<string, unknown> }>;
		};
		workflow.nodes.find((n) => n.name === 'Webhook')!.parameters.path = path;
		const created = await createWorkflow(workflow as unknown as Record<string, unknown>, { chatwootApi: credential }, `E2E chatwoot actions ${path}`);
		workflowId = created.id;
		await activate(workflowId);
	});

	afterAll(async () => {
		await removeWorkflow(workflowId);
		await removeCredential(credentialId);
		await cw?.stop();
	});

	test('one run creates contact and conversation, sends an attachment, labels and assigns', async () => {
		await postToProductionWebhook(path, { name: 'Jane Doe', email: 'jane@example.com', note: 'Order A-1001: 2 x widget' });

		const [execution] = await expectExecutionCount(workflowId!, 1);
		expect(execution).toMatchObject({ status: 'success', mode: 'webhook', finished: true });

		const contact = nodeOutput(execution, 'Create Contact')[0];
		const conversation = nodeOutput(execution, 'Create Conversation')[0];
		expect(contact).toMatchObject({ name: 'Jane Doe', email: 'jane@example.com', source_id: expect.any(String) });
		const cid = Number(contact.id);
		const conv = Number(conversation.id);
		expect(conversation).toMatchObject({ inbox_id: 1 });
		expect(nodeOutput(execution, 'Send Message')[0]).toMatchObject({ content: 'Here is your note' });
		expect(nodeOutput(execution, 'Add Label')[0]).toMatchObject({ id: conv, labels: ['vip'] });
		expect(nodeOutput(execution, 'Assign')[0]).toMatchObject({ conversation_id: conv, assignee_id: 2 });

		const A = '/api/v1/accounts/1';
		expect(cw.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			`POST ${A}/contacts`,
			`GET ${A}/contacts/${cid}/contactable_inboxes`,
			`POST ${A}/conversations`,
			`POST ${A}/conversations/${conv}/messages`,
			`GET ${A}/conversations/${conv}/labels`,
			`POST ${A}/conversations/${conv}/labels`,
			`POST ${A}/conversations/${conv}/assignments`,
		]);
		// Sent as Api-Access-Token (the spelling nginx passes), never as api_access_token.
		expect(cw.requests.every((r) => r.headers['api-access-token'] === cw.token && r.headers.api_access_token === undefined)).toBe(true);

		const message = cw.calls({ method: 'POST', path: `${A}/conversations/${conv}/messages` })[0];
		expect(message.contentType).toContain('multipart/form-data');
		expect(message.files).toHaveLength(1);
		expect(message.files[0]).toMatchObject({ field: 'attachments[]', fileName: 'note.txt' });
		expect(message.files[0].data.toString('utf8')).toBe('Order A-1001: 2 x widget');
		expect(message.body).toMatchObject({ content: 'Here is your note', message_type: 'outgoing' });
		// MessageBuilder treats the text "false" as set (audit row 22): the part is sent only for private notes.
		expect(message.body).not.toHaveProperty('private');

		expect(cw.calls({ method: 'POST', path: `${A}/conversations/${conv}/labels` })[0].body).toEqual({ labels: ['vip'] });
		expect(cw.calls({ method: 'POST', path: `${A}/conversations/${conv}/assignments` })[0].body).toEqual({ assignee_id: 2 });
		expect(cw.state.conversations.find((c) => c.id === conv)).toMatchObject({ assignee_id: 2 });
		expect(cw.violations).toEqual([]);
	});
});
