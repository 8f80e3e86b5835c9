import { randomUUID } from 'crypto';
import { join } from 'path';

import { chatwootMessageCreated, rubyJson, signedChatwootHeaders } from '../test/n8n-server/deliveries';
import { FakeChatwoot } from '../test/servers/chatwoot/server';
import { ScriptedOpenAi, textOf } from '../test/servers/openai/server';

import { activate, createCredential, createWorkflow, expectExecutionCount, n8nUrl, nodeOutput, readExample, removeCredential, removeWorkflow, waitFor, type Execution } from './helpers/n8n';

/*
 * Issue 16, proof in a real n8n: examples/chatwoot-ai-support-bot.json as a user imports
 * it. A signed Chatwoot delivery starts n8n's own AI Agent with its OpenAI Chat Model
 * (credential base URL → the scripted server on 127.0.0.1), Chatwoot Chat Memory as its
 * memory and the Chatwoot node as two tools (Add Label; Conversation → Hand Off to Human, whose
 * reason the model writes); the answer is posted by the Chatwoot node. The Chatwoot-like server
 * must see exactly the history read, the label, the handoff and the answer; the model
 * must have been shown the history. n8n 1.x ships no @n8n/ai-node-sdk: there the memory
 * fails with its own message and nothing is written to Chatwoot.
 */

const A = '/api/v1/accounts/1';
/**
 * Whether the running n8n can load @n8n/ai-node-sdk. n8n 2.x ships it; n8n 1.x does not,
 * but n8n puts every ancestor node_modules of its install on NODE_PATH, so when the n8n
 * cache sits inside this repository (.dev/cache, the default) the repository's own dev
 * dependency is visible to it and the memory works there too. Resolved the same way.
 */
function sdkVisible(): boolean {
	if (Number(String(process.env.E2E_N8N_VERSION ?? '2').split('.')[0]) >= 2) return true;
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { CACHE } = require('../dev/lib/install') as { CACHE: string };
	try {
		require.resolve('@n8n/ai-node-sdk', { paths: [join(CACHE, `n8n-${process.env.E2E_N8N_VERSION}`, 'node_modules', 'n8n')] });
		return true;
	} catch {
		return false;
	}
}
const withSdk = sdkVisible();

interface Hook {
	url: string;
	secret: string;
}

