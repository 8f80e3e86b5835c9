import type Pusher from 'pusher-js';
import type { Options } from 'pusher-js';

import type { PusherConstructor } from './loadPusher';

/*
 * Teardown that leaves nothing behind (n8n-free). pusher-js keeps each instance in
 * the static `Pusher.instances` list and binds it to the process-wide Node "network"
 * dispatcher without ever unbinding; its bundled faye-websocket arms a 30 s close
 * timer whenever close() is called, even on a socket the server already closed
 * (which pusher-js does after a server-side close). This module undoes all three for
 * one instance.
 */

/** The parts of the bundled faye-websocket client that teardown touches. */
interface FayeSocket {
	readyState?: number;
	_closeTimer?: ReturnType<typeof setTimeout>;
	_stream?: { destroy?: () => void };
	addEventListener?: (type: string, listener: () => void) => void;
}

/** Minimal view of pusher-js internals used for teardown and close classification (pusher-js 8.6). */
export interface ManagerInternals {
	state: string;
	socket_id?: string;
	connection?: { transport?: { state?: string; socket?: FayeSocket } } | null;
}

interface NetworkDispatcher {
	callbacks?: { _callbacks?: Record<string, Array<{ fn: () => void }>> };
	unbind?: (event: string, fn: () => void) => void;
}

const CLOSED = 3;

export class PusherTeardown {
	private readonly sockets = new Set<FayeSocket>();

	private network: NetworkDispatcher | undefined;

	private networkBindings: Array<[string, () => void]> = [];

	/** Creates the pusher-js instance, noting what it binds on the process-wide network dispatcher. */
	create(PusherClass: PusherConstructor, appKey: string, config: Options): Pusher {
		this.network = PusherClass.Runtime?.getNetwork?.() as unknown as NetworkDispatcher | undefined;
		const before = new Set(this.networkCallbacks().map(([, fn]) => fn));
		const pusher = new PusherClass(appKey, config);
		this.networkBindings = this.networkCallbacks().filter(([, fn]) => !before.has(fn));
		return pusher;
	}

	/** Remembers the instance's current socket, so that release() can wait for or destroy it. */
	capture(pusher: Pusher): void {
		const socket = (pusher.connection as unknown as ManagerInternals).connection?.transport?.socket;
		if (socket) this.sockets.add(socket);
	}

	/** Cancels faye's close timers of sockets that are closed already. */
	sweep(): void {
		for (const socket of this.sockets) {
			if (socket.readyState === CLOSED) {
				if (socket._closeTimer) clearTimeout(socket._closeTimer);
				this.sockets.delete(socket);
			}
		}
	}

	/**
	 * After `pusher.disconnect()`: drops the instance from `Pusher.instances` and the
	 * network dispatcher at once, then lets the close handshake finish within
	 * `graceMs` and destroys whatever is still open.
	 */
	async release(pusher: Pusher, graceMs: number): Promise<void> {
		const instances = (pusher.constructor as PusherConstructor).instances;
		const index = Array.isArray(instances) ? instances.indexOf(pusher) : -1;
		if (index >= 0) instances.splice(index, 1);
		for (const [event, fn] of this.networkBindings) this.network?.unbind?.(event, fn);
		this.networkBindings = [];

		const open = [...this.sockets].filter((s) => s.readyState !== CLOSED);
		if (open.length > 0 && graceMs > 0) {
			await new Promise<void>((resolve) => {
				let left = open.length;
				const timer = setTimeout(resolve, graceMs);
				const done = () => {
					if (--left === 0) {
						clearTimeout(timer);
						resolve();
					}
				};
				for (const socket of open) {
					if (socket.addEventListener) socket.addEventListener('close', done);
					else done();
				}
			});
		}
		for (const socket of this.sockets) {
			if (socket.readyState !== CLOSED) socket._stream?.destroy?.();
			if (socket._closeTimer) clearTimeout(socket._closeTimer);
		}
		this.sockets.clear();
	}

	private networkCallbacks(): Array<[string, () => void]> {
		const table = this.network?.callbacks?._callbacks ?? {};
		const out: Array<[string, () => void]> = [];
		for (const [key, bindings] of Object.entries(table)) {
			for (const binding of bindings ?? []) out.push([key.replace(/^_/, ''), binding.fn]);
		}
		return out;
	}
}
