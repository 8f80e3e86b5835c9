'use strict';
/**
 * Installs the pinned Node runtime and n8n into a git-ignored cache folder.
 * Idempotent: a stamp file with the pinned versions marks a finished install,
 * so a second call returns in milliseconds.
 */
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const progress = require('./progress');
const { NODE_VERSION, N8N_PROFILES, DEFAULT_PROFILE } = require('./versions');

const ROOT = path.resolve(__dirname, '..', '..');
/** Override with N8N_DEV_CACHE to share one install between clones. */
const CACHE = path.resolve(process.env.N8N_DEV_CACHE || path.join(ROOT, '.dev', 'cache'));
const STAMP = '.dev-stamp.json';

function log(...args) {
	if (process.env.N8N_DEV_QUIET !== '1') console.error('[dev]', ...args);
}

function readJson(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return undefined;
	}
}

function sameStamp(dir, expected) {
	const got = readJson(path.join(dir, STAMP));
	return got !== undefined && JSON.stringify(got) === JSON.stringify(expected);
}

/**
 * Runs a command synchronously, output to a log file; throws with the log's tail on failure.
 * `watch` ({ step, …heartbeat.js options }) prints a heartbeat line while it runs.
 */
function run(cmd, args, { cwd, env, logFile, watch }) {
	fs.mkdirSync(path.dirname(logFile), { recursive: true });
	const fd = fs.openSync(logFile, 'a');
	fs.writeSync(fd, `\n$ ${cmd} ${args.join(' ')}   (cwd ${cwd})\n`);
	const { step, ...heartbeat } = watch ?? {};
	const beat = step ? progress.watchSync(step, heartbeat) : undefined;
	let result;
	try {
		result = spawnSync(cmd, args, { cwd, env: env || process.env, stdio: ['ignore', fd, fd] });
	} finally {
		beat?.stop();
		fs.closeSync(fd);
	}
	if (result.status !== 0) {
		const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
		throw new Error(`${cmd} ${args.join(' ')} failed (exit ${result.status ?? result.signal}); log ${logFile}:\n${tail}`);
	}
}

/** Env for npm run by the current (any) Node, without inherited npm_config_* from an outer `npm run`. */
function cleanEnv(extra = {}) {
	const env = {};
	for (const [k, v] of Object.entries(process.env)) {
		if (!/^npm_/i.test(k)) env[k] = v;
	}
	return { ...env, ...extra };
}

/** A folder for npm's debug log of one step (`--logs-dir`), which the heartbeat reads. */
function npmLogsDir(name) {
	const dir = path.join(CACHE, 'logs', 'npm', name);
	fs.mkdirSync(dir, { recursive: true });
	return dir;
}

/** The last "added N packages in …" line npm wrote to a log file, or ''. */
function npmSummary(logFile) {
	try {
		const lines = fs.readFileSync(logFile, 'utf8').split('\n').filter((l) => /^(added|up to date|changed) /.test(l));
		return lines.at(-1) ?? '';
	} catch {
		return '';
	}
}

function nodePackageName() {
	const platform = process.platform === 'win32' ? 'win' : process.platform;
	return `node-${platform}-${process.arch}`;
}

/** Where Node NODE_VERSION goes, and whether it is installed there already. */
function nodeState() {
	const pkg = nodePackageName();
	const dir = path.join(CACHE, `node-${NODE_VERSION}`);
	const home = path.join(dir, 'node_modules', pkg);
	const info = { dir: home, binDir: path.join(home, 'bin'), bin: path.join(home, 'bin', 'node') };
	const stamp = { pkg, version: NODE_VERSION };
	return { pkg, dir, info, stamp, ready: sameStamp(dir, stamp) && fs.existsSync(info.bin) };
}

/** Installs Node NODE_VERSION from the npm registry; returns { dir, bin, binDir }. */
function ensureNode() {
	const { pkg, dir, info, stamp, ready } = nodeState();
	if (ready) return info;

	const step = progress.begin('node', `installing Node ${NODE_VERSION} (${pkg}) from the npm registry into ${dir}`);
	const tmp = `${dir}.partial`;
	fs.rmSync(tmp, { recursive: true, force: true });
	fs.mkdirSync(tmp, { recursive: true });
	fs.writeFileSync(
		path.join(tmp, 'package.json'),
		JSON.stringify({ name: 'dev-node-runtime', private: true, dependencies: { [pkg]: NODE_VERSION } }, null, 2),
	);
	const npmLogs = npmLogsDir(`node-${NODE_VERSION}`);
	run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=warn', `--logs-dir=${npmLogs}`], {
		cwd: tmp,
		env: cleanEnv(),
		logFile: path.join(CACHE, 'logs', `node-${NODE_VERSION}.log`),
		watch: { step, npmLogDir: npmLogs, what: `npm install ${pkg}@${NODE_VERSION}` },
	});
	fs.writeFileSync(path.join(tmp, STAMP), JSON.stringify(stamp));
	fs.rmSync(dir, { recursive: true, force: true });
	fs.renameSync(tmp, dir);
	const check = spawnSync(info.bin, ['--version'], { encoding: 'utf8' });
	if (check.stdout.trim() !== `v${NODE_VERSION}`) throw new Error(`Node check failed: ${check.stdout}${check.stderr}`);
	step.end(`${info.bin} runs ${check.stdout.trim()}`);
	return info;
}

function profile(name = process.env.N8N_PROFILE || DEFAULT_PROFILE) {
	const p = N8N_PROFILES[name];
	if (!p) throw new Error(`unknown N8N_PROFILE ${name}; known: ${Object.keys(N8N_PROFILES).join(', ')}`);
	return { name, ...p };
}

