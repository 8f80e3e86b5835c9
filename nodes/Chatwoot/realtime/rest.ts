import type { ChatwootRequest } from '../transport/request';

/**
 * Every REST call of the realtime trigger (profile, contact, catch-up) is bounded:
 * abandoned after `timeoutMs`, retried at most `maxRetries` times (the reconnect loop
 * retries on its own schedule), and aborted when the trigger closes. One object, so
 * tests can shorten it.
 */
export const REALTIME_REST = { timeoutMs: 20_000, maxRetries: 1 };

export type RestLimits = Pick<ChatwootRequest, 'timeoutMs' | 'maxRetries' | 'abortSignal'>;

export function restLimits(abortSignal?: AbortSignal): RestLimits {
	return { timeoutMs: REALTIME_REST.timeoutMs, maxRetries: REALTIME_REST.maxRetries, abortSignal };
}
