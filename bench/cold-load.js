'use strict';
// One cold-load sample, run in a fresh Node process by footprint.bench.js:
//   node cold-load.js <installed package dir> <project root>
// n8n has n8n-workflow loaded before it loads a community package, so it is required
// first (from the project's node_modules, for either package: installs omit peers) and
// is not part of the measurement. Then every credential and node file of the
// package's `n8n` block is required, each exported class instantiated and its
// description (properties for credentials) read, as n8n's loader does at start-up.
// Prints one JSON line: { ms, cpuMs, modules, classes, properties, loaded: { ws, pusherJs } }.
const Module = require('module');
const { join } = require('path');
const { readFileSync } = require('fs');

const [packageDir, projectRoot] = process.argv.slice(2);
const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));

const workflowPath = require.resolve('n8n-workflow', { paths: [projectRoot] });
require(workflowPath);
// The installed package cannot resolve n8n-workflow by itself (peers are omitted);
// point that one name at the copy already loaded, like n8n's own process would.
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
	if (request === 'n8n-workflow') return workflowPath;
	if (request.startsWith('n8n-workflow/')) return require.resolve(request, { paths: [projectRoot] });
	return resolve.call(this, request, ...rest);
};

const files = [...(pkg.n8n.credentials ?? []), ...(pkg.n8n.nodes ?? [])].map((f) => join(packageDir, f));
const cachedBefore = Object.keys(require.cache).length;
let classes = 0;
let sink = 0;

const cpuBefore = process.cpuUsage();
const started = process.hrtime.bigint();
for (const file of files) {
	for (const value of Object.values(require(file))) {
		if (typeof value !== 'function') continue;
		const instance = new value();
		sink += (instance.description?.properties ?? instance.properties ?? []).length;
		classes += 1;
	}
}
const ms = Number(process.hrtime.bigint() - started) / 1e6;
const cpu = process.cpuUsage(cpuBefore);

const loaded = Object.keys(require.cache);
process.stdout.write(
	`${JSON.stringify({
		ms,
		cpuMs: (cpu.user + cpu.system) / 1000,
		modules: loaded.length - cachedBefore,
		classes,
		properties: sink,
		loaded: {
			ws: loaded.some((p) => /[\\/]node_modules[\\/]ws[\\/]/.test(p)),
			pusherJs: loaded.some((p) => /[\\/](node_modules|vendor)[\\/]pusher-js[\\/]/.test(p)),
		},
	})}\n`,
);
