import { randomUUID } from 'crypto';
import { readFileSync } from 'fs';
import { join } from 'path';

/*
 * Client side of the e2e suite: n8n's public API (X-N8N-API-KEY) and, where the
 * public API has no equivalent, n8n's internal REST API with the owner's session.
 * The n8n itself is started once by e2e/globalSetup.js.
 */

export const PACKAGE = 'n8n-nodes-chatwoot-chatapp';

export interface Reply<T = unknown> {
	status: number;
	body: T;
}

type Json = Record<string, unknown>;

function env(name: string): string {
	const value = process.env[name];
	if (!value) throw new Error(`${name} is not set: run the suite with e2e/jest.config.js (its globalSetup starts n8n)`);
	return value;
}

export const n8nUrl = (): string => env('E2E_N8N_URL');

async function call<T>(url: string, method: string, headers: Record<string, string>, body?: unknown): Promise<Reply<T>> {
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

/** Public API: /api/v1/<route>. */
export async function api<T = Json>(method: string, route: string, body?: unknown): Promise<Reply<T>> {
	return await call<T>(new URL(`api/v1/${route}`, n8nUrl()).href, method, { 'x-n8n-api-key': env('E2E_N8N_API_KEY') }, body);
}

/** Like api(), but throws unless the status is 2xx. */
export async function apiOk<T = Json>(method: string, route: string, body?: unknown): Promise<T> {
	const reply = await api<T>(method, route, body);
	if (reply.status < 200 || reply.status > 299) {
		throw new Error(`${method} /api/v1/${route} → ${reply.status} ${JSON.stringify(reply.body)}`);
	}
	return reply.body;
}

let session: Promise<{ cookie: string; browserId: string }> | undefined;

async function login(): Promise<{ cookie: string; browserId: string }> {
	const browserId = randomUUID();
	const res = await fetch(new URL('rest/login', n8nUrl()), {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': browserId },
		body: JSON.stringify({ emailOrLdapLoginId: env('E2E_N8N_OWNER_EMAIL'), password: env('E2E_N8N_OWNER_PASSWORD') }),
	});
	if (!res.ok) throw new Error(`POST /rest/login → ${res.status} ${await res.text()}`);
	const cookie = res.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.join('; ');
	return { cookie, browserId };
}

/** Internal REST API (/rest/<route>) as the owner, as the editor calls it. */
export async function rest<T = Json>(method: string, route: string, body?: unknown): Promise<Reply<T>> {
	session ??= login();
	const { cookie, browserId } = await session;
	return await call<T>(new URL(`rest/${route}`, n8nUrl()).href, method, { cookie, 'browser-id': browserId }, body);
}

/** GET of an editor resource outside /rest (e.g. /types/nodes.json) with the owner's session. */
export async function editorGet<T = unknown>(path: string): Promise<Reply<T>> {
	session ??= login();
	const { cookie, browserId } = await session;
	return await call<T>(new URL(path.replace(/^\//, ''), n8nUrl()).href, 'GET', { cookie, 'browser-id': browserId });
}

const domainFieldTypes = new Map<string, Promise<boolean>>();

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

export async function createCredential(name: string, type: string, data: Json): Promise<{ id: string; name: string }> {
	const created = await apiOk<{ id: string; name: string }>('POST', 'credentials', { name, type, data: await withDomainDefault(type, data) });
	return { id: created.id, name: created.name };
}

/**
 * Loads e2e/workflows/<file>, gives every node a fresh webhookId (so suites never
 * share webhook paths) and the credentials named in `credentials`, and creates it.
 */
export async function importWorkflow(
	file: string,
	credentials: Record<string, { id: string; name: string }>,
	name = `${file} ${randomUUID().slice(0, 8)}`,
): Promise<{ id: string; workflow: Json }> {
	const workflow = JSON.parse(readFileSync(join(__dirname, '..', 'workflows', file), 'utf8')) as Json;
	return await createWorkflow(workflow, credentials, name);
}

/** Reads examples/<file> (an importable example workflow) as JSON. */
export function readExample(file: string): Json {
	return JSON.parse(readFileSync(join(__dirname, '..', '..', 'examples', file), 'utf8')) as Json;
}

/**
 * Creates a workflow object through the public API: fresh node ids and webhookIds,
 * each node's credentials replaced by the ones given per credential type.
 */
export async function createWorkflow(
	workflow: Json,
	credentials: Record<string, { id: string; name: string }>,
	name = `${String(workflow.name ?? 'workflow')} ${randomUUID().slice(0, 8)}`,
): Promise<{ id: string; workflow: Json }> {
	const nodes = (workflow.nodes as Json[]).map((node) => {
		const wanted = node.credentials as Record<string, unknown> | undefined;
		return {
			...node,
			id: randomUUID(),
			...(node.webhookId ? { webhookId: randomUUID() } : {}),
			...(wanted
				? { credentials: Object.fromEntries(Object.keys(wanted).map((type) => [type, credentials[type]])) }
				: {}),
		};
	});
	const body = { name, nodes, connections: workflow.connections ?? {}, settings: workflow.settings ?? {} };
	const created = await apiOk<Json & { id: string }>('POST', 'workflows', body);
	return { id: created.id, workflow: created };
}

/** Deactivates (if active) and deletes a workflow; ignores failures (cleanup). */
export async function removeWorkflow(workflowId: string | undefined): Promise<void> {
	if (!workflowId) return;
	await api('POST', `workflows/${workflowId}/deactivate`).catch(() => undefined);
	await api('DELETE', `workflows/${workflowId}`).catch(() => undefined);
}

/** Deletes a credential; ignores failures (cleanup). */
export async function removeCredential(credentialId: string | undefined): Promise<void> {
	if (!credentialId) return;
	await api('DELETE', `credentials/${credentialId}`).catch(() => undefined);
}

export async function activate(workflowId: string): Promise<Json> {
	return await apiOk('POST', `workflows/${workflowId}/activate`);
}

export async function deactivate(workflowId: string): Promise<Json> {
	return await apiOk('POST', `workflows/${workflowId}/deactivate`);
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

export async function executions(workflowId: string): Promise<Execution[]> {
	const reply = await apiOk<{ data: Execution[] }>('GET', `executions?workflowId=${workflowId}&includeData=true&limit=250`);
	return reply.data;
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
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let last: unknown;
	while (Date.now() < deadline) {
		try {
			const value = await probe();
			if (value !== undefined && value !== false) return value;
		} catch (error) {
			last = error;
		}
		await sleep(250);
	}
	throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/** Waits until the workflow has exactly `count` finished executions, then `settleMs` more to catch extras. */
export async function expectExecutionCount(workflowId: string, count: number, settleMs = 2000): Promise<Execution[]> {
	await waitFor(`${count} execution(s) of workflow ${workflowId}`, async () => {
		const list = await executions(workflowId);
		return list.length >= count && list.every((e) => e.status !== 'running' && e.status !== 'new') ? list : undefined;
	});
	await sleep(settleMs);
	return await executions(workflowId);
}
