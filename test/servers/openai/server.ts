import type { IncomingMessage } from 'http';

import type { Received, RecorderReply } from '../recorder';
import { RecordingServer } from '../recorder';

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
	readonly apiKey = 'sk-test-scripted-0123456789';
	private turns: ScriptedTurn[] = [];
	private calls = 0;

	private constructor(private readonly http: RecordingServer) {}

	static async start(): Promise<ScriptedOpenAi> {
		let fake: ScriptedOpenAi | undefined;
		const http = await RecordingServer.start((received) => fake!.answer(received));
		fake = new ScriptedOpenAi(http);
		return fake;
	}

	get url(): string {
		return this.http.url;
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
		await this.http.stop();
	}

	private answer(received: Received): RecorderReply {
		const path = received.url.split('?')[0];
		if (received.method === 'GET' && path === '/v1/models') {
			return { body: { object: 'list', data: [{ id: 'gpt-4o-mini', object: 'model', created: 0, owned_by: 'scripted' }] } };
		}
		if (received.method !== 'POST' || path !== '/v1/chat/completions') {
			return this.refuse(404, `${received.method} ${path} is not served (only POST /v1/chat/completions, GET /v1/models)`);
		}
		if (received.headers.authorization !== `Bearer ${this.apiKey}`) return this.refuse(401, 'Incorrect API key provided');
		let body: ChatRequest['body'];
		try {
			body = JSON.parse(received.body) as ChatRequest['body'];
		} catch {
			return this.refuse(400, 'The body is not JSON');
		}
		this.requests.push({ path, headers: received.headers, body });
		const turn = this.turns.shift();
		if (!turn) return this.refuse(500, `No scripted turn left for request ${this.requests.length}`);
		const message = this.messageFor(turn, body);
		if (typeof message === 'string') return this.refuse(400, message);
		return body.stream ? this.stream(body.model, message) : this.complete(body.model, message);
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

	private complete(model: string, message: ChatMessage): RecorderReply {
		return {
			body: {
				id: `chatcmpl-${this.requests.length}`,
				object: 'chat.completion',
				created: Math.floor(Date.now() / 1000),
				model,
				choices: [{ index: 0, message, logprobs: null, finish_reason: message.tool_calls ? 'tool_calls' : 'stop' }],
				usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
			},
		};
	}

	/** The whole stream as one body: server-sent events need not arrive in separate packets. */
	private stream(model: string, message: ChatMessage): RecorderReply {
		const base = { id: `chatcmpl-${this.requests.length}`, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model };
		const events: string[] = [];
		const send = (delta: Record<string, unknown>, finish: string | null) =>
			events.push(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })}\n\n`);
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
		events.push('data: [DONE]\n\n');
		return { headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' }, body: events.join('') };
	}

	/** OpenAI's error envelope. */
	private refuse(status: number, message: string): RecorderReply {
		this.problems.push(message);
		return { status, body: { error: { message, type: 'invalid_request_error', param: null, code: null } } };
	}
}
