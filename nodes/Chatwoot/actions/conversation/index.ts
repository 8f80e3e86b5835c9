import type { INodeProperties } from 'n8n-workflow';

import type { OperationMap } from '../../../shared/n8n/router';
import { labelOperations } from '../labels';

import * as assign from './assign.operation';
import * as create from './create.operation';
import * as filter from './filter.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getCounts from './getCounts.operation';
import * as getCsatSurveyLink from './getCsatSurveyLink.operation';
import * as getHistory from './getHistory.operation';
import * as handOff from './handOff.operation';
import * as returnToBot from './returnToBot.operation';
import * as setCustomAttributes from './setCustomAttributes.operation';
import * as setStatus from './setStatus.operation';
import * as setTyping from './setTyping.operation';
import * as update from './update.operation';
import * as updatePriority from './updatePriority.operation';

export const operations: OperationMap = {
	...labelOperations('conversation'),
	assign,
	create,
	filter,
	get,
	getAll,
	getCounts,
	getCsatSurveyLink,
	getHistory,
	handOff,
	returnToBot,
	setCustomAttributes,
	setStatus,
	setTyping,
	update,
	updatePriority,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['conversation'] } },
		default: 'create',
		options: [
			{ name: 'Add Labels', value: 'addLabels', action: 'Add labels to a conversation' },
			{ name: 'Assign', value: 'assign', action: 'Assign a conversation to an agent or team', description: 'Assign or unassign an agent or a team' },
			{ name: 'Create', value: 'create', action: 'Create a conversation' },
			{ name: 'Filter', value: 'filter', action: 'Filter conversations by attributes' },
			{ name: 'Get', value: 'get', action: 'Get a conversation' },
			{ name: 'Get Counts', value: 'getCounts', action: 'Get conversation counts', description: 'Counts of mine, assigned, unassigned and all conversations' },
			{ name: 'Get CSAT Survey Link', value: 'getCsatSurveyLink', action: 'Get the CSAT survey link of a conversation', description: 'The URL of Chatwoot\'s satisfaction survey page for the conversation' },
			{
				name: 'Get History',
				value: 'getHistory',
				action: 'Get the history of a conversation for a model',
				description: 'The latest messages oldest to newest as user / assistant (/ system) turns, within a message or character budget',
			},
			{ name: 'Get Labels', value: 'getLabels', action: 'Get the labels of a conversation' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many conversations' },
			{
				name: 'Hand Off to Human',
				value: 'handOff',
				action: 'Hand off a conversation to a human',
				description: 'Open the conversation for agents (from pending), optionally to a team or agent, with the reason as a private note',
			},
			{ name: 'Remove Labels', value: 'removeLabels', action: 'Remove labels from a conversation' },
			{ name: 'Replace Labels', value: 'setLabels', action: 'Replace the labels of a conversation' },
			{
				name: 'Return to Bot',
				value: 'returnToBot',
				action: 'Return a conversation to the bot',
				description: "Set the conversation pending again, so the inbox's agent bot answers it",
			},
			{ name: 'Set Custom Attributes', value: 'setCustomAttributes', action: 'Set custom attributes of a conversation' },
			{ name: 'Set Status', value: 'setStatus', action: 'Set the status of a conversation', description: 'Open, resolve, set pending, snooze or toggle' },
			{
				name: 'Set Typing',
				value: 'setTyping',
				action: 'Set the typing indicator of a conversation',
				description: 'Show or hide "typing…" to the customer while a reply is prepared',
			},
			{ name: 'Update', value: 'update', action: 'Update a conversation', description: 'Change the priority or the SLA policy' },
			{ name: 'Update Priority', value: 'updatePriority', action: 'Update the priority of a conversation' },
		],
	},
	...Object.values(operations).flatMap((operation) => operation.description),
];
