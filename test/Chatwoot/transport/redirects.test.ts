import type { IExecuteFunctions, INodeType } from 'n8n-workflow';
import { TriggerContext } from 'n8n-core';

import { ChatwootApi } from '../../../credentials/ChatwootApi.credentials';
import { ChatwootClientApi } from '../../../credentials/ChatwootClientApi.credentials';
import { Chatwoot } from '../../../nodes/Chatwoot/Chatwoot.node';
import { ChatwootRealtimeTrigger } from '../../../nodes/Chatwoot/ChatwootRealtimeTrigger.node';
import { getAccounts } from '../../../nodes/Chatwoot/methods/loadOptions';
import { resolveAgentIdentity } from '../../../nodes/Chatwoot/realtime/identity';
import { createTriggerEnv, loadOptionsContext, runWebhookMethod } from '../../harness/contexts';
import { testCredential } from '../../harness/credentialTest';
import { runNode } from '../../harness/workflow';
import type { Handler } from '../../servers/chatwoot/server';
import { FakeChatwoot } from '../../servers/chatwoot/server';
import { RecordingServer } from '../../servers/recorder';
import { clientCredentials, errorText, runClient, seedContact } from '../client/helpers';
import { accountParams, triggerEnv } from '../trigger/helpers';

/*
 * Issue 14 item 9: no credential leaves the configured host. The Chatwoot-like server
 * answers with a redirect to `other`, a second 127.0.0.1 server ("another host":
 * another origin) that records everything it receives. n8n's helpers would follow it
 * and keep the custom token header; the transport must not.
 */

let cw: FakeChatwoot;
let other: RecordingServer;

beforeEach(async () => {
	cw = await FakeChatwoot.start();
	other = await RecordingServer.start();
	cw.state.addConversation({});
});
afterEach(async () => {
	await cw.stop();
	await other.stop();
});

const toOther = (status: number): Handler => () => ({ status, headers: { location: `${other.url}/collect?from=chatwoot` } });

function expectNothingLeft() {
	expect(other.requests).toEqual([]);
}

function expectRedirectError(error: { message?: string; description?: string } | undefined) {
	expect(error?.message).toBe(`Chatwoot redirected to another host (${other.url}); the credential was not sent there`);
	expect(error?.description).toContain(`sent only to ${cw.url}`);
	expect(JSON.stringify(error)).not.toContain(cw.token);
}

const chatwoot = new Chatwoot();

describe('Chatwoot node', () => {
	test.each([
		['GET 302', 'GET', '/api/v1/accounts/:account_id/conversations/:id', 302, { resource: 'conversation', operation: 'get', conversationId: 1 }],
		['GET 301', 'GET', '/api/v1/accounts/:account_id/conversations/:id', 301, { resource: 'conversation', operation: 'get', conversationId: 1 }],
		['POST 307', 'POST', '/api/v1/accounts/:account_id/conversations/:id/messages', 307, { resource: 'message', operation: 'create', conversationId: 1, content: 'hi' }],
		['POST 308', 'POST', '/api/v1/accounts/:account_id/conversations/:id/messages', 308, { resource: 'message', operation: 'create', conversationId: 1, content: 'hi' }],
	])('%s to another host: not followed, the token stays home', async (_name, method, path, status, parameters) => {
		cw.once(method, path, toOther(status));
		const { error } = await runNode({ nodeType: chatwoot, parameters: { accountId: 1, ...parameters } as never, credentials: { chatwootApi: cw.credentials() } });
		expectRedirectError(error);
		expectNothingLeft();
	});

	test('a redirect within the configured origin is followed, with the token, to the same server only', async () => {
		cw.once('GET', '/api/v1/accounts/:account_id/conversations/:id', () => ({ status: 302, headers: { location: '/api/v1/accounts/1/conversations/1' } }));
		const { error, items } = await runNode({
			nodeType: chatwoot,
			parameters: { accountId: 1, resource: 'conversation', operation: 'get', conversationId: 1 } as never,
			credentials: { chatwootApi: cw.credentials() },
		});
		expect(error).toBeUndefined();
		expect(items[0].json.id).toBe(1);
		expect(cw.calls({ path: '/api/v1/accounts/1/conversations/1' }).map((r) => r.headers['api-access-token'])).toEqual([cw.token, cw.token]);
		expect(cw.violations).toEqual([]);
	});

	test('a 301 on a POST within the origin is refused (it would drop the body), not turned into a GET', async () => {
		cw.once('POST', '/api/v1/accounts/:account_id/conversations/:id/messages', () => ({ status: 301, headers: { location: '/elsewhere' } }));
		const { error } = await runNode({
			nodeType: chatwoot,
			parameters: { accountId: 1, resource: 'message', operation: 'create', conversationId: 1, content: 'hi' } as never,
			credentials: { chatwootApi: cw.credentials() },
		});
		expect(error?.message).toBe('Chatwoot answered 301 (redirect) to POST /api/v1/accounts/1/conversations/1/messages');
		expect(cw.calls({ path: '/elsewhere' })).toEqual([]);
	});

	test('http:// → https:// on the same host says to fix the Base URL', async () => {
		const https = cw.url.replace('http://', 'https://');
		cw.once('GET', '/api/v1/accounts/:account_id/conversations/:id', () => ({ status: 301, headers: { location: `${https}/api/v1/accounts/1/conversations/1` } }));
		const { error } = await runNode({
			nodeType: chatwoot,
			parameters: { accountId: 1, resource: 'conversation', operation: 'get', conversationId: 1 } as never,
			credentials: { chatwootApi: cw.credentials() },
		});
		expect(error?.message).toBe(`Chatwoot redirects to https://: set Base URL to ${https}`);
	});

	test('the account picker (load options) does not follow either', async () => {
		cw.once('GET', '/api/v1/profile', toOther(302));
		const context = loadOptionsContext({ nodeType: chatwoot, parameters: {}, credentials: { chatwootApi: cw.credentials() } });
		await expect(getAccounts.call(context)).rejects.toThrow(`Chatwoot redirected to another host (${other.url})`);
		expectNothingLeft();
	});
});

