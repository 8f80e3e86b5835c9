import { backoffDelay } from '../backoff';

export interface ReconnectPolicyOptions {
	baseMs: number;
	capMs: number;
	/** Consecutive failed attempts tolerated; the next one is fatal. */
	maxConsecutiveFailures: number;
	random?: () => number;
}

/**
 * Capped exponential backoff with jitter between attempts. `reset()` after a
 * confirmed subscription; `nextDelay()` after each failure returns the wait, or
 * undefined once the consecutive-failure limit is reached.
 */
export class ReconnectPolicy {
	private failures = 0;

	constructor(private readonly options: ReconnectPolicyOptions) {}

	get consecutiveFailures(): number {
		return this.failures;
	}

	reset(): void {
		this.failures = 0;
	}

	nextDelay(): number | undefined {
		this.failures++;
		if (this.failures > this.options.maxConsecutiveFailures) return undefined;
		return backoffDelay(this.failures - 1, this.options);
	}
}
