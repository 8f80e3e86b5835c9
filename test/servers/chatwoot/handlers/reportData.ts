import type { FakeChatwoot, Reply } from '../server';
import type { Row } from '../state';

import { num } from './common';

/*
 * Chatwoot 4.15.1 (release merge 97bb8ecd3) reports, computed from the fake's
 * conversations and messages and from seeded reporting events and CSAT responses:
 * app/controllers/api/v2/accounts/reports_controller.rb, summary_reports_controller.rb,
 * app/builders/v2/report_builder.rb (conversation_metrics), app/builders/v2/reports/*,
 * app/services/reports/raw_data_source.rb, enterprise/app/controllers/api/v1/accounts/
 * reporting_events_controller.rb, app/controllers/api/v1/accounts/csat_survey_responses_controller.rb.
 */

/** A reporting_events row; `at` is created_at in Unix seconds. */
export interface ReportingEvent extends Row {
	id: number;
	name: string;
	value: number;
	value_in_business_hours?: number;
	conversation_id: number;
	inbox_id: number;
	user_id: number | null;
	at: number;
}

const events = new WeakMap<FakeChatwoot, ReportingEvent[]>();
const csat = new WeakMap<FakeChatwoot, Row[]>();

/** The fake's reporting events (tests push their own). */
export function reportingEvents(fake: FakeChatwoot): ReportingEvent[] {
	if (!events.has(fake)) events.set(fake, []);
	return events.get(fake)!;
}

/** The fake's CSAT survey responses: {id, rating, feedback_message, conversation_id, contact_id, assigned_agent_id, at}. */
export function csatResponses(fake: FakeChatwoot): Row[] {
	if (!csat.has(fake)) csat.set(fake, []);
	return csat.get(fake)!;
}

export const UNAUTHORIZED: Reply = { status: 401, body: { error: 'You are not authorized to do this action' } };
export const METRICS = ['conversations_count', 'incoming_messages_count', 'outgoing_messages_count', 'avg_first_response_time', 'avg_resolution_time', 'reply_time', 'resolutions_count', 'bot_resolutions_count', 'bot_handoffs_count'];
/** Reports::ReportMetricRegistry: averages and counts read from reporting events. */
export const EVENT_OF: Record<string, string> = { avg_first_response_time: 'first_response', avg_resolution_time: 'conversation_resolved', reply_time: 'reply_time', resolutions_count: 'conversation_resolved', bot_resolutions_count: 'conversation_bot_resolved', bot_handoffs_count: 'conversation_bot_handoff' };
export const AVERAGES = ['avg_first_response_time', 'avg_resolution_time', 'reply_time'];

export type Range = [number, number] | undefined;

/** DateRangeHelper#range: both ends as Unix seconds, end excluded; nil when one is blank. */
export function rangeOf(query: Row): Range {
	if (!query.since || !query.until) return undefined;
	return [num(query.since), num(query.until)];
}

export const inRange = (at: unknown, range: Range) => !range || (num(at) >= range[0] && num(at) < range[1]);

/** Rails encodes a BigDecimal (ActiveRecord `average`) as a decimal string. */
export const decimal = (n: number) => (Number.isInteger(n) ? `${n}.0` : String(n));
export const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);

