import { randomUUID } from 'crypto';
import { readFileSync } from 'fs';
import { join } from 'path';

import { call, type Execution, type Json, publicApi, type Reply, waitFor, sleep } from './publicApi';

export { nodeOutput, sleep, waitFor, type Execution, type Reply } from './publicApi';

/*
 * Client side of the e2e suite: n8n's public API (X-N8N-API-KEY) and, where the
 * public API has no equivalent, n8n's internal REST API with the owner's session.
 * The n8n itself is started once by e2e/globalSetup.js.
 */

export const PACKAGE = 'n8n-nodes-chatwoot-chatapp';

function env(name: string): string {
	const value = process.env[name];
	if (!value) throw new Error(`${name} is not set: run the suite with e2e/jest.config.js (its globalSetup starts n8n)`);
	return value;
}

export const n8nUrl = (): string => env('E2E_N8N_URL');

const client = publicApi(n8nUrl, () => env('E2E_N8N_API_KEY'));
/** Public API: /api/v1/<route>; apiOk throws unless 2xx. */
export const { api, apiOk, activate, deactivate, removeWorkflow, removeCredential } = client;

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

export async function executions(workflowId: string): Promise<Execution[]> {
	const reply = await apiOk<{ data: Execution[] }>('GET', `executions?workflowId=${workflowId}&includeData=true&limit=250`);
	return reply.data;
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
