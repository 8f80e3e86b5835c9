import { csatResponses, reportingEvents } from '../../servers/chatwoot/handlers/reportData';
import type { ReportingEvent } from '../../servers/chatwoot/handlers/reportData';

import { chatwootSuite } from './suite';

/**
 * The Report resource in workflow runs against the Chatwoot-like server
 * (test/servers/chatwoot/handlers/reports.ts, shaped after Chatwoot 4.15.1's report
 * controllers and builders); every request checked against the OpenAPI contract.
 */
const suite = chatwootSuite('report');
const run = (parameters: Record<string, unknown>) => suite.run({ accountId: 1, ...parameters });

// 2026-05-01 00:00 in Asia/Kolkata (UTC+5:30, no daylight saving time, so the
// timezone_offset sent today holds for May too) is 2026-04-30 18:30 UTC.
const MAY_1 = Date.UTC(2026, 3, 30, 18, 30) / 1000;
const KOLKATA = { timezone: 'Asia/Kolkata' };
const MAY = { since: '2026-05-01T00:00:00', until: '2026-05-04T00:00:00' };

let eventId = 0;
function event(fields: Partial<ReportingEvent>): void {
	reportingEvents(suite.cw).push({ id: ++eventId, name: 'first_response', value: 600, value_in_business_hours: 300, account_id: 1, conversation_id: 1, inbox_id: 1, user_id: 2, at: MAY_1 + 3600, ...fields });
}

function seed() {
	const { state } = suite.cw;
	// 10:00 on 1 May; 00:30 on 2 May in Kolkata (still 1 May in UTC); 2 May 12:00.
	state.addConversation({ created_at: MAY_1 + 10 * 3600, inbox_id: 1, assignee_id: 2, team_id: 1, labels: ['vip', 'billing'], status: 'open' });
	state.addConversation({ created_at: MAY_1 + 24.5 * 3600, inbox_id: 2, assignee_id: 2, labels: ['vip'], status: 'resolved', first_reply_created_at: MAY_1 + 25 * 3600, waiting_since: null });
	state.addConversation({ created_at: MAY_1 + 36 * 3600, inbox_id: 1, assignee_id: null, labels: [], status: 'open' });
	state.addMessage({ conversation_id: 1, inbox_id: 1, message_type: 1, created_at: MAY_1 + 11 * 3600, sender: { id: 2, name: 'Sam Seller', type: 'user' } });
	state.addMessage({ conversation_id: 2, inbox_id: 2, message_type: 1, created_at: MAY_1 + 26 * 3600, sender: { id: 2, name: 'Sam Seller', type: 'user' } });
	state.addMessage({ conversation_id: 2, inbox_id: 2, message_type: 0, created_at: MAY_1 + 24.6 * 3600, sender: { id: 1, type: 'contact' } });
	event({ conversation_id: 1, inbox_id: 1, value: 600, at: MAY_1 + 11 * 3600 });
	event({ conversation_id: 2, inbox_id: 2, value: 5400, at: MAY_1 + 26 * 3600 });
	event({ conversation_id: 2, inbox_id: 2, name: 'conversation_resolved', value: 7200, at: MAY_1 + 27 * 3600 });
}

