import type { FakeChatwoot } from '../server';
import type { Row } from '../state';

import { num } from './common';
import type { CrudSpec } from './crud';
import { invalid, registerCrud } from './crud';

/** Webhook::ALLOWED_WEBHOOK_EVENTS (Chatwoot 4.15.1 app/models/webhook.rb). */
const WEBHOOK_EVENTS = 'conversation_status_changed conversation_updated conversation_created contact_created contact_updated message_created message_updated webwidget_triggered inbox_created inbox_updated conversation_typing_on conversation_typing_off'.split(' ');
const ATTRIBUTE_MODELS = ['conversation_attribute', 'contact_attribute', 'company_attribute'];
const DISPLAY_TYPES = ['text', 'number', 'currency', 'percent', 'link', 'date', 'list', 'checkbox'];
const AUTOMATION_EVENTS = ['conversation_created', 'conversation_updated', 'conversation_opened', 'conversation_resolved', 'message_created'];

/** A Rails enum attribute assigned from a name or its integer (ActiveRecord::Enum); anything else raises ArgumentError → 500. */
function enumValue(names: string[], value: unknown): string | undefined {
	if (typeof value === 'number') return names[value];
	return names.includes(String(value)) ? String(value) : undefined;
}

/** automation_rules/partials/_automation_rule.json.jbuilder */
function automationView(r: Row): Row {
	return { id: r.id, account_id: r.account_id, name: r.name, description: r.description ?? null, event_name: r.event_name, conditions: r.conditions, actions: r.actions, created_on: Math.floor(Date.parse(String(r.created_at)) / 1000), active: r.active !== false };
}

