import { inspect } from 'util';

import { TriggerContext } from 'n8n-core';

import { ChatAppApi } from '../../../credentials/ChatAppApi.credentials';
import { ChatAppRealtimeTrigger } from '../../../nodes/ChatApp/ChatAppRealtimeTrigger.node';
import { ChatAppTrigger } from '../../../nodes/ChatApp/ChatAppTrigger.node';
import { requestChannelAuth } from '../../../nodes/ChatApp/realtime/channelAuth';
import { chatAppRealtimeSettings } from '../../../nodes/ChatApp/realtime/settings';
import { CHATAPP_RETRY_POLICY } from '../../../nodes/ChatApp/transport/request';
import { createTriggerEnv, runWebhookMethod } from '../../harness/contexts';
import { testCredential } from '../../harness/credentialTest';
import type { ChatAppServer, RecordedRequest } from '../../servers/chatapp/server';
import { ACCOUNT, startChatAppServer } from '../../servers/chatapp/server';
import { chatAppCredentials, runChatApp } from '../helpers';

/*
 * Issue 14 item 8 for ChatApp: envelope messages and plain-text or HTML bodies that
 * echo the access token, the refresh token, the password, the email or the app ID, and
 * a 422 that echoes the callback URL with the trigger's URL secret, must not reach an
 * error, a log line or an item.
 */

let server: ChatAppServer;
beforeAll(() => {
	Object.assign(CHATAPP_RETRY_POLICY, { baseMs: 5, capMs: 20 });
});
beforeEach(async () => {
	server = await startChatAppServer();
});
afterEach(async () => {
	await server.close();
});

/** What a request carried, echoed back: its token, and (for logins) the password, email and app ID. */
const carried = (request: RecordedRequest) => {
	const body = (request.json ?? {}) as Record<string, unknown>;
	return [request.headers.authorization, request.headers.refresh, body.password, body.email, body.appId, body.url].filter(Boolean).join(' | ');
};

const shapes: Array<[string, (text: string) => unknown]> = [
	['envelope', (text) => ({ success: false, error: { code: 'ApiValidationError', message: `Rejected: ${text}` } })],
	['HTML page', (text) => `<!DOCTYPE html><html><body><h1>Error</h1><p>${text.replace(/\$/g, '&#36;')} ${text}</p></body></html>`],
	['plain JSON message', (text) => ({ message: `echo ${text}`, debug: { text } })],
];

function visible(error: unknown, ...more: unknown[]): string {
	return [JSON.stringify(error), inspect(error, { depth: 20, showHidden: true }), (error as Error)?.stack, JSON.stringify(more)].join('\n');
}

function secrets(extra: unknown[] = []): string[] {
	return [ACCOUNT.password, ACCOUNT.appId, ACCOUNT.email, ...server.state.accessTokens.keys(), ...server.state.refreshTokens.keys(), ...extra.map(String)];
}

function expectClean(text: string, list = secrets()) {
	for (const secret of list) expect(text).not.toContain(secret);
}

const sendText = { resource: 'message', operation: 'sendText', licenseId: 1229, messengerType: 'grWhatsApp', chatId: '79001234567@c.us', text: 'hi' };

