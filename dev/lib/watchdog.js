'use strict';
/**
 * `node watchdog.js <parentPid> <groupPid> [dirToRemove]`: waits until the parent
 * process is gone, then kills the process group <groupPid> (n8n and its task
 * runner) and removes [dirToRemove] (a temporary user folder).
 * Started detached by spawnGroup() (processGroup.js); the normal stop() kills the watchdog first.
 */
const fs = require('fs');

const parent = Number(process.argv[2]);
const group = Number(process.argv[3]);
const dir = process.argv[4];

function alive(pid) {
	try {
		process.kill(pid, 0);
	} catch (error) {
		return error.code === 'EPERM';
	}
	// A parent that died unreaped (zombie) still answers signal 0.
	try {
		return pid < 0 || !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
	} catch {
		return true;
	}
}

function finish() {
	try {
		process.kill(-group, 'SIGKILL');
	} catch {
		/* gone */
	}
	if (dir) fs.rmSync(dir, { recursive: true, force: true });
	process.exit(0);
}

const timer = setInterval(() => {
	if (!alive(-group)) process.exit(0);
	if (alive(parent)) return;
	clearInterval(timer);
	try {
		process.kill(-group, 'SIGTERM');
	} catch {
		/* gone */
	}
	// n8n shuts down in a few seconds; give it up to 10 s, then kill what is left.
	const deadline = Date.now() + 10000;
	setInterval(() => {
		if (!alive(-group) || Date.now() > deadline) finish();
	}, 250);
}, 1000);
process.on('SIGTERM', () => process.exit(0));
