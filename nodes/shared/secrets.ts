/**
 * Credentials that platforms put into the data they send us (webhook bodies,
 * realtime events, API answers) are removed before that data becomes a workflow
 * item, an execution log or an error. Imports nothing from n8n.
 */

/** Keys whose values are credentials, wherever they appear (outside user data). */
export const SECRET_KEYS: ReadonlySet<string> = new Set(['access_token', 'hmac_token', 'pubsub_token', 'secret']);

/** User-defined data: left as it is, even where a user named a field "secret". */
export const USER_DATA_KEYS: ReadonlySet<string> = new Set([
	'additional_attributes',
	'content_attributes',
	'custom_attributes',
	'submitted_values',
]);

/** Deepest nesting accepted in received data (Chatwoot's own payloads stay below 10). */
export const MAX_PAYLOAD_DEPTH = 64;

/** Received data nested deeper than `MAX_PAYLOAD_DEPTH`: refused, never walked further. */
export class PayloadTooDeepError extends Error {
	constructor(readonly maxDepth: number) {
		super(`The data is nested deeper than ${maxDepth} levels`);
		this.name = 'PayloadTooDeepError';
	}
}

/**
 * Deletes every `SECRET_KEYS` entry (whatever its value) outside user data, in place,
 * and returns `value`. The whole value is visited, user data included, so that
 * nesting beyond `maxDepth` throws PayloadTooDeepError instead of overflowing the
 * stack here or in whatever walks the item next.
 */
export function stripSecrets<T>(value: T, maxDepth = MAX_PAYLOAD_DEPTH): T {
	walk(value, 0, maxDepth, true);
	return value;
}

function walk(value: unknown, depth: number, maxDepth: number, strip: boolean): void {
	if (value === null || typeof value !== 'object') return;
	if (depth >= maxDepth) throw new PayloadTooDeepError(maxDepth);
	if (Array.isArray(value)) {
		for (let i = 0; i < value.length; i++) walk(value[i], depth + 1, maxDepth, strip);
		return;
	}
	const record = value as Record<string, unknown>;
	for (const key in record) {
		if (strip && SECRET_KEYS.has(key)) {
			delete record[key];
			continue;
		}
		const entry = record[key];
		if (entry !== null && typeof entry === 'object') walk(entry, depth + 1, maxDepth, strip && !USER_DATA_KEYS.has(key));
	}
}
