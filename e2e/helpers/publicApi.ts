/*
 * What the e2e suite (one n8n) and the scale suite (a queue-mode cluster) both need from
 * outside an n8n: JSON calls, its public API (X-N8N-API-KEY) as cleanup-tolerant
 * helpers, execution shapes, and polling. Each suite binds it to its own instance.
 */

export type Json = Record<string, unknown>;

export interface Reply<T = unknown> {
	status: number;
	body: T;
}

/** One JSON request; the body parsed when it is JSON, the text otherwise. */
export async function call<T>(url: string, method: string, headers: Record<string, string>, body?: unknown): Promise<Reply<T>> {
	const res = await fetch(url, {
		method,
		headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	let parsed: unknown = text;
	try {
		parsed = JSON.parse(text);
	} catch {
		/* not JSON */
	}
	return { status: res.status, body: parsed as T };
}

/** The public API of the n8n at `baseUrl()`, authenticated with `apiKey()` (read at each call). */
export function publicApi(baseUrl: () => string, apiKey: () => string) {
	async function api<T = Json>(method: string, route: string, body?: unknown): Promise<Reply<T>> {
		return await call<T>(new URL(`api/v1/${route}`, baseUrl()).href, method, { 'x-n8n-api-key': apiKey() }, body);
	}
	/** Like api(), but throws unless the status is 2xx. */
	async function apiOk<T = Json>(method: string, route: string, body?: unknown): Promise<T> {
		const reply = await api<T>(method, route, body);
		if (reply.status < 200 || reply.status > 299) {
			throw new Error(`${method} /api/v1/${route} → ${reply.status} ${JSON.stringify(reply.body)}`);
		}
		return reply.body;
	}
	return {
		api,
		apiOk,
		activate: async (workflowId: string): Promise<Json> => await apiOk('POST', `workflows/${workflowId}/activate`),
		deactivate: async (workflowId: string): Promise<Json> => await apiOk('POST', `workflows/${workflowId}/deactivate`),
		/** Deactivates (if active) and deletes a workflow; ignores failures (cleanup). */
		removeWorkflow: async (workflowId: string | undefined): Promise<void> => {
			if (!workflowId) return;
			await api('POST', `workflows/${workflowId}/deactivate`).catch(() => undefined);
			await api('DELETE', `workflows/${workflowId}`).catch(() => undefined);
		},
		/** Deletes a credential; ignores failures (cleanup). */
		removeCredential: async (credentialId: string | undefined): Promise<void> => {
			if (!credentialId) return;
			await api('DELETE', `credentials/${credentialId}`).catch(() => undefined);
		},
	};
}

export interface Execution extends Json {
	id: string | number;
	status: string;
	finished: boolean;
	mode: string;
	data?: {
		resultData: { runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Json }>> }; error?: Json }>>; error?: Json };
	};
}

/** The items a node output in an execution (first run, first output). */
export function nodeOutput(execution: Execution, nodeName: string): Json[] {
	const run = execution.data?.resultData.runData[nodeName]?.[0];
	return (run?.data?.main[0] ?? []).map((item) => item.json);
}

export async function sleep(ms: number): Promise<void> {
	await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `probe` until it returns a value other than undefined/false. */
export async function waitFor<T>(
	what: string,
	probe: () => Promise<T | undefined | false> | T | undefined | false,
	timeoutMs = 30000,
	intervalMs = 250,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let last: unknown;
	while (Date.now() < deadline) {
		try {
			const value = await probe();
			if (value !== undefined && value !== false) return value;
		} catch (error) {
			last = error;
		}
		await sleep(intervalMs);
	}
	throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
