import type { IDataObject } from 'n8n-workflow';

/**
 * Events whose data ActionCableBroadcastJob replaces with the freshly loaded
 * conversation (`CONVERSATION_UPDATE_EVENTS`, app/jobs/action_cable_broadcast_job.rb at
 * 97bb8ecd3): they never carry `performer`, so "exclude own actions" cannot tell who
 * changed the conversation. They are filtered by what changed instead.
 */
export const RELOADED_CONVERSATION_EVENTS = new Set([
	'conversation.read',
	'conversation.updated',
	'team.changed',
	'assignee.changed',
	'conversation.status_changed',
]);

function obj(value: unknown): IDataObject | undefined {
	return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : undefined;
}

/** Fields of Conversations::EventDataPresenter#push_data a workflow may watch, each reduced to a comparable value. */
const FIELDS: Record<string, { name: string; description: string; read: (data: IDataObject) => unknown }> = {
	status: { name: 'Status', description: 'Open, resolved, pending, snoozed', read: (d) => d.status },
	assignee: {
		name: 'Assignee',
		description: 'The assigned agent or agent bot',
		read: (d) => {
			const meta = obj(d.meta);
			const assignee = obj(meta?.assignee);
			return assignee ? `${String(meta?.assignee_type ?? assignee.type ?? '')}:${String(assignee.id)}` : null;
		},
	},
	team: { name: 'Team', description: 'The assigned team', read: (d) => obj(obj(d.meta)?.team)?.id ?? null },
	labels: {
		name: 'Labels',
		description: 'The set of labels (order ignored)',
		read: (d) => (Array.isArray(d.labels) ? [...(d.labels as unknown[]).map(String)].sort() : []),
	},
	priority: { name: 'Priority', description: 'Low, medium, high, urgent', read: (d) => d.priority ?? null },
	custom_attributes: { name: 'Custom Attributes', description: 'Conversation custom attributes', read: (d) => d.custom_attributes ?? {} },
	additional_attributes: { name: 'Additional Attributes', description: 'Conversation additional attributes', read: (d) => d.additional_attributes ?? {} },
	snoozed_until: { name: 'Snoozed Until', description: 'The snooze end', read: (d) => d.snoozed_until ?? null },
	contact_last_seen_at: { name: 'Read by Contact', description: 'The contact opened the conversation', read: (d) => d.contact_last_seen_at ?? 0 },
	agent_last_seen_at: { name: 'Read by Agent', description: 'An agent opened the conversation', read: (d) => d.agent_last_seen_at ?? 0 },
};

export const CONVERSATION_CHANGE_OPTIONS = Object.entries(FIELDS).map(([value, field]) => ({
	name: field.name,
	value,
	description: field.description,
}));

/** Conversations remembered at most (least recently seen dropped first). */
const MAX_CONVERSATIONS = 2000;

/** Stable JSON: object keys sorted, so attribute order never counts as a change. */
function stable(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
	const record = obj(value);
	if (record) {
		return `{${Object.keys(record)
			.sort()
			.map((key) => `${JSON.stringify(key)}:${stable(record[key])}`)
			.join(',')}}`;
	}
	return JSON.stringify(value ?? null);
}

export interface ChangeVerdict {
	emit: boolean;
	/** Watched fields that differ from the last state seen; undefined the first time a conversation is seen. */
	changed?: string[];
}

/**
 * "Only when these fields changed": remembers, per conversation, the watched fields of
 * the last state seen (any conversation event), and lets a reloaded-conversation event
 * through only when one of them differs. A workflow that writes fields it does not
 * watch (a label on a status change, a reply) therefore never re-triggers itself, and
 * the twin `conversation.updated` that Chatwoot sends with every status change is
 * dropped once its status change was emitted. The first state of a conversation after
 * activation passes. In memory, bounded.
 */
export class ConversationChanges {
	private readonly fields: string[];
	private readonly last = new Map<number, string[]>();

	constructor(fields: string[]) {
		this.fields = fields.filter((field) => field in FIELDS);
	}

	get active(): boolean {
		return this.fields.length > 0;
	}

	check(event: string, data: IDataObject): ChangeVerdict {
		const id = Number(data.id);
		if (!this.active || !Number.isFinite(id)) return { emit: true };
		const values = this.fields.map((field) => stable(FIELDS[field].read(data)));
		const previous = this.last.get(id);
		this.last.delete(id);
		this.last.set(id, values);
		if (this.last.size > MAX_CONVERSATIONS) this.last.delete(this.last.keys().next().value as number);
		if (!RELOADED_CONVERSATION_EVENTS.has(event)) return { emit: true };
		if (!previous) return { emit: true };
		const changed = this.fields.filter((_, index) => previous[index] !== values[index]);
		return { emit: changed.length > 0, changed };
	}
}
