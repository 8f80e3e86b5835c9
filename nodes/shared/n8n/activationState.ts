import type { IDataObject } from 'n8n-workflow';

/**
 * What a webhook trigger's `create()` registered (webhook id, signing secret, URL
 * secret), kept in the process until n8n has saved it in static data.
 *
 * n8n makes a webhook route live, then runs `create()`, and saves the workflow's static
 * data only after every webhook was created. A delivery that arrives in between
 * (Chatwoot may send one as soon as its webhook exists) is handled with the static data
 * of the database, which does not have the registration yet, and would be refused as
 * unregistered. `webhook()` therefore falls back to this record when static data has
 * none. It covers one process (n8n's regular mode, or a main that also serves
 * webhooks); a separate webhook processor only sees what static data holds.
 * Bounded: one entry per trigger node, removed again by `delete()`.
 */
const MAX_ENTRIES = 10000;
const records = new Map<string, IDataObject>();

export function activationKey(ctx: { getWorkflow(): { id?: string }; getNode(): { id: string } }, part = ''): string {
	return `${ctx.getWorkflow().id ?? ''}:${ctx.getNode().id}:${part}`;
}

/** Records (or with `undefined`, forgets) what activation registered. */
export function rememberActivation(key: string, value: IDataObject | undefined): void {
	records.delete(key);
	if (value === undefined) return;
	records.set(key, structuredClone(value));
	if (records.size > MAX_ENTRIES) {
		const oldest = records.keys().next().value;
		if (oldest !== undefined) records.delete(oldest);
	}
}

export function recallActivation(key: string): IDataObject | undefined {
	return records.get(key);
}
