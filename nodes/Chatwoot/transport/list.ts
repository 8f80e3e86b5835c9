import type { IDataObject } from 'n8n-workflow';

/**
 * Chatwoot returns lists in several envelopes: a bare array (agents, teams),
 * `{payload:[…]}` (labels, inboxes, contacts, messages), `{data:{meta,payload}}`
 * (conversation list), `{payload:{webhooks}}`. This turns any of them into records.
 */
export function extractRecords(body: unknown): IDataObject[] {
	if (Array.isArray(body)) return body as IDataObject[];
	if (!body || typeof body !== 'object') return [];
	const record = body as IDataObject;
	if (record.data && typeof record.data === 'object' && !Array.isArray(record.data)) {
		const inner = record.data as IDataObject;
		if (Array.isArray(inner.payload)) return inner.payload as IDataObject[];
	}
	if (Array.isArray(record.data)) return record.data as IDataObject[];
	if (Array.isArray(record.payload)) return record.payload as IDataObject[];
	if (record.payload && typeof record.payload === 'object') {
		const values = Object.values(record.payload as IDataObject);
		if (values.length === 1 && Array.isArray(values[0])) return values[0] as IDataObject[];
		return [record.payload as IDataObject];
	}
	return [record];
}

/** Unwraps `{payload: record}` single-record responses; leaves other shapes alone. */
export function extractRecord(body: unknown): IDataObject {
	if (!body || typeof body !== 'object' || Array.isArray(body)) {
		return { success: true, ...(body === undefined || body === '' ? {} : { response: body as IDataObject }) };
	}
	const record = body as IDataObject;
	if (record.payload && typeof record.payload === 'object' && !Array.isArray(record.payload)) {
		return record.payload as IDataObject;
	}
	return record;
}

/** Reads the list meta, wherever the envelope keeps it. */
export function extractMeta(body: unknown): IDataObject {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return {};
	const record = body as IDataObject;
	if (record.meta && typeof record.meta === 'object') return record.meta as IDataObject;
	const data = record.data as IDataObject | undefined;
	if (data && typeof data === 'object' && data.meta && typeof data.meta === 'object') return data.meta as IDataObject;
	return {};
}
