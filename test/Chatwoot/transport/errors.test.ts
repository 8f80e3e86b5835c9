import { Chatwoot } from '../../../nodes/Chatwoot/Chatwoot.node';
import { RETRY_POLICY } from '../../../nodes/Chatwoot/transport/request';
import { FakeChatwoot } from '../../servers/chatwoot/server';
import { runNode } from '../../harness/workflow';

let cw: FakeChatwoot;
const node = new Chatwoot();
const getConversation = (credentials: Record<string, string>, extra: Record<string, unknown> = {}) =>
	runNode({
		nodeType: node,
		parameters: { resource: 'conversation', operation: 'get', conversationId: 1, accountId: 1, ...extra } as never,
		credentials: { chatwootApi: credentials },
	});

beforeAll(() => {
	// Keep retry waits short in tests; the policy object is the transport's own.
	Object.assign(RETRY_POLICY, { baseMs: 5, capMs: 20 });
});
beforeEach(async () => {
	cw = await FakeChatwoot.start();
	cw.state.addConversation({});
});
afterEach(async () => {
	await cw.stop();
});

function expectNoSecret(value: unknown, secret: string) {
	expect(JSON.stringify(value)).not.toContain(secret);
	expect(String((value as Error)?.message ?? '')).not.toContain(secret);
	expect(String((value as { description?: string })?.description ?? '')).not.toContain(secret);
}

test('a wrong token: "Invalid Access Token" → actionable message, token not leaked', async () => {
	const { error } = await getConversation(cw.credentials({ accessToken: 'wrong-token-secret-xyz' }));
	expect(error?.message).toBe('Chatwoot rejected the access token');
	expect(error?.description).toContain('Profile Settings → Access Token');
	expect(error?.httpCode).toBe('401');
	expectNoSecret(error, 'wrong-token-secret-xyz');
});

test('a token that never arrives (proxy drops underscore headers / Bearer used)', async () => {
	cw.once('GET', '/api/v1/accounts/:account_id/conversations/:id', () => ({
		status: 401,
		body: { errors: ['You need to sign in or sign up before continuing.'] },
	}));
	const { error } = await getConversation(cw.credentials());
	expect(error?.message).toBe('Chatwoot did not receive a valid access token');
	expect(error?.description).toContain('api_access_token');
	expect(error?.description).toContain('Bearer');
	expect(error?.description).toContain('underscores_in_headers');
});

test('an agent-bot token on a user-only endpoint says so', async () => {
	const { error } = await runNode({
		nodeType: node,
		parameters: { resource: 'conversation', operation: 'getAll', accountId: 1 } as never,
		credentials: { chatwootApi: cw.credentials({ accessToken: cw.botToken }) },
	});
	expect(error?.message).toBe('This operation needs a user access token, not an agent-bot token');
	expectNoSecret(error, cw.botToken);
});

test('a bot token works where Chatwoot allows bots', async () => {
	const { error, items } = await getConversation(cw.credentials({ accessToken: cw.botToken }));
	expect(error).toBeUndefined();
	expect(items[0].json.id).toBe(1);
});

test('an account the token cannot access', async () => {
	const { error } = await getConversation(cw.credentials(), { accountId: 99 });
	expect(error?.message).toBe('This token has no access to the chosen account');
});

test('an account ID that is not a number is refused before any request', async () => {
	const { error } = await getConversation(cw.credentials(), { accountId: 'acme' });
	expect(error?.message).toBe('"acme" is not a Chatwoot account ID');
	expect(cw.requests).toHaveLength(0);
});

test('base URL with /api/v1 pasted, or a trailing slash, still works', async () => {
	for (const baseUrl of [`${cw.url}/api/v1`, `${cw.url}/api/v1/`, `${cw.url}/`, `${cw.url}/app/accounts/1/dashboard`]) {
		const { error } = await getConversation(cw.credentials({ baseUrl }));
		expect(error).toBeUndefined();
	}
	expect(cw.requests.every((r) => r.path === '/api/v1/accounts/1/conversations/1')).toBe(true);
});

test('a base URL that is not Chatwoot (HTML 404) is called out', async () => {
	const { error } = await getConversation(cw.credentials({ baseUrl: `${cw.url}/chatwoot-is-not-here` }));
	expect(error?.message).toBe('The Chatwoot API was not found at this Base URL');
});

test('an unreachable host', async () => {
	const { error } = await getConversation(cw.credentials({ baseUrl: 'http://127.0.0.1:1' }));
	expect(error?.message).toMatch(/refused|reach/i);
	expect(error?.description ?? '').toContain("Base URL");
});

