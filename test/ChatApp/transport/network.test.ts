import { TriggerContext } from 'n8n-core';

import { ChatAppApi } from '../../../credentials/ChatAppApi.credentials';
import { ChatApp } from '../../../nodes/ChatApp/ChatApp.node';
import { ChatAppRealtimeTrigger } from '../../../nodes/ChatApp/ChatAppRealtimeTrigger.node';
import { ChatAppTrigger } from '../../../nodes/ChatApp/ChatAppTrigger.node';
import { requestChannelAuth } from '../../../nodes/ChatApp/realtime/channelAuth';
import { chatAppRealtimeSettings } from '../../../nodes/ChatApp/realtime/settings';
import { CHATAPP_RETRY_POLICY } from '../../../nodes/ChatApp/transport/request';
import { networkFailureReason, REQUEST_TIMEOUTS } from '../../../nodes/shared/http/networkFailure';
import { createTriggerEnv, runWebhookMethod } from '../../harness/contexts';
import { registerCredentialType } from '../../harness/credentials';
import { testCredential } from '../../harness/credentialTest';
import { runNode } from '../../harness/workflow';
import { ACCOUNT } from '../../servers/chatapp/server';
import { closedPort, failDnsFor, SilentServer, UNRESOLVABLE_HOST } from '../../servers/unreachable';

/*
 * Issue 18 "network failure" for ChatApp: whether the login or a later request gets no
 * answer, every node, trigger and the credential test show this package's message
 * (host and reason) and hint, not n8n's generic text for the system code.
 */

jest.setTimeout(60_000);
registerCredentialType(new ChatAppApi());

const saved = { ...REQUEST_TIMEOUTS };
let silent: SilentServer;
let dnsStub: { restore: () => void };
beforeAll(async () => {
	Object.assign(CHATAPP_RETRY_POLICY, { baseMs: 5, capMs: 20 });
	Object.assign(REQUEST_TIMEOUTS, { requestMs: 300, tokenMs: 300, credentialTestMs: 300 });
	silent = await SilentServer.start();
	dnsStub = failDnsFor();
});
afterAll(async () => {
	Object.assign(REQUEST_TIMEOUTS, saved);
	dnsStub.restore();
	await silent.stop();
});

const failures = [
	{ name: 'refused', apiBaseUrl: async () => `http://127.0.0.1:${await closedPort()}`, codes: ['ECONNREFUSED'] },
	{ name: 'host not found', apiBaseUrl: async () => `http://${UNRESOLVABLE_HOST}`, codes: ['ENOTFOUND'] },
	{ name: 'no answer (timeout)', apiBaseUrl: async () => silent.url, codes: ['ECONNABORTED', 'ETIMEDOUT'] },
];

const credentials = (apiBaseUrl: string, tokens = false) => ({
	email: ACCOUNT.email,
	password: ACCOUNT.password,
	appId: ACCOUNT.appId,
	apiBaseUrl,
	...(tokens ? { accessToken: 'stored-access-token', refreshToken: 'stored-refresh-token', accessTokenEndTime: Math.floor(Date.now() / 1000) + 3600 } : {}),
});

const reasons = (codes: string[], ms: number) => codes.map((code) => networkFailureReason(code, ms));

function expectLoginMessage(message: string | undefined, url: string, codes: string[]) {
	const expected = reasons(codes, REQUEST_TIMEOUTS.tokenMs).map(
		(reason) => `Could not reach ChatApp at ${url} to get an access token: ${reason}. Check the credential's API Base URL and that n8n can reach that host.`,
	);
	expect(expected).toContain(message);
}

const sendText = { resource: 'message', operation: 'sendText', licenseId: 1229, messengerType: 'grWhatsApp', chatId: '79001234567@c.us', text: 'hi' };

describe.each(failures)('$name', ({ apiBaseUrl, codes }) => {
	test('ChatApp node: at login, and on a request with a stored token', async () => {
		const url = await apiBaseUrl();
		const atLogin = await runNode({ nodeType: new ChatApp(), parameters: sendText as never, credentials: { chatAppApi: credentials(url) } });
		expectLoginMessage(atLogin.error?.message, url, codes);
		expect(atLogin.error?.description).toContain("Check the credential's API Base URL");

		const later = await runNode({ nodeType: new ChatApp(), parameters: sendText as never, credentials: { chatAppApi: credentials(url, true) } });
		expect(reasons(codes, REQUEST_TIMEOUTS.requestMs).map((r) => `Could not reach ChatApp at ${url}: ${r}`)).toContain(later.error?.message);
		expect(later.error?.description).toContain("Check the credential's API Base URL");
		expect(codes.some((code) => later.error?.description?.includes(code))).toBe(true);
	});

	test('ChatApp Trigger activation', async () => {
		const url = await apiBaseUrl();
		const env = createTriggerEnv({
			nodeType: new ChatAppTrigger(),
			parameters: { subscriptions: ['1229/grWhatsApp'], events: ['message'], options: {} },
			credentials: { chatAppApi: credentials(url) },
			webhookId: '3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b',
		});
		const error = await runWebhookMethod(env, 'create').then(
			() => undefined,
			(e: Error) => e,
		);
		expectLoginMessage(error?.message, url, codes);
	});

	test('credential test', async () => {
		const url = await apiBaseUrl();
		const outcome = await testCredential(new ChatAppApi(), credentials(url));
		expect(outcome.status).toBe('Error');
		expectLoginMessage(outcome.message, url, codes);
	});
});

// The channel auth has its own 15 s timeout (the realtime trigger's); refused and not found are enough here.
describe.each(failures.slice(0, 2))('$name', ({ apiBaseUrl, codes }) => {
	test('ChatApp Realtime Trigger channel auth', async () => {
		const url = await apiBaseUrl();
		const data = credentials(url, true);
		const env = createTriggerEnv({ nodeType: new ChatAppRealtimeTrigger(), parameters: { licenseMessengers: ['1229/grWhatsApp'], options: {} }, credentials: { chatAppApi: data } });
		const context = new TriggerContext(env.workflow, env.node, env.additionalData, 'trigger', 'activate', () => undefined, () => undefined);
		const error = (await requestChannelAuth
			.call(context, chatAppRealtimeSettings(data).settings!, '1.2', 'private-v1.licenses.1229.messengers.grWhatsApp', false)
			.then(
				() => undefined,
				(e: Error) => e,
			)) as (Error & { report?: Error & { description?: string } }) | undefined;
		expect(error?.report?.message).toMatch(/^Could not reach ChatApp's realtime auth endpoint: /);
		for (const code of codes) expect(error?.report?.message).not.toContain(code);
		expect(codes.some((code) => error?.report?.description?.includes(code))).toBe(true);
	});
});