describe('ChatApp node', () => {
	test.each(shapes)('an error answer echoing the access token (%s, 422)', async (_name, shape) => {
		server.failNext(/messages\/text$/, 422, (request: RecordedRequest) => shape(carried(request)));
		const result = await runChatApp(server, sendText);
		expect(result.error).toBeDefined();
		expectClean(visible(result.error, result.run.data.resultData));
	});

	test.each(shapes)('a 500 echoing the token on a GET, after the retries (%s)', async (_name, shape) => {
		server.failNext(/^\/v1\/licenses$/, 500, (request: RecordedRequest) => shape(carried(request)), { times: 10 });
		const result = await runChatApp(server, { resource: 'license', operation: 'getAll', returnAll: true });
		expect(result.error).toBeDefined();
		expectClean(visible(result.error, result.run.data.resultData));
	});

	test('a token refused with its value in the message, even after a refresh (both tokens redacted)', async () => {
		server.failNext(/^\/v1\/licenses$/, 401, (request: RecordedRequest) => shapes[0][1](carried(request)), { times: 2 });
		const result = await runChatApp(server, { resource: 'license', operation: 'getAll', returnAll: true });
		expect(server.state.accessTokens.size).toBe(2);
		expectClean(visible(result.error, result.run.data.resultData));
	});

	test('a successful answer echoing the token: redacted in the item, the rest kept', async () => {
		server.failNext(/^\/v1\/licenses$/, 200, (request: RecordedRequest) => ({
			success: true,
			data: [{ licenseId: 1229, licenseName: `Sales ${String(request.headers.authorization)}`, messenger: [] }],
		}));
		const { items, error } = await runChatApp(server, { resource: 'license', operation: 'getAll', returnAll: true });
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ licenseId: 1229, licenseName: 'Sales [redacted]' });
	});

	test.each(shapes)('a login refused with the password, email and app ID echoed (%s)', async (_name, shape) => {
		server.failNext(/^\/v1\/tokens$/, 401, (request: RecordedRequest) => shape(carried(request)));
		const result = await runChatApp(server, sendText);
		expect(result.error?.message).toMatch(/ChatApp login failed|ChatApp API was not found/);
		expectClean(visible(result.error, result.run.data.resultData));
	});
});

describe('ChatApp Trigger', () => {
	test.each(shapes)('a 422 echoing the callback URL keeps the URL secret out of the activation error (%s)', async (_name, shape) => {
		const env = createTriggerEnv({
			nodeType: new ChatAppTrigger(),
			parameters: { subscriptions: ['1229/grWhatsApp'], events: ['message'], options: {} },
			credentials: { chatAppApi: chatAppCredentials(server) },
			webhookId: '3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b',
		});
		let sentUrl = '';
		server.failNext(
			/callbackUrl$/,
			422,
			(request: RecordedRequest) => {
				sentUrl = String((request.json as { url?: string }).url);
				return shape(carried(request));
			},
			{ method: 'PUT' },
		);
		const error = await runWebhookMethod(env, 'create').then(
			() => undefined,
			(e: unknown) => e,
		);
		expect(error).toBeDefined();
		const urlSecret = new URL(sentUrl).searchParams.get('secret');
		expect(urlSecret).toBeTruthy();
		expectClean(visible(error), secrets([urlSecret]));
	});
});

describe('ChatApp Realtime Trigger', () => {
	test.each(shapes)('channel auth refused with the token echoed (%s)', async (_name, shape) => {
		const credentials = chatAppCredentials(server);
		const env = createTriggerEnv({
			nodeType: new ChatAppRealtimeTrigger(),
			parameters: { licenseMessengers: ['1229/grWhatsApp'], options: {} },
			credentials: { chatAppApi: credentials },
		});
		const context = new TriggerContext(env.workflow, env.node, env.additionalData, 'trigger', 'activate', () => undefined, () => undefined);
		server.failNext(/^\/broadcasting\/auth$/, 403, (request: RecordedRequest) => shape(carried(request)), { times: 3 });
		const error = await requestChannelAuth
			.call(context, chatAppRealtimeSettings(credentials).settings!, '123.456', 'private-v1.licenses.1229.messengers.grWhatsApp', false)
			.then(
				() => undefined,
				(e: unknown) => e,
			);
		expect(error).toBeDefined();
		expectClean(visible(error, (error as { report?: unknown }).report));
	});
});

describe('credential test', () => {
	test.each(shapes)('a login answer echoing the password, email and app ID (%s)', async (_name, shape) => {
		server.failNext(/^\/v1\/tokens$/, 403, (request: RecordedRequest) => shape(carried(request)));
		const outcome = await testCredential(new ChatAppApi(), chatAppCredentials(server));
		expect(outcome.status).toBe('Error');
		// (outcome.helper is the test harness's own credential store.)
		expectClean(visible({ message: outcome.message, error: outcome.error }));
	});

	test.each(shapes)('GET /v1/licenses echoing the token (%s)', async (_name, shape) => {
		server.failNext(/^\/v1\/licenses$/, 403, (request: RecordedRequest) => shape(carried(request)));
		const outcome = await testCredential(new ChatAppApi(), chatAppCredentials(server));
		expect(outcome.status).toBe('Error');
		expectClean(visible(outcome.message));
	});
});