/** Where a profile's n8n goes, its lockfile, its stamp, and whether it is installed already. */
function n8nState(profileName) {
	const p = profile(profileName);
	const dir = path.join(CACHE, `n8n-${p.n8n}`);
	const bin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	const lock = path.join(__dirname, '..', 'locks', `n8n-${p.n8n}.package-lock.json`);
	const haveLock = fs.existsSync(lock);
	const lockHash = haveLock ? require('crypto').createHash('sha256').update(fs.readFileSync(lock)).digest('hex').slice(0, 16) : null;
	const stamp = { n8n: p.n8n, overrides: p.overrides, rebuild: p.rebuild, node: NODE_VERSION, lock: lockHash };
	return { p, dir, bin, lock, haveLock, stamp, ready: sameStamp(dir, stamp) && fs.existsSync(bin) };
}

/** Object files node-gyp compiles for a rebuilt package (for "2 of 6"), where known. */
const OBJECT_FILES = { sqlite3: { count: 6, slowest: 'sqlite3.c, the SQLite library in one large C file, takes most of the time' } };

/** What is installed already: { node, n8n } (true = ready) and the profile, for progress.plan(). */
function installState(profileName) {
	return { node: nodeState().ready, n8n: n8nState(profileName).ready, profile: profile(profileName) };
}

/**
 * Installs n8n (profile's pinned version + overrides) with the pinned Node;
 * returns { dir, version, profile, bin (n8n's bin script), node }.
 */
function ensureN8n(profileName) {
	const node = ensureNode();
	const { p, dir, bin, lock, haveLock, stamp, ready } = n8nState(profileName);
	const info = { dir, version: p.n8n, profile: p.name, bin, node };
	if (ready) return info;

	const started = Date.now();
	const packages = haveLock ? Object.keys(readJson(lock)?.packages ?? {}).filter((k) => k !== '').length : undefined;
	const step = progress.begin('n8n', `installing n8n ${p.n8n} into ${dir} (first time only)`);
	const logFile = path.join(CACHE, 'logs', `n8n-${p.n8n}.log`);
	const tmp = `${dir}.partial`;
	fs.rmSync(tmp, { recursive: true, force: true });
	fs.mkdirSync(tmp, { recursive: true });
	fs.writeFileSync(
		path.join(tmp, 'package.json'),
		JSON.stringify(
			{ name: 'dev-n8n-runtime', private: true, dependencies: { n8n: p.n8n }, overrides: p.overrides },
			null,
			2,
		),
	);
	// A committed lockfile pins every transitive version; without one, npm resolves afresh.
	// `npm install` (not `npm ci`): the lock lacks a few optional platform binaries that this
	// registry does not have (@msgpackr-extract/*), which `npm ci` treats as out of sync.
	if (haveLock) fs.copyFileSync(lock, path.join(tmp, 'package-lock.json'));
	// Node 24 first on PATH so engine checks and node-gyp see it.
	const env = cleanEnv({ PATH: `${node.binDir}${path.delimiter}${process.env.PATH}` });
	const npmLogs = npmLogsDir(`n8n-${p.n8n}`);
	run(
		'npm',
		[
			'install',
			'--ignore-scripts',
			'--legacy-peer-deps',
			'--no-audit',
			'--no-fund',
			'--loglevel=warn',
			`--logs-dir=${npmLogs}`,
		],
		{ cwd: tmp, env, logFile, watch: { step, npmLogDir: npmLogs, expected: packages, what: `npm install n8n ${p.n8n}` } },
	);
	step.end(`${npmSummary(logFile) || 'npm install finished'}${haveLock ? ' (from dev/locks)' : ''}`);
	if (p.rebuild.length) {
		const rebuild = progress.begin('rebuild', `compiling ${p.rebuild.join(', ')} for Node ${NODE_VERSION} (node-gyp; logs in ${logFile})`);
		const compiled = p.rebuild.find((name) => OBJECT_FILES[name]);
		// The user npmrc may set nodedir to another Node's headers: point it at the pinned Node.
		run('npm', ['rebuild', ...p.rebuild, '--ignore-scripts=false', `--nodedir=${node.dir}`, '--loglevel=warn', `--logs-dir=${npmLogs}`], {
			cwd: tmp,
			env: { ...env, npm_config_nodedir: node.dir, JOBS: String(Math.max(1, require('os').cpus().length)) },
			logFile,
			watch: {
				step: rebuild,
				what: `npm rebuild ${p.rebuild.join(' ')}`,
				...(compiled
					? { objectsDir: path.join(tmp, 'node_modules', compiled, 'build'), objects: OBJECT_FILES[compiled].count, slowest: OBJECT_FILES[compiled].slowest }
					: {}),
			},
		});
		rebuild.end();
	}
	fs.writeFileSync(path.join(tmp, STAMP), JSON.stringify(stamp));
	fs.rmSync(dir, { recursive: true, force: true });
	fs.renameSync(tmp, dir);
	info.installSeconds = Math.round((Date.now() - started) / 1000);
	log(`n8n ${p.n8n} installed in ${progress.clock(Date.now() - started)} (${dir})`);
	return info;
}

module.exports = { ROOT, CACHE, ensureNode, ensureN8n, installState, profile, run, cleanEnv, readJson, log };

if (require.main === module) {
	const t0 = Date.now();
	const info = ensureN8n();
	console.log(JSON.stringify({ ...info, seconds: (Date.now() - t0) / 1000 }, null, 2));
}