describe('Chatwoot Client API node', () => {
	test('307 on a contact request: identifiers and the HMAC hash stay home', async () => {
		const { sourceId } = seedContact(cw);
		cw.once('GET', '/public/api/v1/inboxes/:inbox/contacts/:source', toOther(307));
		const { error } = await runClient(cw, { resource: 'contact', operation: 'get', contactIdentifier: sourceId, identifier: 'user-1042' });
		expect(error?.message).toContain(`redirected to another host (${other.url})`);
		expect(errorText(error)).not.toContain(sourceId);
		expectNothingLeft();
	});
});

describe('Chatwoot Trigger', () => {
	test('activation: the webhook registration is not re-sent to another host', async () => {
		cw.once('POST', '/api/v1/accounts/:account_id/webhooks', toOther(307));
		const env = triggerEnv(cw, accountParams());
		await expect(runWebhookMethod(env, 'create')).rejects.toThrow(`redirected to another host (${other.url})`);
		expectNothingLeft();
	});
});

describe('Chatwoot Realtime Trigger', () => {
	test('the profile lookup (pubsub token) is not followed to another host', async () => {
		cw.once('GET', '/api/v1/profile', toOther(302));
		const env = createTriggerEnv({
			nodeType: new ChatwootRealtimeTrigger() as INodeType,
			parameters: { mode: 'agent', accountId: 1, events: [], options: {} },
			credentials: { chatwootApi: cw.credentials() },
		});
		const context = new TriggerContext(env.workflow, env.node, env.additionalData, 'trigger', 'activate', () => undefined, () => undefined);
		await expect(resolveAgentIdentity.call(context, 1)).rejects.toThrow(`redirected to another host (${other.url})`);
		expectNothingLeft();
	});
});

describe('credential tests', () => {
	test.each([301, 302, 303, 307, 308])('Chatwoot API, %s to another host', async (status) => {
		cw.once('GET', '/api/v1/profile', toOther(status));
		const outcome = await testCredential(new ChatwootApi(), cw.credentials());
		expect(outcome.status).toBe('Error');
		expect(outcome.message).toContain(`Chatwoot redirected to another host (${other.url}); the credential was not sent there`);
		expect(outcome.message).not.toContain(cw.token);
		expectNothingLeft();
	});

	test('Chatwoot API, a same-origin redirect is followed', async () => {
		cw.once('GET', '/api/v1/profile', () => ({ status: 302, headers: { location: '/api/v1/profile?again=1' } }));
		expect(await testCredential(new ChatwootApi(), cw.credentials())).toMatchObject({ status: 'OK' });
	});

	test('Chatwoot Client API, 302 to another host', async () => {
		cw.once('GET', '/public/api/v1/inboxes/:inbox', toOther(302));
		const outcome = await testCredential(new ChatwootClientApi(), clientCredentials(cw));
		expect(outcome.message).toContain(`redirected to another host (${other.url})`);
		expect(outcome.message).not.toContain('inbox-ident-1');
		expectNothingLeft();
	});
});

describe("the credential itself (what n8n's HTTP Request node uses with a predefined credential)", () => {
	/** A node that calls n8n's helpers with the credential the way the HTTP Request node does, asking to follow redirects. */
	const httpRequestLike = (legacy: boolean): INodeType =>
		({
			description: { displayName: 'HTTP-like', name: 'httpLike', group: ['transform'], version: 1, description: '', defaults: { name: 'HTTP-like' }, inputs: ['main'], outputs: ['main'], credentials: [{ name: 'chatwootApi', required: true }], properties: [] },
			async execute(this: IExecuteFunctions) {
				const url = `${cw.url}/api/v1/profile`;
				const body = legacy
					? await this.helpers.requestWithAuthentication.call(this, 'chatwootApi', { method: 'GET', uri: url, json: true, followRedirect: true, followAllRedirects: true })
					: await this.helpers.httpRequestWithAuthentication.call(this, 'chatwootApi', { method: 'GET', url, json: true });
				return [[{ json: { body } }]];
			},
		}) as unknown as INodeType;

	test.each([
		['requestWithAuthentication, Follow Redirects on', true],
		['httpRequestWithAuthentication', false],
	])('%s: the token does not follow a redirect to another host', async (_name, legacy) => {
		cw.route('GET', '/api/v1/profile', toOther(302));
		const { error } = await runNode({ nodeType: httpRequestLike(legacy), parameters: {}, credentials: { chatwootApi: cw.credentials() } });
		expect(error).toBeDefined();
		expectNothingLeft();
	});
});
