import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { conversationLocator, idParameter } from '../../helpers/fields';
import { longText, picker } from '../fieldSpecs';

import { assignConversation, optionalId, privateNote, setConversationStatus } from './handoff';

const properties: INodeProperties[] = [
	conversationLocator(),
	{ ...picker('handoffTeamId', 'Team', 'getTeams').property, hint: 'Team to hand the conversation to; leave empty to keep the current team' },
	{
		...picker('handoffAgentId', 'Agent', 'getAgents').property,
		hint: "Agent to assign; leave empty to keep the current assignee (or let Chatwoot's auto-assignment choose)",
	},
	longText(
		'reason',
		'Reason',
		'Posted as a private note before the conversation opens, so the human knows why; the customer does not see it. Leave empty for no note.',
		{ placeholder: 'Customer asks for a refund above the limit' },
	).property,
];

export const description = withDisplayOptions({ show: { resource: ['conversation'], operation: ['handOff'] } }, properties);

/**
 * Hand Off to Human: the reason as a private note, the team, the agent, then the status
 * open (from pending: Chatwoot's bot handoff). Each step runs only when asked for.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const conversationId = idParameter.call(this, 'conversationId', itemIndex, 'Conversation ID');
	const teamId = optionalId.call(this, 'handoffTeamId', 'team', itemIndex);
	const agentId = optionalId.call(this, 'handoffAgentId', 'agent', itemIndex);
	const reason = String(this.getNodeParameter('reason', itemIndex, '') ?? '').trim();
	const result: IDataObject = { conversation_id: conversationId };
	if (reason) result.note = await privateNote.call(this, itemIndex, conversationId, reason);
	if (teamId !== undefined) result.team = await assignConversation.call(this, itemIndex, conversationId, { team_id: teamId });
	if (agentId !== undefined) result.assignee = await assignConversation.call(this, itemIndex, conversationId, { assignee_id: agentId });
	const status = await setConversationStatus.call(this, itemIndex, conversationId, 'open');
	result.status = status.current_status ?? 'open';
	return result;
}
