import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { conversationLocator, idParameter } from '../../helpers/fields';
import { choice, picker } from '../fieldSpecs';
import { defineResource } from '../resource';

import type { ReportSpec } from './generate';
import { reportOperations } from './generate';
import { agentMetricRows, channelRows, csatMetricRows, csatRows, matrixRows, recordRows, singleRow, summaryRows, timeseriesRows } from './rows';

/**
 * Chatwoot's reports (4.15.1): Api::V2::Accounts::ReportsController and
 * SummaryReportsController (administrators only, ReportPolicy#view?), the Enterprise
 * reporting events and the CSAT survey responses (Api::V1). One item per row.
 */

const METRICS: Array<[string, string]> = [
	['Conversations', 'conversations_count'],
	['Incoming Messages', 'incoming_messages_count'],
	['Outgoing Messages', 'outgoing_messages_count'],
	['Average First Response Time (Seconds)', 'avg_first_response_time'],
	['Average Resolution Time (Seconds)', 'avg_resolution_time'],
	['Average Reply Time (Seconds)', 'reply_time'],
	['Resolutions', 'resolutions_count'],
	['Bot Resolutions', 'bot_resolutions_count'],
	['Bot Handoffs', 'bot_handoffs_count'],
];

/** ReportingEventListener's event names (app/listeners/reporting_event_listener.rb). */
const EVENT_NAMES: Array<[string, string]> = [
	['Conversation Resolved', 'conversation_resolved'],
	['Conversation Opened', 'conversation_opened'],
	['First Response', 'first_response'],
	['Reply Time', 'reply_time'],
	['Bot Handoff', 'conversation_bot_handoff'],
	['Bot Resolved', 'conversation_bot_resolved'],
];

const option = (spec: { property: INodeProperties }) => spec.property;
const inboxFilter = picker('inbox_id', 'Inbox', 'getInboxes', 'Only this inbox');
const agentFilter = picker('user_id', 'Agent', 'getAgents', 'Only this agent');
const teamFilter = picker('team_id', 'Team', 'getTeams', 'Only conversations of this team');

/** The options named by `keys`, as Chatwoot's query (ids as numbers, lists as arrays). */
function filters(...keys: string[]) {
	return function (this: IExecuteFunctions, _itemIndex: number, options: IDataObject): IDataObject {
		const qs: IDataObject = {};
		for (const key of keys) {
			const value = options[key];
			if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
			qs[key] = value;
		}
		return qs;
	};
}

const metricProperty: INodeProperties = { ...option(choice('metric', 'Metric', METRICS, 'conversations_count')), required: true };
const SIX_MONTHS = 6 * 2629746;

/** SummaryReportsController#agent/#inbox/#team: one row per agent, inbox or team, named from the account's list. */
function summaryPer(type: 'agent' | 'inbox' | 'team'): ReportSpec {
	const Type = type.charAt(0).toUpperCase() + type.slice(1);
	return {
		value: `get${Type}Summary`, name: `Get ${Type} Summary`, action: `Get the summary per ${type}`,
		description: `One row per ${type}: conversations, resolutions, average first response, resolution and reply times`,
		path: `/summary_reports/${type}`, range: 'required', businessHours: true, names: type === 'inbox' ? '/inboxes' : `/${type}s`,
		rows: recordRows,
	};
}