/** The account's settings resources, each a Rails `resources` controller (app/controllers/api/v1/accounts/*). */
export function registerSettings(fake: FakeChatwoot) {
	const { state } = fake;
	// webhooks/_webhook.json.jbuilder
	const webhookView = (w: Row): Row => ({ id: w.id, name: w.name ?? null, url: w.url, account_id: w.account_id, subscriptions: w.subscriptions, secret: w.secret, ...(w.inbox_id ? { inbox: { id: w.inbox_id, name: state.inbox(num(w.inbox_id))?.name } } : {}) });
	const specs: CrudSpec[] = [
		{
			// LabelsController + labels/*.json.jbuilder; Label downcases the title.
			path: '/labels',
			rows: () => state.labels,
			actions: ['index', 'show', 'create', 'update', 'destroy'],
			wrap: 'label',
			permit: ['title', 'description', 'color', 'show_on_sidebar'],
			required: ['title'],
			unique: 'title',
			admin: ['show', 'create', 'update', 'destroy'],
			view: ({ id, title, description, color, show_on_sidebar }) => ({ id, title, description, color, show_on_sidebar }),
			list: (rows) => ({ payload: rows.map(({ id, title, description, color, show_on_sidebar }) => ({ id, title, description, color, show_on_sidebar })) }),
			prepare(fields) {
				if (typeof fields.title === 'string') fields.title = fields.title.toLowerCase();
				return typeof fields.title === 'string' && !/^[\p{L}\p{N}_-]+$/u.test(fields.title) ? invalid('title', 'is invalid') : undefined;
			},
		},
		{
			// CannedResponsesController: render json: record; index `search`.
			path: '/canned_responses',
			rows: () => state.cannedResponses,
			actions: ['index', 'create', 'update', 'destroy'],
			wrap: 'canned_response',
			permit: ['short_code', 'content'],
			required: ['short_code', 'content'],
			unique: 'short_code',
			filter: (rows, request) => {
				const search = String(request.query.search ?? '').toLowerCase();
				return search ? rows.filter((r) => `${r.short_code} ${r.content}`.toLowerCase().includes(search)) : rows;
			},
		},
		{
			// CustomAttributeDefinitionsController: enums as names in the view; index by attribute_model (none = all).
			path: '/custom_attribute_definitions',
			rows: () => state.customAttributeDefinitions,
			actions: ['index', 'show', 'create', 'update', 'destroy'],
			wrap: 'custom_attribute_definition',
			permit: ['attribute_display_name', 'attribute_description', 'attribute_display_type', 'attribute_key', 'attribute_model', 'regex_pattern', 'regex_cue', 'attribute_values'],
			required: ['attribute_display_name', 'attribute_key'],
			admin: ['create', 'update', 'destroy'],
			destroyStatus: 204,
			filter: (rows, request) => {
				const model = request.query.attribute_model;
				if (model === undefined || model === '') return rows;
				const name = enumValue(ATTRIBUTE_MODELS, /^\d+$/.test(String(model)) ? Number(model) : model);
				return rows.filter((r) => r.attribute_model === name);
			},
			prepare(fields, _params, existing) {
				for (const [key, names] of [['attribute_model', ATTRIBUTE_MODELS], ['attribute_display_type', DISPLAY_TYPES]] as const) {
					if (key in fields) {
						const name = enumValue(names, fields[key]);
						if (!name) return { status: 500, body: { error: `'${String(fields[key])}' is not a valid ${key}` } };
						fields[key] = name;
					}
				}
				if (!existing) {
					fields.attribute_model ??= 'conversation_attribute';
					fields.attribute_display_type ??= 'text';
					if (typeof fields.attribute_key === 'string' && !/^[\p{L}\p{N}_.-]+$/u.test(fields.attribute_key)) return invalid('attribute_key', 'is invalid');
				}
				return undefined;
			},
		},
		{
			// CustomFiltersController: records of the token's user; index by filter_type (default conversation).
			path: '/custom_filters',
			rows: () => state.customFilters,
			actions: ['index', 'show', 'create', 'update', 'destroy'],
			wrap: 'custom_filter',
			permit: ['name', 'filter_type', 'query'],
			required: ['name', 'query'],
			destroyStatus: 204,
			view: ({ id, name, filter_type, query, created_at, updated_at }) => ({ id, name, filter_type, query, created_at, updated_at }),
			filter: (rows, request) => (request.method === 'GET' && !/\d+$/.test(request.path) ? rows.filter((r) => r.filter_type === String(request.query.filter_type ?? 'conversation')) : rows),
			prepare(fields, _params, existing) {
				if ('filter_type' in fields && !['conversation', 'contact', 'report'].includes(String(fields.filter_type))) return { status: 500, body: { error: `'${String(fields.filter_type)}' is not a valid filter_type` } };
				if (!existing) fields.filter_type ??= 'conversation';
				return undefined;
			},
		},
		{
			// AutomationRulesController: top-level params, {payload: …} envelopes; conditions/actions validated by AutomationRule.
			path: '/automation_rules',
			rows: () => state.automationRules,
			actions: ['index', 'show', 'create', 'update', 'destroy'],
			permit: ['name', 'description', 'event_name', 'active', 'conditions', 'actions'],
			required: ['name', 'event_name'],
			admin: ['index', 'show', 'create', 'update', 'destroy'],
			list: (rows) => ({ payload: rows.map(automationView) }),
			one: (row) => ({ payload: automationView(row) }),
			created: automationView,
			prepare(fields, _params, existing) {
				if ('event_name' in fields && !AUTOMATION_EVENTS.includes(String(fields.event_name))) return invalid('event_name', 'is not supported');
				const conditions = (fields.conditions ?? existing?.conditions) as Row[] | undefined;
				if (!existing && conditions === undefined) return { status: 500, body: { error: 'PG::NotNullViolation: null value in column "conditions"' } };
				if ((conditions ?? []).filter((c) => c.query_operator === null || c.query_operator === undefined).length > 1) {
					return { status: 422, body: { error: { conditions: ['Automation conditions should have query operator.'] } } };
				}
				return undefined;
			},
		},
		{
			// WebhooksController: admins only; {payload: {webhooks}} / {payload: {webhook}}.
			path: '/webhooks',
			rows: () => state.webhooks,
			actions: ['index', 'create', 'update', 'destroy'],
			wrap: 'webhook',
			permit: ['inbox_id', 'name', 'url', 'subscriptions'],
			required: ['url'],
			unique: 'url',
			admin: ['index', 'create', 'update', 'destroy'],
			list: (rows) => ({ payload: { webhooks: rows.map(webhookView) } }),
			one: (row) => ({ payload: { webhook: webhookView(row) } }),
			prepare(fields, _params, existing) {
				if ('url' in fields && !/^https?:\/\/\S+$/.test(String(fields.url))) return invalid('url', 'is invalid');
				const subscriptions = (fields.subscriptions ?? existing?.subscriptions) as unknown;
				if (!Array.isArray(subscriptions) || subscriptions.length === 0 || subscriptions.some((e) => !WEBHOOK_EVENTS.includes(String(e)))) return invalid('subscriptions', 'Invalid events');
				if (!existing) fields.secret = `whsec${state.nextId('record')}x7Hq2Lp9Vt4Rk1Zm`;
				return undefined;
			},
		},
		{
			// SlaPoliciesController (Enterprise): {payload: […]}.
			path: '/sla_policies',
			rows: () => state.slaPolicies,
			actions: ['index'],
			permit: [],
			list: (rows) => ({ payload: rows }),
		},
	];
	for (const spec of specs) registerCrud(fake, spec);
}
