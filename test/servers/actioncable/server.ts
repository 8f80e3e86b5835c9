import type { ChildProcess } from 'child_process';
import { execFileSync, spawn } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { request } from 'http';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { join, resolve } from 'path';

/**
 * Drives the Ruby ActionCable test server (config.ru beside this file) under puma on
 * 127.0.0.1: Debian's ruby-actioncable, a Chatwoot-like RoomChannel, and /_test/*
 * control endpoints. `kill()` + `start()` restart it on the same port with the same
 * tokens (a real server restart: sockets drop, the port refuses connections meanwhile).
 */

export interface CableUser {
	pubsub_token: string;
	id: number;
	accounts: number[];
}

export interface CableContact {
	pubsub_token: string;
	account_id: number;
}

export interface CableState {
	subscriptions: Array<{ role: string; account_id: number; params: Record<string, unknown> }>;
	performs: Array<{ action: string; role: string; account_id: number }>;
	connections: number;
	muted: number;
}

const ROOT = resolve(__dirname, '..', '..', '..');
const ENSURE_SCRIPT = join(ROOT, 'scripts', 'ensure-ruby-actioncable.sh');

/** Installs ruby-actioncable + puma through apt when missing (idempotent, fast when present). */
export function ensureRubyActionCable(): void {
	execFileSync('sh', [ENSURE_SCRIPT], { stdio: ['ignore', 'inherit', 'inherit'], timeout: 15 * 60 * 1000 });
}

async function freePort(): Promise<number> {
	return await new Promise((resolvePort, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolvePort(port));
		});
	});
}

/** One HTTP call with its own short-lived socket (no keep-alive pool left behind). */
function call(port: number, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
	return new Promise((resolveCall, reject) => {
		const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
		const req = request(
			{
				host: '127.0.0.1',
				port,
				method,
				path,
				agent: false,
				headers: {
					connection: 'close',
					...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
				},
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					let json: unknown = text;
					try {
						json = JSON.parse(text);
					} catch {
						// not JSON
					}
					resolveCall({ status: res.statusCode ?? 0, json });
				});
			},
		);
		req.on('error', reject);
		req.end(payload);
	});
}

export class ActionCableTestServer {
	private child: ChildProcess | undefined;
	private exited: Promise<void> = Promise.resolve();
	private readonly dir = mkdtempSync(join(tmpdir(), 'cable-fixture-'));
	private readonly users: CableUser[] = [];
	private readonly contacts: CableContact[] = [];
	/** puma's stdout/stderr, for failure diagnostics. */
	log = '';

	private constructor(readonly port: number) {}

	static async start(fixture: { users?: CableUser[]; contacts?: CableContact[] } = {}): Promise<ActionCableTestServer> {
		const server = new ActionCableTestServer(await freePort());
		server.users.push(...(fixture.users ?? []));
		server.contacts.push(...(fixture.contacts ?? []));
		await server.start();
		return server;
	}

	get httpUrl(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	get wsUrl(): string {
		return `ws://127.0.0.1:${this.port}/cable`;
	}

	get running(): boolean {
		return this.child !== undefined;
	}

	/** (Re)starts puma on the same port with every token registered so far. */
	async start(): Promise<void> {
		if (this.child) return;
		const fixturePath = join(this.dir, 'fixture.json');
		writeFileSync(fixturePath, JSON.stringify({ users: this.users, contacts: this.contacts }));
		const child = spawn(
			'puma',
			['-b', `tcp://127.0.0.1:${this.port}`, '-t', '2:16', '-e', 'production', join(__dirname, 'config.ru')],
			{ cwd: __dirname, env: { ...process.env, CABLE_FIXTURE: fixturePath }, stdio: ['ignore', 'pipe', 'pipe'] },
		);
		this.child = child;
		child.stdout?.on('data', (c: Buffer) => (this.log += c.toString()));
		child.stderr?.on('data', (c: Buffer) => (this.log += c.toString()));
		this.exited = new Promise((resolveExit) => child.once('exit', () => resolveExit()));
		void this.exited.then(() => {
			if (this.child === child) this.child = undefined;
		});
		const started = Date.now();
		for (;;) {
			if (!this.child) throw new Error(`puma exited during start:\n${this.log}`);
			try {
				const res = await call(this.port, 'GET', '/_test/state');
				if (res.status === 200) return;
			} catch {
				// not listening yet
			}
			if (Date.now() - started > 30_000) throw new Error(`puma did not start within 30 s:\n${this.log}`);
			await new Promise((r) => setTimeout(r, 50));
		}
	}

	/** Kills puma abruptly (like a crash or a deploy): every socket drops at once. */
	async kill(): Promise<void> {
		const child = this.child;
		if (!child) return;
		child.kill('SIGKILL');
		await this.exited;
		this.child = undefined;
	}

	async stop(): Promise<void> {
		await this.kill();
		rmSync(this.dir, { recursive: true, force: true });
	}

	async addUser(user: CableUser): Promise<void> {
		this.users.push(user);
		await this.control('POST', '/users', user);
	}

	async addContact(contact: CableContact): Promise<void> {
		this.contacts.push(contact);
		await this.control('POST', '/contacts', contact);
	}

	async broadcast(stream: string, event: string, data: unknown): Promise<void> {
		await this.control('POST', '/broadcast', { stream, event, data });
	}

	/** Sends `{"type":"disconnect",reason,reconnect}` to every connection and closes them. */
	async disconnectAll(reconnect: boolean, reason = 'remote'): Promise<number> {
		return ((await this.control('POST', '/disconnect', { reconnect, reason })) as { closed: number }).closed;
	}

	/** ActionCable's own `server.restart`: disconnect frames with reason server_restart. */
	async restartCable(): Promise<number> {
		return ((await this.control('POST', '/restart', {})) as { closed: number }).closed;
	}

	/** Current connections go silent (no pings, no broadcasts) while their sockets stay open. */
	async mute(): Promise<number> {
		return ((await this.control('POST', '/mute', {})) as { muted: number }).muted;
	}

	async state(): Promise<CableState> {
		return (await this.control('GET', '/state')) as CableState;
	}

	private async control(method: string, path: string, body?: unknown): Promise<unknown> {
		const res = await call(this.port, method, `/_test${path}`, body);
		if (res.status !== 200) throw new Error(`${method} /_test${path} → ${res.status}: ${JSON.stringify(res.json)}`);
		return res.json;
	}
}
