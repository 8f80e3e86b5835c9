import { bool, choice, jsonList, longText, text } from '../fieldSpecs';
import type { ResourceSpec } from '../resource';
import { CRUD, crudOperations, defineResource } from '../resource';

/** Events AutomationRuleListener handles (Chatwoot 4.15.1 app/listeners/automation_rule_listener.rb). */
const EVENTS = ['conversation_created', 'conversation_opened', 'conversation_resolved', 'conversation_updated', 'message_created'].map(
	(event): [string, string] => [event.replace(/_/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase()), event],
);

const CONDITIONS_EXAMPLE = '[{"attribute_key": "content", "filter_operator": "contains", "values": ["refund"], "query_operator": null}]';
const ACTIONS_EXAMPLE = '[{"action_name": "add_label", "action_params": ["billing"]}]';

/**
 * Api::V1::Accounts::AutomationRulesController (Chatwoot 4.15.1): name, description,
 * event_name, active, conditions, actions at the top level of the body; every action
 * administrators only (AutomationRulePolicy). AutomationRule validates the condition
 * attributes (conditions_attributes + the account's custom attributes), the action
 * names (actions_attributes) and that only the last condition has no query_operator.
 * Index is not paged (the spec's `page` is ignored); answers are {payload: …}.
 */
export const automationRule: ResourceSpec = {
	resource: 'automationRule', noun: 'automation rule', path: '/automation_rules', id: { name: 'automationRuleId', label: 'Automation Rule', method: 'getAutomationRules' },
	fields: [
		text('name', 'Name', undefined, { required: true }),
		choice('event_name', 'Event', EVENTS, 'message_created', 'When Chatwoot evaluates the rule', { required: true }),
		jsonList('conditions', 'Conditions', `Conditions as Chatwoot stores them, for example ${CONDITIONS_EXAMPLE}; every condition but the last needs "query_operator" AND or OR`, CONDITIONS_EXAMPLE, { required: true }),
		jsonList('actions', 'Actions', `What the rule does, for example ${ACTIONS_EXAMPLE} (send_message, add_label, assign_agent, assign_team, change_status, send_webhook_event…)`, ACTIONS_EXAMPLE, { required: true }),
		longText('description', 'Description'),
		bool('active', 'Active', 'Whether the rule runs', true),
	],
	admin: ['getAll', 'get', 'create', 'update', 'delete'],
	operations: CRUD,
};

export const { description, operations } = defineResource('automationRule', crudOperations(automationRule), 'getAll');
