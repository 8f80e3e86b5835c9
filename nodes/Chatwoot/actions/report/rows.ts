import type { IDataObject } from 'n8n-workflow';

import { formatInZone } from './dates';

/**
 * Chatwoot's report answers as one flat item per row, ready for a sheet. Averages
 * arrive as decimal strings (ActiveRecord's `average` is a BigDecimal, which Rails
 * encodes as a string): they become numbers; `null` (no data) stays.
 */

export interface RowContext {
	zone: string;
	groupBy?: string;
	metric?: string;
}

export function numeric(value: unknown): unknown {
	return typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
}

function numbers(record: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, numeric(v) as IDataObject[string]]));
}

function objectOf(body: unknown): IDataObject {
	return body && typeof body === 'object' && !Array.isArray(body) ? (body as IDataObject) : {};
}

function arrayOf(body: unknown): IDataObject[] {
	return Array.isArray(body) ? (body.filter((r) => r && typeof r === 'object') as IDataObject[]) : [];
}

/** `[{value, timestamp, count?}]` → one item per bucket, with its date in the report's timezone. */
export function timeseriesRows(body: unknown, context: RowContext): IDataObject[] {
	return arrayOf(body).map((point) => {
		const timestamp = Number(point.timestamp);
		return {
			metric: context.metric,
			date: formatInZone(timestamp, context.zone, context.groupBy === 'hour'),
			timestamp,
			value: numeric(point.value) as number,
			...(point.count !== undefined ? { count: numeric(point.count) as number } : {}),
		};
	});
}

/** `{…current, previous: {…}}` → one item, the previous period's figures as `previous_*`. */
export function summaryRows(body: unknown): IDataObject[] {
	const { previous, ...current } = objectOf(body);
	const before = Object.fromEntries(Object.entries(objectOf(previous)).map(([k, v]) => [`previous_${k}`, numeric(v) as IDataObject[string]]));
	return [{ ...numbers(current), ...before }];
}

/** An array of records, numbers as numbers. */
export function recordRows(body: unknown): IDataObject[] {
	return arrayOf(body).map(numbers);
}

/** `{ "Channel::Api": {…}, … }` → one item per channel type. */
export function channelRows(body: unknown): IDataObject[] {
	return Object.entries(objectOf(body)).map(([channel_type, counts]) => ({ channel_type, ...numbers(objectOf(counts)) }));
}

/** The inbox × label matrix → one item per inbox, one column per label title. */
export function matrixRows(body: unknown): IDataObject[] {
	const { inboxes, labels, matrix } = objectOf(body);
	const columns = arrayOf(labels).map((l) => String(l.title));
	const cells = Array.isArray(matrix) ? (matrix as unknown[][]) : [];
	return arrayOf(inboxes).map((inbox, i) => ({
		inbox_id: inbox.id,
		inbox_name: inbox.name,
		...Object.fromEntries(columns.map((title, j) => [title, Number(cells[i]?.[j] ?? 0)])),
	}));
}

/** One object → one item. */
export function singleRow(body: unknown): IDataObject[] {
	return [numbers(objectOf(body))];
}

/** Agents with their live counts: `metric` flattened into columns. */
export function agentMetricRows(records: IDataObject[]): IDataObject[] {
	return records.map(({ metric, ...agent }) => ({ ...agent, ...numbers(objectOf(metric)) }));
}

/** CSAT responses: contact and agent as columns, the time as a date in the report's timezone. */
export function csatRows(records: IDataObject[], context: RowContext): IDataObject[] {
	return records.map(({ contact, assigned_agent, ...response }) => {
		const who = objectOf(contact);
		const agent = objectOf(assigned_agent);
		return {
			...response,
			date: typeof response.created_at === 'number' ? formatInZone(response.created_at, context.zone, true) : null,
			contact_id: who.id ?? null,
			contact_name: who.name ?? null,
			contact_email: who.email ?? null,
			assigned_agent_id: agent.id ?? null,
			assigned_agent_name: agent.name ?? null,
		};
	});
}

/** CSAT metrics: one item, one column per rating. */
export function csatMetricRows(body: unknown): IDataObject[] {
	const { ratings_count, ...totals } = objectOf(body);
	const ratings = objectOf(ratings_count);
	const sent = Number(totals.total_sent_messages_count ?? 0);
	const total = Number(totals.total_count ?? 0);
	return [
		{
			...numbers(totals),
			response_rate: sent > 0 ? Math.round((total / sent) * 10000) / 100 : null,
			...Object.fromEntries([1, 2, 3, 4, 5].map((r) => [`rating_${r}`, Number(ratings[r] ?? 0)])),
		},
	];
}
