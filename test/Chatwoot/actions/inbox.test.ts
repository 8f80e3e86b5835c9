import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { Chatwoot } from '../../../nodes/Chatwoot/Chatwoot.node';
import { runNode } from '../../harness/workflow';
import { FakeChatwoot } from '../../servers/chatwoot/server';

let cw: FakeChatwoot;
const node = new Chatwoot();
const run = (parameters: Record<string, unknown>, extra: Partial<Parameters<typeof runNode>[0]> = {}) =>
	runNode({
		nodeType: node,
		parameters: { resource: 'inbox', ...parameters } as never,
		credentials: { chatwootApi: cw.credentials() },
		...extra,
	});

beforeEach(async () => {
	cw = await FakeChatwoot.start();
});
afterEach(async () => {
	// Every request conforms to Chatwoot's OpenAPI contract.
	expect(cw.violations).toEqual([]);
	await cw.stop();
});

describe('create', () => {
	test('an API-channel inbox with callback URL, HMAC mandatory and options', async () => {
		const { items, error } = await run({
			operation: 'create',
			name: 'WhatsApp Bridge',
			webhookUrl: 'https://n8n.example.com/webhook/chatwoot',
			hmacMandatory: true,
			additionalFields: {
				greetingMessage: 'Hi! We usually answer within an hour.',
				enableAutoAssignment: false,
				lockToSingleConversation: true,
				csatSurveyEnabled: true,
			},
		});
		expect(error).toBeUndefined();
		const [post] = cw.calls({ method: 'POST', path: '/api/v1/accounts/1/inboxes' });
		expect(post.body).toEqual({
			name: 'WhatsApp Bridge',
			greeting_enabled: true,
			greeting_message: 'Hi! We usually answer within an hour.',
			enable_auto_assignment: false,
			lock_to_single_conversation: true,
			csat_survey_enabled: true,
			channel: { type: 'api', hmac_mandatory: true, webhook_url: 'https://n8n.example.com/webhook/chatwoot' },
		});
		expect(items).toHaveLength(1);
		// The inbox JSON carries what the Client API credential and webhook checks need.
		expect(items[0].json).toMatchObject({
			name: 'WhatsApp Bridge',
			channel_type: 'Channel::Api',
			webhook_url: 'https://n8n.example.com/webhook/chatwoot',
			hmac_mandatory: true,
			inbox_identifier: expect.any(String),
			lock_to_single_conversation: true,
		});
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});

	test('minimal: only the name, no callback URL', async () => {
		const { error } = await run({ operation: 'create', name: 'Plain API' });
		expect(error).toBeUndefined();
		expect(cw.calls({ method: 'POST' })[0].body).toEqual({ name: 'Plain API', channel: { type: 'api', hmac_mandatory: false } });
	});

	test('an empty name is refused before any request', async () => {
		const { error } = await run({ operation: 'create', name: '  ' });
		expect(error?.message).toBe('Enter a name for the inbox');
		expect(cw.calls({ method: 'POST' })).toHaveLength(0);
	});

	test('429 then success is retried', async () => {
		cw.once('POST', '/api/v1/accounts/:account_id/inboxes', () => ({ status: 429, body: 'Retry later' }));
		const { items, error } = await run({ operation: 'create', name: 'Throttled' });
		expect(error).toBeUndefined();
		expect(cw.calls({ method: 'POST' })).toHaveLength(2);
		expect(items[0].json.name).toBe('Throttled');
		expect(cw.state.inboxes.filter((i) => i.name === 'Throttled')).toHaveLength(1);
	});
});

