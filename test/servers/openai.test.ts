import { ChatOpenAI } from '@langchain/openai';

import { ScriptedOpenAi, textOf } from './openai/server';

/*
 * The scripted server against the client n8n's OpenAI Chat Model node builds
 * (LangChain's ChatOpenAI, installed with @n8n/ai-node-sdk): a tool call, then an
 * answer, both as a JSON completion and as a stream.
 */
let server: ScriptedOpenAi;
beforeEach(async () => {
	server = await ScriptedOpenAi.start();
});
afterEach(async () => {
	await server.stop();
});

const tool = {
	type: 'function' as const,
	function: { name: 'Add_Labels', description: 'Adds labels', parameters: { type: 'object', properties: { labels: { type: 'string' } }, required: ['labels'] } },
};

type Messages = Parameters<ReturnType<ChatOpenAI['bindTools']>['invoke']>[0];

test.each([false, true])('a tool call, then the answer (streaming %s); requests recorded', async (streaming) => {
	const model = new ChatOpenAI({ apiKey: server.apiKey, model: 'gpt-4o-mini', maxRetries: 0, configuration: { baseURL: server.baseUrl } }).bindTools([tool]);
	// .stream() reads the server-sent chunks (invoke() with streaming on would also fetch a tokenizer from the internet to count tokens).
	const call = async (messages: Messages) => {
		if (!streaming) return await model.invoke(messages);
		let whole: Awaited<ReturnType<typeof model.invoke>> | undefined;
		for await (const chunk of await model.stream(messages)) whole = whole ? whole.concat(chunk) : chunk;
		return whole!;
	};
	server.script([{ toolCalls: [{ tool: /label/i, arguments: { labels: 'refund' } }] }, { content: 'A human will take over.' }]);

	const first = await call([{ role: 'user', content: 'Refund please' }]);
	expect(first.tool_calls).toEqual([expect.objectContaining({ name: 'Add_Labels', args: { labels: 'refund' }, id: 'call_1' })]);
	const second = await call([
		{ role: 'user', content: 'Refund please' },
		first,
		{ role: 'tool', content: '{"labels":["refund"]}', tool_call_id: 'call_1' },
	]);
	expect(second.content).toBe('A human will take over.');

	expect(server.requests).toHaveLength(2);
	expect(server.requests.map((r) => r.body.stream === true)).toEqual([streaming, streaming]);
	expect(server.requests[0].body.tools?.map((t) => t.function.name)).toEqual(['Add_Labels']);
	expect(server.requests[1].body.messages.map((m) => `${m.role}: ${textOf(m)}`)).toEqual([
		'user: Refund please',
		'assistant: ',
		'tool: {"labels":["refund"]}',
	]);
	expect(server.problems).toEqual([]);
});

test('a script that names a tool the request does not offer is refused with the offered names', async () => {
	const model = new ChatOpenAI({ apiKey: server.apiKey, model: 'gpt-4o-mini', maxRetries: 0, configuration: { baseURL: server.baseUrl } }).bindTools([tool]);
	server.script([{ toolCalls: [{ tool: /hand.?off/i, arguments: {} }] }]);
	await expect(model.invoke('hi')).rejects.toThrow(/No tool matches \/hand\.\?off\/i; the request offered: Add_Labels/);
});

test('a wrong key is refused as OpenAI does (401)', async () => {
	const model = new ChatOpenAI({ apiKey: 'sk-wrong', model: 'gpt-4o-mini', maxRetries: 0, configuration: { baseURL: server.baseUrl } });
	await expect(model.invoke('hi')).rejects.toThrow(/401|Incorrect API key/);
	expect(server.requests).toHaveLength(0);
});
