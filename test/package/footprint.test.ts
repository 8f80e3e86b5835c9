import { execFileSync } from 'child_process';
import { existsSync, readdirSync, readFileSync } from 'fs';
import Pusher from 'pusher-js';
import { builtinModules } from 'module';
import { join, resolve } from 'path';

import { loadPusher } from '../../nodes/shared/pusher/loadPusher';

/**
 * What keeps the installed package small and n8n's start-up cheap, checked on the
 * built package (npm test builds before jest). Sizes and load times themselves are
 * measured by bench/footprint.bench.js; these checks only guard the mechanisms.
 */
const root = resolve(__dirname, '..', '..');
const dist = join(root, 'dist');
const vendored = join(dist, 'vendor', 'pusher-js');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

function distFiles(dir = dist): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
		entry.isDirectory() ? distFiles(join(dir, entry.name)) : [join(dir, entry.name)],
	);
}

test('the only runtime dependency is ws; pusher-js is a pinned dev dependency', () => {
	expect(Object.keys(pkg.dependencies)).toEqual(['ws']);
	expect(pkg.dependencies.ws).toMatch(/^\d+\.\d+\.\d+$/);
	expect(pkg.devDependencies['pusher-js']).toBe('8.6.0');
});

test('dist holds no source maps', () => {
	const files = distFiles();
	expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
	const withMapComment = files.filter((f) => f.endsWith('.js') && readFileSync(f, 'utf8').includes('//# sourceMappingURL='));
	expect(withMapComment).toEqual([]);
});

test('dist carries pusher-js\'s Node build, unchanged but for the map comment, with its licence', () => {
	const upstream = join(root, 'node_modules', 'pusher-js');
	expect(readdirSync(vendored).sort()).toEqual(['LICENCE', 'pusher.js']);
	expect(readFileSync(join(vendored, 'LICENCE'), 'utf8')).toBe(readFileSync(join(upstream, 'LICENCE'), 'utf8'));
	const code = readFileSync(join(vendored, 'pusher.js'), 'utf8');
	expect(code).toContain(`Pusher JavaScript Library v${pkg.devDependencies['pusher-js']}`);
	const original = readFileSync(join(upstream, 'dist', 'node', 'pusher.js'), 'utf8');
	expect(code.trimEnd()).toBe(original.replace(/\/\/# sourceMappingURL=\S+\s*$/, '').trimEnd());
	// Self-contained: it needs Node's built-in modules only.
	const required = [...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
	expect(required.filter((name) => !builtinModules.includes(name))).toEqual([]);
});

test('from source, the loader gives the dev dependency\'s pusher-js (the module tests import)', () => {
	expect(existsSync(join(root, 'vendor'))).toBe(false);
	expect(loadPusher()).toBe(Pusher);
});

test('loading every node and credential loads neither ws nor pusher-js; pusher-js then comes from dist/vendor', () => {
	// A fresh process: jest's module registry is not Node's require.cache.
	const script = `
		const pkg = require('./package.json');
		const loaded = () => Object.keys(require.cache).filter((p) => /[\\\\/](ws|pusher-js)[\\\\/]/.test(p));
		for (const file of [...pkg.n8n.credentials, ...pkg.n8n.nodes]) {
			for (const value of Object.values(require('./' + file))) if (typeof value === 'function') new value();
		}
		const atStartUp = loaded();
		const Pusher = require('./dist/nodes/shared/pusher/loadPusher.js').loadPusher();
		process.stdout.write(JSON.stringify({ atStartUp, afterLoad: loaded(), name: Pusher.name, isFunction: typeof Pusher === 'function' }));
	`;
	const result = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' }));
	expect(result.atStartUp).toEqual([]);
	expect(result.afterLoad).toEqual([join(vendored, 'pusher.js')]);
	expect(result.isFunction).toBe(true);
});
