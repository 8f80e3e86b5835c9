import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readFileSync } from 'fs';
import { join } from 'path';

/**
 * Validates requests against Chatwoot's own OpenAPI contract
 * (./chatwoot-swagger.json, v4.15.1; see ./README.md): the route and method must
 * exist, the auth header must be present where the operation declares security,
 * required path/query parameters must be there with valid values, and the body
 * must match the request schema for its content type.
 */
export const SPEC_PATH = join(__dirname, 'chatwoot-swagger.json');

interface Operation {
	operationId?: string;
	parameters?: Array<Record<string, unknown>>;
	requestBody?: { required?: boolean; content?: Record<string, { schema?: Record<string, unknown> }> };
	security?: Array<Record<string, unknown>>;
}

interface Route {
	method: string;
	template: string;
	regex: RegExp;
	names: string[];
	literalSegments: number;
	operation: Operation;
	drift?: string;
}

export interface ContractRequest {
	method: string;
	path: string;
	query: Record<string, unknown>;
	headers: Record<string, string | string[] | undefined>;
	contentType?: string;
	/** Parsed JSON body, or multipart fields (files as `{ fileName, size }`). */
	body?: unknown;
}

/**
 * Where Chatwoot's code and the spec disagree, we follow the code (see
 * Chatwoot 4.15.1's config/routes.rb and controllers). Each entry is a route the code serves
 * but the spec lacks; its operation is the minimum the code requires.
 */
export const DRIFT_ROUTES: Array<{ method: string; template: string; reason: string; operation: Operation }> = [
	{
		method: 'PATCH',
		template: '/api/v1/accounts/{account_id}/conversations/{conversation_id}/messages/{message_id}',
		reason: 'Message status update (API inboxes) is routed in Chatwoot but missing from the spec',
		operation: {
			security: [{ userApiKey: [] }],
			requestBody: {
				required: true,
				content: {
					'application/json': {
						schema: {
							type: 'object',
							required: ['status'],
							properties: {
								status: { type: 'string', enum: ['sent', 'delivered', 'read', 'failed'] },
								external_error: { type: 'string' },
							},
							additionalProperties: false,
						},
					},
				},
			},
		},
	},
	{
		method: 'PATCH',
		template: '/api/v1/accounts/{account_id}/contacts/{id}',
		reason: 'Contacts update also answers PATCH in Chatwoot; the spec lists PUT only',
		operation: { security: [{ userApiKey: [] }] },
	},
	{
		method: 'DELETE',
		template: '/api/v1/accounts/{account_id}/inboxes/{id}',
		reason: 'Inbox deletion is routed in Chatwoot but missing from the spec',
		operation: { security: [{ userApiKey: [] }] },
	},
	{
		method: 'GET',
		template: '/api/v1/accounts/{account_id}/portals/{portal_id}/categories',
		reason: 'Help Center categories are listed by CategoriesController#index (resources :categories in config/routes.rb); the spec has only create. Used by the category pickers.',
		operation: { security: [{ userApiKey: [] }] },
	},
	{
		method: 'GET',
		template: '/api/v1/accounts/{account_id}/sla_policies',
		reason: 'SLA policies (Enterprise, enterprise/app/controllers/api/v1/accounts/sla_policies_controller.rb) are routed but missing from the spec; used by the SLA policy picker of Conversation → Update.',
		operation: { security: [{ userApiKey: [] }] },
	},
	{
		method: 'GET',
		template: '/platform/api/v1/accounts',
		reason: 'Platform AccountsController#index (resources :accounts, only: [:index, …]) is routed in Chatwoot but missing from the spec: the accounts of the platform app; Chatwoot Platform → Account → Get Many and the account pickers.',
		operation: { security: [{ platformAppApiKey: [] }] },
	},
	{
		method: 'GET',
		template: '/api/v2/accounts/{account_id}/summary_reports/label',
		reason: 'SummaryReportsController#label (LabelSummaryBuilder) is routed in Chatwoot (summary_reports collection `get :label`) but missing from the spec; Report → Get Label Summary.',
		operation: { security: [{ userApiKey: [] }] },
	},
	{
		method: 'GET',
		template: '/api/v1/accounts/{account_id}/csat_survey_responses',
		reason: 'CsatSurveyResponsesController#index (resources :csat_survey_responses) is routed in Chatwoot but missing from the spec; Report → Get CSAT Responses.',
		operation: { security: [{ userApiKey: [] }] },
	},
	{
		method: 'GET',
		template: '/api/v1/accounts/{account_id}/csat_survey_responses/metrics',
		reason: 'CsatSurveyResponsesController#metrics is routed in Chatwoot but missing from the spec; Report → Get CSAT Metrics.',
		operation: { security: [{ userApiKey: [] }] },
	},
	{
		method: 'GET',
		template: '/rails/active_storage/blobs/redirect/{signed_id}/{filename}',
		reason: "Message → Download Attachments: an attachment's data_url is url_for(file) (Attachment#file_metadata, Chatwoot 4.15.1), ActiveStorage's blob redirect route (Rails, not the Chatwoot API): a signed id, no token, answered with a redirect to the storage service",
		operation: {},
	},
	{
		method: 'POST',
		template: '/api/v1/accounts/{account_id}/agent_bots/{id}/reset_access_token',
		reason: 'Agent Bot → Reset Access Token: routed in Chatwoot 4.15.1 (config/routes.rb `post :reset_access_token, on: :member` under agent_bots; AgentBotsController#reset_access_token renders the bot) but missing from the spec; no body',
		operation: { security: [{ userApiKey: [] }] },
	},
	{
		method: 'POST',
		template: '/api/v1/accounts/{account_id}/conversations/{conversation_id}/labels',
		reason: 'Listed in the spec too; kept here only as documentation of replace semantics',
		operation: { security: [{ userApiKey: [] }] },
	},
];

