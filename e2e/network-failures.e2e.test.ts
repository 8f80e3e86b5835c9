import { randomUUID } from 'crypto';
import { createServer } from 'net';

import { ACCOUNT as CHATAPP_ACCOUNT } from '../test/servers/chatapp/server';

import type { Execution } from './helpers/n8n';
import { activate, api, createCredential, createWorkflow, expectExecutionCount, postToProductionWebhook, removeCredential, removeWorkflow, rest } from './helpers/n8n';

/*
 * Issue 18 "network failure", inside a real n8n (2.41.1 and 1.123.81): with nothing
 * listening at the configured host, n8n would show its generic "The service refused the
 * connection - perhaps it is offline" (NodeApiError swaps messages for system codes).
 * The editor must show this package's message, with the host and what to check: in a
 * node's execution error and in n8n's credential test.
 */

type Json = Record<string, unknown>;

async function closedPort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

/** Saves a credential through the public API, tests it as the editor does, deletes it. */
async function saveAndTest(type: string, data: Json): Promise<{ status: string; message: string }> {
	const saved = await createCredential(`${type} unreachable ${Date.now()}`, type, data);
	const reply = await rest<{ data: { status: string; message: string } }>('POST', 'credentials/test', {
		credentials: { id: saved.id, name: saved.name, type, data },
	});
	await api('DELETE', `credentials/${saved.id}`);
	expect(reply.status).toBe(200);
	return reply.body.data;
}

/** Runs `Webhook → node` once and returns the node's error as the editor shows it. */
async function failingRun(credentialType: string, data: Json, node: Json): Promise<{ message?: string; description?: string }> {
	const credential = await createCredential(`${credentialType} unreachable ${Date.now()}`, credentialType, data);
	const path = `e2e-unreachable-${randomUUID().slice(0, 8)}`;
	const workflow = {
		name: `E2E unreachable ${path}`,
		nodes: [
			{ name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: randomUUID(), parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} } },
			{ name: 'Under Test', typeVersion: 1, position: [220, 0], credentials: { [credentialType]: { id: '', name: '' } }, ...node },
		],
		connections: { Webhook: { main: [[{ node: 'Under Test', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1', saveDataErrorExecution: 'all' },
	};
	const created = await createWorkflow(workflow, { [credentialType]: credential }, workflow.name);
	try {
		await activate(created.id);
		await postToProductionWebhook(path);
		const [execution] = await expectExecutionCount(created.id, 1, 500);
		expect(execution.status).toBe('error');
		const runError = (execution as Execution).data?.resultData.runData['Under Test']?.[0]?.error as Json | undefined;
		const error = (runError ?? (execution as Execution).data?.resultData.error) as { message?: string; description?: string } | undefined;
		return { message: error?.message, description: error?.description };
	} finally {
		await removeWorkflow(created.id);
		await removeCredential(credential.id);
	}
}

/** Any token: nothing answers at the configured host. */
const TOKEN = randomUUID();

const GENERIC = /refused the connection|connection cannot be established|perhaps it is offline/;

describe('network failures keep the package message in n8n', () => {
	let url: string;
	beforeAll(async () => {
		url = `http://127.0.0.1:${await closedPort()}`;
	});

	test('Chatwoot node', async () => {
		const error = await failingRun(
			'chatwootApi',
			{ baseUrl: url, kind: 'user', accessToken: TOKEN },
			{ type: 'n8n-nodes-chatwoot-chatapp.chatwoot', parameters: { resource: 'conversation', operation: 'get', accountId: '1', conversationId: { __rl: true, mode: 'id', value: '1' } } },
		);
		expect(error.message).toBe(`Could not reach Chatwoot at ${url}: nothing accepted the connection on that port`);
		expect(error.description).toContain("Check the credential's Base URL");
		expect(error.description).toContain('ECONNREFUSED');
	});

	test('Chatwoot Client API node', async () => {
		const error = await failingRun(
			'chatwootClientApi',
			{ baseUrl: url, inboxIdentifier: 'inbox-ident-1' },
			{ type: 'n8n-nodes-chatwoot-chatapp.chatwootClient', parameters: { resource: 'conversation', operation: 'getAll', contactIdentifier: 'src-123456', returnAll: true } },
		);
		expect(error.message).toBe(`Could not reach Chatwoot at ${url}: nothing accepted the connection on that port`);
		expect(error.message).not.toMatch(GENERIC);
	});

	test('ChatApp node (the login gets no answer)', async () => {
		const error = await failingRun(
			'chatAppApi',
			{ email: CHATAPP_ACCOUNT.email, password: CHATAPP_ACCOUNT.password, appId: CHATAPP_ACCOUNT.appId, apiBaseUrl: url },
			{ type: 'n8n-nodes-chatwoot-chatapp.chatApp', parameters: { resource: 'license', operation: 'getAll', returnAll: true } },
		);
		expect(error.message).toBe(
			`Could not reach ChatApp at ${url} to get an access token: nothing accepted the connection on that port. Check the credential's API Base URL and that n8n can reach that host.`,
		);
	});

	test.each([
		['chatwootApi', () => ({ baseUrl: url, kind: 'user', accessToken: TOKEN }), 'Chatwoot', "Check the credential's Base URL"],
		['chatwootClientApi', () => ({ baseUrl: url, inboxIdentifier: 'inbox-ident-1' }), 'Chatwoot', "Check the credential's Base URL"],
		[
			'chatAppApi',
			() => ({ email: CHATAPP_ACCOUNT.email, password: CHATAPP_ACCOUNT.password, appId: CHATAPP_ACCOUNT.appId, apiBaseUrl: url }),
			'ChatApp',
			"Check the credential's API Base URL",
		],
	])('credential test %s', async (type, data, service, hint) => {
		const result = await saveAndTest(type, data());
		expect(result.status).toBe('Error');
		expect(result.message).toContain(`Could not reach ${service} at ${url}`);
		expect(result.message).toContain(hint);
		expect(result.message).not.toMatch(GENERIC);
		expect(result.message).not.toBe('ECONNREFUSED');
	});
});
