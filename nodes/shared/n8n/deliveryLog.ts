import { createHash } from 'crypto';

import { BoundedKeySet } from '../boundedKeySet';

/**
 * Duplicate detection for webhook deliveries, kept in the process.
 *
 * Static data alone cannot do it: n8n 2.41 drops the static-data changes a
 * production `webhook()` makes when it starts an execution (the run wraps the same
 * staticData object again and resets its changed flag before the webhook server
 * saves it), so a retried delivery would find no trace of the first one; and a
 * webhook() that starts no execution has all its static data saved, which in queue
 * mode could overwrite a registration the main process wrote meanwhile. Webhook
 * triggers therefore record delivery keys here only, never in static data.
 *
 * What a caller can rely on:
 * - **One log per scope** (a trigger passes workflow id + node id [+ slot + kind]):
 *   no other workflow, trigger or platform can evict its keys.
 * - **Bounded per log**: two generations of MAX_KEYS_PER_LOG / 2 keys (BoundedKeySet).
 *   A log always remembers at least its last 25,000 keys, at most 50,000; a key counts
 *   only within the caller's window.
 * - **O(1) per check at any fill level**: a couple of Map lookups and one insert; a full
 *   generation is dropped whole, never entry by entry (evicting single entries leaves
 *   holes in a Map that later iterations walk).
 * - **Keys of any length cost the same**: keys longer than MAX_KEY_LENGTH are stored as
 *   their SHA-256 (44 characters), so a 15 KB id costs no more memory than a short one.
 * - **Idle logs go**: once a minute (on the next check), logs not used for longer than
 *   their window are dropped; at most MAX_LOGS logs exist at once.
 * It is a deliberate process-wide cache; several webhook processes (n8n queue mode)
 * each keep their own.
 */
export const MAX_KEYS_PER_LOG = 50000;
export const MAX_KEY_LENGTH = 128;
const MAX_LOGS = 10000;
const SWEEP_INTERVAL_MS = 60000;

interface Log {
	keys: BoundedKeySet<string>;
	windowMs: number;
	usedAt: number;
}

const logs = new Map<string, Log>();
let sweptAt = 0;

/** True when `key` was seen in `scope` less than `windowMs` ago; records it either way. */
export function isDuplicateDelivery(scope: string, key: string, windowMs: number, now = Date.now()): boolean {
	if (now - sweptAt >= SWEEP_INTERVAL_MS) sweep(now);
	let log = logs.get(scope);
	if (!log || log.windowMs !== windowMs) {
		// A new scope, or the trigger's window changed (a re-activation with other options).
		log = { keys: new BoundedKeySet<string>(windowMs, MAX_KEYS_PER_LOG), windowMs, usedAt: now };
		logs.set(scope, log);
		if (logs.size > MAX_LOGS) {
			const oldest = logs.keys().next().value;
			if (oldest !== undefined) logs.delete(oldest);
		}
	}
	log.usedAt = now;
	return log.keys.checkAndAdd(key.length > MAX_KEY_LENGTH ? hashed(key) : key, now);
}

function hashed(key: string): string {
	return `#${createHash('sha256').update(key).digest('base64url')}`;
}

function sweep(now: number) {
	sweptAt = now;
	for (const [scope, log] of logs) {
		if (now - log.usedAt >= log.windowMs) logs.delete(scope);
	}
}

/** For tests and benchmarks: how many logs and keys the process holds. */
export function deliveryLogStats(): { logs: number; keys: number } {
	let keys = 0;
	for (const log of logs.values()) keys += log.keys.size;
	return { logs: logs.size, keys };
}

/** For tests and benchmarks: forget everything. */
export function clearDeliveryLog(): void {
	logs.clear();
	sweptAt = 0;
}