describe('metrics over time', () => {
	test('one row per day in the chosen timezone: From/To read in it, timezone_offset sent, empty days as 0', async () => {
		seed();
		const { items, error } = await run({ operation: 'getMetric', metric: 'conversations_count', ...MAY, groupBy: 'day', options: KOLKATA });
		expect(error).toBeUndefined();
		const call = suite.cw.calls({ path: '/api/v2/accounts/1/reports' })[0];
		expect(call.query).toEqual({ metric: 'conversations_count', type: 'account', since: String(MAY_1), until: String(MAY_1 + 3 * 86400), group_by: 'day', timezone_offset: '5.5' });
		// The 00:30 conversation counts on 2 May, as it does in Kolkata.
		expect(items.map((i) => [i.json.date, i.json.value])).toEqual([['2026-05-01', 1], ['2026-05-02', 2], ['2026-05-03', 0]]);
		expect(items[0].json).toMatchObject({ metric: 'conversations_count', timestamp: MAY_1 });
	});

	test('averages come out as numbers of seconds with their count, for one agent, in business hours', async () => {
		seed();
		const { items, error } = await run({ operation: 'getMetric', metric: 'avg_first_response_time', type: 'agent', agentId: 2, ...MAY, groupBy: 'month', options: { ...KOLKATA, businessHours: true } });
		expect(error).toBeUndefined();
		expect(suite.cw.calls({ path: '/api/v2/accounts/1/reports' })[0].query).toMatchObject({ type: 'agent', id: '2', business_hours: 'true', group_by: 'month' });
		expect(items.map((i) => i.json)).toEqual([{ metric: 'avg_first_response_time', date: '2026-05-01', timestamp: MAY_1, value: 300, count: 2 }]);
	});

	test('a summary is one row with the period before as previous_*', async () => {
		seed();
		const { items, error } = await run({ operation: 'getSummary', type: 'inbox', inboxId: 2, ...MAY, options: KOLKATA });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ conversations_count: 1, incoming_messages_count: 1, outgoing_messages_count: 1, avg_first_response_time: 5400, avg_resolution_time: 7200, resolutions_count: 1, previous_conversations_count: 0, previous_avg_first_response_time: null });
	});
});

describe('summaries per agent, inbox, team, label and channel', () => {
	test('per agent: one row per agent with its name', async () => {
		seed();
		const { items, error } = await run({ operation: 'getAgentSummary', ...MAY, options: KOLKATA });
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual([
			{ id: 1, name: 'Olivia Ops', conversations_count: 0, resolved_conversations_count: 0, avg_resolution_time: null, avg_first_response_time: null, avg_reply_time: null },
			{ id: 2, name: 'Sam Seller', conversations_count: 2, resolved_conversations_count: 1, avg_resolution_time: 7200, avg_first_response_time: 3000, avg_reply_time: null },
			{ id: 3, name: 'Tara Tech', conversations_count: 0, resolved_conversations_count: 0, avg_resolution_time: null, avg_first_response_time: null, avg_reply_time: null },
		]);
	});

	test.each([
		['getInboxSummary', [['API Bridge', 2], ['Website', 1]]],
		['getTeamSummary', [['billing', 1], ['tech', 0]]],
		['getLabelSummary', [['vip', 2], ['billing', 1], ['lead', 0]]],
	])('%s: one named row each', async (operation, expected) => {
		seed();
		const { items, error } = await run({ operation, ...MAY, options: KOLKATA });
		expect(error).toBeUndefined();
		expect(items.map((i) => [i.json.name, i.json.conversations_count])).toEqual(expected);
	});

	test('per channel: one row per channel type; a period over 6 months is refused before Chatwoot answers 422', async () => {
		seed();
		const { items } = await run({ operation: 'getChannelSummary', ...MAY, options: KOLKATA });
		expect(items.map((i) => i.json)).toEqual([
			{ channel_type: 'Channel::Api', open: 2, resolved: 0, pending: 0, snoozed: 0, total: 2 },
			{ channel_type: 'Channel::WebWidget', open: 0, resolved: 1, pending: 0, snoozed: 0, total: 1 },
		]);
		const before = suite.cw.requests.length;
		const { error } = await run({ operation: 'getChannelSummary', since: '2026-01-01', until: '2026-08-01', options: KOLKATA });
		expect(error?.message).toBe('The period is longer than Chatwoot allows for this report');
		expect(suite.cw.requests.length).toBe(before);
	});

	test('first response time distribution per channel and outgoing messages per inbox', async () => {
		seed();
		const distribution = await run({ operation: 'getFirstResponseDistribution', ...MAY, options: KOLKATA });
		expect(distribution.items.map((i) => i.json)).toEqual([
			{ channel_type: 'Channel::Api', '0-1h': 1, '1-4h': 0, '4-8h': 0, '8-24h': 0, '24h+': 0 },
			{ channel_type: 'Channel::WebWidget', '0-1h': 0, '1-4h': 1, '4-8h': 0, '8-24h': 0, '24h+': 0 },
		]);
		const outgoing = await run({ operation: 'getOutgoingMessageCounts', group_by: 'inbox', ...MAY, options: KOLKATA });
		expect(outgoing.items.map((i) => i.json)).toEqual([
			{ id: 1, name: 'API Bridge', outgoing_messages_count: 1 },
			{ id: 2, name: 'Website', outgoing_messages_count: 1 },
		]);
	});

	test('inbox × label matrix: one row per inbox, a column per label; the chosen inboxes go as inbox_ids[]', async () => {
		seed();
		const { items, error } = await run({ operation: 'getInboxLabelMatrix', ...MAY, options: { ...KOLKATA, inbox_ids: [1] } });
		expect(error).toBeUndefined();
		expect(suite.cw.calls({ path: '/api/v2/accounts/1/reports/inbox_label_matrix' })[0].query.inbox_ids).toEqual(['1']);
		expect(items.map((i) => i.json)).toEqual([{ inbox_id: 1, inbox_name: 'API Bridge', billing: 1, lead: 0, vip: 1 }]);
	});
});

