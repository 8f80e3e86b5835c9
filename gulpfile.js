// Copies what tsc does not into dist/: icons, node codex files (*.node.json), and the
// one pusher-js file the package runs (see nodes/shared/pusher/loadPusher.ts).
const fs = require('fs');
const path = require('path');
const { src, dest, parallel } = require('gulp');

function copyAssets() {
	return src(['icons/**/*.{png,svg}', 'nodes/**/*.{png,svg,json}', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

/**
 * pusher-js is a dev dependency: its npm package installs browser, worker, React
 * Native and CommonJS builds with source maps (8.6 MB) around the self-contained Node
 * build (300 KB). Ship that file, unchanged but for its source-map comment (the map
 * is not shipped), next to pusher-js's licence.
 */
async function vendorPusher() {
	const from = path.dirname(require.resolve('pusher-js/package.json'));
	const to = path.join('dist', 'vendor', 'pusher-js');
	await fs.promises.mkdir(to, { recursive: true });
	const code = await fs.promises.readFile(path.join(from, 'dist', 'node', 'pusher.js'), 'utf8');
	await fs.promises.writeFile(path.join(to, 'pusher.js'), code.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n'));
	await fs.promises.copyFile(path.join(from, 'LICENCE'), path.join(to, 'LICENCE'));
}

// `build:icons` is the name package.json's build script calls; it copies every asset.
exports['build:icons'] = parallel(copyAssets, vendorPusher);
exports.default = exports['build:icons'];