describe('get and get many', () => {
	test('get one inbox by ID', async () => {
		const { items, error } = await run({ operation: 'get', inboxId: 2 });
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual([expect.objectContaining({ id: 2, name: 'Website', channel_type: 'Channel::WebWidget' })]);
		expect(cw.calls({ method: 'GET', path: '/api/v1/accounts/1/inboxes/2' })).toHaveLength(1);
	});

	test('an unknown inbox is a 404', async () => {
		const { error } = await run({ operation: 'get', inboxId: 77 });
		expect(error?.httpCode).toBe('404');
		expect(error?.message).toBe('The requested Chatwoot resource was not found');
	});

	test('Return All lists every inbox of the account, one item each; Limit is applied client-side', async () => {
		for (let i = 0; i < 4; i++) cw.state.inboxes.push({ id: 20 + i, account_id: 1, name: `Extra ${i}`, channel_type: 'Channel::Api' });
		const all = await run({ operation: 'getAll', returnAll: true });
		expect(all.error).toBeUndefined();
		expect(all.items.map((i) => i.json.id)).toEqual([1, 2, 20, 21, 22, 23]);

		const limited = await run({ operation: 'getAll', returnAll: false, limit: 3 });
		expect(limited.items.map((i) => i.json.id)).toEqual([1, 2, 20]);
		// No paging on this endpoint: one request per run.
		expect(cw.calls({ method: 'GET', path: '/api/v1/accounts/1/inboxes' })).toHaveLength(2);
		expect(cw.calls({ path: '/api/v1/accounts/1/inboxes' }).every((r) => r.query.page === undefined)).toBe(true);
	});

	test('the explicit account parameter is used as given', async () => {
		const { items } = await run({ operation: 'getAll', accountId: 2, returnAll: true });
		expect(items.map((i) => i.json.name)).toEqual(['Beta API']);
		expect(cw.calls({ path: '/api/v1/profile' })).toHaveLength(0);
	});
});

describe('update', () => {
	test('name, settings, callback URL and HMAC flag (channel attributes nested under channel)', async () => {
		const { items, error } = await run({
			operation: 'update',
			inboxId: 1,
			updateFields: {
				name: 'API Bridge v2',
				webhookUrl: 'https://n8n.example.com/webhook/new',
				hmacMandatory: true,
				greetingMessage: '',
				enableAutoAssignment: false,
			},
		});
		expect(error).toBeUndefined();
		const [patch] = cw.calls({ method: 'PATCH', path: '/api/v1/accounts/1/inboxes/1' });
		expect(patch.body).toEqual({
			name: 'API Bridge v2',
			enable_auto_assignment: false,
			greeting_enabled: false,
			channel: { webhook_url: 'https://n8n.example.com/webhook/new', hmac_mandatory: true },
		});
		expect(items[0].json).toMatchObject({
			id: 1,
			name: 'API Bridge v2',
			webhook_url: 'https://n8n.example.com/webhook/new',
			hmac_mandatory: true,
			greeting_enabled: false,
		});
	});

	test('only the callback URL', async () => {
		const { error } = await run({ operation: 'update', inboxId: 1, updateFields: { webhookUrl: 'https://hooks.example.com/cw' } });
		expect(error).toBeUndefined();
		expect(cw.calls({ method: 'PATCH' })[0].body).toEqual({ channel: { webhook_url: 'https://hooks.example.com/cw' } });
		expect(cw.state.inbox(1)?.webhook_url).toBe('https://hooks.example.com/cw');
	});

	test('nothing to update is refused before any request', async () => {
		const { error } = await run({ operation: 'update', inboxId: 1, updateFields: {} });
		expect(error?.message).toBe('Add at least one field to update');
		expect(cw.calls({ method: 'PATCH' })).toHaveLength(0);
	});
});

