import { conversationLocator } from '../../helpers/fields';
import { choice, picker } from '../fieldSpecs';
import type { ResourceSpec } from '../resource';
import { crudOperations } from '../resource';

import { PRIORITIES } from './fields';

/**
 * ConversationsController#update (Chatwoot 4.15.1) permits `priority` (Enterprise adds
 * `sla_policy_id`, Enterprise::Api::V1::Accounts::ConversationsController) and answers
 * the conversation. "None" is sent as null, which clears the priority.
 */
const conversation: ResourceSpec = {
	resource: 'conversation', noun: 'conversation', path: '/conversations', id: { name: 'conversationId', label: 'Conversation', method: '', locator: conversationLocator() },
	fields: [
		choice('priority', 'Priority', PRIORITIES, 'high', undefined, { toBody: (value) => (value === 'none' ? null : value) }),
		picker('sla_policy_id', 'SLA Policy', 'getSlaPolicies', 'Applies an SLA policy (Chatwoot Enterprise; other editions ignore it).'),
	],
	operations: { update: { action: 'Update a conversation', description: 'Change the priority or the SLA policy' } },
};

export const [{ operation: { description, execute } }] = crudOperations(conversation);
