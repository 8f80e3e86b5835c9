'use strict';
/**
 * `node heartbeat.js '<json options>'`: prints a progress line to stderr every
 * `intervalMs` while a synchronous step of the dev tooling runs (its parent is blocked
 * in spawnSync and cannot print). Started and stopped by progress.watchSync(); exits by
 * itself when the parent is gone. It only reads files:
 *
 *   npmLogDir     npm's debug log of the running command (`--logs-dir`): tarballs
 *                 fetched (`http fetch GET 200 ….tgz`, downloaded when `(cache miss)`),
 *                 packages placed (`silly ADD`), the phase it is in
 *   expected      how many packages the lockfile has (for "312 of ~2,120")
 *   objectsDir    node-gyp's build folder: object files compiled so far, of `objects`,
 *                 and the source file a compiler (cc1, cc1plus) is working on (Linux /proc)
 *   filesDir      a folder whose file count grows (tsc writing dist/)
 *   what          the text in front of the measurement
 *   token         a file held while printing (progress.watchSync): gone = stop
 */
const fs = require('fs');
const path = require('path');

const options = JSON.parse(process.argv[2] || '{}');
const { label = '', since = Date.now(), intervalMs = 15000, parentPid, token } = options;

function clock(ms) {
	const s = Math.max(0, Math.round(ms / 1000));
	return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

const thousands = (n) => n.toLocaleString('en-US');

/** Reads npm's newest debug log in `dir` (written since the step began) incrementally. */
const npmLog = { file: undefined, offset: 0, rest: '', added: 0, fetched: 0, downloaded: 0, phase: 'starting npm' };
function readNpmLog(dir) {
	if (!npmLog.file) {
		let newest;
		for (const name of fs.readdirSync(dir)) {
			if (!name.endsWith('.log')) continue;
			const stat = fs.statSync(path.join(dir, name));
			if (stat.mtimeMs >= since - 2000 && (!newest || stat.mtimeMs > newest.mtimeMs)) newest = { name, mtimeMs: stat.mtimeMs };
		}
		if (!newest) return;
		npmLog.file = path.join(dir, newest.name);
	}
	const size = fs.statSync(npmLog.file).size;
	if (size <= npmLog.offset) return;
	const fd = fs.openSync(npmLog.file, 'r');
	const buffer = Buffer.alloc(size - npmLog.offset);
	fs.readSync(fd, buffer, 0, buffer.length, npmLog.offset);
	fs.closeSync(fd);
	npmLog.offset = size;
	const lines = (npmLog.rest + buffer.toString('utf8')).split('\n');
	npmLog.rest = lines.pop();
	for (const line of lines) {
		if (/ silly ADD /.test(line)) {
			npmLog.added++;
			npmLog.phase = 'unpacking packages';
		} else if (/ http fetch GET 200 \S+\.tgz/.test(line)) {
			npmLog.fetched++;
			if (/\(cache miss\)/.test(line)) npmLog.downloaded++;
			npmLog.phase = 'fetching packages';
		} else if (/ silly idealTree/.test(line)) {
			npmLog.phase = 'reading the lockfile and resolving the tree';
		} else if (/ silly reify/.test(line) && npmLog.added === 0) {
			npmLog.phase = 'downloading packages';
		} else if (/ (silly|info) (build|run|rebuild)/.test(line)) {
			npmLog.phase = 'running build scripts';
		}
	}
}

function countFiles(dir, test) {
	let n = 0;
	let entries = [];
	try {
		entries = fs.readdirSync(dir, { withFileTypes: true });
	} catch {
		return 0;
	}
	for (const entry of entries) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) n += countFiles(full, test);
		else if (test(entry.name)) n++;
	}
	return n;
}

function measurement() {
	const parts = [];
	if (options.npmLogDir) {
		try {
			readNpmLog(options.npmLogDir);
		} catch {
			/* npm has not written its log yet */
		}
		const of = options.expected ? ` of ~${thousands(options.expected)}` : '';
		const downloaded = npmLog.fetched ? ` (${thousands(npmLog.downloaded)} downloaded, ${thousands(npmLog.fetched - npmLog.downloaded)} from npm's cache)` : '';
		if (npmLog.added > 0) parts.push(`${thousands(npmLog.added)}${of} packages placed in node_modules, ${thousands(npmLog.fetched)} fetched${downloaded}`);
		else if (npmLog.fetched > 0) parts.push(`${thousands(npmLog.fetched)}${of} packages fetched${downloaded}`);
		else parts.push(npmLog.phase);
	}
	if (options.objectsDir) {
		const done = countFiles(options.objectsDir, (name) => name.endsWith('.o'));
		const now = compiling(options.objectsDir);
		parts.push(`${done}${options.objects ? ` of ${options.objects}` : ''} object files compiled${now.length ? `, compiling ${now.join(', ')}` : ''}${options.slowest ? ` (${options.slowest})` : ''}`);
	}
	if (options.filesDir) {
		const written = countFiles(options.filesDir, () => true);
		parts.push(written ? `${thousands(written)} files written` : 'compiling, nothing written yet');
	}
	return parts.join(', ');
}

/** Source files being compiled right now by a compiler process whose working folder is under `dir`. */
function compiling(dir) {
	const files = [];
	let pids = [];
	try {
		pids = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name));
	} catch {
		return files;
	}
	for (const pid of pids) {
		try {
			const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
			if (!/(^|\/)cc1(plus)?$/.test(argv[0])) continue;
			if (!fs.readlinkSync(`/proc/${pid}/cwd`).startsWith(path.dirname(dir))) continue;
			const source = argv.find((arg) => /\.(c|cc|cpp)$/.test(arg));
			if (source) files.push(path.basename(source));
		} catch {
			/* the process ended meanwhile */
		}
	}
	return files;
}

function parentAlive() {
	if (!parentPid) return true;
	try {
		process.kill(parentPid, 0);
		return true;
	} catch {
		return false;
	}
}

/** Writes one line while holding the parent's token (progress.watchSync); exits once it is gone. */
function say(line) {
	if (!token) return process.stderr.write(line);
	try {
		fs.renameSync(token, `${token}.busy`);
	} catch {
		process.exit(0); // stop() took the token: the step is over
	}
	fs.writeSync(2, line);
	fs.renameSync(`${token}.busy`, token);
}

const timer = setInterval(() => {
	if (!parentAlive()) process.exit(0);
	const text = measurement();
	say(`[dev]       ${clock(Date.now() - since)}${label ? ` · ${label.replace(/[[\]]/g, '')}` : ''}${options.what ? ` · ${options.what}` : ''}${text ? `: ${text}` : ''}\n`);
}, intervalMs);
process.on('SIGTERM', () => {
	clearInterval(timer);
	process.exit(0);
});
