import { randomBytes } from 'crypto';
import { setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';

import * as deliveryLog from '../../../nodes/shared/n8n/deliveryLog';

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

const { isDuplicateDelivery } = deliveryLog;
const HOUR = 3_600_000;
const T0 = 1_800_000_000_000;

/** The log's optional introspection (absent before issue 14 item 3). */
const stats = (): { logs: number; keys: number } | undefined =>
	(deliveryLog as { deliveryLogStats?: () => { logs: number; keys: number } }).deliveryLogStats?.();

afterEach(() => (deliveryLog as { clearDeliveryLog?: () => void }).clearDeliveryLog?.());

describe('delivery log (issue 14 item 3)', () => {
	test('one log per trigger: 60,000 keys of another workflow do not evict a Chatwoot delivery id', () => {
		expect(isDuplicateDelivery('wf-a:node:production', 'd:delivery-1', HOUR, T0)).toBe(false);
		for (let i = 0; i < 60_000; i++) isDuplicateDelivery('wf-b:chatapp', `message|1229|grWhatsApp|${i}|`, HOUR, T0 + 1);
		expect(isDuplicateDelivery('wf-a:node:production', 'd:delivery-1', HOUR, T0 + 2)).toBe(true);
	});

	test('each log is bounded: at least its last 25,000 keys are remembered, at most 50,000 kept', () => {
		for (let i = 0; i < 120_000; i++) isDuplicateDelivery('wf:busy', `k${i}`, HOUR, T0);
		expect(stats()!.keys).toBeLessThanOrEqual(50_000);
		for (let i = 120_000 - 25_000; i < 120_000; i += 997) expect(isDuplicateDelivery('wf:busy', `k${i}`, HOUR, T0)).toBe(true);
		expect(isDuplicateDelivery('wf:busy', 'k0', HOUR, T0)).toBe(false);
	});

	test('a key counts only within the window the caller passes', () => {
		expect(isDuplicateDelivery('wf:x', 'd:1', 1000, T0)).toBe(false);
		expect(isDuplicateDelivery('wf:x', 'd:1', 1000, T0 + 999)).toBe(true);
		expect(isDuplicateDelivery('wf:x', 'd:1', 1000, T0 + 2000)).toBe(false);
	});

	test('long keys are stored hashed: a 15 KB id costs what a short one does, and still de-duplicates', () => {
		const long = () => randomBytes(7_500).toString('hex');
		const first = long();
		expect(isDuplicateDelivery('wf:long', first, HOUR, T0)).toBe(false);
		expect(isDuplicateDelivery('wf:long', long(), HOUR, T0)).toBe(false);
		expect(isDuplicateDelivery('wf:long', first, HOUR, T0)).toBe(true);
		gc();
		const before = process.memoryUsage().heapUsed;
		for (let i = 0; i < 2_000; i++) isDuplicateDelivery('wf:long', long(), HOUR, T0);
		gc();
		// Kept as they came, 2,000 ids of 15,000 characters would hold 30 MB.
		expect(process.memoryUsage().heapUsed - before).toBeLessThan(3_000_000);
	});

	test('logs unused for longer than their window are dropped on a later check', () => {
		isDuplicateDelivery('wf:idle', 'd:1', 60_000, T0);
		isDuplicateDelivery('wf:busy', 'd:1', HOUR, T0);
		expect(stats()!.logs).toBe(2);
		isDuplicateDelivery('wf:busy', 'd:2', HOUR, T0 + 120_000);
		expect(stats()!.logs).toBe(1);
		expect(isDuplicateDelivery('wf:busy', 'd:1', HOUR, T0 + 120_001)).toBe(true);
	});
});
