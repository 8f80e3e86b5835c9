import { inspect } from 'util';

import { TriggerContext } from 'n8n-core';

import { ChatwootApi } from '../../../credentials/ChatwootApi.credentials';
import { ChatwootClientApi } from '../../../credentials/ChatwootClientApi.credentials';
import { Chatwoot } from '../../../nodes/Chatwoot/Chatwoot.node';
import { ChatwootRealtimeTrigger } from '../../../nodes/Chatwoot/ChatwootRealtimeTrigger.node';
import { getAccounts } from '../../../nodes/Chatwoot/methods/loadOptions';
import { resolveAgentIdentity } from '../../../nodes/Chatwoot/realtime/identity';
import { RETRY_POLICY } from '../../../nodes/Chatwoot/transport/request';
import { createTriggerEnv, loadOptionsContext, runWebhookMethod } from '../../harness/contexts';
import { testCredential } from '../../harness/credentialTest';
import { runNode } from '../../harness/workflow';
import type { Handler, RecordedRequest } from '../../servers/chatwoot/server';
import { accessTokenOf, FakeChatwoot } from '../../servers/chatwoot/server';
import { clientCredentials, HMAC_TOKEN, INBOX, runClient, seedContact } from '../client/helpers';
import { accountParams, triggerEnv } from '../trigger/helpers';

/*
 * Issue 14 item 8: a server that echoes secrets back (in JSON, an HTML error page, or
 * plain text; raw, URL-encoded or escaped) must not get them into an error, a log line
 * or an item. Everything a user or n8n's log can see of an error is searched: its
 * JSON (execution data), util.inspect with hidden fields and causes (what a logger
 * prints), the stack, and the run's result data.
 */

let cw: FakeChatwoot;
beforeAll(() => {
	Object.assign(RETRY_POLICY, { baseMs: 5, capMs: 20 });
});
beforeEach(async () => {
	cw = await FakeChatwoot.start();
	cw.state.addConversation({});
});
afterEach(async () => {
	await cw.stop();
});

/** The token as the request carried it, in the three shapes a server echoes. */
const echoes: Array<[string, (token: string) => { status: number; body: unknown; headers?: Record<string, string> }]> = [
	['JSON error', (t) => ({ status: 422, body: { message: `Token ${t} is not allowed here`, errors: [`bad ${t}`], attributes: [t] } })],
	['HTML page', (t) => ({ status: 500, headers: { 'content-type': 'text/html' }, body: `<!DOCTYPE html><html><body><pre>HTTP_API_ACCESS_TOKEN=${t.replace(/-/g, '&#45;')} ${t}</pre></body></html>` })],
	['plain text, URL-encoded', (t) => ({ status: 400, headers: { 'content-type': 'text/plain' }, body: `rejected api_access_token=${encodeURIComponent(t)}&raw=${t}` })],
	['404 JSON', (t) => ({ status: 404, body: { error: `no record for ${t}` } })],
];

const echoToken = (shape: (typeof echoes)[number][1]): Handler => (request: RecordedRequest) => shape(accessTokenOf(request.headers) ?? 'none');

/** Everything of an error that reaches the editor, the execution data or a log. */
function visible(error: unknown, ...more: unknown[]): string {
	return [JSON.stringify(error), inspect(error, { depth: 20, showHidden: true }), (error as Error)?.stack, JSON.stringify(more)].join('\n');
}

function expectClean(text: string, ...secrets: string[]) {
	for (const secret of secrets) {
		expect(text).not.toContain(secret);
		expect(text).not.toContain(encodeURIComponent(secret));
	}
}

const chatwoot = new Chatwoot();

describe('Chatwoot node', () => {
	test.each(echoes)('an error body that echoes the token (%s)', async (_name, shape) => {
		cw.route('GET', '/api/v1/accounts/:account_id/conversations/:id', echoToken(shape));
		const result = await runNode({
			nodeType: chatwoot,
			parameters: { accountId: 1, resource: 'conversation', operation: 'get', conversationId: 1 } as never,
			credentials: { chatwootApi: cw.credentials() },
		});
		expect(result.error).toBeDefined();
		expectClean(visible(result.error, result.run.data.resultData), cw.token);
		expect(visible(result.error)).not.toContain('<!DOCTYPE');
	});

	test('an answer that echoes the token: redacted in the item, the rest kept', async () => {
		cw.once('GET', '/api/v1/accounts/:account_id/conversations/:id', (request) => ({
			body: { id: 1, status: 'open', custom_attributes: { note: `copied ${accessTokenOf(request.headers)}` } },
		}));
		const { items, error } = await runNode({
			nodeType: chatwoot,
			parameters: { accountId: 1, resource: 'conversation', operation: 'get', conversationId: 1 } as never,
			credentials: { chatwootApi: cw.credentials() },
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ id: 1, status: 'open', custom_attributes: { note: 'copied [redacted]' } });
	});

	test('the account picker', async () => {
		cw.once('GET', '/api/v1/profile', echoToken(echoes[0][1]));
		const context = loadOptionsContext({ nodeType: chatwoot, parameters: {}, credentials: { chatwootApi: cw.credentials() } });
		const error = await getAccounts.call(context).then(
			() => undefined,
			(e: unknown) => e,
		);
		expect(error).toBeDefined();
		expectClean(visible(error), cw.token);
	});
});

