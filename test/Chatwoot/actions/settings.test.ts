import type { Row } from '../../servers/chatwoot/state';
import type { FakeChatwoot } from '../../servers/chatwoot/server';

import { chatwootSuite } from './suite';

/**
 * The account-level resources generated from data (actions/resource.ts): each one's
 * create → get → update → get many → delete in workflow runs, with the request bodies
 * Chatwoot's controllers permit and the answers its views give (Chatwoot 4.15.1).
 */
interface Case {
	resource: string;
	path: string;
	idParam: string;
	rows: (cw: FakeChatwoot) => Row[];
	/** Operation values when they are not the CRUD names (help center, integrations). */
	ops?: Partial<Record<'create' | 'get' | 'update' | 'getAll' | 'delete', string>>;
	create: Record<string, unknown>;
	createBody: Row;
	created: Row;
	update: Row;
	updateBody: Row;
	updated: Row;
	getAll?: Record<string, unknown>;
	getAllQuery?: Row;
	/** Kept out of every item. */
	hidden?: string[];
	parents?: Record<string, unknown>;
	skip?: Array<'get' | 'delete'>;
}

const CASES: Case[] = [
	{
		resource: 'label',
		path: '/labels',
		idParam: 'labelId',
		rows: (cw) => cw.state.labels,
		create: { title: 'Refund-Request', additionalFields: { description: 'Asks for money back', color: '#123456', show_on_sidebar: false } },
		createBody: { title: 'Refund-Request', description: 'Asks for money back', color: '#123456', show_on_sidebar: false },
		// Label#title is stored in lowercase.
		created: { title: 'refund-request', description: 'Asks for money back', show_on_sidebar: false },
		update: { description: 'Money back' },
		updateBody: { description: 'Money back' },
		updated: { title: 'refund-request', description: 'Money back' },
	},
	{
		resource: 'cannedResponse',
		path: '/canned_responses',
		idParam: 'cannedResponseId',
		rows: (cw) => cw.state.cannedResponses,
		create: { short_code: 'bye', content: 'Goodbye, {{contact.name}}!' },
		createBody: { short_code: 'bye', content: 'Goodbye, {{contact.name}}!' },
		created: { short_code: 'bye', content: 'Goodbye, {{contact.name}}!', account_id: 1 },
		update: { content: 'See you!' },
		updateBody: { content: 'See you!' },
		updated: { short_code: 'bye', content: 'See you!' },
		getAll: { filters: { search: 'bye' } },
		getAllQuery: { search: 'bye' },
		skip: ['get'],
	},
	{
		resource: 'customAttribute',
		path: '/custom_attribute_definitions',
		idParam: 'customAttributeId',
		rows: (cw) => cw.state.customAttributeDefinitions,
		create: { attribute_display_name: 'Tier', attribute_key: 'tier', attribute_model: '1', attribute_display_type: 6, additionalFields: { attribute_values: 'gold, silver, gold' } },
		// The enums travel as integers (the spec's types); Chatwoot answers with their names.
		createBody: { attribute_display_name: 'Tier', attribute_key: 'tier', attribute_model: 1, attribute_display_type: 6, attribute_values: ['gold', 'silver'] },
		created: { attribute_key: 'tier', attribute_model: 'contact_attribute', attribute_display_type: 'list', attribute_values: ['gold', 'silver'] },
		update: { attribute_display_type: 0, regex_pattern: '^[a-z]+$' },
		updateBody: { attribute_display_type: 0, regex_pattern: '^[a-z]+$' },
		updated: { attribute_display_type: 'text', regex_pattern: '^[a-z]+$' },
		getAll: { filters: { attribute_model: '1' } },
		getAllQuery: { attribute_model: '1' },
	},
	{
		resource: 'customFilter',
		path: '/custom_filters',
		idParam: 'customFilterId',
		rows: (cw) => cw.state.customFilters,
		create: { name: 'Open VIP', filter_type: 'conversation', query: '{"payload": [{"attribute_key": "labels", "filter_operator": "equal_to", "values": ["vip"], "query_operator": null}]}' },
		createBody: { name: 'Open VIP', filter_type: 'conversation', query: { payload: [{ attribute_key: 'labels', filter_operator: 'equal_to', values: ['vip'], query_operator: null }] } },
		created: { name: 'Open VIP', filter_type: 'conversation' },
		update: { name: 'VIP' },
		updateBody: { name: 'VIP' },
		updated: { name: 'VIP' },
	},
	{
		resource: 'webhook',
		path: '/webhooks',
		idParam: 'webhookId',
		rows: (cw) => cw.state.webhooks,
		create: { url: 'https://crm.example.com/chatwoot', subscriptions: ['message_created'], additionalFields: { name: 'CRM', inbox_id: 1 } },
		createBody: { url: 'https://crm.example.com/chatwoot', subscriptions: ['message_created'], name: 'CRM', inbox_id: 1 },
		created: { url: 'https://crm.example.com/chatwoot', name: 'CRM', inbox: { id: 1, name: 'API Bridge' } },
		update: { subscriptions: ['conversation_created', 'inbox_updated'] },
		updateBody: { subscriptions: ['conversation_created', 'inbox_updated'] },
		updated: { subscriptions: ['conversation_created', 'inbox_updated'] },
		hidden: ['secret'],
		skip: ['get'],
	},
	{
		resource: 'automationRule',
		path: '/automation_rules',
		idParam: 'automationRuleId',
		rows: (cw) => cw.state.automationRules,
		create: {
			name: 'Refunds to billing',
			event_name: 'conversation_opened',
			conditions: '[{"attribute_key": "content", "filter_operator": "contains", "values": ["refund"], "query_operator": null}]',
			actions: [{ action_name: 'assign_team', action_params: [1] }],
			additionalFields: { description: 'Routes refunds' },
		},
		createBody: {
			name: 'Refunds to billing',
			event_name: 'conversation_opened',
			conditions: [{ attribute_key: 'content', filter_operator: 'contains', values: ['refund'], query_operator: null }],
			actions: [{ action_name: 'assign_team', action_params: [1] }],
			description: 'Routes refunds',
		},
		created: { name: 'Refunds to billing', event_name: 'conversation_opened', active: true },
		update: { active: false },
		updateBody: { active: false },
		updated: { active: false },
	},
	{
		resource: 'team',
		path: '/teams',
		idParam: 'teamId',
		rows: (cw) => cw.state.teams,
		create: { name: 'Sales', additionalFields: { allow_auto_assign: false } },
		createBody: { name: 'Sales', allow_auto_assign: false },
		created: { name: 'sales', allow_auto_assign: false, is_member: false },
		update: { description: 'Leads and deals' },
		updateBody: { description: 'Leads and deals' },
		updated: { name: 'sales', description: 'Leads and deals' },
	},
	{
		resource: 'agent',
		path: '/agents',
		idParam: 'agentId',
		rows: (cw) => cw.state.agents,
		create: { name: 'Nina New', email: 'nina@acme.test', role: 'agent', additionalFields: { availability: 'busy', auto_offline: false } },
		createBody: { name: 'Nina New', email: 'nina@acme.test', role: 'agent', availability: 'busy', auto_offline: false },
		created: { name: 'Nina New', email: 'nina@acme.test', role: 'agent', availability_status: 'busy', auto_offline: false },
		// The spec requires role on update; AgentsController#update does not.
		update: { name: 'Nina Novak' },
		updateBody: { name: 'Nina Novak' },
		updated: { name: 'Nina Novak', role: 'agent' },
		skip: ['get'],
	},
	{
		resource: 'integration',
		path: '/integrations/hooks',
		idParam: 'hookId',
		rows: (cw) => cw.state.hooks,
		ops: { create: 'createHook', update: 'updateHook', delete: 'deleteHook', getAll: 'getApps' },
		create: { app_id: 'dialogflow', additionalFields: { inbox_id: 1, settings: '{"project_id": "acme-bot"}' } },
		createBody: { app_id: 'dialogflow', inbox_id: 1, settings: { project_id: 'acme-bot' } },
		created: { app_id: 'dialogflow', status: true, hook_type: 'inbox', inbox: { id: 1, name: 'API Bridge' }, settings: { project_id: 'acme-bot' } },
		update: { status: 0 },
		updateBody: { status: 0 },
		updated: { status: false },
		skip: ['get'],
	},
	{
		resource: 'helpCenter',
		path: '/portals',
		idParam: 'portalSlug',
		rows: (cw) => cw.state.portals,
		ops: { create: 'createPortal', update: 'updatePortal', getAll: 'getPortals' },
		create: { name: 'Handbook', slug: 'handbook', additionalFields: { allowed_locales: 'en, de', default_locale: 'de', color: '#0055AA' } },
		createBody: { name: 'Handbook', slug: 'handbook', color: '#0055AA', config: { allowed_locales: ['en', 'de'], default_locale: 'de' } },
		created: { name: 'Handbook', slug: 'handbook', config: { allowed_locales: [{ code: 'en' }, { code: 'de' }], default_locale: 'de' } },
		update: { archived: true, header_text: 'How can we help?' },
		updateBody: { archived: true, header_text: 'How can we help?' },
		updated: { archived: true, header_text: 'How can we help?' },
		skip: ['get', 'delete'],
	},
];