describe('AI support bot (AI Agent + Chatwoot Chat Memory + Chatwoot tools) in n8n', () => {
	let cw: FakeChatwoot;
	let ai: ScriptedOpenAi;
	let hook: Hook;
	let workflowId: string | undefined;
	const credentialIds: string[] = [];

	beforeAll(async () => {
		cw = await FakeChatwoot.start();
		ai = await ScriptedOpenAi.start();
		const suffix = randomUUID().slice(0, 8);
		const chatwootApi = await createCredential(`Chatwoot AI bot (e2e) ${suffix}`, 'chatwootApi', cw.credentials());
		const openAiApi = await createCredential(`OpenAI scripted (e2e) ${suffix}`, 'openAiApi', { apiKey: ai.apiKey, url: ai.baseUrl, header: false });
		credentialIds.push(chatwootApi.id, openAiApi.id);
		const created = await createWorkflow(readExample('chatwoot-ai-support-bot.json'), { chatwootApi, openAiApi }, `E2E AI support bot ${suffix}`);
		workflowId = created.id;
		await activate(workflowId);
		hook = await waitFor('the webhook on FakeChatwoot', () => cw.state.webhooks[0] as unknown as Hook | undefined);
		expect(hook.url).toBe(`${n8nUrl()}webhook/${created.webhookId}/webhook`);
	});

	afterAll(async () => {
		await removeWorkflow(workflowId);
		for (const id of credentialIds) await removeCredential(id);
		await cw?.stop();
		await ai?.stop();
	});

	async function deliver(payload: Record<string, unknown>): Promise<void> {
		const body = rubyJson(payload);
		const res = await fetch(hook.url, { method: 'POST', headers: signedChatwootHeaders(hook.secret, body, randomUUID()), body });
		await res.text();
		expect(res.status).toBe(200);
	}

	/** A pending conversation with some history, and the customer's new message (stored, as Chatwoot stores it before it delivers). */
	function conversationWithHistory() {
		const contact = cw.state.addContact({ name: 'Maria Garcia', email: 'maria@example.org' });
		const conversation = cw.state.addConversation({ contact_id: contact.id, inbox_id: 1, status: 'pending' });
		const id = Number(conversation.id);
		const customer = { id: contact.id, name: 'Maria Garcia', type: 'contact' };
		cw.state.addMessage({ conversation_id: id, message_type: 0, content: 'Hi, I ordered a lamp, order A-1001', sender: customer });
		cw.state.addMessage({ conversation_id: id, message_type: 1, content: 'Thanks Maria! How can I help with order A-1001?', sender: { id: 7, name: 'n8n bot', type: 'agent_bot' } });
		cw.state.addMessage({ conversation_id: id, message_type: 2, content: 'Conversation was marked pending', sender: null });
		cw.state.addMessage({ conversation_id: id, message_type: 1, content: 'Probably a shipping damage case', private: true });
		const current = cw.state.addMessage({ conversation_id: id, message_type: 0, content: 'It arrived broken. I want a refund!', sender: customer });
		return { id, current: Number(current.id) };
	}

	const ANSWER = 'I am sorry the lamp arrived broken. A colleague will take over shortly.';

	test(
		withSdk
			? 'the agent reads the history from Chatwoot, labels and hands off through the Chatwoot tools, and its answer is posted'
			: 'n8n 1.x: the memory refuses with its own message (no AI node SDK), and nothing is written to Chatwoot',
		async () => {
			const { id, current } = conversationWithHistory();
			ai.script([
				{ toolCalls: [{ tool: /label/i, arguments: { labels: 'handoff' } }] },
				{ toolCalls: [{ tool: /hand.?off/i, arguments: { reason: 'Refund for a lamp that arrived broken' } }] },
				{ content: ANSWER },
			]);
			const before = cw.requests.length;
			await deliver(chatwootMessageCreated(current, 'It arrived broken. I want a refund!', id, { conversation: { id, inbox_id: 1, status: 'pending', labels: [] } }));
			const [execution] = await expectExecutionCount(workflowId!, 1);
			const requests = cw.requests.slice(before).map((r) => `${r.method} ${r.path}${Object.keys(r.query).length ? `?${new URLSearchParams(r.query as Record<string, string>).toString()}` : ''}`);

			if (!withSdk) {
				expect(execution.status).toBe('error');
				expect(JSON.stringify(execution.data?.resultData.error)).toContain("This n8n does not include n8n's AI node SDK");
				expect(requests.filter((r) => !r.startsWith('GET'))).toEqual([]);
				expect(cw.violations).toEqual([]);
				return;
			}

			expect({ status: execution.status, error: execution.data?.resultData.error }).toEqual({ status: 'success', error: undefined });
			expect(requests).toEqual([
				`GET ${A}/conversations/${id}/messages?before=${current}`,
				`GET ${A}/conversations/${id}/labels`,
				`POST ${A}/conversations/${id}/labels`,
				`POST ${A}/conversations/${id}/messages`,
				`POST ${A}/conversations/${id}/toggle_status`,
				`POST ${A}/conversations/${id}/messages`,
			]);
			expect(cw.calls({ method: 'POST', path: `${A}/conversations/${id}/labels` })[0].body).toEqual({ labels: ['handoff'] });
			expect(cw.calls({ method: 'POST', path: `${A}/conversations/${id}/toggle_status` })[0].body).toEqual({ status: 'open' });
			const posted = cw.calls({ method: 'POST', path: `${A}/conversations/${id}/messages` }).map((c) => c.body);
			expect(posted[0]).toEqual({ content: 'Refund for a lamp that arrived broken', message_type: 'outgoing', private: true });
			expect(posted[1]).toMatchObject({ content: ANSWER, message_type: 'outgoing' });
			expect(posted[1]).not.toHaveProperty('private', true);
			expect(cw.state.conversations.find((c) => c.id === id)).toMatchObject({ status: 'open' });
			expect(nodeOutput(execution, 'Post Answer')[0]).toMatchObject({ content: ANSWER, conversation_id: id });
			expect(cw.violations).toEqual([]);

			// The model: three calls (label, handoff, answer), each shown the Chatwoot history
			// before the customer's new message, without activity and private notes.
			expect(ai.problems).toEqual([]);
			expect(ai.requests).toHaveLength(3);
			const shown = ai.requests[0].body.messages.map((m) => `${m.role}: ${textOf(m)}`);
			expect(shown.slice(1)).toEqual([
				'user: Hi, I ordered a lamp, order A-1001',
				'assistant: Thanks Maria! How can I help with order A-1001?',
				'user: It arrived broken. I want a refund!',
			]);
			expect(shown[0]).toMatch(/^system: You are the support assistant/);
			expect(ai.requests[0].body.tools?.map((t) => t.function.name).sort()).toEqual(['Add_Label', 'Hand_Off_to_Human']);
			const last = ai.requests[2].body.messages;
			expect(last.filter((m) => m.role === 'tool')).toHaveLength(2);
			expect(textOf(last.find((m) => m.role === 'tool')!)).toContain('handoff');
		},
		120000,
	);

	test('once handed off (open), the customer\'s next message runs the workflow but not the bot: no model call, nothing written', async () => {
		const runs = (await expectExecutionCount(workflowId!, 1, 0)).length;
		const conversation = cw.state.conversations.find((c) => c.status === 'open' || c.status === 'pending')!;
		const id = Number(conversation.id);
		const message = cw.state.addMessage({ conversation_id: id, message_type: 0, content: 'Hello? Anyone there?' });
		const modelCalls = ai.requests.length;
		const before = cw.requests.length;
		await deliver(chatwootMessageCreated(Number(message.id), 'Hello? Anyone there?', id, { conversation: { id, inbox_id: 1, status: 'open', labels: ['handoff'] } }));
		const list: Execution[] = await expectExecutionCount(workflowId!, runs + 1);
		const latest = list.find((e) => nodeOutput(e, 'Chatwoot Trigger')[0]?.id === Number(message.id))!;
		expect(latest.status).toBe('success');
		expect(nodeOutput(latest, 'Post Answer')).toEqual([]);
		expect(ai.requests.length).toBe(modelCalls);
		expect(cw.requests.slice(before)).toEqual([]);
	});
});
