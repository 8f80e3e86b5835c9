import type { IncomingMessage } from 'http';
import { createServer } from 'http';
import type { AddressInfo } from 'net';
import WebSocket, { WebSocketServer } from 'ws';

export interface CableCommand {
	command: string;
	identifier: string;
	data?: string;
}

/** One client connection to the fake server, with helpers to script ActionCable frames. */
export class FakeCableConnection {
	readonly commands: CableCommand[] = [];
	private pingTimer: ReturnType<typeof setInterval> | undefined;
	private listeners: Array<(command: CableCommand) => void> = [];

	constructor(
		readonly ws: WebSocket,
		readonly request: IncomingMessage,
	) {
		ws.on('message', (raw) => {
			const command = JSON.parse(raw.toString()) as CableCommand;
			this.commands.push(command);
			for (const listener of this.listeners) listener(command);
		});
		ws.on('close', () => this.stopPings());
	}

	send(frame: unknown): void {
		if (this.ws.readyState === WebSocket.OPEN) this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
	}

	welcome(): void {
		this.send({ type: 'welcome' });
	}

	confirm(identifier: string): void {
		this.send({ identifier, type: 'confirm_subscription' });
	}

	message(identifier: string, message: unknown): void {
		this.send({ identifier, message });
	}

	startPings(intervalMs: number): void {
		this.stopPings();
		this.pingTimer = setInterval(() => this.send({ type: 'ping', message: Math.floor(Date.now() / 1000) }), intervalMs);
	}

	stopPings(): void {
		if (this.pingTimer) clearInterval(this.pingTimer);
		this.pingTimer = undefined;
	}

	onCommand(listener: (command: CableCommand) => void): void {
		this.listeners.push(listener);
	}
}

/**
 * A scriptable ActionCable-speaking `ws` server on 127.0.0.1 for the cases the Ruby
 * server cannot produce on demand: fast pings then silence, reject_subscription,
 * refused upgrades, messages before confirmation.
 */
export class FakeCable {
	readonly connections: FakeCableConnection[] = [];
	private readonly wss: WebSocketServer;
	private readonly server = createServer();
	url = '';
	/** HTTP status to answer upgrades with instead of accepting them. */
	refuseWith: number | undefined;

	private constructor(onConnection: (connection: FakeCableConnection, index: number) => void) {
		this.wss = new WebSocketServer({ noServer: true, handleProtocols: (protocols) => (protocols.has('actioncable-v1-json') ? 'actioncable-v1-json' : false) });
		this.server.on('upgrade', (req, socket, head) => {
			if (this.refuseWith) {
				socket.end(`HTTP/1.1 ${this.refuseWith} Nope\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
				return;
			}
			this.wss.handleUpgrade(req, socket, head, (ws) => {
				const connection = new FakeCableConnection(ws, req);
				this.connections.push(connection);
				onConnection(connection, this.connections.length - 1);
			});
		});
	}

	static async start(onConnection: (connection: FakeCableConnection, index: number) => void, host = '127.0.0.1'): Promise<FakeCable> {
		const cable = new FakeCable(onConnection);
		await new Promise<void>((resolve) => cable.server.listen(0, host, resolve));
		cable.url = `ws://${host}:${(cable.server.address() as AddressInfo).port}/cable`;
		return cable;
	}

	async close(): Promise<void> {
		for (const connection of this.connections) {
			connection.stopPings();
			connection.ws.terminate();
		}
		this.wss.close();
		this.server.closeAllConnections?.();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}

/** The usual happy path: welcome, confirm every subscribe, optional pings. */
export function standardBehaviour(pingMs?: number) {
	return (connection: FakeCableConnection) => {
		connection.onCommand((command) => {
			if (command.command === 'subscribe') connection.confirm(command.identifier);
		});
		connection.welcome();
		if (pingMs) connection.startPings(pingMs);
	};
}

/** A flapping server: welcome, confirm each subscription, close the socket `afterMs` later. */
export function confirmThenClose(afterMs: number) {
	return (connection: FakeCableConnection) => {
		connection.onCommand((command) => {
			connection.confirm(command.identifier);
			setTimeout(() => connection.ws.close(), afterMs);
		});
		connection.welcome();
	};
}

/**
 * A server that confirms every subscription and lets a test send `message` frames on
 * the live socket, in order (one socket: no reordering, unlike a broadcast).
 */
export async function scriptedCable(): Promise<{ cable: FakeCable; subscribed: () => boolean; send: (event: string, data: unknown) => void }> {
	let live: FakeCableConnection | undefined;
	let identifier = '';
	const cable = await FakeCable.start((connection) => {
		connection.onCommand((command) => {
			if (command.command !== 'subscribe') return;
			identifier = command.identifier;
			connection.confirm(command.identifier);
			live = connection;
		});
		connection.welcome();
	});
	return { cable, subscribed: () => live !== undefined, send: (event, data) => live!.message(identifier, { event, data }) };
}
