'use strict';
// Package footprint against @devlikeapro/n8n-nodes-chatwoot@1.0.2 (its only version
// on the registry), measured in the same run: packed size, installed size with the
// runtime dependencies, and the cold load n8n pays at start-up (require + new of every
// node and credential). Both packages are installed the way n8n's Community Nodes
// screen does it: `npm install` without dev and peer dependencies, without scripts.
// Needs the npm registry for the comparison package (cached under .dev/cache/bench)
// and for our runtime dependencies.
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const { join, basename } = require('path');

const ROOT = join(__dirname, '..');
const BASELINE_SPEC = '@devlikeapro/n8n-nodes-chatwoot@1.0.2';
const SAMPLES = 15;
const TARGET_INSTALLED_RATIO = 1 / 3;
const TARGET_COLD_LOAD_MS = 100;

// Loaded on run() only: bench.test.ts requires every bench and must stay cheap.
function devLib() {
	const { buildAndPack } = require('../dev/lib/package');
	const { CACHE, run, cleanEnv } = require('../dev/lib/install');
	return { buildAndPack, CACHE, run, cleanEnv };
}

/** npm install of a tarball into a fresh folder, as n8n's installer runs it. Returns the package dir. */
function install(lib, dir, tarball, logFile) {
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'footprint-install', private: true }));
	lib.run(
		'npm',
		['install', tarball, '--omit=dev', '--omit=peer', '--ignore-scripts', '--no-audit', '--no-fund', '--bin-links=false', '--package-lock=false', '--loglevel=warn'],
		{ cwd: dir, env: lib.cleanEnv(), logFile },
	);
	const dependencies = JSON.parse(fs.readFileSync(join(dir, 'package.json'), 'utf8')).dependencies;
	return join(dir, 'node_modules', Object.keys(dependencies)[0]);
}

/** The comparison package: `npm pack` of the registry version and its install, both cached. */
function baseline(lib, logFile) {
	const dir = join(lib.CACHE, 'bench', `baseline-${BASELINE_SPEC.replace(/[@/]/g, '+')}`);
	const stampFile = join(dir, 'stamp.json');
	const stamp = JSON.stringify({ spec: BASELINE_SPEC, layout: 1 });
	if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) {
		const { tarball, packageDir } = JSON.parse(fs.readFileSync(join(dir, 'paths.json'), 'utf8'));
		return { tarball: join(dir, tarball), packageDir: join(dir, packageDir), nodeModules: join(dir, 'install', 'node_modules'), cached: true };
	}
	const partial = `${dir}.partial-${process.pid}`;
	fs.rmSync(partial, { recursive: true, force: true });
	fs.mkdirSync(join(partial, 'pack'), { recursive: true });
	lib.run('npm', ['pack', BASELINE_SPEC, '--pack-destination', join(partial, 'pack'), '--loglevel=warn'], {
		cwd: join(partial, 'pack'),
		env: lib.cleanEnv(),
		logFile,
	});
	const tgz = fs.readdirSync(join(partial, 'pack')).find((f) => f.endsWith('.tgz'));
	const packageDir = install(lib, join(partial, 'install'), join(partial, 'pack', tgz), logFile);
	const paths = { tarball: join('pack', tgz), packageDir: packageDir.slice(partial.length + 1) };
	fs.writeFileSync(join(partial, 'paths.json'), JSON.stringify(paths));
	fs.writeFileSync(join(partial, 'stamp.json'), stamp);
	fs.rmSync(dir, { recursive: true, force: true });
	fs.renameSync(partial, dir);
	return { tarball: join(dir, paths.tarball), packageDir: join(dir, paths.packageDir), nodeModules: join(dir, 'install', 'node_modules'), cached: false };
}

/**
 * Sum of file sizes, disk usage (allocated blocks of files and folders, hard links
 * once, like `du`), files, and the packages in a node_modules tree. npm's own
 * bookkeeping (.package-lock.json) is not part of any package and is skipped.
 */
