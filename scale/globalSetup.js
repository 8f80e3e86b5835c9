'use strict';
/**
 * Starts Redis, PostgreSQL (Debian binaries, installed on first use by
 * scripts/ensure-queue-services.sh) and the queue-mode n8n cluster once for the run.
 * Tests find them through SCALE_* variables (helpers/cluster.ts).
 */
const fs = require('fs');
const path = require('path');

const { startPostgres, startRedis, postgresBinDir, ensureQueueServices } = require('../dev/lib/services');
const { startQueueCluster } = require('../dev/lib/queue');
const { startControl } = require('./control');

const KEEP = path.join(__dirname, '..', '.dev', 'scale');

module.exports = async function globalSetup() {
	const t0 = Date.now();
	// Logs of the previous run go; this run's are copied here by globalTeardown.
	fs.rmSync(KEEP, { recursive: true, force: true });
	ensureQueueServices();
	const installed = (Date.now() - t0) / 1000;
	const [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
	let cluster;
	try {
		cluster = await startQueueCluster({
			workers: Number(process.env.SCALE_WORKERS ?? 2),
			concurrency: Number(process.env.SCALE_WORKER_CONCURRENCY ?? 10),
			redis,
			postgres,
			// n8n's default pool of 2 connections per process is not enough for 50 deliveries
			// in flight: the webhook processor's database ping then times out waiting for a
			// connection and it answers every request with 503 for a while (see scale/README.md).
			dbPoolSize: Number(process.env.SCALE_DB_POOL_SIZE ?? 10),
			failureLogsIn: KEEP,
			...(process.env.SCALE_N8N_LOG_LEVEL ? { logLevel: process.env.SCALE_N8N_LOG_LEVEL } : {}),
			// Experiments: extra n8n settings for every process, e.g. SCALE_N8N_ENV='{"N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE":"true"}'.
			env: process.env.SCALE_N8N_ENV ? JSON.parse(process.env.SCALE_N8N_ENV) : {},
		});
	} catch (error) {
		await Promise.all([redis.stop(), postgres.stop()]);
		throw error;
	}
	// Tests run in a jest worker: they kill and restart n8n workers through this endpoint.
	const control = await startControl(cluster);
	globalThis.__SCALE__ = { cluster, redis, postgres, control };

	const env = process.env;
	env.SCALE_CONTROL_URL = control.url;
	env.SCALE_MAIN_URL = cluster.main.url;
	env.SCALE_API_KEY = cluster.main.apiKey;
	env.SCALE_WEBHOOK_URL = cluster.webhookUrl;
	env.SCALE_OWNER_EMAIL = cluster.owner.email;
	env.SCALE_OWNER_PASSWORD = cluster.owner.password;
	env.SCALE_N8N_VERSION = cluster.version;
	env.SCALE_PG = JSON.stringify({
		host: postgres.host,
		port: postgres.port,
		database: postgres.database,
		user: postgres.user,
		password: postgres.password,
		psql: path.join(postgresBinDir(), 'psql'),
	});
	env.SCALE_REDIS_PORT = String(redis.port);
	env.SCALE_PROCESSES = JSON.stringify(
		cluster.processes.map((p) => ({ name: p.name, role: p.role, pid: p.pid, logFile: p.logFile })),
	);
	env.SCALE_WORKER_CONCURRENCY = String(cluster.workers[0]?.concurrency ?? '');
	env.SCALE_DB_POOL_SIZE_USED = String(cluster.main.env.DB_POSTGRESDB_POOL_SIZE ?? 'n8n default (2)');
	env.SCALE_N8N_ENV_USED = process.env.SCALE_N8N_ENV ?? '';
	env.SCALE_SETUP_SECONDS = ((Date.now() - t0) / 1000).toFixed(1);
	console.log(
		`\n[scale] n8n ${cluster.version} queue mode: main ${cluster.main.url} (pid ${cluster.main.pid}), webhook processor ${cluster.webhookUrl} (pid ${cluster.webhook.pid}), ` +
			`${cluster.workers.length} workers (pids ${cluster.workers.map((w) => w.pid).join(', ')}); Redis :${redis.port}, PostgreSQL :${postgres.port}; ` +
			`setup ${env.SCALE_SETUP_SECONDS} s (packages ${installed.toFixed(1)} s, cluster ${cluster.startSeconds.toFixed(1)} s)`,
	);
};
