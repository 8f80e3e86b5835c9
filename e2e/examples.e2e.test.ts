import { randomUUID } from 'crypto';
import { readdirSync } from 'fs';
import { createServer, type IncomingMessage, type Server } from 'http';
import type { AddressInfo } from 'net';
import { join } from 'path';

import type { INode } from 'n8n-workflow';

import { chatAppMessageDelivery, chatwootMessageCreated, rubyJson, signedChatwootHeaders } from '../test/n8n-server/deliveries';
import { ACCOUNT as CHATAPP_ACCOUNT, startChatAppServer, type ChatAppServer } from '../test/servers/chatapp/server';
import { FakeChatwoot } from '../test/servers/chatwoot/server';

import { editorView } from './helpers/editor';
import {
	activate,
	createCredential,
	createWorkflow,
	deactivate,
	executions,
	expectExecutionCount,
	n8nUrl,
	nodeOutput,
	readExample,
	removeCredential,
	removeWorkflow,
	rest,
	waitFor,
} from './helpers/n8n';

/*
 * The example workflows in examples/, imported into the real n8n as a user would
 * (credentials are referenced by name in the files and filled in here), activated,
 * and driven from outside: signed Chatwoot deliveries, ChatApp deliveries to the
 * callback URL the ChatApp Trigger registered, a local stand-in for the CRM.
 */

type Json = Record<string, unknown>;
type WorkflowNode = { name: string; type: string; webhookId?: string; parameters: Json; credentials?: Json };

interface Hook {
	id: number;
	url: string;
	secret: string;
}

async function deliverChatwoot(hook: Hook, payload: Json): Promise<number> {
	const body = rubyJson(payload);
	const res = await fetch(hook.url, { method: 'POST', headers: signedChatwootHeaders(hook.secret, body, randomUUID()), body });
	await res.text();
	return res.status;
}

function nodesOf(workflow: Json): WorkflowNode[] {
	return workflow.nodes as WorkflowNode[];
}

/** Imports an example with a unique name, activates it and returns its id and the trigger's webhookId. */
async function importExample(
	file: string,
	credentials: Record<string, { id: string; name: string }>,
	patch: (nodes: WorkflowNode[]) => void = () => undefined,
): Promise<{ id: string; webhookId: string }> {
	const workflow = readExample(file);
	patch(nodesOf(workflow));
	const created = await createWorkflow(workflow, credentials, `E2E example ${file} ${randomUUID().slice(0, 8)}`);
	const trigger = nodesOf(created.workflow).find((n) => n.webhookId)!;
	await activate(created.id);
	return { id: created.id, webhookId: String(trigger.webhookId) };
}

