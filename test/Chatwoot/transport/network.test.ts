import { TriggerContext } from 'n8n-core';

import { ChatwootApi } from '../../../credentials/ChatwootApi.credentials';
import { ChatwootClientApi } from '../../../credentials/ChatwootClientApi.credentials';
import { Chatwoot } from '../../../nodes/Chatwoot/Chatwoot.node';
import { ChatwootClient } from '../../../nodes/Chatwoot/ChatwootClient.node';
import { ChatwootRealtimeTrigger } from '../../../nodes/Chatwoot/ChatwootRealtimeTrigger.node';
import { ChatwootTrigger } from '../../../nodes/Chatwoot/ChatwootTrigger.node';
import { getAccounts } from '../../../nodes/Chatwoot/methods/loadOptions';
import { resolveAgentIdentity } from '../../../nodes/Chatwoot/realtime/identity';
import { RETRY_POLICY } from '../../../nodes/Chatwoot/transport/request';
import { networkFailureReason, REQUEST_TIMEOUTS } from '../../../nodes/shared/http/networkFailure';
import { createTriggerEnv, loadOptionsContext, runWebhookMethod } from '../../harness/contexts';
import { testCredential } from '../../harness/credentialTest';
import { runNode } from '../../harness/workflow';
import { closedPort, failDnsFor, SilentServer, UNRESOLVABLE_HOST } from '../../servers/unreachable';
import { accountParams } from '../trigger/helpers';

/*
 * Issue 18 "network failure": with no HTTP answer at all, n8n's NodeApiError would show
 * its generic "The connection cannot be established…" whenever the error carries a
 * system code. Every node and credential test keeps this package's message (which host,
 * what happened) and its hint (which setting to check), for a refused port, a host
 * that does not resolve and a server that never answers.
 */

jest.setTimeout(60_000);

const saved = { ...REQUEST_TIMEOUTS };
let silent: SilentServer;
let dnsStub: { restore: () => void };
beforeAll(async () => {
	Object.assign(RETRY_POLICY, { baseMs: 5, capMs: 20 });
	Object.assign(REQUEST_TIMEOUTS, { requestMs: 300, credentialTestMs: 300 });
	silent = await SilentServer.start();
	dnsStub = failDnsFor();
});
afterAll(async () => {
	Object.assign(REQUEST_TIMEOUTS, saved);
	dnsStub.restore();
	await silent.stop();
});

interface Failure {
	name: string;
	baseUrl: () => Promise<string>;
	code: string[];
}

const failures: Failure[] = [
	{ name: 'refused', baseUrl: async () => `http://127.0.0.1:${await closedPort()}`, code: ['ECONNREFUSED'] },
	{ name: 'host not found', baseUrl: async () => `http://${UNRESOLVABLE_HOST}`, code: ['ENOTFOUND'] },
	{ name: 'no answer (timeout)', baseUrl: async () => silent.url, code: ['ECONNABORTED', 'ETIMEDOUT'] },
];

function expectPackageMessage(error: { message?: string; description?: string } | undefined, baseUrl: string, codes: string[], timeoutMs: number) {
	const reasons = codes.map((code) => networkFailureReason(code, timeoutMs));
	expect(reasons.map((reason) => `Could not reach Chatwoot at ${baseUrl}: ${reason}`)).toContain(error?.message);
	expect(error?.description).toContain("Check the credential's Base URL");
	expect(codes.some((code) => error?.description?.includes(code))).toBe(true);
	expect(error?.message).not.toMatch(/connection cannot be established|refused the connection|timed out, consider/);
}

describe.each(failures)('$name', ({ baseUrl, code }) => {
	test('Chatwoot node, a GET (retried first) and a POST', async () => {
		const url = await baseUrl();
		for (const parameters of [
			{ resource: 'conversation', operation: 'get', conversationId: 1 },
			{ resource: 'message', operation: 'create', conversationId: 1, content: 'hi' },
		]) {
			const { error } = await runNode({
				nodeType: new Chatwoot(),
				parameters: { accountId: 1, ...parameters } as never,
				credentials: { chatwootApi: { baseUrl: url, accessToken: 'token-123456' } },
			});
			expectPackageMessage(error, url, code, REQUEST_TIMEOUTS.requestMs);
		}
	});

	test('Chatwoot Client API node', async () => {
		const url = await baseUrl();
		const { error } = await runNode({
			nodeType: new ChatwootClient(),
			parameters: { resource: 'conversation', operation: 'getAll', contactIdentifier: 'src-123456', returnAll: true } as never,
			credentials: { chatwootClientApi: { baseUrl: url, inboxIdentifier: 'inbox-ident-1' } },
		});
		expectPackageMessage(error, url, code, REQUEST_TIMEOUTS.requestMs);
	});

	test('Chatwoot Trigger activation', async () => {
		const url = await baseUrl();
		const env = createTriggerEnv({ nodeType: new ChatwootTrigger(), parameters: accountParams(), credentials: { chatwootApi: { baseUrl: url, accessToken: 'token-123456' } } });
		const error = await runWebhookMethod(env, 'create').then(
			() => undefined,
			(e: Error & { description?: string }) => e,
		);
		expectPackageMessage(error, url, code, REQUEST_TIMEOUTS.requestMs);
	});

	test('Chatwoot Realtime Trigger (profile lookup) and the account picker', async () => {
		const url = await baseUrl();
		const credentials = { chatwootApi: { baseUrl: url, accessToken: 'token-123456' } };
		const env = createTriggerEnv({ nodeType: new ChatwootRealtimeTrigger(), parameters: { mode: 'agent', accountId: 1, events: [], options: {} }, credentials });
		const context = new TriggerContext(env.workflow, env.node, env.additionalData, 'trigger', 'activate', () => undefined, () => undefined);
		const realtime = await resolveAgentIdentity.call(context, 1).then(
			() => undefined,
			(e: Error & { description?: string }) => e,
		);
		expectPackageMessage(realtime, url, code, REQUEST_TIMEOUTS.requestMs);
		const picker = await getAccounts.call(loadOptionsContext({ nodeType: new Chatwoot(), parameters: {}, credentials })).then(
			() => undefined,
			(e: Error & { description?: string }) => e,
		);
		expectPackageMessage(picker, url, code, REQUEST_TIMEOUTS.requestMs);
	});

	test('credential tests: the message carries the hint (n8n shows only the message)', async () => {
		const url = await baseUrl();
		for (const [type, data] of [
			[new ChatwootApi(), { baseUrl: url, accessToken: 'token-123456' }],
			[new ChatwootClientApi(), { baseUrl: url, inboxIdentifier: 'inbox-ident-1' }],
		] as const) {
			const outcome = await testCredential(type, data);
			expect(outcome.status).toBe('Error');
			const reasons = code.map((c) => networkFailureReason(c, REQUEST_TIMEOUTS.credentialTestMs));
			expect(reasons.some((reason) => outcome.message.startsWith(`Could not reach Chatwoot at ${url}: ${reason}.`))).toBe(true);
			expect(outcome.message).toContain("Check the credential's Base URL");
		}
	});
});
