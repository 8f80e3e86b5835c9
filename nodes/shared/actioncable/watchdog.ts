/**
 * Calls `onStale` once no frame was noticed for `timeoutMs`. A frame costs one
 * counter increment (no clock read); a timer looks every quarter of the timeout,
 * so staleness is detected between 1 and 1.25 timeouts after the last frame, and
 * `lastFrameAt` is accurate to a quarter of the timeout.
 */
export class Watchdog {
	private timer: ReturnType<typeof setInterval> | undefined;
	private frames = 0;
	private checkedFrames = 0;
	private lastSeenAt = 0;

	constructor(
		private readonly timeoutMs: number,
		private readonly onStale: () => void,
		private readonly now: () => number = Date.now,
	) {}

	/** Our clock (ms) when a frame was last noticed. */
	get lastFrameAt(): number {
		return this.lastSeenAt;
	}

	start(): void {
		this.stop();
		this.lastSeenAt = this.now();
		this.checkedFrames = this.frames;
		this.timer = setInterval(this.check, Math.max(1, Math.floor(this.timeoutMs / 4)));
	}

	kick(): void {
		this.frames++;
	}

	stop(): void {
		if (this.timer !== undefined) clearInterval(this.timer);
		this.timer = undefined;
	}

	private readonly check = () => {
		const now = this.now();
		if (this.frames !== this.checkedFrames) {
			this.checkedFrames = this.frames;
			this.lastSeenAt = now;
			return;
		}
		if (now - this.lastSeenAt >= this.timeoutMs) {
			this.stop();
			this.onStale();
		}
	};
}