/**
 * Operations the spec has, where Chatwoot's code accepts other parameters or bodies.
 * `patch` edits the operation (its resolved body schema or its parameters) in place.
 */
const SCHEMA_DRIFT: Array<{ method: string; template: string; reason: string; patch: (operation: Operation, body: (contentType?: string) => Record<string, unknown>) => void }> = [
	{
		method: 'PATCH',
		template: '/api/v1/accounts/{account_id}/agents/{id}',
		reason: 'AgentsController#update updates name, role, availability, auto_offline each only when sent (`.compact`); `role` is not required (app/controllers/api/v1/accounts/agents_controller.rb)',
		patch: (_operation, body) => {
			const schema = body();
			schema.required = ((schema.required as string[] | undefined) ?? []).filter((key) => key !== 'role');
			(schema.properties as Record<string, unknown>).name = { type: 'string' };
		},
	},
	{
		method: 'GET',
		template: '/api/v1/accounts/{account_id}/custom_attribute_definitions',
		reason: '`attribute_model` is optional (the with_attribute_model scope returns every definition for nil) and takes the enum names as well as 0/1 (app/models/custom_attribute_definition.rb)',
		patch: (operation) => {
			const parameter = (operation.parameters ?? []).find((p) => p.name === 'attribute_model') as { required?: boolean; schema?: { enum?: string[] } } | undefined;
			if (!parameter) return;
			parameter.required = false;
			parameter.schema = { ...parameter.schema, enum: ['0', '1', '2', 'conversation_attribute', 'contact_attribute', 'company_attribute'] };
		},
	},
	...['POST', 'PATCH'].map((method) => ({
		method,
		template: method === 'POST' ? '/api/v1/accounts/{account_id}/custom_filters' : '/api/v1/accounts/{account_id}/custom_filters/{custom_filter_id}',
		reason: 'CustomFiltersController#permitted_payload permits `filter_type`, not the spec\'s `type` (app/controllers/api/v1/accounts/custom_filters_controller.rb)',
		patch: (_operation: Operation, body: (contentType?: string) => Record<string, unknown>) => {
			(body().properties as Record<string, unknown>).filter_type = { type: 'string', enum: ['conversation', 'contact', 'report'] };
		},
	})),
	...['/api/v1/accounts/{account_id}/contacts', '/api/v1/accounts/{account_id}/contacts/search'].map((template) => ({
		method: 'GET',
		template,
		reason: 'ContactsController sorts on created_at, company_name, city and country too (`sort_on` in app/controllers/api/v1/accounts/contacts_controller.rb)',
		patch: (operation: Operation) => {
			const parameter = (operation.parameters ?? []).find((p) => p.name === 'sort') as { schema?: { enum?: string[] } } | undefined;
			const keys = ['name', 'email', 'phone_number', 'last_activity_at', 'created_at', 'company_name', 'city', 'country'];
			if (parameter) parameter.schema = { ...parameter.schema, enum: [...keys, ...keys.map((k) => `-${k}`)] };
		},
	})),
	{
		method: 'GET',
		template: '/survey/responses/{conversation_uuid}',
		reason: "The survey page is addressed by the conversation's uuid (Conversation#uuid, Survey::ResponsesController), not an integer",
		patch: (operation) => {
			const parameter = (operation.parameters ?? []).find((p) => p.name === 'conversation_uuid') as { schema?: unknown } | undefined;
			if (parameter) parameter.schema = { type: 'string', format: 'uuid' };
		},
	},
	{
		method: 'POST',
		template: '/api/v1/accounts/{account_id}/contacts/{id}/contact_inboxes',
		reason: 'Contacts::ContactInboxesController passes `hmac_verified` (HmacConcern#hmac_verified?) to ContactInboxBuilder; the spec lists inbox_id and source_id only',
		patch: (_operation, body) => {
			(body().properties as Record<string, unknown>).hmac_verified = { type: 'boolean' };
		},
	},
	{
		method: 'POST',
		template: '/api/v1/accounts/{account_id}/integrations/hooks',
		reason: 'Integration app ids are strings such as "dialogflow" or "openai" (Integrations::App, config/integration/apps.yml; integrations_hooks.app_id is a string column), not integers',
		patch: (_operation, body) => {
			(body().properties as Record<string, unknown>).app_id = { type: 'string' };
		},
	},
];

