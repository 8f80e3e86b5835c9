import { TriggerContext } from 'n8n-core';
import type { IExecuteFunctions, INodeType } from 'n8n-workflow';

import { ChatAppApi } from '../../../credentials/ChatAppApi.credentials';
import { ChatAppRealtimeTrigger } from '../../../nodes/ChatApp/ChatAppRealtimeTrigger.node';
import { ChatAppTrigger } from '../../../nodes/ChatApp/ChatAppTrigger.node';
import { requestChannelAuth } from '../../../nodes/ChatApp/realtime/channelAuth';
import { chatAppRealtimeSettings } from '../../../nodes/ChatApp/realtime/settings';
import { createTriggerEnv, runWebhookMethod } from '../../harness/contexts';
import { testCredential } from '../../harness/credentialTest';
import { runNode } from '../../harness/workflow';
import type { ChatAppServer } from '../../servers/chatapp/server';
import { ACCOUNT, startChatAppServer } from '../../servers/chatapp/server';
import { RecordingServer } from '../../servers/recorder';
import { chatAppCredentials, runChatApp } from '../helpers';

/*
 * Issue 14 item 9 for ChatApp: n8n re-adds `Authorization` on a cross-origin redirect
 * unless told not to, and a 307 from the login endpoint would re-send the password.
 * `other` is a second 127.0.0.1 server (another origin) recording what it receives.
 */

let server: ChatAppServer;
let other: RecordingServer;

beforeEach(async () => {
	server = await startChatAppServer();
	other = await RecordingServer.start();
});
afterEach(async () => {
	await server.close();
	await other.stop();
});

const redirectTo = (status: number, path: RegExp, method?: string) =>
	server.failNext(path, status, '', { method, headers: { location: `${other.url}/collect` } });

function expectNothingLeft() {
	expect(other.requests).toEqual([]);
	expect(other.everything).not.toContain(ACCOUNT.password);
}

const sendText = { resource: 'message', operation: 'sendText', licenseId: 1229, messengerType: 'grWhatsApp', chatId: '79001234567@c.us', text: 'hi' };

describe('login and refresh', () => {
	test.each([307, 308])('a %s from tokens.make: the password is not re-sent to another host', async (status) => {
		redirectTo(status, /^\/v1\/tokens$/);
		const { error } = await runChatApp(server, sendText);
		expect(error?.message).toBe(`ChatApp's token endpoint redirected to another host (${other.url}); the password was not sent there`);
		expectNothingLeft();
		expect(server.state.sentTexts).toHaveLength(0);
	});

	test('a 302 from tokens.make (which would turn the login into a GET) is refused too', async () => {
		redirectTo(302, /^\/v1\/tokens$/);
		const { error } = await runChatApp(server, sendText);
		expect(error?.message).toContain("ChatApp's token endpoint redirected");
		expectNothingLeft();
	});

	test('a 307 from tokens.refresh: the refresh token is not re-sent either', async () => {
		const first = await runChatApp(server, { resource: 'license', operation: 'getAll', returnAll: true });
		const stored = first.credentials.store.chatAppApi;
		server.expireAccessTokens();
		redirectTo(307, /^\/v1\/tokens\/refresh$/);
		server.failNext(/^\/v1\/tokens$/, 307, '', { headers: { location: `${other.url}/collect` } });
		const { error } = await runChatApp(server, sendText, { credentialData: { ...stored } });
		expect(error?.message).toContain("ChatApp's token endpoint redirected");
		expectNothingLeft();
		expect(other.everything).not.toContain(String(stored.refreshToken));
	});
});

describe('ChatApp node', () => {
	test.each([
		['GET 302', 302, /^\/v1\/licenses$/, { resource: 'license', operation: 'getAll', returnAll: true }],
		['POST 307', 307, /messages\/text$/, sendText],
		['PATCH 308', 308, /\/read$/, { resource: 'chat', operation: 'markRead', licenseId: 1229, messengerType: 'grWhatsApp', chatId: '79001234567@c.us' }],
	])('%s to another host: the access token stays home', async (_name, status, path, parameters) => {
		// Log in first so the redirect meets a request that carries the token.
		const first = await runChatApp(server, { resource: 'license', operation: 'getAll', returnAll: true });
		redirectTo(status, path);
		const { error } = await runChatApp(server, parameters, { credentialData: { ...first.credentials.store.chatAppApi } });
		expect(error?.message).toBe(`ChatApp redirected to another host (${other.url}); the credential was not sent there`);
		expect(other.requests).toEqual([]);
		expect(JSON.stringify(error)).not.toContain(String(first.credentials.store.chatAppApi.accessToken));
	});

	test('a same-origin redirect is followed, with the token, on the same server', async () => {
		server.failNext(/^\/v1\/licenses$/, 302, '', { headers: { location: '/v1/licenses?again=1' } });
		const { error, items } = await runChatApp(server, { resource: 'license', operation: 'getAll', returnAll: true });
		expect(error).toBeUndefined();
		expect(items.length).toBeGreaterThan(0);
		expect(server.calls(/^\/v1\/licenses$/)).toHaveLength(2);
	});
});

