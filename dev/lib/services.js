'use strict';
/**
 * Throw-away Redis and PostgreSQL instances for n8n's queue mode (scale suite).
 *
 * The binaries come from Debian packages (scripts/ensure-queue-services.sh installs
 * them); the Debian system services are never used. Each instance gets a free port on
 * 127.0.0.1, a temporary data directory, its own process group and a watchdog
 * (watchdog.js) that kills the group and removes the directory if the process that
 * started it dies without calling stop().
 *
 * - `startRedis()`    → { host, port, url, env, pid, logFile, command(), stop() }
 * - `startPostgres()` → { host, port, database, user, password, url, env, pid, logFile, psql(), stop() }
 * - `spawnGroup()`    the process-group + watchdog start used here and by queue.js
 */
const crypto = require('crypto');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const { ROOT, log } = require('./install');
const { spawnGroup } = require('./processGroup');
const { freePort } = require('./n8n');

const ENSURE_SCRIPT = path.join(ROOT, 'scripts', 'ensure-queue-services.sh');
const REDIS_SERVER = '/usr/bin/redis-server';

/** Newest /usr/lib/postgresql/<major>/bin with initdb and postgres, or undefined. */
function postgresBinDir() {
	const base = '/usr/lib/postgresql';
	let majors = [];
	try {
		majors = fs.readdirSync(base).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
	} catch {
		return undefined;
	}
	for (const major of majors) {
		const bin = path.join(base, major, 'bin');
		if (fs.existsSync(path.join(bin, 'postgres')) && fs.existsSync(path.join(bin, 'initdb'))) return bin;
	}
	return undefined;
}

/** Installs the Debian packages when a binary is missing (apt; a no-op when present). */
function ensureQueueServices() {
	if (!fs.existsSync(REDIS_SERVER) || !postgresBinDir()) {
		const started = Date.now();
		log('installing Debian redis-server / postgresql (scripts/ensure-queue-services.sh)');
		const result = spawnSync('sh', [ENSURE_SCRIPT], { stdio: ['ignore', 'inherit', 'inherit'] });
		if (result.status !== 0) throw new Error(`${ENSURE_SCRIPT} failed (exit ${result.status ?? result.signal})`);
		log(`  installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	}
	const pgBin = postgresBinDir();
	if (!fs.existsSync(REDIS_SERVER) || !pgBin) throw new Error('redis-server or postgres still missing after ensure-queue-services.sh');
	return { redisServer: REDIS_SERVER, pgBin };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function tail(file, lines = 30) {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
}


/** Polls `probe` until it resolves truthy; fails early when the process has exited. */
async function waitUntil(what, probe, { timeoutMs = 60000, proc } = {}) {
	const deadline = Date.now() + timeoutMs;
	let last;
	while (Date.now() < deadline) {
		if (proc && !proc.alive()) throw new Error(`${what}: process exited (${JSON.stringify(proc.exitInfo())})\n--- log tail ---\n${tail(proc.logFile)}`);
		try {
			if (await probe()) return;
		} catch (error) {
			last = error;
		}
		await sleep(250);
	}
	throw new Error(`${what}: not ready after ${timeoutMs} ms${last ? ` (${last.message})` : ''}${proc ? `\n--- log tail ---\n${tail(proc.logFile)}` : ''}`);
}

// ---------------------------------------------------------------- Redis

/** Encodes a command in RESP (the Redis wire format). */
function resp(args) {
	return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(String(a))}\r\n${a}\r\n`).join('')}`;
}

/** Parses one RESP reply from `buf` at `at`; returns [value, next] or undefined when incomplete. */
function parseResp(buf, at = 0) {
	const eol = buf.indexOf('\r\n', at);
	if (eol === -1) return undefined;
	const type = String.fromCharCode(buf[at]);
	const line = buf.toString('utf8', at + 1, eol);
	const next = eol + 2;
	if (type === '+') return [line, next];
	if (type === '-') return [new Error(line), next];
	if (type === ':') return [Number(line), next];
	if (type === '$') {
		const len = Number(line);
		if (len === -1) return [null, next];
		if (buf.length < next + len + 2) return undefined;
		return [buf.toString('utf8', next, next + len), next + len + 2];
	}
	if (type === '*') {
		const count = Number(line);
		if (count === -1) return [null, next];
		const items = [];
		let pos = next;
		for (let i = 0; i < count; i++) {
			const parsed = parseResp(buf, pos);
			if (!parsed) return undefined;
			items.push(parsed[0]);
			pos = parsed[1];
		}
		return [items, pos];
	}
	throw new Error(`unexpected RESP type ${type}`);
}

/** One Redis command over a fresh connection (enough for readiness checks and test probes). */
function redisCommand(port, args, { host = '127.0.0.1', timeoutMs = 5000 } = {}) {
	return new Promise((resolve, reject) => {
		const socket = net.connect({ host, port });
		let buf = Buffer.alloc(0);
		const timer = setTimeout(() => {
			socket.destroy();
			reject(new Error(`redis ${args[0]} timed out`));
		}, timeoutMs);
		socket.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		socket.on('connect', () => socket.write(resp(args)));
		socket.on('data', (chunk) => {
			buf = Buffer.concat([buf, chunk]);
			const parsed = parseResp(buf);
			if (!parsed) return;
			clearTimeout(timer);
			socket.end();
			if (parsed[0] instanceof Error) reject(parsed[0]);
			else resolve(parsed[0]);
		});
	});
}

/**
 * Starts redis-server on a free 127.0.0.1 port: no persistence (nothing to keep), data
 * dir in a temp folder. Options: port, logFile, readyTimeoutMs.
 */
async function startRedis(options = {}) {
	const { redisServer } = ensureQueueServices();
	const port = options.port ?? (await freePort());
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-scale-redis-'));
	const logFile = options.logFile ?? path.join(dir, 'redis.log');
	const proc = spawnGroup(
		redisServer,
		[
			'--port', String(port),
			'--bind', '127.0.0.1',
			'--protected-mode', 'yes',
			'--dir', dir,
			'--save', '',
			'--appendonly', 'no',
			'--daemonize', 'no',
			'--logfile', '',
			'--databases', '4',
		],
		{ logFile, cwd: dir, cleanupDir: dir, stopSignal: 'SIGTERM', stopTimeoutMs: 5000 },
	);
	const stop = async () => {
		await proc.stop();
		fs.rmSync(dir, { recursive: true, force: true });
	};
	try {
		await waitUntil(`redis on 127.0.0.1:${port}`, async () => (await redisCommand(port, ['PING'])) === 'PONG', {
			timeoutMs: options.readyTimeoutMs ?? 30000,
			proc,
		});
	} catch (error) {
		await stop();
		throw error;
	}
	const host = '127.0.0.1';
	return {
		host,
		port,
		url: `redis://${host}:${port}`,
		/** n8n's settings for this instance (Bull queue, and Redis cache/pubsub in queue mode). */
		env: { QUEUE_BULL_REDIS_HOST: host, QUEUE_BULL_REDIS_PORT: String(port) },
		pid: proc.pid,
		logFile,
		dataDir: dir,
		process: proc,
		/** Runs one command, e.g. command('GET', 'bull:jobs:id'). */
		command: (...args) => redisCommand(port, args.map(String)),
		stop,
	};
}

