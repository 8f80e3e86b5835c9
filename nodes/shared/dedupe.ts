/**
 * A bounded set of recently seen keys with a time window: `seen(key)` is true for a
 * key recorded less than `ttlMs` ago. Old entries fall out by age and, past
 * `maxEntries`, oldest first, so memory stays flat however long a trigger runs.
 * `toJSON`/`from` let triggers keep it in static data across restarts and processes.
 */
export class RecentKeys {
	private readonly entries = new Map<string, number>();

	constructor(
		private readonly ttlMs: number,
		private readonly maxEntries: number,
	) {}

	static from(saved: unknown, ttlMs: number, maxEntries: number, now = Date.now()): RecentKeys {
		const keys = new RecentKeys(ttlMs, maxEntries);
		if (saved && typeof saved === 'object') {
			for (const [key, at] of Object.entries(saved as Record<string, unknown>)) {
				if (typeof at === 'number' && now - at < ttlMs) keys.entries.set(key, at);
			}
		}
		return keys;
	}

	/** True when `key` was recorded within the window; records it either way. */
	checkAndAdd(key: string, now = Date.now()): boolean {
		this.prune(now);
		const at = this.entries.get(key);
		if (at !== undefined && now - at < this.ttlMs) return true;
		this.entries.delete(key);
		this.entries.set(key, now);
		if (this.entries.size > this.maxEntries) {
			const oldest = this.entries.keys().next().value;
			if (oldest !== undefined) this.entries.delete(oldest);
		}
		return false;
	}

	has(key: string, now = Date.now()): boolean {
		const at = this.entries.get(key);
		return at !== undefined && now - at < this.ttlMs;
	}

	get size(): number {
		return this.entries.size;
	}

	toJSON(): Record<string, number> {
		// A plain loop into a prototype-less object: several times faster than
		// Object.fromEntries on thousands of keys, and this runs once per delivery.
		const out = Object.create(null) as Record<string, number>;
		for (const [key, at] of this.entries) out[key] = at;
		return out;
	}

	private prune(now: number) {
		for (const [key, at] of this.entries) {
			if (now - at < this.ttlMs) break;
			this.entries.delete(key);
		}
	}
}
