'use strict';
/**
 * A small HTTP control endpoint on 127.0.0.1 for the scale tests. The cluster lives in
 * jest's parent process (globalSetup), the tests in a jest worker: they ask here to
 * kill or restart an n8n worker, and read pids and per-worker execution ids.
 *
 *   GET  /state                   { main: {pid}, webhook: {pid}, workers: [{ index, pid, alive, started, finished }] }
 *   POST /workers/<i>/kill        SIGKILL the worker's process group (a crash); waits for its exit
 *   POST /workers/<i>/restart     start it again (same ports, env, log file); waits for readiness
 *   POST /webhooks                one more webhook processor (its own port); waits for readiness
 *   POST /webhooks/<i>/stop       stops an added webhook processor (graceful)
 */
const http = require('http');

function webhookState(processor) {
	return { index: processor.index, name: processor.name, url: processor.url, pid: processor.pid, alive: processor.alive(), logFile: processor.logFile };
}

function workerState(worker, index) {
	const { started, finished } = worker.executions();
	return { index, pid: worker.pid, alive: worker.alive(), starts: worker.starts, started, finished };
}

async function handle(cluster, req) {
	const url = new URL(req.url, 'http://127.0.0.1');
	if (req.method === 'GET' && url.pathname === '/state') {
		return {
			main: { pid: cluster.main.pid },
			webhook: { pid: cluster.webhook.pid },
			webhooks: cluster.webhooks.map(webhookState),
			workers: cluster.workers.map(workerState),
		};
	}
	if (req.method === 'POST' && url.pathname === '/webhooks') return webhookState(await cluster.addWebhook());
	const hook = /^\/webhooks\/(\d+)\/stop$/.exec(url.pathname);
	if (req.method === 'POST' && hook) {
		const processor = cluster.webhooks.find((w) => w.index === Number(hook[1]));
		if (!processor || processor === cluster.webhook) throw Object.assign(new Error(`no added webhook processor ${hook[1]}`), { status: 404 });
		await processor.stop();
		return webhookState(processor);
	}
	const match = /^\/workers\/(\d+)\/(kill|restart)$/.exec(url.pathname);
	if (req.method === 'POST' && match) {
		const worker = cluster.workers[Number(match[1])];
		if (!worker) throw Object.assign(new Error(`no worker ${match[1]}`), { status: 404 });
		if (match[2] === 'kill') await worker.kill('SIGKILL');
		else await worker.start();
		return workerState(worker, Number(match[1]));
	}
	throw Object.assign(new Error(`unknown ${req.method} ${url.pathname}`), { status: 404 });
}

/** Resolves to { url, close() }. */
function startControl(cluster) {
	const server = http.createServer((req, res) => {
		handle(cluster, req).then(
			(body) => {
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(JSON.stringify(body));
			},
			(error) => {
				res.writeHead(error.status ?? 500, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ error: error.message }));
			},
		);
	});
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			server.unref();
			resolve({
				url: `http://127.0.0.1:${server.address().port}/`,
				close: () => new Promise((done) => server.close(() => done())),
			});
		});
	});
}

module.exports = { startControl };