/**
 * Content types Chatwoot's code accepts where the spec lists JSON only: the public
 * messages controller reads `attachments[]` from multipart/form-data
 * (Public::Api::V1::Inboxes::MessagesController#create, `params[:attachments]`).
 */
const CONTENT_TYPE_DRIFT: Array<{ method: string; template: string; contentType: string; schema: Record<string, unknown> }> = [
	{
		method: 'POST',
		template: '/public/api/v1/inboxes/{inbox_identifier}/contacts/{contact_identifier}/conversations/{conversation_id}/messages',
		contentType: 'multipart/form-data',
		schema: {
			type: 'object',
			properties: {
				content: { type: 'string' },
				echo_id: { type: 'string' },
				'attachments[]': { type: 'array', items: { type: 'string', format: 'binary' } },
			},
			additionalProperties: false,
		},
	},
];

/**
 * Header names: the spec names the security scheme's header `api_access_token`. HTTP
 * header names are case-insensitive, and Rack maps `-` and `_` to the same env key,
 * so Chatwoot reads `Api-Access-Token` and `api_access_token` alike:
 * `request.headers[:HTTP_API_ACCESS_TOKEN]` in app/controllers/concerns/access_token_auth_helper.rb
 * (4.15.1 = 97bb8ecd3). This package sends `Api-Access-Token`, the spelling nginx does
 * not drop (it drops names with underscores unless `underscores_in_headers on`).
 * Node's HTTP server lowercases names and keeps `_`, so both spellings are looked up.
 */
