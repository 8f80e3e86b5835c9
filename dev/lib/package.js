'use strict';
/**
 * Builds and packs this package, then installs the tarball into an n8n user
 * folder the way n8n's Community Nodes screen does (n8n 2.41
 * `CommunityPackagesService.downloadPackage`): extract into
 * `<user>/.n8n/nodes/node_modules/<name>`, drop dev/peer/optional deps from its
 * package.json, `npm install` its runtime deps inside it, record it in
 * `<user>/.n8n/nodes/package.json`. Node types are then `<name>.<node>`.
 *
 * The build runs in a staging copy under the cache, so it never touches the
 * working tree's dist/ (other processes may be testing against it).
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const { ROOT, CACHE, run, cleanEnv, readJson } = require('./install');
const progress = require('./progress');

/** What the build reads. */
const SOURCES = ['package.json', 'README.md', 'LICENSE', 'tsconfig.json', 'tsconfig.build.json', 'gulpfile.js', 'nodes', 'credentials', 'icons'];

function listFiles(entry, out = []) {
	const abs = path.join(ROOT, entry);
	if (!fs.existsSync(abs)) return out;
	const stat = fs.statSync(abs);
	if (stat.isDirectory()) {
		for (const name of fs.readdirSync(abs).sort()) listFiles(path.join(entry, name), out);
	} else if (stat.isFile()) out.push(entry);
	return out;
}

function sourceHash() {
	const hash = crypto.createHash('sha256');
	for (const entry of SOURCES) {
		for (const file of listFiles(entry)) {
			hash.update(`${file}\0`);
			hash.update(fs.readFileSync(path.join(ROOT, file)));
			hash.update('\0');
		}
	}
	return hash.digest('hex').slice(0, 16);
}

/** Where the tarball of the current sources goes, and whether it is there already. */
function packState() {
	const pkg = readJson(path.join(ROOT, 'package.json'));
	const hash = sourceHash();
	const packDir = path.join(CACHE, 'pack');
	const tarball = path.join(packDir, `${pkg.name}-${pkg.version}-${hash}.tgz`);
	return { pkg, hash, packDir, tarball, cached: fs.existsSync(tarball) };
}

/** Builds (in a staging copy) and packs; cached by a hash of the sources. Returns the .tgz path. */
function buildAndPack({ force = false } = {}) {
	const { pkg, hash, packDir, tarball, cached } = packState();
	if (!force && cached) return { tarball, hash, name: pkg.name, version: pkg.version, cached: true };

	// Per process: e2e, scale and screenshot runs may pack at the same time.
	const stage = path.join(packDir, `stage-${process.pid}`);
	fs.rmSync(stage, { recursive: true, force: true });
	fs.mkdirSync(stage, { recursive: true });
	for (const entry of SOURCES) {
		const from = path.join(ROOT, entry);
		if (fs.existsSync(from)) fs.cpSync(from, path.join(stage, entry), { recursive: true });
	}
	// The project's own toolchain (tsc, gulp) without installing anything.
	fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(stage, 'node_modules'), 'dir');
	const logFile = path.join(CACHE, 'logs', 'pack.log');
	const step = progress.begin('pack', `building and packing ${pkg.name} (sources ${hash})`);
	run('npm', ['run', 'build', '--silent'], {
		cwd: stage,
		env: cleanEnv(),
		logFile,
		watch: { step, what: 'tsc + gulp into a staging copy', filesDir: path.join(stage, 'dist') },
	});
	fs.rmSync(path.join(stage, 'node_modules'));
	// Old tarballs go once they are an hour old (another run may still be installing one).
	for (const old of fs.readdirSync(packDir).filter((f) => f.endsWith('.tgz'))) {
		const file = path.join(packDir, old);
		if (Date.now() - fs.statSync(file).mtimeMs > 3600_000) fs.rmSync(file, { force: true });
	}
	const out = path.join(stage, '.pack');
	fs.mkdirSync(out);
	run('npm', ['pack', '--ignore-scripts', '--pack-destination', out, '--loglevel=warn'], { cwd: stage, env: cleanEnv(), logFile });
	fs.renameSync(path.join(out, `${pkg.name}-${pkg.version}.tgz`), tarball);
	fs.rmSync(stage, { recursive: true, force: true });
	step.end(path.basename(tarball));
	return { tarball, hash, name: pkg.name, version: pkg.version, cached: false };
}

/**
 * Installs the packed tarball into `<userFolder>/.n8n/nodes` like n8n's UI install.
 * Skipped when the same tarball is already installed there.
 */
/** True when `<userFolder>/.n8n/nodes` holds the package from `tarball` already. */
function installedFrom(userFolder, name, tarball) {
	const stampFile = path.join(userFolder, '.n8n', 'nodes', 'node_modules', name, '.dev-installed-from');
	return fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === path.basename(tarball);
}

function installIntoUserFolder(userFolder, packed) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', packed.name);
	const stampFile = path.join(target, '.dev-installed-from');
	if (installedFrom(userFolder, packed.name, packed.tarball)) return target;

	const step = progress.begin('install', `installing ${path.basename(packed.tarball)} into ${nodesDir}`);
	fs.mkdirSync(nodesDir, { recursive: true });
	fs.rmSync(target, { recursive: true, force: true });
	fs.mkdirSync(target, { recursive: true });
	run('tar', ['-xzf', packed.tarball, '-C', target, '--strip-components=1'], {
		cwd: nodesDir,
		logFile: path.join(CACHE, 'logs', 'pack.log'),
	});
	const pkgFile = path.join(target, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...pkg } = readJson(pkgFile);
	fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2));
	run(
		'npm',
		['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false', '--loglevel=warn'],
		{ cwd: target, env: cleanEnv(), logFile: path.join(CACHE, 'logs', 'pack.log') },
	);
	const nodesPkgFile = path.join(nodesDir, 'package.json');
	const nodesPkg = readJson(nodesPkgFile) ?? { name: 'installed-nodes', private: true, dependencies: {} };
	nodesPkg.dependencies = { ...(nodesPkg.dependencies ?? {}), [packed.name]: packed.version };
	fs.writeFileSync(nodesPkgFile, JSON.stringify(nodesPkg, null, 2));
	fs.writeFileSync(stampFile, path.basename(packed.tarball));
	step.end();
	return target;
}

module.exports = { buildAndPack, installIntoUserFolder, installedFrom, packState, sourceHash };
