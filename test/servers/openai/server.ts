import type { IncomingMessage, Server, ServerResponse } from 'http';
import { createServer } from 'http';
import type { AddressInfo } from 'net';

/*
 * An OpenAI-compatible chat-completions server on 127.0.0.1 that answers from a script,
 * for n8n's OpenAI Chat Model node (LangChain's ChatOpenAI, credential base URL → here).
 * Each POST /v1/chat/completions takes the next scripted turn: tool calls (the tool named
 * by a pattern over the request's `tools`, so the script need not know how n8n spells a
 * node's tool name) or a final answer. Both answer shapes of the API: a JSON
 * `chat.completion`, or with `stream: true` server-sent `chat.completion.chunk`s ending
 * in `data: [DONE]` (platform.openai.com/docs/api-reference/chat). Every request is
 * recorded, so a test can assert what the model was shown (memory, tool results).
 */

export interface ToolCallTurn {
	toolCalls: Array<{ tool: RegExp; arguments: Record<string, unknown> }>;
}
export interface AnswerTurn {
	content: string;
}
export type ScriptedTurn = ToolCallTurn | AnswerTurn;

export interface ChatMessage {
	role: string;
	content: string | Array<{ type: string; text?: string }> | null;
	tool_calls?: Array<{ id: string; type: string; function: { name: string; arguments: string } }>;
	tool_call_id?: string;
}

export interface ChatRequest {
	path: string;
	headers: IncomingMessage['headers'];
	body: {
		model: string;
		messages: ChatMessage[];
		stream?: boolean;
		tools?: Array<{ type: string; function: { name: string; description?: string; parameters?: unknown } }>;
	};
}

/** A message's text, whether sent as a string or as content parts. */
export function textOf(message: ChatMessage): string {
	if (typeof message.content === 'string') return message.content;
	return (message.content ?? []).map((part) => part.text ?? '').join('');
}

export class ScriptedOpenAi {
	readonly requests: ChatRequest[] = [];
	/** Refusals the server answered with (a test should expect none). */
	readonly problems: string[] = [];
	url = '';
	readonly apiKey = 'sk-test-scripted-0123456789';
	private turns: ScriptedTurn[] = [];
	private server?: Server;
	private calls = 0;

	static async start(): Promise<ScriptedOpenAi> {
		const fake = new ScriptedOpenAi();
		fake.server = createServer((req, res) => fake.handle(req, res));
		await new Promise<void>((resolve) => fake.server!.listen(0, '127.0.0.1', resolve));
		fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
		return fake;
	}

	/** The base URL the OpenAI credential takes (`…/v1`). */
	get baseUrl(): string {
		return `${this.url}/v1`;
	}

	/** The turns to play, in order, from the next request on. */
	script(turns: ScriptedTurn[]): void {
		this.turns = [...turns];
	}

	async stop(): Promise<void> {
		if (!this.server) return;
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server!.close(() => resolve()));
		this.server = undefined;
	}

	private handle(req: IncomingMessage, res: ServerResponse) {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const path = (req.url ?? '/').split('?')[0];
			if (req.method === 'GET' && path === '/v1/models') {
				return this.json(res, 200, { object: 'list', data: [{ id: 'gpt-4o-mini', object: 'model', created: 0, owned_by: 'scripted' }] });
			}
			if (req.method !== 'POST' || path !== '/v1/chat/completions') {
				return this.refuse(res, 404, `${req.method} ${path} is not served (only POST /v1/chat/completions, GET /v1/models)`);
			}
			if (req.headers.authorization !== `Bearer ${this.apiKey}`) return this.refuse(res, 401, 'Incorrect API key provided');
			let body: ChatRequest['body'];
			try {
				body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest['body'];
			} catch {
				return this.refuse(res, 400, 'The body is not JSON');
			}
			this.requests.push({ path, headers: req.headers, body });
			const turn = this.turns.shift();
			if (!turn) return this.refuse(res, 500, `No scripted turn left for request ${this.requests.length}`);
			const message = this.messageFor(turn, body);
			if (typeof message === 'string') return this.refuse(res, 400, message);
			return body.stream ? this.stream(res, body.model, message) : this.complete(res, body.model, message);
		});
	}

	/** The assistant message of a turn, or why it cannot be played against this request. */
	private messageFor(turn: ScriptedTurn, body: ChatRequest['body']): ChatMessage | string {
		if ('content' in turn) return { role: 'assistant', content: turn.content };
		const names = (body.tools ?? []).map((t) => t.function.name);
		const toolCalls: NonNullable<ChatMessage['tool_calls']> = [];
		for (const call of turn.toolCalls) {
			const name = names.find((n) => call.tool.test(n));
			if (!name) return `No tool matches ${String(call.tool)}; the request offered: ${names.join(', ') || 'none'}`;
			this.calls += 1;
			toolCalls.push({ id: `call_${this.calls}`, type: 'function', function: { name, arguments: JSON.stringify(call.arguments) } });
		}
		return { role: 'assistant', content: null, tool_calls: toolCalls };
	}

	private complete(res: ServerResponse, model: string, message: ChatMessage) {
		this.json(res, 200, {
			id: `chatcmpl-${this.requests.length}`,
			object: 'chat.completion',
			created: Math.floor(Date.now() / 1000),
			model,
			choices: [{ index: 0, message, logprobs: null, finish_reason: message.tool_calls ? 'tool_calls' : 'stop' }],
			usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
		});
	}

	private stream(res: ServerResponse, model: string, message: ChatMessage) {
		res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
		const base = { id: `chatcmpl-${this.requests.length}`, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model };
		const send = (delta: Record<string, unknown>, finish: string | null) =>
			res.write(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })}\n\n`);
		send({ role: 'assistant', content: '' }, null);
		if (message.tool_calls) {
			message.tool_calls.forEach((call, index) => send({ tool_calls: [{ index, ...call }] }, null));
			send({}, 'tool_calls');
		} else {
			// Two pieces, as a real stream splits an answer.
			const text = textOf(message);
			const half = Math.ceil(text.length / 2);
			send({ content: text.slice(0, half) }, null);
			send({ content: text.slice(half) }, null);
			send({}, 'stop');
		}
		res.end('data: [DONE]\n\n');
	}

	private json(res: ServerResponse, status: number, body: unknown) {
		res.writeHead(status, { 'content-type': 'application/json' });
		res.end(JSON.stringify(body));
	}

	/** OpenAI's error envelope. */
	private refuse(res: ServerResponse, status: number, message: string) {
		this.problems.push(message);
		this.json(res, status, { error: { message, type: 'invalid_request_error', param: null, code: null } });
	}
}
