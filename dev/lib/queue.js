'use strict';
/**
 * n8n in queue mode (n8n's "scaling mode") for tests: one main (`n8n start`), one
 * webhook processor (`n8n webhook`) and N workers (`n8n worker`), sharing one
 * PostgreSQL database, one Redis (Bull queue + pub/sub + cache) and one user folder
 * with this package installed, as a production deployment would.
 *
 *   const cluster = await startQueueCluster({ workers: 2 });
 *   cluster.main.api('GET', 'workflows')     public API of the main (X-N8N-API-KEY)
 *   cluster.webhookUrl                       what triggers register at Chatwoot / ChatApp
 *   cluster.workers[0].kill()                SIGKILL the worker's process group (a crash)
 *   await cluster.workers[0].restart()       stop (if running) + start + readiness
 *   cluster.workers[0].executions()          execution ids this worker started (from its log)
 *   await cluster.stop({ keepLogsIn })       everything, services included if it started them
 *
 * Who does what (n8n 2.41.1, dist/commands/{start,webhook,worker}.js, dist/scaling/):
 * - main: UI / REST / public API, activation (so the triggers' webhookMethods.create()
 *   run here and register N8N_WEBHOOK_URL-based URLs), trigger and poller nodes (the
 *   realtime triggers), queue recovery. N8N_DISABLE_PRODUCTION_MAIN_PROCESS=true stops
 *   it serving /webhook/*, so production deliveries can only reach the webhook processor.
 * - webhook processor: serves /webhook/*, loads the workflow (with its static data) from
 *   the database per request, runs the trigger's webhook(), stores a new execution and
 *   enqueues a Bull job. Only valid with EXECUTIONS_MODE=queue.
 * - workers: take Bull jobs (`--concurrency` at a time), run the execution, save it.
 *   Each needs its own task-runner broker port and, for readiness, its own health port.
 */
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');

const { log } = require('./install');
const n8nLib = require('./n8n');
const { freePort, spawnGroup, startPostgres, startRedis, tail } = require('./services');

/**
 * Bull timings (@n8n/config ScalingModeConfig → bull.settings; n8n's defaults in
 * brackets). n8n hard-codes `maxStalledCount: 0` (ScalingService.setupQueue), so a job
 * whose worker died is *failed*, never re-run; Bull notices it once the job's lock has
 * expired and a stalled-job check has run twice (a job is marked at one check and moved
 * at the next), i.e. within about lockDuration + 2 × stalledInterval: 20 s here instead
 * of about 2 min. The lock is renewed every lockRenewTime, so a worker whose event loop
 * stalls for longer than lockDuration would lose its job: 10 s leaves a wide margin on
 * busy 2-core machines (renewal every 2 s).
 */
const DEFAULT_BULL = {
	QUEUE_WORKER_LOCK_DURATION: '10000', // [60000] ms a job's lock lives without renewal
	QUEUE_WORKER_LOCK_RENEW_TIME: '2000', // [10000] ms between renewals by the worker
	QUEUE_WORKER_STALLED_INTERVAL: '5000', // [30000] ms between stalled-job checks
};

/** "Worker started execution 123 (job 45)" (info level, dist/scaling/job-processor.js). */
const STARTED_RE = /Worker started execution (\d+) \(job (\d+)\)/g;
const FINISHED_RE = /Worker finished execution (\d+) \(job (\d+)\)/g;

