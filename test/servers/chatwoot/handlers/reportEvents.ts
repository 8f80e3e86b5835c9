import type { FakeChatwoot, RecordedRequest } from '../server';
import type { Row } from '../state';

import { num, page } from './common';
import type { ReportingEvent } from './reportData';
import { csatResponses, inRange, rangeOf, reportingEvents, UNAUTHORIZED } from './reportData';

/*
 * Chatwoot 4.15.1 (97bb8ecd3): ReportsController#conversations (V2::ReportBuilder#conversation_metrics),
 * #first_response_time_distribution, #inbox_label_matrix, #outgoing_messages_count (their builders in
 * app/builders/v2/reports/), the Enterprise reporting events and the CSAT survey responses.
 */
export function registerLiveAndEventReports(
	fake: FakeChatwoot,
	{ admin, conversations, agentsOf }: { admin: (a: string) => boolean; conversations: (a: number) => Row[]; agentsOf: (a: number) => Row[] },
) {
	const { state } = fake;
	const V2 = '/api/v2/accounts/:account_id';
	const V1 = '/api/v1/accounts/:account_id';
	const unattended = (c: Row) => c.first_reply_created_at === null || c.first_reply_created_at === undefined || (c.waiting_since !== null && c.waiting_since !== undefined);

	// ReportsController#conversations → V2::ReportBuilder#conversation_metrics.
	fake.route('GET', `${V2}/reports/conversations`, (request, { account_id }) => {
		if (!admin(account_id)) return UNAUTHORIZED;
		const open = conversations(num(account_id)).filter((c) => c.status === 'open');
		if (!request.query.type) return { status: 422, body: '' };
		if (request.query.type === 'account') {
			// `@open_conversations.pending` chains two status scopes: always 0 in Chatwoot 4.15.1.
			return { status: 200, body: { open: open.length, unattended: open.filter(unattended).length, unassigned: open.filter((c) => c.assignee_id === null || c.assignee_id === undefined).length, pending: 0 } };
		}
		const agents = agentsOf(num(account_id)).slice((page(request) - 1) * 25, page(request) * 25);
		const rows = agents.map((a) => {
			const mine = open.filter((c) => c.assignee_id === a.id);
			return { id: a.id, name: a.name, email: a.email, thumbnail: a.thumbnail ?? '', availability: a.availability_status, metric: { open: mine.length, unattended: mine.filter(unattended).length } };
		});
		return { status: 200, body: rows.sort((x, y) => y.metric.open - x.metric.open) };
	});

	// FirstResponseTimeDistributionBuilder: buckets of first_response events per channel type.
	fake.route('GET', `${V2}/reports/first_response_time_distribution`, (request, { account_id }) => {
		if (!admin(account_id)) return UNAUTHORIZED;
		const range = rangeOf(request.query);
		const out: Record<string, Record<string, number>> = {};
		for (const e of reportingEvents(fake).filter((e) => e.account_id === num(account_id) && e.name === 'first_response' && inRange(e.at, range))) {
			const channel = state.inbox(e.inbox_id)?.channel_type as string | undefined;
			if (!channel) continue;
			out[channel] ??= { '0-1h': 0, '1-4h': 0, '4-8h': 0, '8-24h': 0, '24h+': 0 };
			const bucket = e.value < 3600 ? '0-1h' : e.value < 14400 ? '1-4h' : e.value < 28800 ? '4-8h' : e.value < 86400 ? '8-24h' : '24h+';
			out[channel][bucket] += 1;
		}
		return { status: 200, body: out };
	});

	// InboxLabelMatrixBuilder: inboxes by name, labels by title.
	fake.route('GET', `${V2}/reports/inbox_label_matrix`, (request, { account_id }) => {
		if (!admin(account_id)) return UNAUTHORIZED;
		const accountId = num(account_id);
		const range = rangeOf(request.query);
		const ids = (key: string) => ((request.query[key] as string[] | undefined) ?? []).map(Number);
		const inboxIds = ids('inbox_ids');
		const labelIds = ids('label_ids');
		const inboxes = state.inboxes.filter((i) => i.account_id === accountId && (!inboxIds.length || inboxIds.includes(num(i.id)))).sort((a, b) => String(a.name).localeCompare(String(b.name)));
		const labels = state.labels.filter((l) => l.account_id === accountId && (!labelIds.length || labelIds.includes(num(l.id)))).sort((a, b) => String(a.title).localeCompare(String(b.title)));
		const created = conversations(accountId).filter((c) => inRange(c.created_at, range));
		const matrix = inboxes.map((i) => labels.map((l) => created.filter((c) => c.inbox_id === i.id && ((c.labels as string[] | undefined) ?? []).includes(String(l.title))).length));
		return { status: 200, body: { inboxes: inboxes.map((i) => ({ id: i.id, name: i.name })), labels: labels.map((l) => ({ id: l.id, title: l.title })), matrix } };
	});

	// OutgoingMessagesCountBuilder: `where(created_at: range)` with no range matches nothing.
	fake.route('GET', `${V2}/reports/outgoing_messages_count`, (request, { account_id }) => {
		if (!admin(account_id)) return UNAUTHORIZED;
		const groupBy = String(request.query.group_by ?? '');
		if (!['agent', 'team', 'inbox', 'label'].includes(groupBy)) return { status: 422, body: '' };
		const accountId = num(account_id);
		const range = rangeOf(request.query);
		const outgoing = range ? state.messages.filter((m) => m.account_id === accountId && m.message_type === 1 && inRange(m.created_at, range)) : [];
		const counts = new Map<unknown, number>();
		for (const m of outgoing) {
			const c = conversations(accountId).find((x) => x.id === m.conversation_id);
			const sender = m.sender as Row | undefined;
			const keys = groupBy === 'agent' ? (sender?.type === 'user' ? [sender.id] : []) : groupBy === 'inbox' ? [m.inbox_id] : groupBy === 'team' ? (c?.team_id ? [c.team_id] : []) : ((c?.labels as string[] | undefined) ?? []);
			for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
		}
		const rows = [...counts].map(([key, count]) => {
			if (groupBy === 'label') return { id: state.labels.find((l) => l.account_id === accountId && l.title === key)?.id ?? null, name: key, outgoing_messages_count: count };
			const list = groupBy === 'agent' ? agentsOf(accountId) : groupBy === 'inbox' ? state.inboxes : state.teams;
			return { id: key, name: list.find((r) => r.id === key)?.name ?? null, outgoing_messages_count: count };
		});
		return { status: 200, body: rows };
	});

	// models/_reporting_event.json.jbuilder
	const eventView = ({ at, ...e }: ReportingEvent): Row => ({ value_in_business_hours: null, event_start_time: null, event_end_time: null, ...e, created_at: new Date(at * 1000).toISOString(), updated_at: new Date(at * 1000).toISOString() });

	// ReportingEventsController#index (Enterprise, administrators): newest first, 25 per page.
	fake.route('GET', `${V1}/reporting_events`, (request, { account_id }) => {
		if (!admin(account_id)) return UNAUTHORIZED;
		const range = rangeOf(request.query);
		const { inbox_id, user_id, name } = request.query;
		const all = reportingEvents(fake)
			.filter((e) => e.account_id === num(account_id) && inRange(e.at, range) && (!inbox_id || e.inbox_id === num(inbox_id)) && (!user_id || e.user_id === num(user_id)) && (!name || e.name === name))
			.sort((a, b) => b.at - a.at);
		const current = page(request);
		return { status: 200, body: { payload: all.slice((current - 1) * 25, current * 25).map(eventView), meta: { count: all.length, current_page: current, total_pages: Math.ceil(all.length / 25) } } };
	});

	// Enterprise ConversationsController#reporting_events: oldest first, a bare array.
	fake.route('GET', `${V1}/conversations/:conversation_id/reporting_events`, (_request, { account_id, conversation_id }) => {
		const conversation = state.conversation(num(account_id), num(conversation_id));
		if (!conversation) return { status: 404, body: { error: 'Resource could not be found' } };
		const rows = reportingEvents(fake).filter((e) => e.conversation_id === conversation.id).sort((a, b) => a.at - b.at);
		return { status: 200, body: rows.map(eventView) };
	});

	// CsatSurveyResponsesController#index (25 per page, _csat_survey_response.json.jbuilder) and #metrics.
	const csatFiltered = (request: RecordedRequest, accountId: number) => {
		const range = rangeOf(request.query);
		const { inbox_id, team_id } = request.query;
		const agents = ((request.query.user_ids as string[] | undefined) ?? []).map(Number);
		const ratings = ((request.query.rating as string[] | undefined) ?? []).map(Number);
		return csatResponses(fake).filter((r) => {
			const c = state.conversation(accountId, num(r.conversation_id));
			return r.account_id === accountId && inRange(r.at, range) && (!agents.length || agents.includes(num(r.assigned_agent_id))) && (!inbox_id || c?.inbox_id === num(inbox_id)) && (!team_id || c?.team_id === num(team_id)) && (!ratings.length || ratings.includes(num(r.rating)));
		});
	};
	fake.route('GET', `${V1}/csat_survey_responses`, (request, { account_id }) => {
		if (!admin(account_id)) return UNAUTHORIZED;
		const current = page(request);
		const rows = csatFiltered(request, num(account_id)).slice((current - 1) * 25, current * 25);
		return {
			status: 200,
			body: rows.map(({ at, contact_id, assigned_agent_id, ...r }) => {
				const contact = state.contacts.find((c) => c.id === contact_id);
				const agent = state.agents.find((a) => a.id === assigned_agent_id);
				return { csat_review_notes: null, review_notes_updated_at: null, message_id: null, ...r, ...(contact ? { contact: state.contactJson(contact) } : {}), ...(agent ? { assigned_agent: { id: agent.id, name: agent.name, email: agent.email } } : {}), created_at: at };
			}),
		};
	});
	fake.route('GET', `${V1}/csat_survey_responses/metrics`, (request, { account_id }) => {
		if (!admin(account_id)) return UNAUTHORIZED;
		const accountId = num(account_id);
		const rows = csatFiltered(request, accountId);
		const range = rangeOf(request.query);
		const ratings: Record<string, number> = {};
		for (const r of rows) ratings[String(r.rating)] = (ratings[String(r.rating)] ?? 0) + 1;
		const sent = state.messages.filter((m) => m.account_id === accountId && m.content_type === 'input_csat' && inRange(m.created_at, range)).length;
		return { status: 200, body: { total_count: rows.length, ratings_count: ratings, total_sent_messages_count: sent } };
	});
}
