/**
 * Where each operation of Chatwoot's OpenAPI document (chatwoot-swagger.json, 144
 * operations) is reachable in this package: a node operation, or the reason it is not.
 */
export type Reach =
	| { node: 'chatwoot' | 'chatwootClient' | 'chatwootPlatform'; resource: string; operation: string }
	| { unreachable: string };

const cw = (resource: string, operation: string): Reach => ({ node: 'chatwoot', resource, operation });
const client = (resource: string, operation: string): Reach => ({ node: 'chatwootClient', resource, operation });
const platform = (resource: string, operation: string): Reach => ({ node: 'chatwootPlatform', resource, operation });

const A = '/api/v1/accounts/{account_id}';
const P = '/public/api/v1/inboxes/{inbox_identifier}';
const C = `${P}/contacts/{contact_identifier}/conversations/{conversation_id}`;

export const COVERAGE: Record<string, Reach> = {
	// Platform API (Chatwoot Platform node)
	'POST /platform/api/v1/accounts': platform('account', 'create'),
	'GET /platform/api/v1/accounts/{account_id}': platform('account', 'get'),
	'PATCH /platform/api/v1/accounts/{account_id}': platform('account', 'update'),
	'DELETE /platform/api/v1/accounts/{account_id}': platform('account', 'delete'),
	'GET /platform/api/v1/accounts/{account_id}/account_users': platform('accountUser', 'getAll'),
	'POST /platform/api/v1/accounts/{account_id}/account_users': platform('accountUser', 'add'),
	'DELETE /platform/api/v1/accounts/{account_id}/account_users': platform('accountUser', 'remove'),
	'GET /platform/api/v1/agent_bots': platform('agentBot', 'getAll'),
	'POST /platform/api/v1/agent_bots': platform('agentBot', 'create'),
	'GET /platform/api/v1/agent_bots/{id}': platform('agentBot', 'get'),
	'PATCH /platform/api/v1/agent_bots/{id}': platform('agentBot', 'update'),
	'DELETE /platform/api/v1/agent_bots/{id}': platform('agentBot', 'delete'),
	'POST /platform/api/v1/users': platform('user', 'create'),
	'GET /platform/api/v1/users/{id}': platform('user', 'get'),
	'PATCH /platform/api/v1/users/{id}': platform('user', 'update'),
	'DELETE /platform/api/v1/users/{id}': platform('user', 'delete'),
	'GET /platform/api/v1/users/{id}/login': platform('user', 'getLoginLink'),

	// Client API (Chatwoot Client API node)
	[`GET ${P}`]: client('inbox', 'get'),
	[`POST ${P}/contacts`]: client('contact', 'create'),
	[`GET ${P}/contacts/{contact_identifier}`]: client('contact', 'get'),
	[`PATCH ${P}/contacts/{contact_identifier}`]: client('contact', 'update'),
	[`POST ${P}/contacts/{contact_identifier}/conversations`]: client('conversation', 'create'),
	[`GET ${P}/contacts/{contact_identifier}/conversations`]: client('conversation', 'getAll'),
	[`GET ${C}`]: client('conversation', 'get'),
	[`POST ${C}/toggle_status`]: client('conversation', 'resolve'),
	[`POST ${C}/toggle_typing`]: client('conversation', 'setTyping'),
	[`POST ${C}/update_last_seen`]: client('conversation', 'updateLastSeen'),
	[`POST ${C}/messages`]: client('message', 'create'),
	[`GET ${C}/messages`]: client('message', 'getAll'),
	[`PATCH ${C}/messages/{message_id}`]: client('message', 'update'),

	// CSAT survey page: the link, checked against the page, for the agent side to send.
	'GET /survey/responses/{conversation_uuid}': cw('conversation', 'getCsatSurveyLink'),

	'GET /api/v1/accounts/{account_id}': cw('account', 'get'),
	'PATCH /api/v1/accounts/{account_id}': cw('account', 'update'),
	[`GET ${A}/audit_logs`]: cw('auditLog', 'getAll'),

	// Account agent bots
	[`GET ${A}/agent_bots`]: cw('agentBot', 'getAll'),
	[`POST ${A}/agent_bots`]: cw('agentBot', 'create'),
	[`GET ${A}/agent_bots/{id}`]: cw('agentBot', 'get'),
	[`PATCH ${A}/agent_bots/{id}`]: cw('agentBot', 'update'),
	[`DELETE ${A}/agent_bots/{id}`]: cw('agentBot', 'delete'),

	[`GET ${A}/agents`]: cw('agent', 'getAll'),
	[`POST ${A}/agents`]: cw('agent', 'create'),
	[`PATCH ${A}/agents/{id}`]: cw('agent', 'update'),
	[`DELETE ${A}/agents/{id}`]: cw('agent', 'delete'),

	[`GET ${A}/canned_responses`]: cw('cannedResponse', 'getAll'),
	[`POST ${A}/canned_responses`]: cw('cannedResponse', 'create'),
	[`PATCH ${A}/canned_responses/{id}`]: cw('cannedResponse', 'update'),
	[`DELETE ${A}/canned_responses/{id}`]: cw('cannedResponse', 'delete'),

	[`GET ${A}/custom_attribute_definitions`]: cw('customAttribute', 'getAll'),
	[`POST ${A}/custom_attribute_definitions`]: cw('customAttribute', 'create'),
	[`GET ${A}/custom_attribute_definitions/{id}`]: cw('customAttribute', 'get'),
	[`PATCH ${A}/custom_attribute_definitions/{id}`]: cw('customAttribute', 'update'),
	[`DELETE ${A}/custom_attribute_definitions/{id}`]: cw('customAttribute', 'delete'),

	[`GET ${A}/contacts`]: cw('contact', 'getAll'),
	[`POST ${A}/contacts`]: cw('contact', 'create'),
	[`GET ${A}/contacts/{id}`]: cw('contact', 'get'),
	[`PUT ${A}/contacts/{id}`]: cw('contact', 'update'),
	[`DELETE ${A}/contacts/{id}`]: cw('contact', 'delete'),
	[`GET ${A}/contacts/{id}/conversations`]: cw('contact', 'getConversations'),
	[`GET ${A}/contacts/search`]: cw('contact', 'search'),
	[`POST ${A}/contacts/filter`]: cw('contact', 'filter'),
	[`POST ${A}/contacts/{id}/contact_inboxes`]: cw('contact', 'createContactInbox'),
	[`GET ${A}/contacts/{id}/contactable_inboxes`]: cw('contact', 'getContactableInboxes'),
	[`POST ${A}/actions/contact_merge`]: cw('contact', 'merge'),
	[`GET ${A}/contacts/{id}/labels`]: cw('contact', 'getLabels'),
	[`POST ${A}/contacts/{id}/labels`]: cw('contact', 'setLabels'),

	[`GET ${A}/automation_rules`]: cw('automationRule', 'getAll'),
	[`POST ${A}/automation_rules`]: cw('automationRule', 'create'),
	[`GET ${A}/automation_rules/{id}`]: cw('automationRule', 'get'),
	[`PATCH ${A}/automation_rules/{id}`]: cw('automationRule', 'update'),
	[`DELETE ${A}/automation_rules/{id}`]: cw('automationRule', 'delete'),

	[`POST ${A}/portals`]: cw('helpCenter', 'createPortal'),
	[`GET ${A}/portals`]: cw('helpCenter', 'getPortals'),
	[`PATCH ${A}/portals/{id}`]: cw('helpCenter', 'updatePortal'),
	[`POST ${A}/portals/{id}/categories`]: cw('helpCenter', 'createCategory'),
	[`POST ${A}/portals/{id}/articles`]: cw('helpCenter', 'createArticle'),

	[`GET ${A}/conversations/meta`]: cw('conversation', 'getCounts'),
	[`GET ${A}/conversations`]: cw('conversation', 'getAll'),
	[`POST ${A}/conversations`]: cw('conversation', 'create'),
	[`POST ${A}/conversations/filter`]: cw('conversation', 'filter'),
	[`GET ${A}/conversations/{conversation_id}`]: cw('conversation', 'get'),
	[`PATCH ${A}/conversations/{conversation_id}`]: cw('conversation', 'update'),
	[`POST ${A}/conversations/{conversation_id}/toggle_status`]: cw('conversation', 'setStatus'),
	[`POST ${A}/conversations/{conversation_id}/toggle_priority`]: cw('conversation', 'updatePriority'),
	[`POST ${A}/conversations/{conversation_id}/toggle_typing_status`]: cw('conversation', 'setTyping'),
	[`POST ${A}/conversations/{conversation_id}/custom_attributes`]: cw('conversation', 'setCustomAttributes'),
	[`GET ${A}/conversations/{conversation_id}/labels`]: cw('conversation', 'getLabels'),
	[`POST ${A}/conversations/{conversation_id}/labels`]: cw('conversation', 'setLabels'),
	[`GET ${A}/conversations/{conversation_id}/reporting_events`]: cw('report', 'getConversationEvents'),
	[`POST ${A}/conversations/{conversation_id}/assignments`]: cw('conversation', 'assign'),

	[`GET ${A}/inboxes`]: cw('inbox', 'getAll'),
	[`POST ${A}/inboxes`]: cw('inbox', 'create'),
	[`GET ${A}/inboxes/{id}`]: cw('inbox', 'get'),
	[`PATCH ${A}/inboxes/{id}`]: cw('inbox', 'update'),
	[`GET ${A}/inboxes/{id}/agent_bot`]: cw('inbox', 'getAgentBot'),
	[`POST ${A}/inboxes/{id}/set_agent_bot`]: cw('inbox', 'setAgentBot'),
	[`GET ${A}/inbox_members/{inbox_id}`]: cw('inbox', 'getAgents'),
	[`POST ${A}/inbox_members`]: cw('inbox', 'addAgents'),
	[`PATCH ${A}/inbox_members`]: cw('inbox', 'setAgents'),
	[`DELETE ${A}/inbox_members`]: cw('inbox', 'removeAgents'),

	[`GET ${A}/labels`]: cw('label', 'getAll'),
	[`POST ${A}/labels`]: cw('label', 'create'),
	[`GET ${A}/labels/{id}`]: cw('label', 'get'),
	[`PATCH ${A}/labels/{id}`]: cw('label', 'update'),
	[`DELETE ${A}/labels/{id}`]: cw('label', 'delete'),

	[`GET ${A}/conversations/{conversation_id}/messages`]: cw('message', 'getAll'),
	[`POST ${A}/conversations/{conversation_id}/messages`]: cw('message', 'create'),
	[`DELETE ${A}/conversations/{conversation_id}/messages/{message_id}`]: cw('message', 'delete'),

	[`GET ${A}/integrations/apps`]: cw('integration', 'getApps'),
	[`POST ${A}/integrations/hooks`]: cw('integration', 'createHook'),
	[`PATCH ${A}/integrations/hooks/{hook_id}`]: cw('integration', 'updateHook'),
	[`DELETE ${A}/integrations/hooks/{hook_id}`]: cw('integration', 'deleteHook'),

	'GET /api/v1/profile': cw('profile', 'get'),
	'PUT /api/v1/profile': cw('profile', 'update'),

	[`GET ${A}/teams`]: cw('team', 'getAll'),
	[`POST ${A}/teams`]: cw('team', 'create'),
	[`GET ${A}/teams/{team_id}`]: cw('team', 'get'),
	[`PATCH ${A}/teams/{team_id}`]: cw('team', 'update'),
	[`DELETE ${A}/teams/{team_id}`]: cw('team', 'delete'),
	[`GET ${A}/teams/{team_id}/team_members`]: cw('team', 'getAgents'),
	[`POST ${A}/teams/{team_id}/team_members`]: cw('team', 'addAgents'),
	[`PATCH ${A}/teams/{team_id}/team_members`]: cw('team', 'setAgents'),
	[`DELETE ${A}/teams/{team_id}/team_members`]: cw('team', 'removeAgents'),

	[`GET ${A}/custom_filters`]: cw('customFilter', 'getAll'),
	[`POST ${A}/custom_filters`]: cw('customFilter', 'create'),
	[`GET ${A}/custom_filters/{custom_filter_id}`]: cw('customFilter', 'get'),
	[`PATCH ${A}/custom_filters/{custom_filter_id}`]: cw('customFilter', 'update'),
	[`DELETE ${A}/custom_filters/{custom_filter_id}`]: cw('customFilter', 'delete'),

	[`GET ${A}/webhooks`]: cw('webhook', 'getAll'),
	[`POST ${A}/webhooks`]: cw('webhook', 'create'),
	[`PATCH ${A}/webhooks/{webhook_id}`]: cw('webhook', 'update'),
	[`DELETE ${A}/webhooks/{webhook_id}`]: cw('webhook', 'delete'),

	// Reports (Report resource; label summary and CSAT responses/metrics are extra, see DRIFT_ROUTES)
	[`GET ${A}/reporting_events`]: cw('report', 'getReportingEvents'),
	'GET /api/v2/accounts/{account_id}/reports': cw('report', 'getMetric'),
	'GET /api/v2/accounts/{account_id}/reports/summary': cw('report', 'getSummary'),
	'GET /api/v2/accounts/{account_id}/reports/conversations': cw('report', 'getOpenCounts'),
	'GET /api/v2/accounts/{account_id}/reports/conversations/': cw('report', 'getAgentOpenCounts'),
	'GET /api/v2/accounts/{account_id}/summary_reports/channel': cw('report', 'getChannelSummary'),
	'GET /api/v2/accounts/{account_id}/summary_reports/inbox': cw('report', 'getInboxSummary'),
	'GET /api/v2/accounts/{account_id}/summary_reports/agent': cw('report', 'getAgentSummary'),
	'GET /api/v2/accounts/{account_id}/summary_reports/team': cw('report', 'getTeamSummary'),
	'GET /api/v2/accounts/{account_id}/reports/first_response_time_distribution': cw('report', 'getFirstResponseDistribution'),
	'GET /api/v2/accounts/{account_id}/reports/inbox_label_matrix': cw('report', 'getInboxLabelMatrix'),
	'GET /api/v2/accounts/{account_id}/reports/outgoing_messages_count': cw('report', 'getOutgoingMessageCounts'),

	'GET /accounts/{account_id}/conversations/{conversation_id}/messages': {
		unreachable:
			'Not routed by Chatwoot: config/routes.rb (4.15.1) serves conversation messages only below /api/v1 (resources :messages in the accounts scope), which is Message → Get Many; the spec lists the same operation again without the /api/v1 prefix.',
	},
};
