import { ChatwootChatHistory } from '../../../nodes/Chatwoot/memory/memory';
import { historyOfRun, keptRuns } from '../../../nodes/Chatwoot/memory/runs';

const fresh = () => new ChatwootChatHistory(async () => []);

test('one history per run key while it lives; expired after ten minutes', () => {
	const t0 = 1_000_000;
	const a = historyOfRun('run-a', fresh, t0);
	expect(historyOfRun('run-a', fresh, t0 + 60_000)).toBe(a);
	expect(historyOfRun('run-b', fresh, t0)).not.toBe(a);
	expect(historyOfRun('run-a', fresh, t0 + 10 * 60_000 + 1)).not.toBe(a);
});

test('at most 1,000 runs are kept, the oldest dropped first', () => {
	const t0 = 5_000_000;
	const first = historyOfRun('bound-0', fresh, t0);
	for (let n = 1; n <= 1100; n++) historyOfRun(`bound-${n}`, fresh, t0 + n);
	expect(keptRuns()).toBeLessThanOrEqual(1000);
	expect(historyOfRun('bound-0', fresh, t0 + 2000)).not.toBe(first);
	const recent = historyOfRun('bound-1100', fresh, t0 + 2000);
	expect(historyOfRun('bound-1100', fresh, t0 + 2001)).toBe(recent);
});