test('422 validation bodies name the fields', async () => {
	cw.state.addContact({ email: 'taken@x.test' });
	const { error } = await runNode({
		nodeType: node,
		parameters: { resource: 'contact', operation: 'create', accountId: 1, inboxId: 1, name: 'Dup', additionalFields: { email: 'taken@x.test' } } as never,
		credentials: { chatwootApi: cw.credentials() },
	});
	expect(error?.message).toBe('Chatwoot refused the input: Email has already been taken (fields: email)');
	expect(error?.httpCode).toBe('422');
});

test('429 is retried with backoff (any method), then succeeds', async () => {
	const throttled = () => ({ status: 429, body: 'Retry later' });
	cw.once('POST', '/api/v1/accounts/:account_id/conversations/:id/toggle_status', throttled);
	cw.once('POST', '/api/v1/accounts/:account_id/conversations/:id/toggle_status', throttled);
	const { error, items } = await runNode({
		nodeType: node,
		parameters: { resource: 'conversation', operation: 'setStatus', accountId: 1, conversationId: 1, status: 'resolved' } as never,
		credentials: { chatwootApi: cw.credentials() },
	});
	expect(error).toBeUndefined();
	expect(items[0].json.current_status).toBe('resolved');
	expect(cw.calls({ method: 'POST' })).toHaveLength(3);
});

test('persistent 429 gives up after the retry budget with advice', async () => {
	cw.route('GET', '/api/v1/accounts/:account_id/conversations/:id', () => ({ status: 429, body: 'Retry later' }));
	const { error } = await getConversation(cw.credentials());
	expect(error?.message).toBe('Chatwoot rate limit reached (429)');
	expect(cw.requests).toHaveLength(RETRY_POLICY.maxRetries + 1);
});

test('5xx is retried on idempotent calls only', async () => {
	cw.once('GET', '/api/v1/accounts/:account_id/conversations/:id', () => ({ status: 502, body: 'Bad gateway' }));
	expect((await getConversation(cw.credentials())).error).toBeUndefined();
	expect(cw.requests).toHaveLength(2);

	cw.requests.length = 0;
	cw.once('POST', '/api/v1/accounts/:account_id/conversations/:id/toggle_status', () => ({ status: 500, body: { error: 'boom' } }));
	const post = await runNode({
		nodeType: node,
		parameters: { resource: 'conversation', operation: 'setStatus', accountId: 1, conversationId: 1, status: 'open' } as never,
		credentials: { chatwootApi: cw.credentials() },
	});
	expect(post.error?.message).toBe('Chatwoot server error (500)');
	expect(cw.calls({ method: 'POST' })).toHaveLength(1);
});

test.each([
	['You are not authorized to do this action', "The token's user is not allowed to do this", 'administrator'],
	['Account is suspended', 'The Chatwoot account is suspended', 'reactivate'],
	['Bot is not authorized to access this account', 'This token has no access to the chosen account', 'Account'],
])('401 "%s" is mapped to an actionable message', async (body, message, hint) => {
	cw.once('GET', '/api/v1/accounts/:account_id/conversations/:id', () => ({ status: 401, body: { error: body } }));
	const { error } = await getConversation(cw.credentials());
	expect(error?.message).toBe(message);
	expect(error?.description).toContain(hint);
});

test('403 keeps Chatwoot\'s message', async () => {
	cw.once('GET', '/api/v1/accounts/:account_id/conversations/:id', () => ({ status: 403, body: { message: 'Feature not enabled' } }));
	const { error } = await getConversation(cw.credentials());
	expect(error?.message).toBe('Feature not enabled');
	expect(error?.httpCode).toBe('403');
});

test('a dropped connection is retried on an idempotent call, not on a POST', async () => {
	cw.once('GET', '/api/v1/accounts/:account_id/conversations/:id', () => ({ destroy: true }));
	const { error, items } = await getConversation(cw.credentials());
	expect(error).toBeUndefined();
	expect(items[0].json.id).toBe(1);
	expect(cw.requests).toHaveLength(2);

	cw.requests.length = 0;
	cw.once('POST', '/api/v1/accounts/:account_id/conversations/:id/toggle_status', () => ({ destroy: true }));
	const post = await runNode({
		nodeType: node,
		parameters: { resource: 'conversation', operation: 'setStatus', accountId: 1, conversationId: 1, status: 'open' } as never,
		credentials: { chatwootApi: cw.credentials() },
	});
	expect(post.error?.message).toMatch(/Could not reach Chatwoot|connection/i);
	expect(cw.calls({ method: 'POST' })).toHaveLength(1);
});