describe('live conversation counts', () => {
	test('account: one row; per agent: one row each, read page by page from …/conversations/', async () => {
		seed();
		const account = await run({ operation: 'getOpenCounts' });
		expect(account.items.map((i) => i.json)).toEqual([{ open: 2, unattended: 2, unassigned: 1, pending: 0 }]);
		for (let i = 0; i < 25; i++) suite.cw.state.agents.push({ id: 100 + i, account_id: 1, name: `Agent ${i}`, email: `a${i}@acme.test`, availability_status: 'offline' });
		const agents = await run({ operation: 'getAgentOpenCounts', returnAll: true });
		expect(agents.error).toBeUndefined();
		expect(agents.items).toHaveLength(28);
		expect(suite.cw.calls({ path: '/api/v2/accounts/1/reports/conversations/' }).map((c) => c.query.page)).toEqual(['1', '2']);
		expect(agents.items.find((i) => i.json.id === 2)?.json).toMatchObject({ name: 'Sam Seller', availability: 'busy', open: 1, unattended: 1 });
	});
});

describe('reporting events and CSAT', () => {
	test('reporting events: every page with Return All, filters as Chatwoot reads them, Limit stops early', async () => {
		for (let i = 0; i < 30; i++) event({ at: MAY_1 + i * 60, user_id: i % 2 ? 2 : 3 });
		const all = await run({ operation: 'getReportingEvents', returnAll: true, since: '', until: '' });
		expect(all.error).toBeUndefined();
		expect(all.items).toHaveLength(30);
		expect(all.items[0].json).toMatchObject({ name: 'first_response', value: 600, created_at: new Date((MAY_1 + 29 * 60) * 1000).toISOString() });
		const filtered = await run({ operation: 'getReportingEvents', returnAll: false, limit: 3, ...MAY, options: { ...KOLKATA, user_id: 2, name: 'first_response' } });
		expect(filtered.items).toHaveLength(3);
		expect(filtered.items.every((i) => i.json.user_id === 2)).toBe(true);
		expect(suite.cw.calls({ path: '/api/v1/accounts/1/reporting_events' }).at(-1)?.query).toEqual({ since: String(MAY_1), until: String(MAY_1 + 3 * 86400), user_id: '2', name: 'first_response', page: '1' });
		const half = await run({ operation: 'getReportingEvents', returnAll: true, since: '2026-05-01', until: '' });
		expect(half.error?.message).toBe('Enter "To"');
	});

	test("a conversation's reporting events", async () => {
		seed();
		const { items, error } = await run({ operation: 'getConversationEvents', conversationId: { __rl: true, mode: 'id', value: '2' } });
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.name)).toEqual(['first_response', 'conversation_resolved']);
	});

	test('CSAT responses flatten contact and agent; metrics give the response rate and a column per rating', async () => {
		seed();
		const contact = suite.cw.state.addContact({ name: 'Cy', email: 'cy@x.test' });
		csatResponses(suite.cw).push(
			{ id: 1, account_id: 1, rating: 5, feedback_message: 'Great', conversation_id: 1, contact_id: contact.id, assigned_agent_id: 2, at: MAY_1 + 12 * 3600 },
			{ id: 2, account_id: 1, rating: 2, feedback_message: 'Slow', conversation_id: 2, contact_id: contact.id, assigned_agent_id: 2, at: MAY_1 + 30 * 3600 },
		);
		for (const id of [1, 2, 3, 4]) suite.cw.state.addMessage({ conversation_id: id, content_type: 'input_csat', message_type: 3, created_at: MAY_1 + 3600 });
		const responses = await run({ operation: 'getCsatResponses', returnAll: true, ...MAY, options: { ...KOLKATA, rating: [5] } });
		expect(responses.error).toBeUndefined();
		expect(responses.items.map((i) => i.json)).toEqual([
			expect.objectContaining({ id: 1, rating: 5, feedback_message: 'Great', date: '2026-05-01 12:00', contact_name: 'Cy', contact_email: 'cy@x.test', assigned_agent_id: 2, assigned_agent_name: 'Sam Seller' }),
		]);
		expect(suite.cw.calls({ path: '/api/v1/accounts/1/csat_survey_responses' })[0].query.rating).toEqual(['5']);
		const metrics = await run({ operation: 'getCsatMetrics', ...MAY, options: KOLKATA });
		expect(metrics.items.map((i) => i.json)).toEqual([{ total_count: 2, total_sent_messages_count: 4, response_rate: 50, rating_1: 0, rating_2: 1, rating_3: 0, rating_4: 0, rating_5: 1 }]);
	});
});

