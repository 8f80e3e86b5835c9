import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { choice, EXPRESSION_HINT } from '../fieldSpecs';

import { isTimezone, parseDate, zoneOffsetMinutes } from './dates';

/**
 * The parameters the report operations share, and how they become Chatwoot's query
 * (Chatwoot 4.15.1, app/controllers/api/v2/accounts/reports_controller.rb and
 * summary_reports_controller.rb): `since`/`until` as Unix seconds, `group_by`,
 * `timezone_offset` in hours, `business_hours`, `type` + `id` for the dimension.
 */

export const rangeProperties = (required: boolean): INodeProperties[] => [
	{
		displayName: 'From',
		name: 'since',
		type: 'dateTime',
		default: '',
		required,
		description: `Start of the period (included), in the report's timezone${required ? '' : '; leave From and To empty for all time'}`,
	},
	{
		displayName: 'To',
		name: 'until',
		type: 'dateTime',
		default: '',
		required,
		description: 'End of the period (excluded): for the whole of May, From 1 May 00:00 and To 1 June 00:00',
	},
];

export const groupByProperty: INodeProperties = choice('groupBy', 'Group By', [['Day', 'day'], ['Hour', 'hour'], ['Month', 'month'], ['Week', 'week'], ['Year', 'year']], 'day', 'One output item per period of this length').property;

const DIMENSIONS: Array<[string, string, string, string]> = [
	['Agent', 'agent', 'agentId', 'getAgents'],
	['Inbox', 'inbox', 'inboxId', 'getInboxes'],
	['Label', 'label', 'labelId', 'getLabels'],
	['Team', 'team', 'teamId', 'getTeams'],
];

/** Whose figures: the whole account, or one agent, inbox, label or team (Chatwoot's `type` and `id`). */
export const dimensionProperties: INodeProperties[] = [
	{
		displayName: 'For',
		name: 'type',
		type: 'options',
		options: [{ name: 'Account', value: 'account' }, ...DIMENSIONS.map(([name, value]) => ({ name, value }))],
		default: 'account',
		description: 'The whole account, or one agent, inbox, label or team',
	},
	...DIMENSIONS.map(([name, value, parameter, method]): INodeProperties => ({
		displayName: `${name} Name or ID`,
		name: parameter,
		type: 'options',
		typeOptions: { loadOptionsMethod: method },
		default: '',
		required: true,
		displayOptions: { show: { type: [value] } },
		description: EXPRESSION_HINT,
	})),
];

export const timezoneOption: INodeProperties = {
	displayName: 'Timezone',
	name: 'timezone',
	type: 'string',
	default: '',
	placeholder: 'Europe/Berlin',
	description: "IANA timezone for From/To and for the day, week and month boundaries; empty uses the workflow's timezone",
};

export const businessHoursOption: INodeProperties = {
	displayName: 'Business Hours Only',
	name: 'businessHours',
	type: 'boolean',
	default: false,
	description: "Whether times count only the inbox's business hours (Chatwoot's value_in_business_hours)",
};

function fail(context: IExecuteFunctions, itemIndex: number, message: string, description: string): never {
	throw new NodeOperationError(context.getNode(), message, { itemIndex, description });
}

/** The report's timezone: the Timezone option, else the workflow's. */
export function reportZone(this: IExecuteFunctions, itemIndex: number): string {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const zone = String(options.timezone ?? '').trim() || this.getTimezone();
	if (!isTimezone(zone)) {
		fail(this, itemIndex, `"${zone}" is not a timezone`, 'Use an IANA name such as Europe/Berlin, America/New_York or UTC.');
	}
	return zone;
}

/**
 * Chatwoot's `timezone_offset`: hours east of UTC. Chatwoot picks the first zone whose
 * offset is that now (TimezoneHelper#timezone_name_from_offset), so the offset is the
 * zone's current one.
 */
export function timezoneOffset(zone: string, now = Date.now()): number {
	return zoneOffsetMinutes(zone, now) / 60;
}

/** `since`/`until` in Unix seconds; empty when optional and both are empty. */
export function readRange(this: IExecuteFunctions, itemIndex: number, zone: string, required: boolean, maxSeconds?: number): { since: number; until: number } | undefined {
	const raw = { since: this.getNodeParameter('since', itemIndex, ''), until: this.getNodeParameter('until', itemIndex, '') };
	const empty = (v: unknown) => v === '' || v === undefined || v === null;
	if (!required && empty(raw.since) && empty(raw.until)) return undefined;
	const out: Record<'since' | 'until', number> = { since: 0, until: 0 };
	for (const [key, label] of [['since', 'From'], ['until', 'To']] as const) {
		if (empty(raw[key])) {
			fail(this, itemIndex, `Enter "${label}"`, required ? 'The report needs the start and the end of its period.' : 'Chatwoot filters by a period only when it has both ends: enter From and To, or neither.');
		}
		const ms = parseDate(raw[key], zone);
		if (ms === undefined) fail(this, itemIndex, `"${String(raw[key])}" in "${label}" is not a date`, 'Pick a date, or use an ISO date such as 2026-05-01 or 2026-05-01T09:00:00Z.');
		out[key] = Math.floor(ms / 1000);
	}
	if (out.until <= out.since) fail(this, itemIndex, '"To" must be after "From"', 'The period starts at From (included) and ends at To (excluded).');
	if (maxSeconds !== undefined && out.until - out.since > maxSeconds) {
		fail(this, itemIndex, `The period is longer than Chatwoot allows for this report`, `Chatwoot answers this report for at most 6 months; split the period into several runs.`);
	}
	return out;
}

/** `type` and `id` of the chosen dimension. */
export function readDimension(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const type = this.getNodeParameter('type', itemIndex, 'account') as string;
	const dimension = DIMENSIONS.find(([, value]) => value === type);
	if (!dimension) return { type: 'account' };
	const raw = String(this.getNodeParameter(dimension[2], itemIndex, '') ?? '').trim();
	if (!/^\d+$/.test(raw) || Number(raw) <= 0) {
		fail(this, itemIndex, `Choose the ${dimension[0].toLowerCase()}`, raw === '' ? `Pick one from "${dimension[0]}", or enter its ID.` : `"${raw}" is not ${dimension[0] === 'Inbox' ? 'an' : 'a'} ${dimension[0].toLowerCase()} ID.`);
	}
	return { type, id: raw };
}
