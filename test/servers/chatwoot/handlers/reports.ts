import type { FakeChatwoot, RecordedRequest, Reply } from '../server';
import type { Row } from '../state';

import { num } from './common';
import type { Range, ReportingEvent } from './reportData';
import { AVERAGES, decimal, EVENT_OF, inRange, mean, METRICS, rangeOf, reportingEvents, UNAUTHORIZED } from './reportData';
import { registerLiveAndEventReports } from './reportEvents';

/* Chatwoot 4.15.1 (97bb8ecd3) Api::V2::Accounts::ReportsController#index/#summary and SummaryReportsController: see reportData.ts. */

function bucketStart(at: number, groupBy: string, offset: number): number {
	const local = at + offset;
	const d = new Date(local * 1000);
	let start: number;
	switch (groupBy) {
		case 'hour':
			start = Math.floor(local / 3600) * 3600;
			break;
		case 'week': // groupdate's default week starts on Sunday
			start = Math.floor(local / 86400) * 86400 - d.getUTCDay() * 86400;
			break;
		case 'month':
			start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 1000;
			break;
		case 'year':
			start = Date.UTC(d.getUTCFullYear(), 0, 1) / 1000;
			break;
		default:
			start = Math.floor(local / 86400) * 86400;
	}
	return start - offset;
}

function nextBucket(start: number, groupBy: string, offset: number): number {
	const step: Record<string, number> = { hour: 3600, day: 86400, week: 7 * 86400 };
	if (step[groupBy]) return start + step[groupBy];
	const d = new Date((start + offset) * 1000);
	const next = groupBy === 'year' ? Date.UTC(d.getUTCFullYear() + 1, 0, 1) : Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
	return next / 1000 - offset;
}

