import { spawnSync } from 'child_process';
import { readFileSync } from 'fs';

import { type Json, publicApi, waitFor as pollUntil } from '../../test/n8n-server/publicApi';

export { nodeOutput, sleep, type Execution, type Reply } from '../../test/n8n-server/publicApi';

/*
 * Client side of the scale suite: the main's public API, the cluster's PostgreSQL
 * (psql) and Redis (redis-cli), and the n8n processes' logs. The cluster itself is
 * started once by scale/globalSetup.js, which passes everything through SCALE_*
 * variables. The generic public-API client is shared with the e2e suite
 * (test/n8n-server/publicApi.ts).
 */

function env(name: string): string {
	const value = process.env[name];
	if (!value) throw new Error(`${name} is not set: run the suite with scale/jest.config.js (its globalSetup starts the cluster)`);
	return value;
}

/** The main's base URL (editor, REST, public API). */
export const mainUrl = (): string => env('SCALE_MAIN_URL');
/** The webhook processor's base URL: N8N_WEBHOOK_URL of every process. */
export const webhookUrl = (): string => env('SCALE_WEBHOOK_URL');

/** Public API of the main: /api/v1/<route>; apiOk throws unless 2xx. */
export const { api, apiOk, activate, deactivate, removeWorkflow, removeCredential, createCredential, importWorkflow, allExecutions } = publicApi(
	mainUrl,
	() => env('SCALE_API_KEY'),
);

/** Polls `probe` until it returns a value other than undefined/false (60 s by default: a cluster is slower). */
export const waitFor: typeof pollUntil = async (what, probe, timeoutMs = 60000, intervalMs) => await pollUntil(what, probe, timeoutMs, intervalMs);

// ---------------------------------------------------------------- PostgreSQL / Redis

interface PgInfo {
	host: string;
	port: number;
	database: string;
	user: string;
	password: string;
	psql: string;
}

const FIELD = '\u001f';

/** Runs SQL against the cluster's database as n8n's role; rows of string fields. */
export function sql(query: string): string[][] {
	const pg = JSON.parse(env('SCALE_PG')) as PgInfo;
	// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- test harness, not a node: psql with fixed arguments
	const result = spawnSync(
		pg.psql,
		['-h', pg.host, '-p', String(pg.port), '-U', pg.user, '-d', pg.database, '-v', 'ON_ERROR_STOP=1', '-Atq', '-F', FIELD, '-c', query],
		{ encoding: 'utf8', env: { ...process.env, PGPASSWORD: pg.password, PGCONNECT_TIMEOUT: '10' }, maxBuffer: 256 * 1024 * 1024 },
	);
	if (result.status !== 0) throw new Error(`psql failed (${result.status}): ${result.stderr}\n${query}`);
	return result.stdout
		.split('\n')
		.filter((line) => line !== '')
		.map((line) => line.split(FIELD));
}

/** SQL string literal. */
export const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/** One Redis command with redis-cli (comes with Debian's redis-server); its raw reply. */
export function redis(...args: string[]): string {
	// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- test harness, not a node: redis-cli with fixed arguments
	const result = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', env('SCALE_REDIS_PORT'), '--raw', ...args], { encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`redis-cli ${args.join(' ')} failed: ${result.stderr}`);
	return result.stdout.trim();
}

// ---------------------------------------------------------------- processes and their logs

export interface ClusterProcess {
	name: string;
	role: 'main' | 'webhook' | 'worker';
	pid: number;
	logFile: string;
}

export function processes(): ClusterProcess[] {
	return JSON.parse(env('SCALE_PROCESSES')) as ClusterProcess[];
}

/** ANSI colour codes (n8n colours console output on a TTY only; stripped just in case). */
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/**
 * CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat (clock
 * ticks of 1/100 s on Linux). Threads count (isolated-vm isolates run on threads of n8n's
 * process); child processes (the task runner) do not.
 */
export function cpuSeconds(pid: number): number | undefined {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		// After "(comm) ": state is field 3, utime 14 and stime 15 (1-based over the whole line).
		return (Number(fields[11]) + Number(fields[12])) / 100;
	} catch {
		return undefined;
	}
}

function logText(file: string): string {
	try {
		return readFileSync(file, 'utf8').replace(ANSI, '');
	} catch {
		return '';
	}
}

/**
 * What a process's log says about executions: as a worker, "Worker started/finished
 * execution <id> (job <n>)" (dist/scaling/job-processor.js); as the enqueuing side,
 * "Enqueued execution <id> (job <n>)" (dist/scaling/scaling.service.js). Info level.
 */
export function executionsInLog(file: string): { started: string[]; finished: string[]; enqueued: string[] } {
	const text = logText(file);
	const ids = (re: RegExp) => [...text.matchAll(re)].map((m) => m[1]);
	return {
		started: ids(/Worker started execution (\d+) \(job \d+\)/g),
		finished: ids(/Worker finished execution (\d+) \(job \d+\)/g),
		enqueued: ids(/Enqueued execution (\d+) \(job \d+\)/g),
	};
}

/** The data of a chatAppApi credential pointing at a local ChatApp stand-in (REST + Pusher on one port). */
export function chatAppCredentialData(fake: { baseUrl: string; port: number }, account: { email: string; password: string; appId: string }, appKey: string): Json {
	return {
		email: account.email,
		password: account.password,
		appId: account.appId,
		apiBaseUrl: fake.baseUrl,
		appKey,
		wsHost: '127.0.0.1',
		wsPort: fake.port,
		useTLS: false,
	};
}
