import dns from 'dns';
import type { Server, Socket } from 'net';
import { createServer } from 'net';

/**
 * Network failures for tests, all on this machine: a port nothing listens on
 * (ECONNREFUSED), a host name that does not resolve (ENOTFOUND, answered by a
 * stand-in for dns.lookup so that no DNS query leaves the machine), and a server that
 * accepts connections and never answers (timeouts).
 */

export const UNRESOLVABLE_HOST = 'chat.unreachable.invalid';

/** A 127.0.0.1 port that was free a moment ago (nothing listens on it). */
export async function closedPort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

type Lookup = typeof dns.lookup;
let original: Lookup | undefined;

/** Until `restore()`, dns.lookup answers ENOTFOUND for UNRESOLVABLE_HOST (and behaves normally otherwise). */
export function failDnsFor(host = UNRESOLVABLE_HOST): { restore: () => void } {
	original ??= dns.lookup;
	const real = original;
	const fake = function (this: unknown, hostname: string, ...rest: unknown[]) {
		if (hostname === host) {
			const callback = rest[rest.length - 1] as (error: NodeJS.ErrnoException) => void;
			const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
			error.code = 'ENOTFOUND';
			process.nextTick(() => callback(error));
			return;
		}
		return (real as (...args: unknown[]) => unknown).call(this, hostname, ...rest);
	};
	(dns as { lookup: unknown }).lookup = fake;
	return {
		restore: () => {
			(dns as { lookup: unknown }).lookup = real;
		},
	};
}

/** A server that accepts every connection and never sends a byte. */
export class SilentServer {
	url = '';
	private server?: Server;
	private readonly sockets = new Set<Socket>();

	static async start(): Promise<SilentServer> {
		const silent = new SilentServer();
		silent.server = createServer((socket) => {
			silent.sockets.add(socket);
			socket.on('close', () => silent.sockets.delete(socket));
			socket.on('error', () => undefined);
		});
		await new Promise<void>((resolve) => silent.server!.listen(0, '127.0.0.1', resolve));
		silent.url = `http://127.0.0.1:${(silent.server.address() as { port: number }).port}`;
		return silent;
	}

	async stop(): Promise<void> {
		for (const socket of this.sockets) socket.destroy();
		await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
	}
}
