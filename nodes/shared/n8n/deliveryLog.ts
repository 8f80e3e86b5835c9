/**
 * Duplicate detection for webhook deliveries, kept in the process.
 *
 * Static data alone cannot do it: n8n 2.41 drops the static-data changes a
 * production `webhook()` makes when it starts an execution (the run wraps the same
 * staticData object again and resets its changed flag before the webhook server
 * saves it), so a retried delivery would find no trace of the first one; and a
 * webhook() that starts no execution has all its static data saved, which in queue
 * mode could overwrite a registration the main process wrote meanwhile. Webhook
 * triggers therefore record delivery keys here only, never in static data. The log
 * is bounded: at most MAX_ENTRIES keys across all workflows of the process, oldest
 * dropped first, and a key counts only within the caller's window. It is a deliberate process-wide
 * cache; several webhook processes (n8n queue mode) each keep their own.
 */
const MAX_ENTRIES = 50000;
const seenAt = new Map<string, number>();

/** True when `key` was seen in `scope` less than `windowMs` ago; records it either way. */
export function isDuplicateDelivery(scope: string, key: string, windowMs: number, now = Date.now()): boolean {
	const id = `${scope}\u0000${key}`;
	const at = seenAt.get(id);
	if (at !== undefined && now - at < windowMs) return true;
	seenAt.delete(id);
	seenAt.set(id, now);
	if (seenAt.size > MAX_ENTRIES) {
		const oldest = seenAt.keys().next().value;
		if (oldest !== undefined) seenAt.delete(oldest);
	}
	return false;
}
