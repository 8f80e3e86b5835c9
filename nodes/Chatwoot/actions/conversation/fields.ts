import type { IDataObject, INodeProperties } from 'n8n-workflow';

export const PRIORITIES: Array<[string, string]> = [['High', 'high'], ['Low', 'low'], ['Medium', 'medium'], ['None', 'none'], ['Urgent', 'urgent']];

export const statusFilterField: INodeProperties = {
	displayName: 'Status',
	name: 'status',
	type: 'options',
	default: 'open',
	options: [
		{ name: 'All', value: 'all' },
		{ name: 'Open', value: 'open' },
		{ name: 'Pending', value: 'pending' },
		{ name: 'Resolved', value: 'resolved' },
		{ name: 'Snoozed', value: 'snoozed' },
	],
};

/** Filters of the conversation list, also used by Get Counts. */
export const listFilterOptions: INodeProperties[] = [
	{
		displayName: 'Inbox Name or ID',
		name: 'inbox_id',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getInboxes' },
		default: '',
		description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	},
	{
		displayName: 'Label Names or IDs',
		name: 'labels',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getLabels' },
		default: [],
		description:
			'Conversations with any of these labels. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Search Term',
		name: 'q',
		type: 'string',
		default: '',
		description:
			'Text to search for in incoming and outgoing messages. Chatwoot then ignores the status: add a Status filter to keep only that status, otherwise conversations of every status come back.',
	},
	statusFilterField,
	{
		displayName: 'Team Name or ID',
		name: 'team_id',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getTeams' },
		default: '',
		description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	},
];

/**
 * Query string for the conversation list/meta endpoints from the filter collection.
 * ConversationFinder (Chatwoot 4.15.1) skips the status filter when `q` is given, so
 * a search sends no status (the caller filters by status itself).
 */
export function listQuery(filters: IDataObject): IDataObject {
	const qs: IDataObject = {};
	const keys = filters.q ? ['inbox_id', 'team_id', 'q', 'assignee_type'] : ['status', 'inbox_id', 'team_id', 'assignee_type'];
	for (const key of keys) {
		if (filters[key] !== undefined && filters[key] !== '') qs[key] = filters[key];
	}
	const labels = (filters.labels as string[] | undefined) ?? [];
	if (labels.length) qs.labels = labels;
	return qs;
}

/** "2026-11-21T10:00:00" → Unix seconds, as Chatwoot's snoozed_until expects. */
export function toEpochSeconds(value: unknown): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'number') return value > 1e12 ? Math.floor(value / 1000) : value;
	const ms = Date.parse(String(value));
	return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
}