describe('example workflows in n8n', () => {
	describe('examples/chatwoot-keyword-routing.json', () => {
		let cw: FakeChatwoot;
		let credentialId: string | undefined;
		let workflowId: string | undefined;
		let hook: Hook;

		beforeAll(async () => {
			cw = await FakeChatwoot.start();
			const credential = await createCredential(`Chatwoot routing example ${randomUUID().slice(0, 8)}`, 'chatwootApi', cw.credentials());
			credentialId = credential.id;
			const imported = await importExample('chatwoot-keyword-routing.json', { chatwootApi: credential });
			workflowId = imported.id;
			hook = await waitFor('the webhook on FakeChatwoot', () => cw.state.webhooks[0] as unknown as Hook | undefined);
			expect(hook.url).toBe(`${n8nUrl()}webhook/${imported.webhookId}/webhook`);
		});

		afterAll(async () => {
			await removeWorkflow(workflowId);
			await removeCredential(credentialId);
			await cw?.stop();
		});

		const message = (id: number, conversationId: number, content: string, extra: Json = {}): Json =>
			chatwootMessageCreated(id, content, conversationId, extra);

		test('an incoming message with the keyword is labelled, routed to the team and prioritised', async () => {
			const contact = cw.state.addContact({ name: 'Jane Doe', email: 'jane@example.com' });
			const conversation = cw.state.addConversation({ contact_id: contact.id, inbox_id: 1 });
			const conv = Number(conversation.id);
			const A = '/api/v1/accounts/1';
			const before = cw.requests.length;

			expect(await deliverChatwoot(hook, message(201, conv, 'I want a REFUND for order A-1001'))).toBe(200);
			const [execution] = await expectExecutionCount(workflowId!, 1);
			expect(execution.status).toBe('success');
			expect(nodeOutput(execution, 'Set Priority High')).toEqual([{ id: conv, priority: 'high' }]);

			expect(cw.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual([
				`GET ${A}/conversations/${conv}/labels`,
				`POST ${A}/conversations/${conv}/labels`,
				`POST ${A}/conversations/${conv}/assignments`,
				`POST ${A}/conversations/${conv}/toggle_priority`,
			]);
			expect(cw.state.conversations.find((c) => c.id === conv)).toMatchObject({ team_id: 1, priority: 'high' });
			expect(cw.calls({ method: 'POST', path: `${A}/conversations/${conv}/labels` })[0].body).toEqual({ labels: ['billing'] });
			expect(cw.violations).toEqual([]);
		});

		test('a message without the keyword runs but changes nothing; outgoing messages and private notes start no run', async () => {
			const before = cw.requests.length;
			const runs = (await executions(workflowId!)).length;
			expect(await deliverChatwoot(hook, message(202, 1, 'Where is my parcel?'))).toBe(200);
			expect(await deliverChatwoot(hook, message(203, 1, 'refund approved', { message_type: 'outgoing', sender: { id: 1, type: 'user' } }))).toBe(200);
			expect(await deliverChatwoot(hook, message(204, 1, 'refund? check first', { private: true }))).toBe(200);

			const list = await expectExecutionCount(workflowId!, runs + 1, 3000);
			expect(list).toHaveLength(runs + 1);
			const latest = list.find((e) => nodeOutput(e, 'Chatwoot Trigger')[0]?.id === 202)!;
			expect(latest.status).toBe('success');
			expect(nodeOutput(latest, 'Add Label')).toEqual([]);
			expect(cw.requests.slice(before)).toEqual([]);
		});
	});

	describe('examples/chatwoot-crm-sync.json', () => {
		let cw: FakeChatwoot;
		let crm: Server;
		let crmUrl: string;
		const upserts: Array<{ method: string; path: string; contentType: string; body: Json }> = [];
		let credentialId: string | undefined;
		let workflowId: string | undefined;
		let hook: Hook;

		beforeAll(async () => {
			crm = createServer((req: IncomingMessage, res) => {
				const chunks: Buffer[] = [];
				req.on('data', (c: Buffer) => chunks.push(c));
				req.on('end', () => {
					upserts.push({
						method: req.method ?? '',
						path: req.url ?? '',
						contentType: String(req.headers['content-type'] ?? ''),
						body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Json,
					});
					res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, id: `crm-${upserts.length}` }));
				});
			});
			await new Promise<void>((resolve) => crm.listen(0, '127.0.0.1', resolve));
			crmUrl = `http://127.0.0.1:${(crm.address() as AddressInfo).port}`;

			cw = await FakeChatwoot.start();
			const credential = await createCredential(`Chatwoot CRM example ${randomUUID().slice(0, 8)}`, 'chatwootApi', cw.credentials());
			credentialId = credential.id;
			const imported = await importExample('chatwoot-crm-sync.json', { chatwootApi: credential }, (nodes) => {
				const http = nodes.find((n) => n.type === 'n8n-nodes-base.httpRequest')!;
				http.parameters.url = String(http.parameters.url).replace('https://crm.example.com', crmUrl);
			});
			workflowId = imported.id;
			hook = await waitFor('the webhook on FakeChatwoot', () => cw.state.webhooks[0] as unknown as Hook | undefined);
			expect([...(cw.state.webhooks[0].subscriptions as string[])].sort()).toEqual(['contact_created', 'contact_updated']);
		});

		afterAll(async () => {
			await removeWorkflow(workflowId);
			await removeCredential(credentialId);
			await cw?.stop();
			crm?.closeAllConnections();
			await new Promise<void>((resolve) => (crm ? crm.close(() => resolve()) : resolve()));
		});

		const contact = (event: string, extra: Json = {}): Json => ({
			event,
			id: 42,
			name: 'Jane Doe',
			email: 'jane@example.com',
			phone_number: '+4915112345678',
			identifier: null,
			thumbnail: '',
			additional_attributes: {},
			custom_attributes: {},
			account: { id: 1, name: 'Acme Support' },
			...extra,
		});

		test('a created and then an updated contact are upserted into the CRM', async () => {
			expect(await deliverChatwoot(hook, contact('contact_created'))).toBe(200);
			await expectExecutionCount(workflowId!, 1, 0);
			expect(await deliverChatwoot(hook, contact('contact_updated', { email: 'jane.doe@example.com', changed_attributes: [{ email: { previous_value: 'jane@example.com', current_value: 'jane.doe@example.com' } }] }))).toBe(200);
			const list = await expectExecutionCount(workflowId!, 2);
			expect(list.map((e) => e.status)).toEqual(['success', 'success']);

			expect(upserts.map((u) => `${u.method} ${u.path}`)).toEqual(['POST /api/contacts/upsert', 'POST /api/contacts/upsert']);
			expect(upserts[0].contentType).toContain('application/json');
			expect(upserts.map((u) => u.body)).toEqual([
				{ external_id: 'chatwoot-1-42', name: 'Jane Doe', email: 'jane@example.com', phone: '+4915112345678', source: 'chatwoot', event: 'contact_created' },
				{ external_id: 'chatwoot-1-42', name: 'Jane Doe', email: 'jane.doe@example.com', phone: '+4915112345678', source: 'chatwoot', event: 'contact_updated' },
			]);
			expect(cw.violations).toEqual([]);
		});
	});

	describe('examples/chatapp-auto-reply.json', () => {
		let chatApp: ChatAppServer;
		let credentialId: string | undefined;
		let workflowId: string | undefined;
		let callbackUrl: string;

		beforeAll(async () => {
			chatApp = await startChatAppServer();
			const credential = await createCredential(`ChatApp auto-reply example ${randomUUID().slice(0, 8)}`, 'chatAppApi', {
				email: CHATAPP_ACCOUNT.email,
				password: CHATAPP_ACCOUNT.password,
				appId: CHATAPP_ACCOUNT.appId,
				apiBaseUrl: chatApp.url,
			});
			credentialId = credential.id;
			const imported = await importExample('chatapp-auto-reply.json', { chatAppApi: credential });
			workflowId = imported.id;
			const registered = await waitFor('the callback URL on the ChatApp server', () => chatApp.state.callbackUrls.get('1229/grWhatsApp'));
			expect(registered.events).toEqual(['message']);
			callbackUrl = registered.url;
			expect(callbackUrl.startsWith(`${n8nUrl()}webhook/${imported.webhookId}/webhook?secret=`)).toBe(true);
		});

		afterAll(async () => {
			await removeWorkflow(workflowId);
			await removeCredential(credentialId);
			await chatApp?.close();
		});

		const delivery = (id: number, fromMe: boolean, text: string) => chatAppMessageDelivery(id, text, fromMe);

		async function deliver(body: unknown, url = callbackUrl): Promise<number> {
			const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
			await res.text();
			return res.status;
		}

		test('an incoming WhatsApp message gets one text reply in the same chat', async () => {
			expect(await deliver(delivery(9001, false, 'Hello! Do you have offers?'))).toBe(200);
			const [execution] = await expectExecutionCount(workflowId!, 1);
			expect(execution.status).toBe('success');
			expect(chatApp.state.sentTexts).toHaveLength(1);
			expect(chatApp.state.sentTexts[0]).toMatchObject({ licenseId: '1229', messengerType: 'grWhatsApp', chatId: '79001234567@c.us' });
			expect(String(chatApp.state.sentTexts[0].body.text)).toMatch(/^Hi Anna, thanks for your message!/);
		});

		test('our own outgoing message and a delivery without the secret send no reply', async () => {
			const runs = (await executions(workflowId!)).length;
			expect(await deliver(delivery(9002, true, 'Hi Anna, thanks for your message!'))).toBe(200);
			expect(await deliver(delivery(9003, false, 'forged'), callbackUrl.replace(/secret=[^&]+/, 'secret=wrong'))).toBe(401);
			const list = await expectExecutionCount(workflowId!, runs + 1, 3000);
			expect(list).toHaveLength(runs + 1);
			expect(chatApp.state.sentTexts).toHaveLength(1);
		});

		test('deactivation removes the callback URL', async () => {
			await deactivate(workflowId!);
			await waitFor('the callback URL to be removed', () => !chatApp.state.callbackUrls.has('1229/grWhatsApp'));
		});
	});

	describe('as the editor imports them (ready to adapt)', () => {
		const files = readdirSync(join(__dirname, '..', 'examples'))
			.filter((f) => f.endsWith('.json'))
			.sort();
		const workflowIds: string[] = [];
		const credentialIds: string[] = [];
		/** Credentials a user would pick; their content does not matter to the editor's checks. */
		const credentialData: Record<string, Json> = {
			chatwootApi: { baseUrl: 'https://chat.example.com', kind: 'user', accessToken: 'editor-import-check' },
			chatAppApi: { email: 'owner@example.com', password: 'editor-import-check', appId: 'app', apiBaseUrl: 'https://api.chatapp.online' },
			// examples/chatwoot-ai-support-bot.json (driven in chatwoot-ai-agent.e2e.test.ts).
			openAiApi: { apiKey: 'sk-editor-import-check', url: 'https://api.openai.com/v1', header: false },
		};

		afterAll(async () => {
			for (const id of workflowIds) await removeWorkflow(id);
			for (const id of credentialIds) await removeCredential(id);
		});

		/** Saves a workflow the way the editor does after "Import from File" (POST /rest/workflows) and reads it back. */
		async function saveInEditor(workflow: Json, name: string): Promise<INode[]> {
			const saved = await rest<{ data: { id: string } }>('POST', 'workflows', {
				name,
				nodes: workflow.nodes,
				connections: workflow.connections,
				settings: workflow.settings ?? {},
				// n8n 1.x stores `active` as given and its column is NOT NULL; its editor sends false.
				...(Number(process.env.E2E_N8N_VERSION?.split('.')[0]) < 2 ? { active: false } : {}),
			});
			expect({ status: saved.status, body: saved.status === 200 ? 'saved' : saved.body }).toEqual({ status: 200, body: 'saved' });
			workflowIds.push(saved.body.data.id);
			const read = await rest<{ data: { nodes: INode[] } }>('GET', `workflows/${saved.body.data.id}`);
			expect(read.status).toBe(200);
			return read.body.data.nodes;
		}

		test('every example carries a sticky note on what to set, credentials first', () => {
			expect(files.length).toBeGreaterThanOrEqual(3);
			for (const file of files) {
				const notes = nodesOf(readExample(file)).filter((n) => n.type === 'n8n-nodes-base.stickyNote');
				const text = notes.map((n) => String(n.parameters.content)).join('\n');
				expect(text).toMatch(/Set up before you activate/);
				expect(text).toMatch(/does \*\*not\*\* match credentials by name/);
			}
		});

		test('the check sees what the editor sees: an empty ChatApp Send Text shows its missing parameters and credential', async () => {
			const control: INode = {
				id: randomUUID(),
				name: 'Control',
				type: 'n8n-nodes-chatwoot-chatapp.chatApp',
				typeVersion: 1,
				position: [0, 0],
				parameters: { resource: 'message', operation: 'sendText' },
			};
			const issues = (await editorView()).issues([control]).Control ?? [];
			expect(issues.filter((i) => i.startsWith('parameter ')).map((i) => i.split(':')[0])).toEqual(
				expect.arrayContaining(['parameter chatId', 'parameter text']),
			);
			expect(issues).toContain('credential chatAppApi: not set');
		});

		test('the editor shows readable subtitles under the examples\' nodes (the generated expression, as n8n serves it)', async () => {
			const view = await editorView();
			const shown = files.flatMap((file) =>
				(readExample(file).nodes as INode[])
					.filter((n) => n.type.startsWith('n8n-nodes-chatwoot-chatapp.'))
					.map((n) => `${n.name}: ${String(view.subtitle(n))}`),
			);
			expect(shown).toEqual(
				expect.arrayContaining([
					'Add Label: Conversation: Add Labels',
					'Assign Team: Conversation: Assign',
					'Set Priority High: Conversation: Update Priority',
					'Reply: Message: Send Text',
					'ChatApp Trigger: Message',
					'Chatwoot Trigger: Account webhook',
					'Chatwoot Chat Memory: Last 20 messages',
					'Post Answer: Message: Create',
				]),
			);
		});

		test.each(files.map((f) => [f]))(
			'%s: imports with every stored value visible; only the credentials are left to pick, and once picked n8n reports no issue for any node',
			async (file) => {
				const workflow = readExample(file);
				const nodes = await saveInEditor(workflow, `E2E editor import ${file} ${randomUUID().slice(0, 8)}`);
				expect(nodes.map((n) => n.name)).toEqual(nodesOf(workflow).map((n) => n.name));

				const view = await editorView();
				expect(view.hiddenWithoutCredential(nodes)).toEqual([]);

				const needing = nodes.filter((n) => n.credentials && Object.keys(n.credentials).length > 0);
				expect(needing.length).toBeGreaterThan(0);
				const before = view.issues(nodes);
				expect(Object.keys(before).sort()).toEqual(needing.map((n) => n.name).sort());
				for (const list of Object.values(before)) for (const issue of list) expect(issue).toMatch(/^credential \w+: /);

				const picked: Record<string, { id: string; name: string }> = {};
				for (const type of new Set(needing.flatMap((n) => Object.keys(n.credentials!)))) {
					const credential = await createCredential(`Editor import check ${type} ${randomUUID().slice(0, 8)}`, type, credentialData[type]);
					credentialIds.push(credential.id);
					picked[type] = credential;
				}
				const withPicked = {
					...workflow,
					nodes: nodesOf(workflow).map((n) =>
						n.credentials ? { ...n, credentials: Object.fromEntries(Object.keys(n.credentials).map((t) => [t, picked[t]])) } : n,
					),
				};
				const saved = await saveInEditor(withPicked, `E2E editor import ${file} (credentials picked) ${randomUUID().slice(0, 8)}`);
				expect((await editorView()).issues(saved)).toEqual({});
			},
		);
	});
});