describe('bad input and roles', () => {
	test.each([
		[{ since: '2026-05-03', until: '2026-05-01' }, '"To" must be after "From"'],
		[{ since: '={{ "" }}', until: '2026-05-01' }, 'Enter "From"'],
		[{ since: 'next tuesday', until: '2026-05-01' }, '"next tuesday" in "From" is not a date'],
		[{ ...MAY, options: { timezone: 'Mars/Olympus' } }, '"Mars/Olympus" is not a timezone'],
		[{ ...MAY, type: 'team', teamId: '={{ "" }}' }, 'Choose the team'],
		[{ ...MAY, type: 'team', teamId: 'billing' }, 'Choose the team'],
	])('%j is refused before any request: %s', async (parameters, message) => {
		const before = suite.cw.requests.length;
		const { error } = await run({ operation: 'getSummary', ...parameters });
		expect(error?.message).toBe(message);
		expect(error?.description).toBeTruthy();
		expect(suite.cw.requests.length).toBe(before);
	});

	test('an agent token: the error says reports need an administrator', async () => {
		suite.cw.state.accounts[0].role = 'agent';
		const { error } = await run({ operation: 'getSummary', ...MAY });
		expect(error?.httpCode).toBe('401');
		expect(error?.message).toBe('Only administrators may get a summary of a period in Chatwoot');
	});

	test('an ISO date with an offset is taken as it is, whatever the timezone', async () => {
		await run({ operation: 'getSummary', since: '2026-05-01T00:00:00Z', until: '2026-05-02T00:00:00Z', options: KOLKATA });
		expect(suite.cw.calls({ path: '/api/v2/accounts/1/reports/summary' })[0].query).toMatchObject({ since: String(Date.UTC(2026, 4, 1) / 1000), until: String(Date.UTC(2026, 4, 2) / 1000) });
	});
});