export function registerReports(fake: FakeChatwoot) {
	const { state } = fake;
	const V2 = '/api/v2/accounts/:account_id';
	const admin = (accountId: string) => state.role(num(accountId)) === 'administrator';
	const conversations = (accountId: number) => state.conversations.filter((c) => c.account_id === accountId);
	const conversationOf = (accountId: number, id: number) => state.conversations.find((c) => c.account_id === accountId && c.id === id);
	const agentsOf = (accountId: number) => state.agents.filter((a) => a.account_id === accountId);

	/** The dimension of BaseTimeseriesBuilder#scope; a missing record is RecordNotFound → 404. */
	function scopeOf(accountId: number, query: Row): { conversation: (c: Row) => boolean; message: (m: Row) => boolean; event: (e: ReportingEvent) => boolean } | Reply {
		const type = String(query.type || 'account');
		const id = num(query.id);
		const inConversation = (test: (c: Row) => boolean) => (row: { conversation_id?: unknown }) => {
			const c = conversationOf(accountId, num(row.conversation_id));
			return !!c && test(c);
		};
		const notFound: Reply = { status: 404, body: { error: `Couldn't find ${type === 'agent' ? 'User' : type.charAt(0).toUpperCase() + type.slice(1)} with 'id'=${query.id}` } };
		switch (type) {
			case 'account':
				return { conversation: () => true, message: () => true, event: () => true };
			case 'inbox':
				if (!state.inboxes.some((i) => i.id === id && i.account_id === accountId)) return notFound;
				return { conversation: (c) => c.inbox_id === id, message: (m) => m.inbox_id === id, event: (e) => e.inbox_id === id };
			case 'agent':
				if (!agentsOf(accountId).some((a) => a.id === id)) return notFound;
				return { conversation: (c) => c.assignee_id === id, message: (m) => (m.sender as Row | undefined)?.type === 'user' && (m.sender as Row).id === id, event: (e) => e.user_id === id };
			case 'team': {
				if (!state.teams.some((t) => t.id === id && t.account_id === accountId)) return notFound;
				const test = (c: Row) => c.team_id === id;
				return { conversation: test, message: inConversation(test), event: inConversation(test) };
			}
			case 'label': {
				const label = state.labels.find((l) => l.id === id && l.account_id === accountId);
				if (!label) return notFound;
				const test = (c: Row) => ((c.labels as string[] | undefined) ?? []).includes(String(label.title));
				return { conversation: test, message: inConversation(test), event: inConversation(test) };
			}
			default:
				return { status: 500, body: { error: `undefined method for :${type}` } };
		}
	}

	/** Rows a metric counts or averages, with their created_at. */
	function sample(accountId: number, metric: string, query: Row, range: Range): Array<{ at: number; value: number }> | Reply {
		const scope = scopeOf(accountId, query);
		if (!('conversation' in scope)) return scope;
		const business = String(query.business_hours) === 'true';
		if (metric === 'conversations_count') return conversations(accountId).filter(scope.conversation).filter((c) => inRange(c.created_at, range)).map((c) => ({ at: num(c.created_at), value: 1 }));
		if (metric.endsWith('messages_count')) {
			const type = metric.startsWith('incoming') ? 0 : 1;
			return state.messages.filter((m) => m.account_id === accountId && m.message_type === type && scope.message(m) && inRange(m.created_at, range)).map((m) => ({ at: num(m.created_at), value: 1 }));
		}
		return reportingEvents(fake)
			.filter((e) => e.account_id === accountId && e.name === EVENT_OF[metric] && scope.event(e) && inRange(e.at, range))
			.map((e) => ({ at: e.at, value: business ? (e.value_in_business_hours ?? 0) : e.value }));
	}

	const aggregate = (points: Array<{ value: number }>, metric: string) => {
		if (!AVERAGES.includes(metric)) return points.length;
		const average = mean(points.map((p) => p.value));
		return average === null ? null : decimal(average);
	};

	// ReportsController#index → Reports::RawDataSource#timeseries (group_by_period, default_value 0, range filled).
	fake.route('GET', `${V2}/reports`, (request, { account_id }) => {
		if (!admin(account_id)) return UNAUTHORIZED;
		const metric = String(request.query.metric ?? '');
		if (!METRICS.includes(metric)) return { status: 200, body: {} }; // log_invalid_metric
		const range = rangeOf(request.query);
		const points = sample(num(account_id), metric, request.query, range);
		if (!Array.isArray(points)) return points;
		const groupBy = ['day', 'week', 'month', 'year', 'hour'].includes(String(request.query.group_by)) ? String(request.query.group_by) : 'day';
		const offset = Math.round(Number(request.query.timezone_offset ?? 0) * 3600);
		const buckets = new Map<number, Array<{ value: number }>>();
		if (range) for (let t = bucketStart(range[0], groupBy, offset); t < range[1]; t = nextBucket(t, groupBy, offset)) buckets.set(t, []);
		for (const p of points) {
			const start = bucketStart(p.at, groupBy, offset);
			buckets.set(start, [...(buckets.get(start) ?? []), p]);
		}
		const series = [...buckets].sort(([a], [b]) => a - b).map(([timestamp, bucket]) => {
			if (!AVERAGES.includes(metric)) return { value: bucket.length, timestamp };
			const average = mean(bucket.map((p) => p.value));
			return { value: average === null ? 0 : decimal(average), timestamp, count: bucket.length };
		});
		return { status: 200, body: series };
	});

	// ReportsController#summary: MetricBuilder#summary for the period and for the period before it.
	fake.route('GET', `${V2}/reports/summary`, (request, { account_id }) => {
		if (!admin(account_id)) return UNAUTHORIZED;
		const since = num(request.query.since);
		const until = num(request.query.until);
		const summary = (range: Range) => {
			const out: Row = {};
			for (const metric of ['conversations_count', 'incoming_messages_count', 'outgoing_messages_count', 'avg_first_response_time', 'avg_resolution_time', 'resolutions_count', 'reply_time']) {
				const points = sample(num(account_id), metric, request.query, range);
				if (!Array.isArray(points)) return points;
				out[metric] = aggregate(points, metric);
			}
			return out;
		};
		const current = summary(rangeOf(request.query));
		if ('status' in current && 'body' in current) return current as Reply;
		const previous = summary(rangeOf({ since: since - (until - since), until: since }));
		return { status: 200, body: { ...current, previous } };
	});

	// SummaryReportsController#agent/#inbox/#team → BaseSummaryBuilder + RawDataSource#summary.
	const summaryReport = (type: 'agent' | 'inbox' | 'team') => (request: RecordedRequest, { account_id }: Record<string, string>): Reply => {
		if (!admin(account_id)) return UNAUTHORIZED;
		const accountId = num(account_id);
		const range = rangeOf(request.query);
		const business = String(request.query.business_hours) === 'true';
		const ids = type === 'agent' ? agentsOf(accountId).map((a) => num(a.id)) : (type === 'inbox' ? state.inboxes : state.teams).filter((r) => r.account_id === accountId).map((r) => num(r.id));
		const conversationKey = { agent: 'assignee_id', inbox: 'inbox_id', team: 'team_id' }[type];
		const eventKey = (e: ReportingEvent) => (type === 'agent' ? e.user_id : type === 'inbox' ? e.inbox_id : conversationOf(accountId, e.conversation_id)?.team_id);
		const value = (e: ReportingEvent) => (business ? (e.value_in_business_hours ?? 0) : e.value);
		const rangeEvents = reportingEvents(fake).filter((e) => e.account_id === accountId && inRange(e.at, range));
		const rows = ids.map((id) => {
			const mine = rangeEvents.filter((e) => eventKey(e) === id);
			const avg = (name: string) => mean(mine.filter((e) => e.name === name).map(value));
			return {
				id,
				conversations_count: conversations(accountId).filter((c) => c[conversationKey] === id && inRange(c.created_at, range)).length,
				resolved_conversations_count: mine.filter((e) => e.name === 'conversation_resolved').length,
				avg_resolution_time: avg('conversation_resolved'),
				avg_first_response_time: avg('first_response'),
				avg_reply_time: avg('reply_time'),
			};
		});
		return { status: 200, body: rows };
	};
	fake.route('GET', `${V2}/summary_reports/agent`, summaryReport('agent'));
	fake.route('GET', `${V2}/summary_reports/inbox`, summaryReport('inbox'));
	fake.route('GET', `${V2}/summary_reports/team`, summaryReport('team'));

	// LabelSummaryBuilder: every label, 0 (not nil) where nothing was measured.
	fake.route('GET', `${V2}/summary_reports/label`, (request, { account_id }) => {
		if (!admin(account_id)) return UNAUTHORIZED;
		const accountId = num(account_id);
		const range = rangeOf(request.query);
		const business = String(request.query.business_hours) === 'true';
		const labelled = (title: unknown) => conversations(accountId).filter((c) => ((c.labels as string[] | undefined) ?? []).includes(String(title)));
		const rows = state.labels.filter((l) => l.account_id === accountId).map((label) => {
			const mine = labelled(label.title);
			const created = mine.filter((c) => inRange(c.created_at, range)).map((c) => c.id);
			const eventsOf = (name: string, byEvent: boolean) => reportingEvents(fake).filter((e) => e.account_id === accountId && e.name === name && (byEvent ? inRange(e.at, range) && mine.some((c) => c.id === e.conversation_id) : created.includes(e.conversation_id)));
			const avg = (name: string) => mean(eventsOf(name, false).map((e) => (business ? (e.value_in_business_hours ?? 0) : e.value))) ?? 0;
			return {
				id: label.id,
				name: label.title,
				conversations_count: created.length,
				avg_resolution_time: avg('conversation_resolved'),
				avg_first_response_time: avg('first_response'),
				avg_reply_time: avg('reply_time'),
				resolved_conversations_count: eventsOf('conversation_resolved', true).length,
			};
		});
		return { status: 200, body: rows };
	});

	// ChannelSummaryBuilder; more than 6.months → render_could_not_create_error.
	fake.route('GET', `${V2}/summary_reports/channel`, (request, { account_id }) => {
		if (!admin(account_id)) return UNAUTHORIZED;
		const range = rangeOf(request.query);
		if (range && range[1] - range[0] > 6 * 2629746) return { status: 422, body: { error: 'Date range cannot exceed 6 months' } };
		const out: Record<string, Record<string, number>> = {};
		for (const c of conversations(num(account_id)).filter((c) => inRange(c.created_at, range))) {
			const channel = String(state.inbox(num(c.inbox_id))?.channel_type);
			out[channel] ??= { open: 0, resolved: 0, pending: 0, snoozed: 0, total: 0 };
			out[channel][String(c.status)] += 1;
			out[channel].total += 1;
		}
		return { status: 200, body: out };
	});

	registerLiveAndEventReports(fake, { admin, conversations, agentsOf });
}
