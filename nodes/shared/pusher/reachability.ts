import { connect, type Socket } from 'net';

/**
 * Notices a Pusher server coming back (n8n-free). pusher-js, once an attempt has been
 * refused, waits for its 10 s "unavailable" timer and then 5 s more before it tries
 * again, so a trigger stays deaf for up to 15 s after the server is back (issue 14.7).
 * While the client is not connected this opens a bare TCP connection to the socket
 * host every `intervalMs` (no WebSocket, no channel authorization, closed at once) and
 * calls `onReturn` when the host answers after having refused or timed out: the
 * client then connects at once. A host that always answers (a flapping server) never
 * triggers it, so it cannot shorten a backoff the server asked for.
 */
export class ReachabilityProbe {
	private timer: ReturnType<typeof setTimeout> | undefined;

	private socket: Socket | undefined;

	private sawDown = false;

	private running = false;

	/** Probes made (for tests and benches). */
	probes = 0;

	constructor(
		private readonly host: string,
		private readonly port: number,
		private readonly intervalMs: number,
		private readonly onReturn: () => void,
	) {}

	/** The last probe found the host unreachable. */
	get unreachable(): boolean {
		return this.sawDown;
	}

	start(): void {
		if (this.running) return;
		this.running = true;
		this.schedule(0);
	}

	/** Stops probing; forgets an observed outage only when `forget` (a healthy connection). */
	stop(forget = false): void {
		this.running = false;
		if (forget) this.sawDown = false;
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
		this.socket?.destroy();
		this.socket = undefined;
	}

	private schedule(delayMs: number) {
		if (!this.running) return;
		this.timer = setTimeout(() => {
			this.timer = undefined;
			this.probe();
		}, delayMs);
	}

	private probe() {
		if (!this.running) return;
		this.probes++;
		let settled = false;
		const socket = connect({ host: this.host, port: this.port });
		this.socket = socket;
		const done = (reachable: boolean) => {
			if (settled) return;
			settled = true;
			socket.destroy();
			if (this.socket === socket) this.socket = undefined;
			if (!this.running) return;
			if (!reachable) this.sawDown = true;
			else if (this.sawDown) {
				this.sawDown = false;
				this.onReturn();
			}
			this.schedule(this.intervalMs);
		};
		socket.setTimeout(this.intervalMs, () => done(false));
		socket.once('connect', () => done(true));
		socket.once('error', () => done(false));
	}
}
