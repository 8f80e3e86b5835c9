import { request } from 'http';

import { TriggerContext } from 'n8n-core';

import { ChatwootApi } from '../../../credentials/ChatwootApi.credentials';
import { Chatwoot } from '../../../nodes/Chatwoot/Chatwoot.node';
import { ChatwootRealtimeTrigger } from '../../../nodes/Chatwoot/ChatwootRealtimeTrigger.node';
import { resolveAgentIdentity } from '../../../nodes/Chatwoot/realtime/identity';
import { createTriggerEnv, runWebhookMethod } from '../../harness/contexts';
import { testCredential } from '../../harness/credentialTest';
import { runNode } from '../../harness/workflow';
import { FakeChatwoot } from '../../servers/chatwoot/server';
import { ensureNginx, NginxProxy } from '../../servers/nginx';
import { accountParams, triggerEnv } from '../trigger/helpers';

/*
 * Issue 13 item 3: a real nginx (Debian's package) in its default configuration in
 * front of the Chatwoot-like server. nginx drops request headers whose names contain
 * underscores unless `underscores_in_headers on`, so `api_access_token` never reached
 * Chatwoot; `Api-Access-Token` (the same header for Rack, HTTP_API_ACCESS_TOKEN) does.
 */

jest.setTimeout(60_000);

let cw: FakeChatwoot;
let nginx: NginxProxy;

beforeAll(() => {
	ensureNginx();
}, 15 * 60 * 1000);

beforeEach(async () => {
	cw = await FakeChatwoot.start();
	cw.state.addConversation({});
	nginx = await NginxProxy.start(cw.url);
});
afterEach(async () => {
	await nginx?.stop();
	await cw?.stop();
});

/** Chatwoot's credential, pointed at nginx instead of the server. */
const behindNginx = () => cw.credentials({ baseUrl: nginx.url });

function rawGet(url: string, headers: Record<string, string>): Promise<number> {
	return new Promise((resolve, reject) => {
		const req = request(`${url}/api/v1/profile`, { headers: { ...headers, connection: 'close' }, agent: false }, (res) => {
			res.resume();
			res.on('end', () => resolve(res.statusCode ?? 0));
		});
		req.on('error', reject);
		req.end();
	});
}

test('the proxy is a default nginx: it drops api_access_token and passes Api-Access-Token', async () => {
	expect(await rawGet(nginx.url, { api_access_token: cw.token })).toBe(401);
	expect(cw.requests.at(-1)?.headers.api_access_token).toBeUndefined();
	expect(await rawGet(nginx.url, { 'Api-Access-Token': cw.token })).toBe(200);
	expect(cw.requests.at(-1)?.headers['api-access-token']).toBe(cw.token);
	expect(nginx.accessLog()).toContain('GET /api/v1/profile');
});

test('the credential test passes through nginx', async () => {
	expect(await testCredential(new ChatwootApi(), behindNginx())).toMatchObject({ status: 'OK' });
	expect(cw.requests.map((r) => r.headers['api-access-token'])).toEqual([cw.token]);
});

test('Chatwoot node operations work through nginx (reading and writing), contract-valid', async () => {
	const node = new Chatwoot();
	const read = await runNode({
		nodeType: node,
		parameters: { accountId: 1, resource: 'conversation', operation: 'get', conversationId: 1 } as never,
		credentials: { chatwootApi: behindNginx() },
	});
	expect(read.error).toBeUndefined();
	expect(read.items[0].json.id).toBe(1);
	const write = await runNode({
		nodeType: node,
		parameters: { accountId: 1, resource: 'message', operation: 'create', conversationId: 1, content: 'through nginx' } as never,
		credentials: { chatwootApi: behindNginx() },
	});
	expect(write.error).toBeUndefined();
	expect(cw.requests.length).toBeGreaterThan(1);
	expect(cw.requests.every((r) => r.headers['api-access-token'] === cw.token)).toBe(true);
	expect(cw.violations).toEqual([]);
});

test('Chatwoot Trigger registers its webhook through nginx', async () => {
	const env = triggerEnv(cw, accountParams());
	env.credentials.store.chatwootApi = behindNginx();
	expect(await runWebhookMethod(env, 'create')).toBe(true);
	expect(cw.state.webhooks).toHaveLength(1);
	expect(cw.violations).toEqual([]);
});

test("the Chatwoot Realtime Trigger reads the user's realtime token through nginx", async () => {
	const env = createTriggerEnv({
		nodeType: new ChatwootRealtimeTrigger(),
		parameters: { mode: 'agent', accountId: 1, events: [], options: {} },
		credentials: { chatwootApi: behindNginx() },
	});
	const context = new TriggerContext(env.workflow, env.node, env.additionalData, 'trigger', 'activate', () => undefined, () => undefined);
	const identity = await resolveAgentIdentity.call(context, 1);
	expect(identity.params).toMatchObject({ channel: 'RoomChannel', account_id: 1 });
	expect(typeof identity.params.pubsub_token).toBe('string');
});
