import type { IDataObject, IExecuteFunctions, INodeType } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { ChatwootChatMemory } from '../../../nodes/Chatwoot/ChatwootChatMemory.node';
import { DEFAULT_BEFORE_MESSAGE, DEFAULT_CONVERSATION } from '../../../nodes/Chatwoot/memory/description';
import { loadAiNodeSdk } from '../../../nodes/Chatwoot/memory/sdk';
import { runNode } from '../../harness/workflow';
import { chatwootSuite } from '../actions/suite';

/*
 * The memory as n8n's AI Agent meets it: a root node asks n8n-core for its ai_memory
 * input (WorkflowExecute → SupplyDataContext → supplyData), gets the LangChain memory
 * that @n8n/ai-node-sdk's supplyMemory builds, and calls what the agent calls:
 * loadMemoryVariables before the model, saveContext after it.
 */

interface LcMessage {
	getType(): string;
	content: unknown;
}
interface LcMemory {
	loadMemoryVariables(values: object): Promise<{ chat_history: LcMessage[] }>;
	saveContext(input: object, output: object): Promise<void>;
}

/** A stand-in for the AI Agent: load, "answer", save, load again. */
const agentLike: INodeType = {
	description: {
		displayName: 'Agent-like',
		name: 'agentLike',
		group: ['transform'],
		version: 1,
		description: 'Uses its memory as the AI Agent does',
		defaults: { name: 'Agent-like' },
		inputs: [NodeConnectionTypes.Main, { type: NodeConnectionTypes.AiMemory, maxConnections: 1, required: true }],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	},
	async execute(this: IExecuteFunctions) {
		const memory = (await this.getInputConnectionData(NodeConnectionTypes.AiMemory, 0)) as LcMemory;
		// LangChain content: a string, or parts ({ type: 'text', text }) as the SDK's converter builds them.
		const textOf = (content: unknown) =>
			typeof content === 'string' ? content : (content as Array<{ text?: string }>).map((part) => part.text ?? '').join('');
		const show = (messages: LcMessage[]) => messages.map((m) => `${m.getType()}: ${textOf(m.content)}`);
		const before = show((await memory.loadMemoryVariables({ input: 'Where is my order?' })).chat_history);
		await memory.saveContext({ input: 'Where is my order?' }, { output: 'It ships today.' });
		const after = show((await memory.loadMemoryVariables({ input: 'Thanks' })).chat_history);
		return [[{ json: { before, after } }]];
	},
};

/** As the AI Agent v3 does around tool calls: the agent node runs again in the same execution and asks for its memory again. */
const agentTwice: INodeType = {
	...agentLike,
	description: { ...agentLike.description, name: 'agentTwice' },
	async execute(this: IExecuteFunctions) {
		const first = (await this.getInputConnectionData(NodeConnectionTypes.AiMemory, 0)) as LcMemory;
		await first.loadMemoryVariables({});
		await first.saveContext({ input: 'Refund?' }, { output: 'Handed off.' });
		const second = (await this.getInputConnectionData(NodeConnectionTypes.AiMemory, 0)) as LcMemory;
		const history = (await second.loadMemoryVariables({})).chat_history;
		return [[{ json: { same: first !== second, count: history.length } }]];
	},
};

// One Chatwoot-like server per test, every request checked against the OpenAPI contract.
const suite = chatwootSuite('message');

function conversation() {
	const contact = suite.cw.state.addContact({ name: 'Maria', email: 'maria@example.org' });
	return suite.cw.state.addConversation({ inbox_id: 1, contact_id: contact.id });
}

const MEMORY_DEFAULTS = { conversationId: DEFAULT_CONVERSATION, beforeMessageId: DEFAULT_BEFORE_MESSAGE, maxMessages: 20, options: {} };

async function runAgent(input: IDataObject, memory: IDataObject = {}, nodeType = agentLike) {
	return await runNode({
		nodeType,
		parameters: {},
		input: [{ json: input }],
		credentials: { chatwootApi: suite.cw.credentials() },
		subNodes: [
			{ name: 'Chatwoot Chat Memory', nodeType: new ChatwootChatMemory(), parameters: { ...MEMORY_DEFAULTS, ...memory }, connectionType: NodeConnectionTypes.AiMemory },
		],
	});
}

const reads = () => suite.cw.calls({ method: 'GET' }).filter((r) => r.path.endsWith('/messages')).map((r) => ({ path: r.path, query: r.query }));

