import { FlapAwareBackoff } from '../../nodes/shared/flapBackoff';

function clock(start = 1_000_000) {
	let t = start;
	return { now: () => t, advance: (ms: number) => (t += ms) };
}

const half = () => 0.5;

describe('FlapAwareBackoff', () => {
	test('a connection that drops before healthyAfterMs keeps the delays growing (confirm-then-close server)', () => {
		const c = clock();
		const policy = new FlapAwareBackoff({ baseMs: 1000, capMs: 60_000, healthyAfterMs: 30_000, random: half, now: c.now });
		const delays: number[] = [];
		for (let i = 0; i < 8; i++) {
			policy.connected();
			c.advance(30); // subscribed, then closed 30 ms later
			const verdict = policy.ended();
			if (!verdict.retry) throw new Error('gave up');
			delays.push(verdict.delayMs);
			c.advance(verdict.delayMs);
		}
		// 0.75 × (1, 2, 4, … s), capped at 60 s: never reset by the brief successes.
		expect(delays).toEqual([750, 1500, 3000, 6000, 12_000, 24_000, 45_000, 45_000]);
	});

	test('a connection that stayed up healthyAfterMs resets the count and the downtime', () => {
		const c = clock();
		const policy = new FlapAwareBackoff({ baseMs: 1000, capMs: 60_000, healthyAfterMs: 30_000, maxDowntimeMs: 100_000, random: half, now: c.now });
		for (let i = 0; i < 4; i++) {
			const verdict = policy.ended();
			c.advance(verdict.retry ? verdict.delayMs : 0);
		}
		expect(policy.consecutiveFailures).toBe(4);
		policy.connected();
		expect(policy.isHealthy()).toBe(false);
		c.advance(30_000);
		expect(policy.isHealthy()).toBe(true);
		expect(policy.unhealthySince).toBeUndefined();
		const verdict = policy.ended();
		expect(verdict).toEqual({ retry: true, delayMs: 750, failures: 1 });
		expect(policy.unhealthySince).toBe(c.now());
	});

	test('gives up at the downtime deadline: the last wait is clamped to it, the next end is final', () => {
		const c = clock();
		const start = c.now();
		const policy = new FlapAwareBackoff({ baseMs: 1000, capMs: 60_000, maxDowntimeMs: 20_000, random: () => 1, now: c.now });
		let verdict = policy.ended();
		while (verdict.retry) {
			c.advance(verdict.delayMs);
			policy.connected();
			c.advance(10);
			verdict = policy.ended();
		}
		expect(verdict).toMatchObject({ retry: false, why: 'downtime' });
		// 1 + 2 + 4 + 8 s, then clamped to the remaining ~5 s: the verdict comes at the deadline, not after a full step.
		expect(c.now() - start).toBeGreaterThanOrEqual(20_000);
		expect(c.now() - start).toBeLessThan(20_100);
	});

	test('gives up after maxConsecutiveFailures failed attempts in a row, flaps included', () => {
		const c = clock();
		const policy = new FlapAwareBackoff({ baseMs: 10, capMs: 100, maxConsecutiveFailures: 3, now: c.now });
		expect(policy.ended().retry).toBe(true);
		policy.connected();
		expect(policy.ended().retry).toBe(true);
		expect(policy.ended().retry).toBe(true);
		expect(policy.ended()).toMatchObject({ retry: false, why: 'failures', failures: 3 });
	});
});