export const HEADER_DRIFT: Record<string, string[]> = {
	api_access_token: ['api_access_token', 'api-access-token'],
};

/** The value of a spec-named header, under any spelling Chatwoot accepts for it. */
export function specHeader(headers: ContractRequest['headers'], specName: string): string | undefined {
	for (const name of HEADER_DRIFT[specName] ?? [specName.toLowerCase()]) {
		const value = headers[name];
		if (typeof value === 'string' && value !== '') return value;
	}
	return undefined;
}

/**
 * Fields Chatwoot's code accepts as null although the spec types them as numbers:
 * `assignments` with `assignee_id: null` / `team_id: null` unassigns
 * (Conversations::AssignmentsController finds no user/team and clears it);
 * `set_agent_bot` with `agent_bot: null` disconnects the inbox's bot
 * (InboxesController#set_agent_bot destroys the agent_bot_inbox; the spec's own
 * description says "to remove agent bot from an inbox pass null").
 */
const NULLABLE_DRIFT = ['assignee_id', 'team_id', 'agent_bot'];

/** Schema fields where the spec's enum is narrower than what Chatwoot's code accepts. */
const ENUM_DRIFT: Record<string, Array<string | null>> = {
	// Conversation#toggle_priority(priority) stores `priority.presence`: null clears it,
	// while the spec's "none" is not a value of the priority enum (app/controllers/api/v1/accounts/conversations_controller.rb#toggle_priority)
	priority: ['urgent', 'high', 'medium', 'low', 'none', null],
	// AutomationRuleListener handles conversation_opened and conversation_resolved too (app/listeners/automation_rule_listener.rb)
	event_name: ['conversation_created', 'conversation_updated', 'conversation_opened', 'conversation_resolved', 'message_created'],
	// lib/filters/filter_keys.yml accepts more operators than the spec's four
	filter_operator: [
		'equal_to',
		'not_equal_to',
		'contains',
		'does_not_contain',
		'is_present',
		'is_not_present',
		'is_greater_than',
		'is_less_than',
		'days_before',
		'starts_with',
	],
};

export class ChatwootContract {
	readonly spec: Record<string, unknown>;
	private readonly routes: Route[] = [];
	private readonly ajv: Ajv2020;
	private readonly compiled = new Map<string, ReturnType<Ajv2020['compile']>>();

	constructor(specPath = SPEC_PATH) {
		this.spec = JSON.parse(readFileSync(specPath, 'utf8')) as Record<string, unknown>;
		this.widenEnums(this.spec);
		this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
		addFormats(this.ajv);
		this.ajv.addSchema({ ...this.spec, $id: 'chatwoot-spec' } as never, 'chatwoot-spec');
		const paths = this.spec.paths as Record<string, Record<string, Operation>>;
		for (const [template, item] of Object.entries(paths)) {
			const shared = ((item as Record<string, unknown>).parameters ?? []) as Array<Record<string, unknown>>;
			for (const [method, operation] of Object.entries(item)) {
				if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
				this.addRoute(method.toUpperCase(), template, { ...operation, parameters: [...shared, ...(operation.parameters ?? [])] });
			}
		}
		for (const drift of CONTENT_TYPE_DRIFT) {
			const route = this.routes.find((r) => r.method === drift.method && r.template === drift.template);
			const body = route && (this.resolve(route.operation.requestBody) as Operation['requestBody']);
			if (body?.content && !body.content[drift.contentType]) body.content[drift.contentType] = { schema: drift.schema };
		}
		for (const drift of SCHEMA_DRIFT) {
			const route = this.routes.find((r) => r.method === drift.method && r.template === drift.template);
			if (!route) throw new Error(`SCHEMA_DRIFT: no operation ${drift.method} ${drift.template} in the spec`);
			route.operation = { ...route.operation, parameters: (route.operation.parameters ?? []).map((p) => ({ ...this.resolve(p) })) };
			drift.patch(route.operation, (contentType = 'application/json') => {
				const requestBody = structuredClone(this.resolve(route.operation.requestBody)) as NonNullable<Operation['requestBody']>;
				const media = requestBody.content![contentType];
				media.schema = structuredClone(this.resolve(media.schema)) as Record<string, unknown>;
				route.operation.requestBody = requestBody;
				return media.schema;
			});
		}
		for (const drift of DRIFT_ROUTES) {
			if (!this.routes.some((r) => r.method === drift.method && r.template === drift.template)) {
				this.addRoute(drift.method, drift.template, drift.operation, drift.reason);
			}
		}
	}

