import { readdirSync, readFileSync, readlinkSync } from 'fs';

/*
 * The scale suite's control endpoint (scale/control.js, started by globalSetup next to
 * the cluster): kill and restart n8n workers from a test, read current pids.
 */

export interface WorkerState {
	index: number;
	pid: number | undefined;
	alive: boolean;
	starts: number;
	started: string[];
	finished: string[];
}

export interface WebhookState {
	index: number;
	name: string;
	url: string;
	pid: number | undefined;
	alive: boolean;
	logFile: string;
}

export interface ClusterState {
	main: { pid: number };
	webhook: { pid: number };
	webhooks: WebhookState[];
	workers: WorkerState[];
}

async function control<T>(method: 'GET' | 'POST', route: string): Promise<T> {
	const base = process.env.SCALE_CONTROL_URL;
	if (!base) throw new Error('SCALE_CONTROL_URL is not set: run the suite with scale/jest.config.js');
	const res = await fetch(new URL(route, base), { method, signal: AbortSignal.timeout(360_000) });
	const body = (await res.json()) as T & { error?: string };
	if (!res.ok) throw new Error(`${method} ${route} → ${res.status} ${body.error ?? ''}`);
	return body;
}

export const clusterState = async (): Promise<ClusterState> => await control<ClusterState>('GET', 'state');
/** SIGKILL of the worker's process group (its task runner too), as an OOM kill or a crash. */
export const killWorker = async (index: number): Promise<WorkerState> => await control<WorkerState>('POST', `workers/${index}/kill`);
/** Starts the worker again and waits until it is ready. */
export const restartWorker = async (index: number): Promise<WorkerState> => await control<WorkerState>('POST', `workers/${index}/restart`);

/** Starts one more webhook processor (its own port, same settings) and waits until it is ready. */
export const addWebhookProcessor = async (): Promise<WebhookState> => await control<WebhookState>('POST', 'webhooks');
/** Stops a webhook processor added with addWebhookProcessor. */
export const stopWebhookProcessor = async (index: number): Promise<WebhookState> => await control<WebhookState>('POST', `webhooks/${index}/stop`);

/**
 * Pids (among `pids`) holding an established TCP connection to 127.0.0.1:`port`:
 * /proc/net/tcp gives the socket inode of each connection, /proc/<pid>/fd which
 * process owns it.
 */
export function pidsConnectedTo(port: number, pids: number[]): number[] {
	const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
	const inodes = new Set<string>();
	for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
		const cols = line.trim().split(/\s+/);
		if (cols.length < 10) continue;
		// remote address 0100007F:<port>, state 01 = ESTABLISHED
		if (cols[2] === `0100007F:${hexPort}` && cols[3] === '01') inodes.add(cols[9]);
	}
	return pids.filter((pid) => {
		let fds: string[] = [];
		try {
			fds = readdirSync(`/proc/${pid}/fd`);
		} catch {
			return false;
		}
		return fds.some((fd) => {
			try {
				const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
				return !!m && inodes.has(m[1]);
			} catch {
				return false;
			}
		});
	});
}
