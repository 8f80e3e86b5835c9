/**
 * Recently seen keys (strings, or numbers such as message ids, which hash faster)
 * with a time window and a size bound, saved as `{key: seenAtMs}` in static data,
 * built for per-event use on busy streams. Two generations of at most `maxEntries / 2` keys each: when
 * the current one is full it becomes the previous one and the old previous one is
 * dropped, so every operation is a couple of `Map` lookups with no iteration
 * (evicting single entries from a `Map` leaves holes that later iterations walk).
 * It remembers at least the `maxEntries / 2` most recent keys, at most `maxEntries`.
 */
export class BoundedKeySet<K extends string | number = string> {
	private current = new Map<K, number>();
	private previous = new Map<K, number>();
	private previousNewest = 0;
	private readonly generationSize: number;

	constructor(
		private readonly ttlMs: number,
		maxEntries: number,
	) {
		this.generationSize = Math.max(1, Math.floor(maxEntries / 2));
	}

	/** Restores string keys saved by `toJSON`. */
	static from(saved: unknown, ttlMs: number, maxEntries: number, now = Date.now()): BoundedKeySet<string> {
		const keys = new BoundedKeySet<string>(ttlMs, maxEntries);
		for (const [key, at] of savedEntries(saved, ttlMs, now)) keys.add(key, at);
		return keys;
	}

	/** Restores numeric keys (ids) saved by `toJSON`. */
	static fromNumeric(saved: unknown, ttlMs: number, maxEntries: number, now = Date.now()): BoundedKeySet<number> {
		const keys = new BoundedKeySet<number>(ttlMs, maxEntries);
		for (const [key, at] of savedEntries(saved, ttlMs, now)) {
			const id = Number(key);
			if (Number.isFinite(id)) keys.add(id, at);
		}
		return keys;
	}

	get size(): number {
		return this.current.size + this.previous.size;
	}

	/** True when `key` was recorded within the window; records it either way. */
	checkAndAdd(key: K, now = Date.now()): boolean {
		if (this.has(key, now)) return true;
		this.add(key, now);
		return false;
	}

	has(key: K, now = Date.now()): boolean {
		let at = this.current.get(key);
		if (at === undefined && now - this.previousNewest < this.ttlMs) at = this.previous.get(key);
		return at !== undefined && now - at < this.ttlMs;
	}

	toJSON(): Record<string, number> {
		// A plain loop into a prototype-less object: several times faster than spreading
		// Object.fromEntries on thousands of keys, and webhook triggers call this per delivery.
		const out = Object.create(null) as Record<string, number>;
		for (const [key, at] of this.previous) out[String(key)] = at;
		for (const [key, at] of this.current) out[String(key)] = at;
		return out;
	}

	private add(key: K, at: number) {
		this.current.set(key, at);
		if (this.current.size >= this.generationSize) {
			this.previous = this.current;
			this.previousNewest = at;
			this.current = new Map();
		}
	}
}

function savedEntries(saved: unknown, ttlMs: number, now: number): Array<[string, number]> {
	if (!saved || typeof saved !== 'object') return [];
	return Object.entries(saved as Record<string, unknown>)
		.filter((entry): entry is [string, number] => typeof entry[1] === 'number' && now - entry[1] < ttlMs)
		.sort((a, b) => a[1] - b[1]);
}