function measureTree(nodeModules) {
	const seen = new Set();
	const total = { bytes: 0, disk: 0, files: 0, packages: [] };
	const walk = (dir, packageOf) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			if (entry.name === '.package-lock.json') continue;
			const path = join(dir, entry.name);
			const stat = fs.lstatSync(path);
			if (!seen.has(stat.ino)) total.disk += stat.blocks * 512;
			seen.add(stat.ino);
			if (entry.isDirectory()) {
				const parent = basename(dir);
				const inNodeModules = parent === 'node_modules' || (parent[0] === '@' && basename(join(dir, '..')) === 'node_modules');
				if (inNodeModules && entry.name[0] !== '@' && fs.existsSync(join(path, 'package.json'))) {
					const info = { name: path.slice(path.lastIndexOf('node_modules') + 13), bytes: 0 };
					total.packages.push(info);
					walk(path, info);
				} else walk(path, packageOf);
			} else if (entry.isFile()) {
				total.bytes += stat.size;
				total.files += 1;
				if (packageOf) packageOf.bytes += stat.size;
			}
		}
	};
	walk(nodeModules, undefined);
	total.disk += fs.statSync(nodeModules).blocks * 512;
	return total;
}

/** One fresh Node process per sample; packages alternate so drift hits both alike. */
function coldLoad(packageDirs) {
	const samples = Object.fromEntries(Object.keys(packageDirs).map((k) => [k, []]));
	for (let i = -1; i < SAMPLES; i++) {
		const order = i % 2 === 0 ? Object.keys(packageDirs) : Object.keys(packageDirs).reverse();
		for (const key of order) {
			const child = spawnSync(process.execPath, [join(__dirname, 'cold-load.js'), packageDirs[key], ROOT], { encoding: 'utf8' });
			if (child.status !== 0) throw new Error(`cold load of ${packageDirs[key]} failed:\n${child.stderr}`);
			// The first round only warms the file cache.
			if (i >= 0) samples[key].push(JSON.parse(child.stdout));
		}
	}
	return samples;
}

function percentile(values, p) {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;
const mb = (bytes) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : kb(bytes));
const ratio = (a, b) => `${(a / b).toFixed(2)}x`;
const largest = (tree) =>
	[...tree.packages]
		.sort((a, b) => b.bytes - a.bytes)
		.slice(0, 4)
		.map((p) => `${p.name} ${mb(p.bytes)}`)
		.join(', ');