// ---------------------------------------------------------------- PostgreSQL

/** uid/gid of the `postgres` account when running as root (PostgreSQL refuses root). */
function postgresAccount() {
	if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
	const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
	const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
	if (uid.status !== 0 || gid.status !== 0) {
		throw new Error('running as root but there is no `postgres` account (it comes with Debian\'s postgresql-common)');
	}
	return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function checkedSync(cmd, args, options) {
	const result = spawnSync(cmd, args, { encoding: 'utf8', ...options });
	if (result.status !== 0) {
		throw new Error(`${path.basename(cmd)} ${args.join(' ')} failed (exit ${result.status ?? result.signal}${result.error ? `, ${result.error.message}` : ''}):\n${result.stdout ?? ''}${result.stderr ?? ''}`);
	}
	return result.stdout;
}

/**
 * Starts a PostgreSQL server on a free 127.0.0.1 port with a fresh cluster in a temp
 * folder (owned by `postgres` when running as root) and a database + login role for
 * n8n. Durability is off (fsync, synchronous_commit, full_page_writes): the data is
 * thrown away, and the 2-core machines should spend their time in n8n.
 * Options: port, database ('n8n'), user ('n8n'), password (random), logFile,
 * settings ({ name: value } extra server settings), readyTimeoutMs.
 */
async function startPostgres(options = {}) {
	const { pgBin } = ensureQueueServices();
	const account = postgresAccount();
	const port = options.port ?? (await freePort());
	const database = options.database ?? 'n8n';
	const user = options.user ?? 'n8n';
	const password = options.password ?? crypto.randomBytes(12).toString('hex');
	// <tmp>/n8n-scale-pg-XXXX/{data,log}: the parent is ours (root), data belongs to postgres.
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-scale-pg-'));
	const dataDir = path.join(dir, 'data');
	const logFile = options.logFile ?? path.join(dir, 'postgres.log');
	fs.mkdirSync(dataDir, { mode: 0o700 });
	fs.chmodSync(dir, 0o755);
	if (account.uid !== undefined) fs.chownSync(dataDir, account.uid, account.gid);
	const asPostgres = { ...account, cwd: dir, env: { ...process.env, LC_ALL: 'C', LANG: 'C' } };

	const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
	try {
		// Peer-less auth: the local socket (inside the data dir) trusts the superuser for
		// setup; TCP (what n8n uses) needs the role's password.
		checkedSync(
			path.join(pgBin, 'initdb'),
			['-D', dataDir, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256', '--encoding=UTF8', '--locale=C', '--no-sync', '--no-instructions'],
			asPostgres,
		);
	} catch (error) {
		cleanup();
		throw error;
	}

	const settings = {
		listen_addresses: '127.0.0.1',
		port: String(port),
		unix_socket_directories: dataDir,
		fsync: 'off',
		synchronous_commit: 'off',
		full_page_writes: 'off',
		wal_level: 'minimal',
		max_wal_senders: '0',
		max_connections: '200',
		shared_buffers: '128MB',
		checkpoint_timeout: '30min',
		max_wal_size: '2GB',
		logging_collector: 'off',
		log_min_messages: 'warning',
		...(options.settings ?? {}),
	};
	const proc = spawnGroup(
		path.join(pgBin, 'postgres'),
		['-D', dataDir, ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])],
		// SIGINT = "fast shutdown" (SIGTERM would wait for n8n's pooled connections to close).
		{ ...asPostgres, logFile, cleanupDir: dir, stopSignal: 'SIGINT', stopTimeoutMs: 10000 },
	);
	const stop = async () => {
		await proc.stop();
		cleanup();
	};
	const admin = (sql) =>
		checkedSync(path.join(pgBin, 'psql'), ['-h', dataDir, '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-Atqc', sql], {
			env: { ...process.env, PGCONNECT_TIMEOUT: '5' },
		});
	try {
		await waitUntil(
			`postgres on 127.0.0.1:${port}`,
			() => spawnSync(path.join(pgBin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-t', '2'], { stdio: 'ignore' }).status === 0,
			{ timeoutMs: options.readyTimeoutMs ?? 60000, proc },
		);
		const quoted = password.replace(/'/g, "''");
		admin(`CREATE ROLE "${user}" LOGIN PASSWORD '${quoted}'`);
		admin(`CREATE DATABASE "${database}" OWNER "${user}"`);
	} catch (error) {
		await stop();
		throw error;
	}

	const host = '127.0.0.1';
	/** Runs SQL as the n8n role over TCP; returns psql's unaligned, tuples-only output (`|`-separated). */
	const psql = (sql) =>
		checkedSync(path.join(pgBin, 'psql'), ['-h', host, '-p', String(port), '-U', user, '-d', database, '-v', 'ON_ERROR_STOP=1', '-Atqc', sql], {
			env: { ...process.env, PGPASSWORD: password, PGCONNECT_TIMEOUT: '5' },
			maxBuffer: 64 * 1024 * 1024,
		});
	return {
		host,
		port,
		database,
		user,
		password,
		url: `postgres://${user}:${encodeURIComponent(password)}@${host}:${port}/${database}`,
		/** n8n's settings for this database. */
		env: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: host,
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: database,
			DB_POSTGRESDB_USER: user,
			DB_POSTGRESDB_PASSWORD: password,
		},
		pid: proc.pid,
		logFile,
		dataDir,
		pgBin,
		process: proc,
		psql,
		stop,
	};
}

module.exports = {
	ensureQueueServices,
	postgresBinDir,
	freePort,
	spawnGroup,
	waitUntil,
	redisCommand,
	startRedis,
	startPostgres,
	tail,
	sleep,
};

if (require.main === module) {
	// `node dev/lib/services.js`: start both, print their connection info, stop on Ctrl-C.
	(async () => {
		const redis = await startRedis();
		const pg = await startPostgres();
		console.log(JSON.stringify({ redis: { url: redis.url, pid: redis.pid }, postgres: { url: pg.url, pid: pg.pid, version: pg.psql('SHOW server_version').trim() } }, null, 2));
		const stop = async () => {
			await Promise.all([redis.stop(), pg.stop()]);
			process.exit(0);
		};
		process.once('SIGINT', stop);
		process.once('SIGTERM', stop);
		if (process.argv.includes('--once')) await stop();
	})().catch((error) => {
		console.error(error);
		process.exit(1);
	});
}