function readLog(file) {
	try {
		// n8n colours its console output on a TTY only, but strip escapes just in case.
		return fs.readFileSync(file, 'utf8').replace(/\u001b\[[0-9;]*m/g, '');
	} catch {
		return '';
	}
}

/** Execution ids a process's log says it started / finished as a worker. */
function workerExecutionsInLog(file) {
	const text = readLog(file);
	const started = [...text.matchAll(STARTED_RE)].map((m) => m[1]);
	const finished = [...text.matchAll(FINISHED_RE)].map((m) => m[1]);
	return { started, finished };
}

/**
 * One n8n process of the cluster. `start()` spawns it in its own process group (with a
 * watchdog) and waits for `readyUrl` (/healthz/readiness). The handle survives restarts:
 * `pid`, `process` and `alive()` always describe the current incarnation, and the log
 * file is appended to, so it holds every incarnation.
 */
function n8nProcess({ name, role, n8n, args, env, readyUrl, logFile, cleanupDir, readyTimeoutMs, stopTimeoutMs, onStarted }) {
	let proc;
	let starts = 0;
	const handle = {
		name,
		role,
		logFile,
		readyUrl,
		env,
		get pid() {
			return proc?.pid;
		},
		get process() {
			return proc;
		},
		/** How many times it was started. */
		get starts() {
			return starts;
		},
		alive: () => !!proc && proc.alive(),
		/** Resolves when the current incarnation exits: { code, signal }. */
		exited: () => proc?.exited ?? Promise.resolve(undefined),
		async start() {
			if (proc?.alive()) throw new Error(`${name} is already running (pid ${proc.pid})`);
			const t0 = Date.now();
			starts += 1;
			proc = spawnGroup(n8n.node.bin, [n8n.bin, ...args], {
				env: { ...env, PATH: `${n8n.node.binDir}${path.delimiter}${env.PATH ?? ''}` },
				logFile,
				cleanupDir,
				stopTimeoutMs,
			});
			try {
				await n8nLib.waitForReady(readyUrl, { timeoutMs: readyTimeoutMs, exited: proc.exited });
			} catch (error) {
				error.message = `${name}: ${error.message}\n--- ${name} log tail (${logFile}) ---\n${tail(logFile, 40)}`;
				throw error;
			}
			if (onStarted) await onStarted(handle);
			log(`${name} ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (pid ${proc.pid})`);
			return handle;
		},
		/**
		 * Sends `signal` without waiting. SIGKILL (default) goes to the whole process group,
		 * task runner included: a crash / OOM kill. Other signals go to n8n itself, which
		 * shuts its task runner down on its own (SIGTERM = graceful shutdown, as
		 * `docker stop` would). Returns the promise of the exit.
		 */
		kill(signal = 'SIGKILL') {
			if (!proc) return Promise.resolve(undefined);
			if (signal === 'SIGKILL') proc.signal('SIGKILL');
			else {
				try {
					process.kill(proc.pid, signal);
				} catch {
					/* gone */
				}
			}
			return proc.exited;
		},
		/** Graceful stop (SIGTERM, SIGKILL after the timeout), whole group. */
		async stop() {
			if (proc) await proc.stop();
		},
		/** Stops it if it runs, starts it again (same ports, env and log file), waits until ready. */
		async restart() {
			await handle.stop();
			return await handle.start();
		},
	};
	return handle;
}

/**
 * Starts a queue-mode cluster. Everything it started is stopped again when it fails.
 *
 * Options:
 *   workers (2), concurrency (10: n8n's default `--concurrency`), webhooks (1: webhook
 *     processors; the first one's URL is N8N_WEBHOOK_URL, route to the others yourself),
 *   redis / postgres: running instances from services.js (otherwise started here and
 *     stopped by stop()),
 *   profile: N8N_PROFILE of dev/lib/versions.js,
 *   env: extra env for every process; mainEnv / webhookEnv / workerEnv: per role,
 *   bull: overrides of DEFAULT_BULL ({ QUEUE_WORKER_LOCK_DURATION: '60000', ... }),
 *   dbPoolSize: DB_POSTGRESDB_POOL_SIZE of every process (n8n's default: 2). With 2, a
 *     burst of concurrent webhook deliveries queues for the pool long enough that n8n's
 *     own database ping (DB_PING_TIMEOUT_MS, 5 s) times out, and the process answers
 *     *every* request "503 Database is not ready!" until a ping succeeds again,
 *   logLevel ('info': the worker-attribution lines are info), readyTimeoutMs (300000),
 *   gracefulShutdownSeconds (10; n8n's default 30: how long a stopping worker waits for
 *     its running executions),
 *   stopTimeoutMs (how long stop() waits before SIGKILL; default graceful + 10 s).
 */
async function startQueueCluster(options = {}) {
	const t0 = Date.now();
	const workerCount = options.workers ?? 2;
	const concurrency = options.concurrency ?? 10;
	const readyTimeoutMs = options.readyTimeoutMs ?? 300000;
	const gracefulShutdownSeconds = options.gracefulShutdownSeconds ?? 10;
	const stopTimeoutMs = options.stopTimeoutMs ?? (gracefulShutdownSeconds + 10) * 1000;

	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-scale-cluster-'));
	const userFolder = path.join(root, 'user');
	const logDir = path.join(root, 'logs');
	fs.mkdirSync(userFolder, { recursive: true });
	fs.mkdirSync(logDir, { recursive: true });

	const owned = [];
	const processes = [];
	let stopped = false;
	const cluster = { root, userFolder, logDir, processes };

	/** Stops every n8n process (workers and webhook first, main last), then owned services; copies logs. */
	async function stop({ keepLogsIn } = {}) {
		if (stopped) return;
		stopped = true;
		const byRole = (role) => processes.filter((p) => p.role === role);
		await Promise.all([...byRole('worker'), ...byRole('webhook')].map((p) => p.stop().catch(() => undefined)));
		await Promise.all(byRole('main').map((p) => p.stop().catch(() => undefined)));
		for (const service of owned.reverse()) await service.stop().catch(() => undefined);
		if (keepLogsIn) {
			try {
				fs.mkdirSync(keepLogsIn, { recursive: true });
				for (const file of fs.readdirSync(logDir)) fs.copyFileSync(path.join(logDir, file), path.join(keepLogsIn, file));
				for (const service of [cluster.redis, cluster.postgres]) {
					if (service?.logFile && fs.existsSync(service.logFile) && service.owned) {
						fs.copyFileSync(service.logFile, path.join(keepLogsIn, path.basename(service.logFile)));
					}
				}
			} catch {
				/* logs are a courtesy */
			}
		}
		fs.rmSync(root, { recursive: true, force: true });
	}
	cluster.stop = stop;

	try {
		// Services: reuse the caller's, or start our own (logs next to n8n's).
		const [redis, postgres] = await Promise.all([
			options.redis ?? startRedis({ logFile: path.join(logDir, 'redis.log') }).then((r) => (owned.push(r), Object.assign(r, { owned: true }))),
			options.postgres ?? startPostgres({ logFile: path.join(logDir, 'postgres.log') }).then((p) => (owned.push(p), Object.assign(p, { owned: true }))),
		]);
		cluster.redis = redis;
		cluster.postgres = postgres;

		// Every n8n process loads community packages from the (shared) user folder.
		const { n8n, packed } = n8nLib.prepare({ userFolder, profile: options.profile });
		cluster.version = n8n.version;
		cluster.packed = packed;

		const [mainPort, webhookPort] = [await freePort(), await freePort()];
		const mainUrl = `http://127.0.0.1:${mainPort}/`;
		const webhookUrl = `http://127.0.0.1:${webhookPort}/`;
		const encryptionKey = crypto.randomBytes(24).toString('base64');
		const owner = { email: 'scale-owner@example.com', password: `Scale-${crypto.randomBytes(9).toString('base64url')}1` };
		owner.passwordHash = n8nLib.bcryptHash(n8n.dir, owner.password);
		Object.assign(cluster, { mainUrl, webhookUrl, encryptionKey, owner });

		/** Env shared by every role; `n8nEnv` adds the offline settings and drops inherited N8N_/DB_/QUEUE_ vars. */
		const envFor = (name, { port, brokerPort, withOwner = false, extra = {} }) =>
			n8nLib.n8nEnv({
				userFolder,
				port,
				brokerPort,
				owner: withOwner ? owner : undefined,
				extra: {
					...postgres.env,
					...redis.env,
					EXECUTIONS_MODE: 'queue',
					N8N_ENCRYPTION_KEY: encryptionKey,
					// URLs the main hands out (editor) and the triggers register (webhooks).
					N8N_EDITOR_BASE_URL: mainUrl,
					N8N_WEBHOOK_URL: webhookUrl,
					N8N_LOG_LEVEL: options.logLevel ?? 'info',
					...(options.dbPoolSize ? { DB_POSTGRESDB_POOL_SIZE: String(options.dbPoolSize) } : {}),
					N8N_GRACEFUL_SHUTDOWN_TIMEOUT: String(gracefulShutdownSeconds),
					...DEFAULT_BULL,
					...(options.bull ?? {}),
					// The event-bus log lives in the user folder by default, named per role
					// (n8nEventLog-worker.log): two workers sharing a folder would share a file.
					N8N_EVENTBUS_LOGWRITER_LOGFULLPATH: path.join(root, 'events', `${name}.log`),
					...(options.env ?? {}),
					...extra,
				},
			});

		// Main.
		const main = n8nProcess({
			name: 'main',
			role: 'main',
			n8n,
			args: ['start'],
			env: envFor('main', {
				port: mainPort,
				brokerPort: await freePort(),
				withOwner: true,
				extra: { N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true', ...(options.mainEnv ?? {}) },
			}),
			readyUrl: mainUrl,
			logFile: path.join(logDir, 'main.log'),
			cleanupDir: root,
			readyTimeoutMs,
			stopTimeoutMs,
			// A fresh session after every (re)start; the API key lives in the database and survives restarts.
			onStarted: async (handle) => {
				handle.rest = await n8nLib.login(mainUrl, owner.email, owner.password);
				if (!handle.apiKey) {
					handle.apiKey = await n8nLib.createApiKey(handle.rest);
					handle.api = n8nLib.publicApiClient(mainUrl, handle.apiKey);
				}
			},
		});
		main.url = mainUrl;
		processes.push(main);
		cluster.main = main;

		// Webhook processor(s): the first one's URL is N8N_WEBHOOK_URL; more can be added behind a
		// proxy of the caller's (addWebhook), each on its own port, as a scaled deployment runs them.
		cluster.webhooks = [];
		const makeWebhook = async (port) => {
			const index = cluster.webhooks.length + 1;
			const name = index === 1 ? 'webhook' : `webhook-${index}`;
			const url = `http://127.0.0.1:${port}/`;
			const processor = n8nProcess({
				name,
				role: 'webhook',
				n8n,
				args: ['webhook'],
				env: envFor(name, { port, brokerPort: await freePort(), extra: options.webhookEnv ?? {} }),
				readyUrl: url,
				logFile: path.join(logDir, `${name}.log`),
				cleanupDir: root,
				readyTimeoutMs,
				stopTimeoutMs,
			});
			processor.url = url;
			processor.index = index;
			processes.push(processor);
			cluster.webhooks.push(processor);
			return processor;
		};
		const webhook = await makeWebhook(webhookPort);
		cluster.webhook = webhook;
		/** Adds and starts one more webhook processor (same settings, its own port); stop() stops it too. */
		cluster.addWebhook = async () => {
			const processor = await makeWebhook(await freePort());
			await processor.start();
			return processor;
		};

		// Workers.
		cluster.workers = [];
		const makeWorker = async (index) => {
			const healthPort = await freePort();
			const name = `worker-${index}`;
			const worker = n8nProcess({
				name,
				role: 'worker',
				n8n,
				args: ['worker', `--concurrency=${concurrency}`],
				env: envFor(name, {
					// A worker serves nothing on N8N_PORT; the health server has its own port.
					port: healthPort,
					brokerPort: await freePort(),
					extra: {
						QUEUE_HEALTH_CHECK_ACTIVE: 'true',
						QUEUE_HEALTH_CHECK_PORT: String(healthPort),
						N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
						...(options.workerEnv ?? {}),
					},
				}),
				readyUrl: `http://127.0.0.1:${healthPort}/`,
				logFile: path.join(logDir, `${name}.log`),
				cleanupDir: root,
				readyTimeoutMs,
				stopTimeoutMs,
			});
			worker.index = index;
			worker.healthUrl = `http://127.0.0.1:${healthPort}/healthz`;
			worker.concurrency = concurrency;
			/** { started, finished }: execution ids from this worker's log (all incarnations). */
			worker.executions = () => workerExecutionsInLog(worker.logFile);
			processes.push(worker);
			cluster.workers.push(worker);
			return worker;
		};
		for (let i = 1; i <= workerCount; i++) await makeWorker(i);
		for (let i = 1; i < (options.webhooks ?? 1); i++) await makeWebhook(await freePort());
		/** Adds and starts one more worker (same settings). */
		cluster.addWorker = async () => {
			const worker = await makeWorker(cluster.workers.length + 1);
			await worker.start();
			return worker;
		};

		// The main first: on a fresh database it runs the migrations and creates the owner;
		// the others would otherwise race it for the same migrations.
		await main.start();
		await Promise.all([...cluster.webhooks.map((w) => w.start()), ...cluster.workers.map((w) => w.start())]);

		/** Execution ids per process, from the logs ("Worker started execution" lines). */
		cluster.executionsByProcess = () =>
			Object.fromEntries(processes.map((p) => [p.name, workerExecutionsInLog(p.logFile)]));
		cluster.startSeconds = (Date.now() - t0) / 1000;
		log(`queue cluster (n8n ${n8n.version}, ${workerCount} workers) ready in ${cluster.startSeconds.toFixed(1)} s; logs ${logDir}`);
		return cluster;
	} catch (error) {
		// Keep the logs of a failed start where the caller can read them.
		await stop({ keepLogsIn: options.failureLogsIn }).catch(() => undefined);
		throw error;
	}
}

module.exports = { startQueueCluster, workerExecutionsInLog, DEFAULT_BULL };

if (require.main === module) {
	// `node dev/lib/queue.js [--workers=N] [--once]`: start a cluster, print where it is, stop on Ctrl-C.
	(async () => {
		const workers = Number((process.argv.find((a) => a.startsWith('--workers=')) ?? '--workers=2').split('=')[1]);
		const cluster = await startQueueCluster({ workers });
		console.log(
			JSON.stringify(
				{
					main: { url: cluster.main.url, pid: cluster.main.pid, login: cluster.owner },
					webhookUrl: cluster.webhookUrl,
					workers: cluster.workers.map((w) => ({ pid: w.pid, health: w.healthUrl })),
					redis: cluster.redis.url,
					postgres: cluster.postgres.url,
					logs: cluster.logDir,
					startSeconds: cluster.startSeconds,
				},
				null,
				2,
			),
		);
		const stop = async () => {
			await cluster.stop();
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