describe('Chatwoot Client API node', () => {
	test.each(echoes)('identifiers and the HMAC token echoed in an error (%s)', async (_name, shape) => {
		const { sourceId } = seedContact(cw);
		cw.once('PATCH', '/public/api/v1/inboxes/:inbox/contacts/:source', (request) =>
			shape(`${HMAC_TOKEN} ${INBOX} ${sourceId} ${JSON.stringify(request.body)}`),
		);
		const result = await runClient(cw, {
			resource: 'contact',
			operation: 'update',
			contactIdentifier: sourceId,
			identifier: 'user-1042',
			updateFields: { name: 'Ada' },
		});
		expect(result.error).toBeDefined();
		const { node: _node, ...error } = JSON.parse(JSON.stringify(result.error)) as Record<string, unknown>;
		// node.parameters holds the Contact Identifier the user typed, as the workflow does; everything else must not.
		expectClean([JSON.stringify(error), result.error?.message, result.error?.description, result.error?.stack].join('\n'), HMAC_TOKEN, INBOX, sourceId);
	});

	test('an answer echoing the HMAC token', async () => {
		const { sourceId } = seedContact(cw);
		cw.once('GET', '/public/api/v1/inboxes/:inbox/contacts/:source', () => ({ body: { source_id: sourceId, name: `hmac ${HMAC_TOKEN}` } }));
		const { items } = await runClient(cw, { resource: 'contact', operation: 'get', contactIdentifier: sourceId });
		expect(items[0].json).toMatchObject({ source_id: sourceId, name: 'hmac <hmac token>' });
	});
});

describe('Chatwoot Trigger', () => {
	test.each(echoes)('activation fails without the token in the error (%s)', async (_name, shape) => {
		cw.once('POST', '/api/v1/accounts/:account_id/webhooks', echoToken(shape));
		const error = await runWebhookMethod(triggerEnv(cw, accountParams()), 'create').then(
			() => undefined,
			(e: unknown) => e,
		);
		expect(error).toBeDefined();
		expectClean(visible(error), cw.token);
	});
});

describe('Chatwoot Realtime Trigger', () => {
	test.each(echoes)('the profile lookup (%s)', async (_name, shape) => {
		cw.route('GET', '/api/v1/profile', echoToken(shape));
		const env = createTriggerEnv({
			nodeType: new ChatwootRealtimeTrigger(),
			parameters: { mode: 'agent', accountId: 1, events: [], options: {} },
			credentials: { chatwootApi: cw.credentials() },
		});
		const context = new TriggerContext(env.workflow, env.node, env.additionalData, 'trigger', 'activate', () => undefined, () => undefined);
		const error = await resolveAgentIdentity.call(context, 1).then(
			() => undefined,
			(e: unknown) => e,
		);
		expect(error).toBeDefined();
		expectClean(visible(error), cw.token);
	});
});

describe('secrets received earlier in the same context', () => {
	test("the user's pubsub token (from the profile) is kept out of a later error that echoes it", async () => {
		const env = createTriggerEnv({
			nodeType: new ChatwootRealtimeTrigger(),
			parameters: { mode: 'agent', accountId: 1, events: [], options: {} },
			credentials: { chatwootApi: cw.credentials() },
		});
		const context = new TriggerContext(env.workflow, env.node, env.additionalData, 'trigger', 'activate', () => undefined, () => undefined);
		const identity = await resolveAgentIdentity.call(context, 1);
		const pubsub = String(identity.params.pubsub_token);
		expect(pubsub.length).toBeGreaterThan(8);
		cw.route('GET', '/api/v1/profile', () => ({ status: 422, body: { message: `pubsub ${pubsub} rejected` } }));
		const error = await resolveAgentIdentity.call(context, 1).then(
			() => undefined,
			(e: unknown) => e,
		);
		expect(error).toBeDefined();
		expectClean(visible(error), pubsub, cw.token);
	});
});

describe('credential tests', () => {
	test.each(echoes)('Chatwoot API (%s)', async (_name, shape) => {
		cw.route('GET', '/api/v1/profile', echoToken(shape));
		const outcome = await testCredential(new ChatwootApi(), cw.credentials());
		expect(outcome.status).toBe('Error');
		expectClean(outcome.message, cw.token);
	});

	test.each(echoes)('Chatwoot Client API (%s)', async (_name, shape) => {
		cw.once('GET', '/public/api/v1/inboxes/:inbox', () => shape(`${INBOX} ${HMAC_TOKEN}`));
		const outcome = await testCredential(new ChatwootClientApi(), clientCredentials(cw));
		expect(outcome.status).toBe('Error');
		expectClean(outcome.message, INBOX, HMAC_TOKEN);
	});
});
