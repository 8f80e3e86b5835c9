import { randomUUID } from 'crypto';
import { readFileSync } from 'fs';
import { join } from 'path';

/*
 * What the e2e suite (one n8n) and the scale suite (a queue-mode cluster) both need from
 * outside an n8n: JSON calls, its public API (X-N8N-API-KEY) as cleanup-tolerant
 * helpers, credentials and workflows created from ./workflows/, executions, and
 * polling. Each suite binds it to its own instance.
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
	/** Per credential type: whether this n8n has the 1.x "Allowed HTTP Request Domains" fields. */
	const domainFieldTypes = new Map<string, Promise<boolean>>();

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
		createCredential,
		createWorkflow,
		/** Creates ./workflows/<file> (see createWorkflow). */
		importWorkflow: async (file: string, credentials: CredentialRefs, name?: string): Promise<CreatedWorkflow> =>
			await createWorkflow(readWorkflow(file), credentials, name),
		allExecutions,
	};

	async function createCredential(name: string, type: string, data: Json): Promise<{ id: string; name: string }> {
		const created = await apiOk<{ id: string; name: string }>('POST', 'credentials', { name, type, data: await withDomainDefault(type, data) });
		return { id: created.id, name: created.name };
	}

	/**
	 * n8n 1.123 adds "Allowed HTTP Request Domains" fields to every credential type with an
	 * `authenticate` block, and its public-API schema for them is an if/then that JSON Schema
	 * treats as true when `allowedHttpRequestDomains` is absent, so it then demands
	 * `allowedDomains`. Sending the editor's default (`all`) satisfies it. n8n 2.41 has no
	 * such fields (and rejects unknown ones), hence the check of the type's schema.
	 */
	async function withDomainDefault(type: string, data: Json): Promise<Json> {
		if (!domainFieldTypes.has(type)) {
			domainFieldTypes.set(
				type,
				apiOk<{ properties?: Json }>('GET', `credentials/schema/${type}`).then((schema) => Boolean(schema.properties?.allowedHttpRequestDomains)),
			);
		}
		return (await domainFieldTypes.get(type)) && data.allowedHttpRequestDomains === undefined ? { ...data, allowedHttpRequestDomains: 'all' } : data;
	}

	/**
	 * Creates a workflow through the public API: fresh node ids and webhookIds (so runs
	 * never share webhook paths), each node's credentials replaced by the ones given per
	 * credential type. Returns the webhookId of its (first) webhook node too.
	 */
	async function createWorkflow(
		workflow: Json,
		credentials: CredentialRefs,
		name = `${String(workflow.name ?? 'workflow')} ${randomUUID().slice(0, 8)}`,
	): Promise<CreatedWorkflow> {
		let webhookId: string | undefined;
		const nodes = (workflow.nodes as Json[]).map((node) => {
			const wanted = node.credentials as Record<string, unknown> | undefined;
			const fresh = node.webhookId ? randomUUID() : undefined;
			webhookId ??= fresh;
			return {
				...node,
				id: randomUUID(),
				...(fresh ? { webhookId: fresh } : {}),
				...(wanted ? { credentials: Object.fromEntries(Object.keys(wanted).map((type) => [type, credentials[type]])) } : {}),
			};
		});
		const body = { name, nodes, connections: workflow.connections ?? {}, settings: workflow.settings ?? {} };
		const created = await apiOk<Json & { id: string }>('POST', 'workflows', body);
		return { id: created.id, webhookId, workflow: created };
	}

	/** Every execution of a workflow (250 per page, following nextCursor). */
	async function allExecutions(workflowId: string, includeData = true): Promise<Execution[]> {
		const out: Execution[] = [];
		let cursor: string | undefined;
		do {
			const query = new URLSearchParams({ workflowId, includeData: String(includeData), limit: '250', ...(cursor ? { cursor } : {}) });
			const page = await apiOk<{ data: Execution[]; nextCursor?: string | null }>('GET', `executions?${query.toString()}`);
			out.push(...page.data);
			cursor = page.nextCursor ?? undefined;
		} while (cursor);
		return out;
	}
}

export type CredentialRefs = Record<string, { id: string; name: string }>;

export interface CreatedWorkflow {
	id: string;
	/** The webhookId given to the workflow's first webhook node, if it has one. */
	webhookId?: string;
	workflow: Json;
}

/** ./workflows/<file>: the workflow fixtures of the e2e and scale suites. */
export function readWorkflow(file: string): Json {
	return JSON.parse(readFileSync(join(__dirname, 'workflows', file), 'utf8')) as Json;
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