	private widenEnums(node: unknown) {
		if (!node || typeof node !== 'object') return;
		for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
			if (NULLABLE_DRIFT.includes(key) && value && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string') {
				(value as { type: unknown }).type = [(value as { type: string }).type, 'null'];
			}
			// Webhook::ALLOWED_WEBHOOK_EVENTS has 12 names; the spec's enum lists 10 (§8).
			const items = key === 'subscriptions' && value && typeof value === 'object' ? (value as { items?: { enum?: string[] } }).items : undefined;
			if (items && Array.isArray(items.enum)) {
				for (const event of ['inbox_created', 'inbox_updated']) if (!items.enum.includes(event)) items.enum.push(event);
			}
			if (ENUM_DRIFT[key] && value && typeof value === 'object' && Array.isArray((value as { enum?: unknown }).enum)) {
				(value as { enum: unknown[] }).enum = ENUM_DRIFT[key];
				if (ENUM_DRIFT[key].includes(null) && typeof (value as { type?: unknown }).type === 'string') {
					(value as { type: unknown }).type = [(value as { type: string }).type, 'null'];
				}
			}
			this.widenEnums(value);
		}
	}

	private addRoute(method: string, template: string, operation: Operation, drift?: string) {
		const names: string[] = [];
		const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_m, name: string) => {
			names.push(name);
			return '([^/]+)';
		});
		const literalSegments = template.split('/').filter((s) => s && !s.startsWith('{')).length;
		this.routes.push({ method, template, regex: new RegExp(`^${pattern}/?$`), names, literalSegments, operation, drift });
	}

	private resolve<T>(node: T): T {
		const ref = (node as { $ref?: string })?.$ref;
		if (!ref) return node;
		const parts = ref.replace(/^#\//, '').split('/');
		let current: unknown = this.spec;
		for (const part of parts) current = (current as Record<string, unknown>)[part];
		return current as T;
	}

	match(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
		const candidates = this.routes
			.filter((r) => r.method === method.toUpperCase() && r.regex.test(path))
			// Rails ignores a trailing slash, the spec does not (…/reports/conversations and …/reports/conversations/ are two operations): the template that ends as the path does wins.
			.sort((a, b) => b.literalSegments - a.literalSegments || Number(b.template.endsWith('/') === path.endsWith('/')) - Number(a.template.endsWith('/') === path.endsWith('/')));
		const route = candidates[0];
		if (!route) return undefined;
		const values = route.regex.exec(path)!.slice(1);
		return { route, params: Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(values[i])])) };
	}

	private validator(key: string, schema: Record<string, unknown>) {
		let validate = this.compiled.get(key);
		if (!validate) {
			const rewritten = JSON.parse(
				JSON.stringify(schema).replace(/"\$ref":"#\//g, '"$ref":"chatwoot-spec#/'),
			) as Record<string, unknown>;
			validate = this.ajv.compile(rewritten);
			this.compiled.set(key, validate);
		}
		return validate;
	}

	/** Returns contract violations for one request (empty when it conforms). */
	validate(request: ContractRequest): string[] {
		const where = `${request.method} ${request.path}`;
		const matched = this.match(request.method, request.path);
		if (!matched) return [`${where}: no such operation in the Chatwoot contract`];
		const { route, params } = matched;
		const { operation } = route;
		const problems: string[] = [];

		const needsToken = (operation.security ?? []).some((s) =>
			Object.keys(s).some((k) => ['userApiKey', 'agentBotApiKey', 'platformAppApiKey'].includes(k)),
		);
		if (needsToken && !specHeader(request.headers, 'api_access_token')) problems.push(`${where}: missing api_access_token header`);
		if (request.headers.authorization) problems.push(`${where}: sends an Authorization header Chatwoot ignores`);

		for (const raw of operation.parameters ?? []) {
			const parameter = this.resolve(raw) as { in: string; name: string; required?: boolean; schema?: Record<string, unknown> };
			const value = parameter.in === 'path' ? params[parameter.name] : parameter.in === 'query' ? request.query[parameter.name] : undefined;
			if (parameter.in !== 'path' && parameter.in !== 'query') continue;
			if (value === undefined || value === '') {
				if (parameter.required) problems.push(`${where}: missing required ${parameter.in} parameter "${parameter.name}"`);
				continue;
			}
			if (parameter.schema) {
				const schema = this.resolve(parameter.schema) as Record<string, unknown>;
				const coerced = schema.type === 'integer' || schema.type === 'number' ? Number(value) : value;
				if ((schema.type === 'integer' && !Number.isInteger(coerced)) || (schema.type === 'number' && Number.isNaN(coerced))) {
					problems.push(`${where}: ${parameter.in} parameter "${parameter.name}" must be ${schema.type}, got ${JSON.stringify(value)}`);
				} else if (Array.isArray(schema.enum) && !schema.enum.includes(coerced)) {
					problems.push(`${where}: ${parameter.in} parameter "${parameter.name}"=${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
				}
			}
		}

		const requestBody = this.resolve(operation.requestBody);
		const hasBody = request.body !== undefined && !(typeof request.body === 'object' && request.body !== null && Object.keys(request.body).length === 0);
		if (requestBody) {
			const contentType = (request.contentType ?? '').split(';')[0].trim();
			if (requestBody.required && !hasBody) problems.push(`${where}: request body is required`);
			if (hasBody) {
				const media = requestBody.content?.[contentType];
				if (!media) {
					problems.push(`${where}: content type "${contentType}" is not accepted (${Object.keys(requestBody.content ?? {}).join(', ')})`);
				} else if (media.schema) {
					const validate = this.validator(`${route.method} ${route.template} ${contentType}`, media.schema);
					const body = contentType === 'multipart/form-data' ? multipartForValidation(request.body as Record<string, unknown>, this.resolve(media.schema)) : request.body;
					if (!validate(body)) {
						for (const error of validate.errors ?? []) {
							problems.push(`${where}: body${error.instancePath} ${error.message}${error.params ? ` ${JSON.stringify(error.params)}` : ''}`);
						}
					}
				}
			}
		}
		return problems;
	}
}

/** Multipart values are strings on the wire; coerce them to the schema's types before validating. */
function multipartForValidation(fields: Record<string, unknown>, schema: Record<string, unknown>) {
	const properties = (schema?.properties ?? {}) as Record<string, { type?: string }>;
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(fields)) {
		const type = properties[key]?.type;
		if (type === 'boolean' && (value === 'true' || value === 'false')) out[key] = value === 'true';
		else if ((type === 'integer' || type === 'number') && typeof value === 'string') out[key] = Number(value);
		else if (type === 'object' && typeof value === 'string') {
			try {
				out[key] = JSON.parse(value);
			} catch {
				out[key] = value;
			}
		} else if (type === 'array' && !Array.isArray(value)) out[key] = [value];
		else if (type === 'string' && typeof value === 'object') out[key] = 'binary';
		else if (type === 'array' && Array.isArray(value)) out[key] = value.map((v) => (typeof v === 'object' ? 'binary' : v));
		else out[key] = value;
	}
	return out;
}
