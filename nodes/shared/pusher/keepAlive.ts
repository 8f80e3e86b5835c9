import type Pusher from 'pusher-js';

/**
 * The client's own `pusher:ping` while connected (n8n-free). pusher-js pings only
 * after `activity_timeout` without *receiving* anything, so on a busy channel it never
 * pings; soketi closes a client that has *sent* nothing for 120 s with 4201 (its
 * `updateTimeout`, which what it broadcasts does not reset). This sends a ping every
 * `intervalMs` (the activity timeout, lowered to the server's) whatever arrives.
 * pusher-js's own pong timeout still detects a dead connection.
 */
export class KeepAlive {
	private timer: ReturnType<typeof setTimeout> | undefined;

	/** Pings sent (for tests). */
	sent = 0;

	constructor(private readonly intervalMs: number) {}

	start(pusher: Pusher): void {
		this.stop();
		const server = (pusher.connection as unknown as { activityTimeout?: number }).activityTimeout;
		const every = Math.max(50, Math.min(this.intervalMs, typeof server === 'number' && server > 0 ? server : Infinity));
		const tick = () => {
			this.timer = setTimeout(() => {
				if (pusher.connection.state !== 'connected') return;
				pusher.send_event('pusher:ping', {});
				this.sent++;
				tick();
			}, every);
		};
		tick();
	}

	stop(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
	}
}
