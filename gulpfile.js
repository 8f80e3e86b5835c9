// Copies what tsc does not: icons and node codex files (*.node.json) into dist/.
const { src, dest } = require('gulp');

function copyAssets() {
	return src(['icons/**/*.{png,svg}', 'nodes/**/*.{png,svg,json}', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports['build:icons'] = copyAssets;
exports.default = copyAssets;
