import { waitFor } from './deferred';

/** Handles that a leaked socket or timer would leave behind. */
const WATCHED = ['TCPSocketWrap', 'TCPWRAP', 'Timeout', 'TLSWrap'];

export function resourceCounts(): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const name of process.getActiveResourcesInfo()) {
		if (WATCHED.includes(name)) counts[name] = (counts[name] ?? 0) + 1;
	}
	return counts;
}

/**
 * Asserts that, after a trigger was closed, no more sockets or timers are active
 * than before it started. Sockets of the in-process fake REST server may take a
 * moment to finish closing, so this waits for the counts to settle (bounded).
 */
export async function expectNoLeaks(baseline: Record<string, number>): Promise<void> {
	const exceeded = () =>
		Object.entries(resourceCounts()).filter(([name, count]) => count > (baseline[name] ?? 0));
	try {
		await waitFor(() => exceeded().length === 0, { timeoutMs: 3000, what: 'sockets and timers to be released' });
	} catch {
		throw new Error(
			`Open handles left after close: ${JSON.stringify(Object.fromEntries(exceeded()))} (baseline ${JSON.stringify(baseline)})`,
		);
	}
}