async function run() {
	const lib = devLib();
	const logFile = join(lib.CACHE, 'logs', 'bench-footprint.log');
	const packed = lib.buildAndPack();
	const theirs = baseline(lib, logFile);
	const scratch = fs.mkdtempSync(join(os.tmpdir(), 'footprint-ours-'));
	try {
		const oursDir = install(lib, join(scratch, 'install'), packed.tarball, logFile);
		const size = {
			ours: { packed: fs.statSync(packed.tarball).size, tree: measureTree(join(scratch, 'install', 'node_modules')) },
			theirs: { packed: fs.statSync(theirs.tarball).size, tree: measureTree(theirs.nodeModules) },
		};
		const loadAverage = os.loadavg()[0];
		const samples = coldLoad({ ours: oursDir, theirs: theirs.packageDir });
		const load = Object.fromEntries(
			Object.entries(samples).map(([key, list]) => {
				const ms = list.map((s) => s.ms);
				const cpu = list.map((s) => s.cpuMs);
				return [key, { ...list[0], median: percentile(ms, 0.5), p90: percentile(ms, 0.9), cpu: percentile(cpu, 0.5) }];
			}),
		);
		const { ours, theirs: base } = size;
		const installedRatio = ours.tree.bytes / base.tree.bytes;
		const rows = [
			{ metric: 'Packed size (.tgz)', ours: kb(ours.packed), baseline: kb(base.packed), ratio: ratio(ours.packed, base.packed) },
			{
				metric: 'Installed size with runtime dependencies (sum of file sizes)',
				ours: mb(ours.tree.bytes),
				baseline: mb(base.tree.bytes),
				ratio: ratio(ours.tree.bytes, base.tree.bytes),
				target: '≤ 0.33x (one third)',
				met: installedRatio <= TARGET_INSTALLED_RATIO,
			},
			{ metric: 'Installed size, disk usage (du)', ours: mb(ours.tree.disk), baseline: mb(base.tree.disk), ratio: ratio(ours.tree.disk, base.tree.disk) },
			{ metric: 'Installed files', ours: ours.tree.files.toLocaleString('en-US'), baseline: base.tree.files.toLocaleString('en-US'), ratio: ratio(ours.tree.files, base.tree.files) },
			{ metric: 'Installed packages (itself + runtime dependencies)', ours: ours.tree.packages.length, baseline: base.tree.packages.length },
			{
				metric: `Cold load, median of ${SAMPLES} fresh processes (require + new of every node and credential: ours ${load.ours.classes}, baseline ${load.theirs.classes})`,
				ours: `${load.ours.median.toFixed(1)} ms`,
				baseline: `${load.theirs.median.toFixed(1)} ms`,
				ratio: ratio(load.ours.median, load.theirs.median),
				target: `< ${TARGET_COLD_LOAD_MS} ms`,
				met: load.ours.median < TARGET_COLD_LOAD_MS,
			},
			{ metric: 'Cold load, p90', ours: `${load.ours.p90.toFixed(1)} ms`, baseline: `${load.theirs.p90.toFixed(1)} ms`, ratio: ratio(load.ours.p90, load.theirs.p90) },
			{ metric: 'Cold load, CPU time (user + system), median', ours: `${load.ours.cpu.toFixed(1)} ms`, baseline: `${load.theirs.cpu.toFixed(1)} ms`, ratio: ratio(load.ours.cpu, load.theirs.cpu) },
			{ metric: 'Modules loaded by the cold load', ours: load.ours.modules, baseline: load.theirs.modules, ratio: ratio(load.ours.modules, load.theirs.modules) },
		];
		const loadedDeps = Object.entries(load.ours.loaded)
			.filter(([, yes]) => yes)
			.map(([name]) => name);
		const notes = [
			`Both tarballs are installed into their own empty folder with \`npm install <tgz> --omit=dev --omit=peer --ignore-scripts\`, as n8n's Community Nodes screen installs (ours: the tarball \`dev/lib/package.js\` builds and packs; baseline: \`npm pack ${BASELINE_SPEC}\` from the registry, install cached under .dev/cache/bench). Sizes cover node_modules (the package and every runtime dependency). Largest packages: ours ${largest(ours.tree)}; baseline ${largest(base.tree)}.`,
			`Cold load: ${SAMPLES} samples per package after one warm-up each, in fresh \`node\` processes (${process.version}) alternating ours/baseline, each with n8n-workflow already loaded (from this project's node_modules, as n8n has it before it loads community nodes); timed with hrtime around \`require\` of every file in the package's \`n8n\` block, \`new\` of each exported class and a read of its description. Ours loads ${loadedDeps.length ? `**${loadedDeps.join(' and ')}**` : 'neither ws nor pusher-js'} at that point (they load when a realtime trigger activates). Other processes share this machine: the 1-minute load average was ${loadAverage.toFixed(1)} on ${os.cpus().length} CPUs when sampling began, which stretches wall-clock times; the CPU-time row is less sensitive to that.`,
		].join('\n\n');
		return { title: `Package footprint against ${BASELINE_SPEC}`, rows, notes };
	} finally {
		fs.rmSync(scratch, { recursive: true, force: true });
	}
}

module.exports = { run, measureTree };

if (require.main === module) {
	run().then((r) => console.log(JSON.stringify(r, null, 2)));
}