const suite = chatwootSuite('label');

describe.each(CASES)('$resource', (c) => {
	const base = `/api/v1/accounts/1${c.path}`;
	const op = (kind: 'create' | 'get' | 'update' | 'getAll' | 'delete') => c.ops?.[kind] ?? kind;
	const run = (parameters: Record<string, unknown>) => suite.run({ resource: c.resource, accountId: 1, ...c.parents, ...parameters });
	const hiddenIn = (record: Row) => (c.hidden ?? []).filter((key) => key in record);

	test('create, get, update, get many and delete in workflow runs', async () => {
		const { cw } = suite;
		const before = c.rows(cw).length;
		const created = await run({ operation: op('create'), ...c.create });
		expect(created.error).toBeUndefined();
		expect(cw.calls({ method: 'POST', path: base })[0].body).toEqual(c.createBody);
		expect(created.items[0].json).toMatchObject(c.created);
		expect(hiddenIn(created.items[0].json)).toEqual([]);
		expect(c.rows(cw)).toHaveLength(before + 1);
		const record = c.rows(cw)[c.rows(cw).length - 1];
		const id = c.idParam === 'portalSlug' ? record.slug : record.id;

		if (!c.skip?.includes('get')) {
			const got = await run({ operation: op('get'), [c.idParam]: id });
			expect(got.error).toBeUndefined();
			expect(got.items[0].json).toMatchObject(c.created);
		}

		const updated = await run({ operation: op('update'), [c.idParam]: id, updateFields: c.update });
		expect(updated.error).toBeUndefined();
		expect(cw.calls({ method: 'PATCH' })[0].body).toEqual(c.updateBody);
		expect(updated.items[0].json).toMatchObject(c.updated);

		const listed = await run({ operation: op('getAll'), returnAll: true, ...c.getAll });
		expect(listed.error).toBeUndefined();
		expect(listed.items.length).toBeGreaterThan(0);
		for (const item of listed.items) expect(hiddenIn(item.json)).toEqual([]);
		if (c.getAllQuery) expect(cw.calls({ method: 'GET', path: base })[0].query).toMatchObject(c.getAllQuery);

		if (!c.skip?.includes('delete')) {
			const deleted = await run({ operation: op('delete'), [c.idParam]: id });
			expect(deleted.error).toBeUndefined();
			expect(deleted.items[0].json).toEqual({ id, deleted: true });
			expect(c.rows(cw)).toHaveLength(before);
		}
	});

	test('Limit cuts the list; update without fields and create without a required field are refused before any request', async () => {
		const { cw } = suite;
		await run({ operation: op('create'), ...c.create });
		const limited = await run({ operation: op('getAll'), returnAll: false, limit: 1, ...c.getAll });
		expect(limited.items).toHaveLength(1);

		const writes = () => cw.requests.filter((r) => r.method !== 'GET').length;
		const sent = writes();
		const empty = await run({ operation: op('update'), [c.idParam]: c.idParam === 'portalSlug' ? 'handbook' : 1, updateFields: {} });
		expect(empty.error?.message).toBe('Add at least one field to update');
		const [required] = Object.keys(c.create).filter((k) => k !== 'additionalFields');
		// An expression that comes out empty (an empty literal is refused by n8n itself as a parameter issue).
		const missing = await run({ operation: op('create'), ...c.create, [required]: '={{ "" }}' });
		expect(missing.error?.message).toMatch(/^Enter /);
		expect(writes()).toBe(sent);
	});
});

describe('roles', () => {
	test.each([
		['label', 'create', { title: 'vip2' }, 'create a label'],
		['webhook', 'getAll', { returnAll: true }, 'get many webhooks'],
		['automationRule', 'getAll', { returnAll: true }, 'get many automation rules'],
		['team', 'delete', { teamId: 2 }, 'delete a team'],
		['agent', 'create', { name: 'X', email: 'x@acme.test', role: 'agent' }, 'add an agent'],
		['account', 'update', { updateFields: { name: 'Renamed' } }, 'update the account'],
	])('%s → %s by an agent: Chatwoot refuses, the error says an administrator token is needed', async (resource, operation, parameters, what) => {
		suite.cw.state.accounts[0].role = 'agent';
		const { error } = await suite.run({ resource, operation, accountId: 1, ...parameters });
		expect(error?.httpCode).toBe('401');
		expect(error?.message).toBe(`Only administrators may ${what} in Chatwoot`);
		expect(error?.description).toMatch(/access token of an administrator/);
	});
});
