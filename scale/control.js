'use strict';
/**
 * A small HTTP control endpoint on 127.0.0.1 for the scale tests. The cluster lives in
 * jest's parent process (globalSetup), the tests in a jest worker: they ask here to
 * kill or restart an n8n worker, and read pids and per-worker execution ids.
 *
 *   GET  /state                   { main: {pid}, webhook: {pid}, workers: [{ index, pid, alive, started, finished }] }
 *   POST /workers/<i>/kill        SIGKILL the worker's process group (a crash); waits for its exit
 *   POST /workers/<i>/restart     start it again (same ports, env, log file); waits for readiness
 */
const http = require('http');

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
			workers: cluster.workers.map(workerState),
		};
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