describe('ChatApp Trigger', () => {
	test('activation: registering the callback URL is not re-sent to another host', async () => {
		const env = createTriggerEnv({
			nodeType: new ChatAppTrigger(),
			parameters: { subscriptions: ['1229/grWhatsApp'], events: ['message'], options: {} },
			credentials: { chatAppApi: chatAppCredentials(server) },
			webhookId: '3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b',
		});
		redirectTo(307, /callbackUrl$/, 'PUT');
		await expect(runWebhookMethod(env, 'create')).rejects.toThrow(`redirected to another host (${other.url})`);
		expectNothingLeft();
	});
});

describe('ChatApp Realtime Trigger', () => {
	test('the channel auth request does not follow a redirect to another host', async () => {
		const credentials = chatAppCredentials(server);
		const env = createTriggerEnv({
			nodeType: new ChatAppRealtimeTrigger(),
			parameters: { licenseMessengers: ['1229/grWhatsApp'], options: {} },
			credentials: { chatAppApi: credentials },
		});
		const context = new TriggerContext(env.workflow, env.node, env.additionalData, 'trigger', 'activate', () => undefined, () => undefined);
		const { settings } = chatAppRealtimeSettings(credentials);
		redirectTo(302, /^\/broadcasting\/auth$/);
		await expect(requestChannelAuth.call(context, settings!, '123.456', 'private-v1.licenses.1229.messengers.grWhatsApp', false)).rejects.toThrow();
		expectNothingLeft();
	});
});

describe('credential test', () => {
	test('a redirect of tokens.make: not followed, and the message says why', async () => {
		redirectTo(307, /^\/v1\/tokens$/);
		const outcome = await testCredential(new ChatAppApi(), chatAppCredentials(server));
		expect(outcome).toMatchObject({ status: 'Error', message: `ChatApp's token endpoint redirected to another host (${other.url}); the password was not sent there` });
		expectNothingLeft();
	});

	test('a redirect of GET /v1/licenses: the rule message, no token sent on', async () => {
		redirectTo(302, /^\/v1\/licenses$/);
		const outcome = await testCredential(new ChatAppApi(), chatAppCredentials(server));
		expect(outcome.status).toBe('Error');
		expect(outcome.message).toContain('ChatApp answered GET /v1/licenses with a redirect (302)');
		expect(other.requests).toEqual([]);
	});
});

describe("the credential itself (what n8n's HTTP Request node uses with a predefined credential)", () => {
	const httpRequestLike = (legacy: boolean): INodeType =>
		({
			description: { displayName: 'HTTP-like', name: 'httpLike', group: ['transform'], version: 1, description: '', defaults: { name: 'HTTP-like' }, inputs: ['main'], outputs: ['main'], credentials: [{ name: 'chatAppApi', required: true }], properties: [] },
			async execute(this: IExecuteFunctions) {
				const url = `${server.url}/v1/licenses`;
				const body = legacy
					? await this.helpers.requestWithAuthentication.call(this, 'chatAppApi', { method: 'GET', uri: url, json: true, followRedirect: true, followAllRedirects: true })
					: await this.helpers.httpRequestWithAuthentication.call(this, 'chatAppApi', { method: 'GET', url, json: true });
				return [[{ json: { body } }]];
			},
		}) as unknown as INodeType;

	test.each([
		['requestWithAuthentication, Follow Redirects on', true],
		['httpRequestWithAuthentication', false],
	])('%s: the token does not follow a redirect to another host', async (_name, legacy) => {
		// (n8n's legacy helper refreshes and retries once after any failure: the retry is redirected too.)
		server.failNext(/^\/v1\/licenses$/, 302, '', { times: 2, headers: { location: `${other.url}/collect` } });
		const { error } = await runNode({ nodeType: httpRequestLike(legacy), parameters: {}, credentials: { chatAppApi: chatAppCredentials(server) } });
		expect(error).toBeDefined();
		expect(server.state.makeCalls).toBe(1);
		expectNothingLeft();
	});
});
