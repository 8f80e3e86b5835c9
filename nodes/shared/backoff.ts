export interface BackoffOptions {
	/** Delay before the first retry, in ms. */
	baseMs: number;
	/** Upper bound of any single delay, in ms. */
	capMs: number;
	/** Injected for tests; defaults to Math.random. */
	random?: () => number;
}

/**
 * Capped exponential backoff with "equal jitter": half of the exponential step is
 * kept, the other half is random, so retries from many clients spread out while
 * never collapsing to zero. `attempt` starts at 0.
 */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
	const random = options.random ?? Math.random;
	const step = Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, attempt));
	return Math.round(step / 2 + random() * (step / 2));
}

/** Waits `ms`; with a signal, resolves early (timer cleared) once it is aborted. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	if (!signal) return new Promise((resolve) => setTimeout(resolve, ms));
	if (signal.aborted) return Promise.resolve();
	return new Promise((resolve) => {
		const done = () => {
			clearTimeout(timer);
			signal.removeEventListener('abort', done);
			resolve();
		};
		const timer = setTimeout(done, ms);
		signal.addEventListener('abort', done);
	});
}