export const REPORTS: ReportSpec[] = [
	{
		value: 'getMetric', name: 'Get Metric Over Time', action: 'Get a metric over time',
		description: 'One row per day, week or month: conversations, messages, response and resolution times',
		path: '/reports', dimension: true, range: 'required', groupBy: true, offset: true, businessHours: true,
		properties: [metricProperty],
		query(itemIndex) {
			return { metric: this.getNodeParameter('metric', itemIndex) as string };
		},
		rows: timeseriesRows,
	},
	{
		value: 'getSummary', name: 'Get Summary', action: 'Get a summary of a period',
		description: 'Totals and averages of the period, with the period just before it as previous_*',
		path: '/reports/summary', dimension: true, range: 'required', offset: true, businessHours: true,
		rows: summaryRows,
	},
	...(['agent', 'inbox', 'team'] as const).map(summaryPer),
	{
		value: 'getLabelSummary', name: 'Get Label Summary', action: 'Get the summary per label',
		description: 'One row per label: conversations, resolutions, average first response, resolution and reply times',
		path: '/summary_reports/label', range: 'required', businessHours: true,
		rows: recordRows,
	},
	{
		value: 'getChannelSummary', name: 'Get Channel Summary', action: 'Get conversation counts per channel',
		description: 'One row per channel type: open, resolved, pending, snoozed and total conversations (at most 6 months)',
		path: '/summary_reports/channel', range: 'required', maxSeconds: SIX_MONTHS,
		rows: channelRows,
	},
	{
		value: 'getOpenCounts', name: 'Get Open Conversation Counts', action: 'Get the open conversation counts',
		description: 'Right now: open, unattended, unassigned and pending conversations of the account',
		path: '/reports/conversations',
		query: () => ({ type: 'account' }),
		rows: singleRow,
	},
	{
		value: 'getAgentOpenCounts', name: 'Get Open Conversation Counts per Agent', action: 'Get the open conversation counts per agent',
		description: 'Right now: one row per agent with availability, open and unattended conversations',
		// The spec lists this as its own operation, with the trailing slash; Rails routes both to #conversations.
		path: '/reports/conversations/',
		query: () => ({ type: 'agent' }),
		// V2::ReportBuilder#agent_metrics: account users, AGENT_RESULTS_PER_PAGE = 25 per page.
		pages: { pageSize: 25 },
		rows: (_body, _context, records) => agentMetricRows(records ?? []),
	},
	{
		value: 'getFirstResponseDistribution', name: 'Get First Response Time Distribution', action: 'Get the first response time distribution',
		description: 'One row per channel type: conversations answered within 1 h, 1–4 h, 4–8 h, 8–24 h and after 24 h',
		path: '/reports/first_response_time_distribution', range: 'required',
		rows: channelRows,
	},
	{
		value: 'getInboxLabelMatrix', name: 'Get Inbox Label Matrix', action: 'Get conversations per inbox and label',
		description: 'One row per inbox, one column per label: conversations created in the period',
		path: '/reports/inbox_label_matrix', range: 'required',
		options: [
			option(picker('inbox_ids', 'Inboxes', 'getInboxes', 'Only these inboxes (default: all)', { many: true })),
			option(picker('label_ids', 'Labels', 'getLabels', 'Only these labels (default: all)', { many: true })),
		],
		query: filters('inbox_ids', 'label_ids'),
		rows: matrixRows,
	},
	{
		value: 'getOutgoingMessageCounts', name: 'Get Outgoing Message Counts', action: 'Get outgoing message counts',
		description: 'One row per agent, team, inbox or label: replies sent in the period',
		path: '/reports/outgoing_messages_count', range: 'required',
		properties: [{ ...option(choice('group_by', 'Per', [['Agent', 'agent'], ['Team', 'team'], ['Inbox', 'inbox'], ['Label', 'label']], 'agent')), description: 'One row per agent, team, inbox or label' }],
		query(itemIndex) {
			return { group_by: this.getNodeParameter('group_by', itemIndex) as string };
		},
		rows: recordRows,
	},
	{
		value: 'getReportingEvents', name: 'Get Reporting Events', action: 'Get reporting events',
		description: 'The raw events behind the reports (first responses, resolutions, reply times…), newest first',
		path: '/reporting_events', v1: true, range: 'optional',
		options: [
			option(inboxFilter),
			option(agentFilter),
			{ ...option(choice('name', 'Event', EVENT_NAMES, 'first_response')), description: 'Only events of this kind' },
		],
		query: filters('inbox_id', 'user_id', 'name'),
		// ReportingEventsController: RESULTS_PER_PAGE = 25, meta.count is the total.
		pages: { pageSize: 25, total: (meta) => (typeof meta.count === 'number' ? meta.count : undefined) },
		notice: 'Reporting events are an Enterprise feature of Chatwoot',
		rows: (_body, _context, records) => records ?? [],
	},
	{
		value: 'getConversationEvents', name: 'Get Conversation Reporting Events', action: 'Get the reporting events of a conversation',
		description: "A conversation's first response, reply and resolution times, oldest first",
		path(itemIndex) {
			return `/conversations/${idParameter.call(this, 'conversationId', itemIndex, 'Conversation')}/reporting_events`;
		},
		v1: true, agents: true,
		properties: [conversationLocator()],
		notice: 'Reporting events are an Enterprise feature of Chatwoot',
		rows: recordRows,
	},
	{
		value: 'getCsatResponses', name: 'Get CSAT Responses', action: 'Get CSAT survey responses',
		description: 'One row per survey answer: rating, feedback, contact and agent',
		path: '/csat_survey_responses', v1: true, range: 'optional',
		options: [
			{ ...option(picker('user_ids', 'Agents', 'getAgents', 'Only conversations assigned to these agents', { many: true })) },
			option(inboxFilter),
			option(teamFilter),
			{
				displayName: 'Ratings',
				name: 'rating',
				type: 'multiOptions',
				options: [1, 2, 3, 4, 5].map((r) => ({ name: String(r), value: r })),
				default: [],
				description: 'Only these ratings (1 = worst, 5 = best)',
			},
		],
		query: filters('user_ids', 'inbox_id', 'team_id', 'rating'),
		// CsatSurveyResponsesController: RESULTS_PER_PAGE = 25, a bare array.
		pages: { pageSize: 25 },
		rows: (_body, context, records) => csatRows(records ?? [], context),
	},
	{
		value: 'getCsatMetrics', name: 'Get CSAT Metrics', action: 'Get CSAT metrics',
		description: 'One row: surveys sent, responses, response rate and the count per rating',
		path: '/csat_survey_responses/metrics', v1: true, range: 'optional',
		options: [option(inboxFilter), option(teamFilter)],
		query: filters('inbox_id', 'team_id'),
		rows: csatMetricRows,
	},
];

export const { description, operations } = defineResource('report', reportOperations(REPORTS), 'getSummary');
