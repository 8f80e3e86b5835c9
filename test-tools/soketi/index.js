'use strict';
// soketi (AGPL-3.0), a real Pusher-protocol server, as a test tool only: installed here,
// in its own folder with its own lockfile, by `ensureSoketi()` (what the tests and benches
// call), never part of the published package. uWebSockets.js normally comes from a GitHub
// URL; package.json overrides it with the npm build @trufflesuite/uws-js-unofficial
// (Linux, Node 20 ABI), so `npm ci` needs only the npm registry.
const { spawn, spawnSync } = require('child_process');
const { existsSync } = require('fs');
const net = require('net');
const { join } = require('path');

const { freePort } = require('../../dev/lib/n8n');

const DIR = __dirname;
const BIN = join(DIR, 'node_modules', '@soketi', 'soketi', 'bin', 'server.js');

/** Installs soketi from package-lock.json if it is not installed yet; throws with npm's output when that fails. */
function ensureSoketi() {
	if (existsSync(BIN)) return BIN;
	const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
	const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: DIR, encoding: 'utf8', timeout: 300000 });
	if (result.status !== 0 || !existsSync(BIN)) {
		throw new Error(`Installing soketi (test-tools/soketi, npm ci) failed: ${result.error?.message ?? ''}\n${(result.stderr || result.stdout || '').slice(-2000)}`);
	}
	return BIN;
}

function reachable(port) {
	return new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

/**
 * Starts soketi with one app; resolves once its port accepts connections.
 * `stop()` sends SIGTERM (soketi's graceful shutdown: 4200 to every client for
 * `shutdownGracePeriodMs`, then it stops listening) and resolves when the process exited.
 */
async function startSoketi({ appId, appKey, appSecret, port, shutdownGracePeriodMs = 3000, startTimeoutMs = 30000 }) {
	ensureSoketi();
	const wsPort = port ?? (await freePort());
	const metricsPort = await freePort();
	const child = spawn(process.execPath, [BIN, 'start'], {
		cwd: DIR,
		env: {
			PATH: process.env.PATH,
			SOKETI_HOST: '127.0.0.1',
			SOKETI_PORT: String(wsPort),
			SOKETI_METRICS_SERVER_PORT: String(metricsPort),
			SOKETI_DEFAULT_APP_ID: appId,
			SOKETI_DEFAULT_APP_KEY: appKey,
			SOKETI_DEFAULT_APP_SECRET: appSecret,
			SOKETI_SHUTDOWN_GRACE_PERIOD: String(shutdownGracePeriodMs),
			AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
		},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	child.stdout.on('data', (d) => (output = (output + d).slice(-4000)));
	child.stderr.on('data', (d) => (output = (output + d).slice(-4000)));
	const exited = new Promise((resolve) => child.once('exit', resolve));
	const deadline = Date.now() + startTimeoutMs;
	while (!(await reachable(wsPort))) {
		if (child.exitCode !== null || Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`soketi did not start on port ${wsPort}:\n${output}`);
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	return {
		port: wsPort,
		pid: child.pid,
		output: () => output,
		stop: async () => {
			if (child.exitCode === null) child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), shutdownGracePeriodMs + 10000);
			await exited;
			clearTimeout(timer);
		},
		kill: async () => {
			if (child.exitCode === null) child.kill('SIGKILL');
			await exited;
		},
	};
}

module.exports = { ensureSoketi, startSoketi, reachable };

/** uWebSockets.js in this build has binaries for Node 16, 18 and 20 (ABI 93, 108, 115) on Linux and macOS. */
function soketiRunsHere() {
	return ['linux', 'darwin'].includes(process.platform) && ['93', '108', '115'].includes(process.versions.modules);
}

module.exports.soketiRunsHere = soketiRunsHere;