describe('agents', () => {
	test('get agents lists the inbox members, one item each', async () => {
		const { items, error } = await run({ operation: 'getAgents', inboxId: 1 });
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.email)).toEqual(['ops@acme.test', 'sam@acme.test']);
		expect(cw.calls({ method: 'GET', path: '/api/v1/accounts/1/inbox_members/1' })).toHaveLength(1);
	});

	test('add agents posts inbox_id and user_ids and returns the members after the change', async () => {
		const { items, error } = await run({ operation: 'addAgents', inboxId: 2, agentIds: [2, 3] });
		expect(error).toBeUndefined();
		expect(cw.calls({ method: 'POST', path: '/api/v1/accounts/1/inbox_members' })[0].body).toEqual({ inbox_id: 2, user_ids: [2, 3] });
		expect(items.map((i) => i.json.id)).toEqual([1, 2, 3]);
		expect(cw.state.inboxMembers[2]).toEqual([1, 2, 3]);
	});

	test('agent IDs from an expression may be a comma-separated string', async () => {
		const { error } = await run(
			{ operation: 'addAgents', inboxId: '={{ $json.inbox }}', agentIds: '={{ $json.agents }}' },
			{ input: [{ json: { inbox: 2, agents: '3, 3,2' } }] },
		);
		expect(error).toBeUndefined();
		expect(cw.calls({ method: 'POST' })[0].body).toEqual({ inbox_id: 2, user_ids: [3, 2] });
	});

	test('a bad agent ID is refused before any request', async () => {
		const { error } = await run({ operation: 'addAgents', inboxId: 1, agentIds: '={{ "2, abc" }}' });
		expect(error?.message).toBe('Agent IDs must be positive whole numbers, got "abc"');
		expect(cw.calls({ method: 'POST' })).toHaveLength(0);
	});

	test('remove agents sends DELETE with the body and returns a summary', async () => {
		const { items, error } = await run({ operation: 'removeAgents', inboxId: 1, agentIds: [2] });
		expect(error).toBeUndefined();
		const [del] = cw.calls({ method: 'DELETE', path: '/api/v1/accounts/1/inbox_members' });
		// The spec types inbox_id as a string on this route; Chatwoot accepts either.
		expect(del.body).toEqual({ inbox_id: '1', user_ids: [2] });
		expect(items.map((i) => i.json)).toEqual([{ success: true, inbox_id: 1, removed_user_ids: [2] }]);
		expect(cw.state.inboxMembers[1]).toEqual([1]);
	});

	test('several input items with pairedItem; continueOnFail keeps going past an unknown inbox', async () => {
		const input = [{ json: { inbox: 1 } }, { json: { inbox: 99 } }, { json: { inbox: 2 } }];
		const { items, error } = await run(
			{ operation: 'addAgents', inboxId: '={{ $json.inbox }}', agentIds: [3] },
			{ input, continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(items.map((i) => [i.json.id ?? i.json.error, i.pairedItem])).toEqual([
			[1, { item: 0 }],
			[2, { item: 0 }],
			[3, { item: 0 }],
			['The requested Chatwoot resource was not found', { item: 1 }],
			[1, { item: 2 }],
			[3, { item: 2 }],
		]);
	});

	test('without continueOnFail the first failure stops the run', async () => {
		const input = [{ json: { inbox: 2 } }, { json: { inbox: 99 } }, { json: { inbox: 1 } }];
		const { items, error } = await run({ operation: 'addAgents', inboxId: '={{ $json.inbox }}', agentIds: [3] }, { input });
		expect(items).toHaveLength(0);
		expect(error?.message).toBe('The requested Chatwoot resource was not found');
		expect(error?.httpCode).toBe('404');
		// Item 2 was never sent.
		expect(cw.calls({ method: 'POST' }).map((r) => (r.body as { inbox_id: number }).inbox_id)).toEqual([2, 99]);
	});
});

describe('pickers', () => {
	test('inbox and agent dropdowns load through getInboxes and getAgents', async () => {
		const properties = node.description.properties.filter((p) => p.displayOptions?.show?.resource?.includes('inbox'));
		const inbox = properties.find((p) => p.name === 'inboxId');
		const agents = properties.find((p) => p.name === 'agentIds');
		expect(inbox?.typeOptions?.loadOptionsMethod).toBe('getInboxes');
		expect(inbox?.displayName).toBe('Inbox Name or ID');
		expect(agents?.typeOptions?.loadOptionsMethod).toBe('getAgents');
		expect(agents?.displayName).toBe('Agent Names or IDs');
		expect(typeof (node.methods.loadOptions as Record<string, unknown>).getInboxes).toBe('function');
		expect(typeof (node.methods.loadOptions as Record<string, (this: ILoadOptionsFunctions) => unknown>).getAgents).toBe('function');
	});
});
