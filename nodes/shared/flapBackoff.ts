import type { BackoffOptions } from './backoff';
import { backoffDelay } from './backoff';

export interface FlapAwareBackoffOptions extends BackoffOptions {
	/**
	 * A connection counts as healthy, and resets the backoff, only once it has stayed up
	 * this long. A shorter one (a server that accepts, subscribes, then drops) counts as
	 * a failed attempt, so the delays keep growing across flaps. Default 30 s.
	 */
	healthyAfterMs?: number;
	/** Give up once no connection has been healthy for this long (from start or the end of the last healthy one). */
	maxDowntimeMs?: number;
	/** Give up after this many failed attempts in a row (flaps included). */
	maxConsecutiveFailures?: number;
	now?: () => number;
}

export const DEFAULT_HEALTHY_AFTER_MS = 30_000;

export type BackoffVerdict =
	| { retry: true; delayMs: number; failures: number }
	| { retry: false; why: 'downtime' | 'failures'; failures: number; downMs: number };

/**
 * Reconnect policy for a long-lived connection that can flap: capped exponential
 * backoff with jitter (shared/backoff.ts) where a success resets the count only after
 * the connection stayed up for `healthyAfterMs`. Tell it `connected()` when a
 * connection is usable and `ended()` when it is gone (or an attempt failed); `ended`
 * says how long to wait, or that the downtime or failure budget is spent. The wait is
 * clamped to the downtime deadline, so the verdict "give up" comes at that deadline,
 * not up to one cap later. No timers, no platform knowledge.
 */
export class FlapAwareBackoff {
	private failures = 0;
	private connectedAt: number | undefined;
	private downSince: number;
	private readonly now: () => number;
	private readonly healthyAfterMs: number;

	constructor(private readonly options: FlapAwareBackoffOptions) {
		this.now = options.now ?? Date.now;
		this.healthyAfterMs = options.healthyAfterMs ?? DEFAULT_HEALTHY_AFTER_MS;
		this.downSince = this.now();
	}

	get consecutiveFailures(): number {
		return this.failures;
	}

	/** Since when (our clock, ms) no connection has been healthy; undefined while one is. */
	get unhealthySince(): number | undefined {
		return this.isHealthy() ? undefined : this.downSince;
	}

	/** True while the current connection has stayed up for `healthyAfterMs`. */
	isHealthy(): boolean {
		return this.connectedAt !== undefined && this.now() - this.connectedAt >= this.healthyAfterMs;
	}

	connected(): void {
		this.connectedAt ??= this.now();
	}

	/** The connection ended, or an attempt failed: wait `delayMs`, or stop. */
	ended(): BackoffVerdict {
		const now = this.now();
		if (this.connectedAt !== undefined && now - this.connectedAt >= this.healthyAfterMs) {
			this.failures = 0;
			this.downSince = now;
		}
		this.connectedAt = undefined;
		this.failures++;
		const downMs = now - this.downSince;
		const max = this.options.maxConsecutiveFailures;
		if (max !== undefined && this.failures > max) return { retry: false, why: 'failures', failures: this.failures - 1, downMs };
		let delayMs = backoffDelay(this.failures - 1, this.options);
		const limit = this.options.maxDowntimeMs;
		if (limit !== undefined) {
			const left = this.downSince + limit - now;
			if (left <= 0) return { retry: false, why: 'downtime', failures: this.failures - 1, downMs };
			delayMs = Math.min(delayMs, left);
		}
		return { retry: true, delayMs, failures: this.failures };
	}

	/** Forget everything (a fresh start). */
	reset(): void {
		this.failures = 0;
		this.connectedAt = undefined;
		this.downSince = this.now();
	}
}