test('a Chatwoot Trigger item: the history before its message, the saved turn kept for the rest of the run, Chatwoot read once', async () => {
	const c = conversation();
	const id = Number(c.id);
	suite.cw.state.addMessage({ conversation_id: id, message_type: 0, content: 'Hi, I ordered a lamp', sender: { id: 1, name: 'Maria', type: 'contact' } });
	suite.cw.state.addMessage({ conversation_id: id, message_type: 2, content: 'Conversation was reopened', sender: null });
	suite.cw.state.addMessage({ conversation_id: id, message_type: 1, content: 'Thanks Maria, which order?', sender: { id: 7, name: 'n8n bot', type: 'agent_bot' } });
	suite.cw.state.addMessage({ conversation_id: id, message_type: 1, content: 'VIP', private: true });
	const current = suite.cw.state.addMessage({ conversation_id: id, message_type: 0, content: 'Where is my order?' });

	// As the Chatwoot Trigger emits a message_created delivery (Message#webhook_data + event).
	const { items, error } = await runAgent({ event: 'message_created', id: Number(current.id), content: 'Where is my order?', message_type: 'incoming', conversation: { id } });
	expect(error).toBeUndefined();
	expect(items[0].json.before).toEqual(['human: Hi, I ordered a lamp', 'ai: Thanks Maria, which order?']);
	expect(items[0].json.after).toEqual([
		'human: Hi, I ordered a lamp',
		'ai: Thanks Maria, which order?',
		'human: Where is my order?',
		'ai: It ships today.',
	]);
	expect(reads()).toEqual([{ path: `/api/v1/accounts/1/conversations/${id}/messages`, query: { before: String(current.id) } }]);
	// Saving wrote nothing to Chatwoot: the workflow posts the answer, the next run reads it back.
	expect(suite.cw.calls({ method: 'POST' })).toEqual([]);
});

test('supplied again in the same execution (the agent around tool calls): Chatwoot read once, the saved turn kept; another execution reads again', async () => {
	const id = Number(conversation().id);
	suite.cw.state.addMessage({ conversation_id: id, message_type: 0, content: 'Refund?' });
	const { items, error } = await runAgent({ conversation: { id } }, {}, agentTwice);
	expect(error).toBeUndefined();
	expect(items[0].json).toEqual({ same: true, count: 3 });
	expect(reads()).toHaveLength(1);
	await runAgent({ conversation: { id } }, {}, agentTwice);
	expect(reads()).toHaveLength(2);
});

test('more history than a page: Chatwoot\'s before= cursor until Max Messages conversational messages are read', async () => {
	const id = Number(conversation().id);
	for (let n = 1; n <= 30; n++) {
		suite.cw.state.addMessage({ conversation_id: id, message_type: n % 5 === 0 ? 2 : n % 2, content: `m${n}` });
	}
	const { items, error } = await runAgent({ conversation: { id } }, { maxMessages: 22, beforeMessageId: '', options: { includePrivateNotes: true } });
	expect(error).toBeUndefined();
	const before = items[0].json.before as string[];
	expect(before).toHaveLength(22);
	// m30, m25, m20… are activity messages: never history, never counted.
	expect(before.some((line) => /: m(5|10|15|20|25|30)$/.test(line))).toBe(false);
	expect(before.at(-1)).toBe('ai: m29');
	expect(before[0]).toBe('ai: m3');
	expect(reads().map((r) => r.query)).toEqual([{}, { before: '11' }]);
});

test('private notes reach the model only when asked for, as system messages; Max Characters drops the oldest', async () => {
	const id = Number(conversation().id);
	suite.cw.state.addMessage({ conversation_id: id, message_type: 0, content: 'A long first question about invoices' });
	suite.cw.state.addMessage({ conversation_id: id, message_type: 1, content: 'Check the CRM', private: true, sender: { id: 1, name: 'Olivia Ops', type: 'user' } });
	suite.cw.state.addMessage({ conversation_id: id, message_type: 0, content: 'Hello?' });
	const { items } = await runAgent({ conversation: { id } }, { options: { includePrivateNotes: true, maxCharacters: 50 } });
	expect(items[0].json.before).toEqual(['system: Private note from Olivia Ops: Check the CRM', 'human: Hello?']);
});

test('a conversation id that is not a number fails before any request, saying where the default reads it from', async () => {
	const { error } = await runAgent({ body: { text: 'no conversation here' } });
	// n8n wraps a sub-node's error: "Error in sub-node …", the memory's message as the description.
	expect(error?.message).toBe('Error in sub-node Chatwoot Chat Memory');
	expect(error?.description).toMatch(/^Conversation ID must be a positive whole number, got "": .*\$json\.conversation\.id/);
	expect(reads()).toEqual([]);
});

test('Chatwoot\'s refusal surfaces as the node\'s API error (no history invented)', async () => {
	const { error } = await runAgent({ conversation: { id: 999 } });
	expect(error?.message).toBeDefined();
	expect(String(error?.httpCode ?? error?.message)).toMatch(/404|not found/i);
});

describe('without n8n\'s AI node SDK (n8n 1.x)', () => {
	const node = { id: 'm', name: 'Chatwoot Chat Memory', type: 'x', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };

	test('a missing SDK is a clear node error, not a crash of the package', () => {
		const missing = () => {
			throw Object.assign(new Error("Cannot find module '@n8n/ai-node-sdk'"), { code: 'MODULE_NOT_FOUND' });
		};
		expect(() => loadAiNodeSdk(node, missing)).toThrow("This n8n does not include n8n's AI node SDK");
	});

	test('an SDK without supplyMemory is refused by name', () => {
		expect(() => loadAiNodeSdk(node, () => ({}))).toThrow(/too old for Chatwoot Chat Memory \(it has no supplyMemory\)/);
	});

	test('loading the node loads no SDK (it is required only when an agent asks for the memory)', () => {
		jest.isolateModules(() => {
			require('../../../nodes/Chatwoot/ChatwootChatMemory.node');
		});
		// Checked in a fresh process in test/package/footprint.test.ts; here: the real SDK loads on demand.
		expect(typeof loadAiNodeSdk(node).supplyMemory).toBe('function');
	});
});
