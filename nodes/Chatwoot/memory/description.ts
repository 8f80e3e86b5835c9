import type { INodeProperties } from 'n8n-workflow';

import { optionsCollection } from '../../shared/n8n/parameters';

/** The Chatwoot Trigger's message_created item carries `conversation.id`; the Realtime Trigger's messages `conversation_id`. */
export const DEFAULT_CONVERSATION = '={{ $json.conversation?.id ?? $json.conversation_id ?? $json.body?.conversation?.id }}';
/** The message the agent answers is its input: the history is what came before it. */
export const DEFAULT_BEFORE_MESSAGE = "={{ $json.event === 'message_created' ? $json.id : '' }}";

export const memoryProperties: INodeProperties[] = [
	{
		displayName:
			'Connect this node to an AI Agent\'s Memory input. It reads the conversation\'s history from Chatwoot, so nothing else stores it; needs a user (agent) access token, since Chatwoot lets agent-bot tokens post messages but not list them.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Conversation ID',
		name: 'conversationId',
		type: 'string',
		default: DEFAULT_CONVERSATION,
		required: true,
		description:
			'The session key: the conversation whose messages are the history, by its number as shown in Chatwoot. The default reads it from a Chatwoot Trigger (or Chatwoot Realtime Trigger) item.',
	},
	{
		displayName: 'Before Message ID',
		name: 'beforeMessageId',
		type: 'string',
		default: DEFAULT_BEFORE_MESSAGE,
		description:
			'Only messages older than this one are history; leave empty for the newest messages. The default is the message a Chatwoot Trigger "Message Created" item carries, which the agent gets as its input, so the model does not read it twice.',
	},
	{
		displayName: 'Max Messages',
		name: 'maxMessages',
		type: 'number',
		default: 20,
		typeOptions: { minValue: 1, maxValue: 500 },
		description: 'The most recent messages to give the model (customer and agent messages; activity messages never count)',
	},
	optionsCollection([
		{
			displayName: 'Include Private Notes',
			name: 'includePrivateNotes',
			type: 'boolean',
			default: false,
			description: 'Whether agents\' private notes reach the model, as system messages naming their author. The customer never sees them.',
		},
		{
			displayName: 'Max Characters',
			name: 'maxCharacters',
			type: 'number',
			default: 0,
			typeOptions: { minValue: 0 },
			description: 'Keep only the newest messages whose text fits in this many characters; 0 for no limit',
		},
	]),
];
