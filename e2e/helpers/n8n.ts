import { randomUUID } from 'crypto';
import { readFileSync } from 'fs';
import { join } from 'path';

import { call, type Execution, type Json, publicApi, type Reply, waitFor, sleep } from '../../test/n8n-server/publicApi';

export { nodeOutput, sleep, waitFor, type Execution, type Reply } from '../../test/n8n-server/publicApi';

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
export const { api, apiOk, activate, deactivate, removeWorkflow, removeCredential, createCredential, createWorkflow, importWorkflow } =
	client;

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

/** Reads examples/<file> (an importable example workflow) as JSON. */
export function readExample(file: string): Json {
	return JSON.parse(readFileSync(join(__dirname, '..', '..', 'examples', file), 'utf8')) as Json;
}

export async function executions(workflowId: string): Promise<Execution[]> {
	return await client.allExecutions(workflowId);
}

/**
 * POSTs `body` (JSON) to an activated workflow's production webhook until n8n answers
 * 200: production webhooks may take a moment to be published after activation.
 */
export async function postToProductionWebhook(path: string, body: unknown = {}): Promise<void> {
	const url = `${n8nUrl()}webhook/${path}`;
	await waitFor(
		'the production webhook',
		async () => {
			const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
			await res.text();
			return res.status === 200;
		},
		20000,
	);
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
