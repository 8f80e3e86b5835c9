'use strict';
/**
 * Child processes in their own process group, ended with the group: n8n (with its task
 * runner), Redis, PostgreSQL (with its backends). Used by dev/lib/n8n.js and
 * dev/lib/services.js.
 */
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');

/**
 * Starts `cmd args` detached (its own process group: children such as n8n's task runner
 * or postgres' backends share it), output appended to `logFile` (inherited without one), plus a watchdog that
 * ends the group if this process dies. `uid`/`gid` drop root (libuv also clears the
 * supplementary groups). Returns a handle:
 *   pid, child, exited (promise), alive(),
 *   signal(sig)  signals the whole group (a crash: SIGKILL; no cleanup, no waiting),
 *   stop()       `stopSignal` to the leader, SIGKILL to the group after `stopTimeoutMs`.
 */
function spawnGroup(cmd, args, { env = process.env, cwd, logFile, uid, gid, cleanupDir, stopSignal = 'SIGTERM', stopTimeoutMs = 15000 } = {}) {
	let out = 'inherit';
	if (logFile) {
		fs.mkdirSync(path.dirname(logFile), { recursive: true });
		out = fs.openSync(logFile, 'a');
		fs.writeSync(out, `\n--- ${new Date().toISOString()} $ ${cmd} ${args.join(' ')}\n`);
	}
	const child = spawn(cmd, args, {
		env,
		cwd,
		stdio: ['ignore', out, out],
		detached: true,
		...(uid !== undefined ? { uid } : {}),
		...(gid !== undefined ? { gid } : {}),
	});
	if (typeof out === 'number') fs.closeSync(out);
	let exitInfo;
	const exited = new Promise((resolve) => {
		child.once('exit', (code, signal) => {
			exitInfo = { code, signal };
			resolve(exitInfo);
		});
		// A spawn failure (ENOENT) emits 'error' and no 'exit'.
		child.once('error', (error) => {
			exitInfo = { code: null, signal: null, error: error.message };
			resolve(exitInfo);
		});
	});

	const watchdog = spawn(process.execPath, [path.join(__dirname, 'watchdog.js'), String(process.pid), String(child.pid), ...(cleanupDir ? [cleanupDir] : [])], {
		stdio: 'ignore',
		detached: true,
	});
	watchdog.unref();

	const signal = (sig) => {
		try {
			process.kill(-child.pid, sig);
			return true;
		} catch {
			return false;
		}
	};
	async function stop({ timeoutMs = stopTimeoutMs } = {}) {
		try {
			process.kill(watchdog.pid, 'SIGTERM');
		} catch {
			/* gone */
		}
		if (!exitInfo) {
			try {
				process.kill(child.pid, stopSignal);
			} catch {
				/* gone */
			}
			let timer;
			const timeout = new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs, 'timeout')));
			const outcome = await Promise.race([exited, timeout]);
			clearTimeout(timer);
			if (outcome === 'timeout') signal('SIGKILL');
			await exited;
		}
		// Whatever is left of the group (task runner, postgres backends) goes too.
		signal('SIGKILL');
	}
	return {
		child,
		pid: child.pid,
		exited,
		alive: () => exitInfo === undefined,
		exitInfo: () => exitInfo,
		signal,
		stop,
		logFile,
	};
}

module.exports = { spawnGroup };
