import { spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';

/*
 * The first run of `npm run dev` is never silent (dev/lib/progress.js, heartbeat.js):
 * a plan, "[i/n] what — next: …" per step, a heartbeat line while a synchronous child
 * runs (the parent is blocked in spawnSync, so a separate process measures and prints),
 * and "done in m:ss". Here the child is a stand-in for npm that writes an npm-style
 * debug log over ~1.5 s; the heartbeat runs every 250 ms.
 */

const root = resolve(__dirname, '..', '..');
let dir: string;

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'dev-progress-'));
	writeFileSync(
		join(dir, 'fake-npm.js'),
		`const fs = require('fs');
const log = require('path').join(process.argv[2], 'run-debug-0.log');
let i = 0;
fs.writeFileSync(log, '0 verbose cli npm\\n1 silly idealTree buildDeps\\n');
const timer = setInterval(() => {
	i++;
	fs.appendFileSync(log, i + ' http fetch GET 200 https://registry.npmjs.org/p' + i + '/-/p' + i + '-1.0.0.tgz 5ms (' + (i % 2 ? 'cache miss' : 'cache hit') + ')\\n');
	if (i === 12) { clearInterval(timer); console.log('added 12 packages in 2s'); }
}, 120);
`,
	);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runScript(script: string, env: Record<string, string> = {}) {
	return spawnSync(process.execPath, ['-e', script], {
		cwd: root,
		encoding: 'utf8',
		env: { ...process.env, N8N_DEV_QUIET: '', N8N_DEV_HEARTBEAT_MS: '250', N8N_DEV_CACHE: join(dir, 'cache'), ...env },
		timeout: 20000,
	});
}

const script = (logs: string) => `
const { run } = require('./dev/lib/install');
const progress = require('./dev/lib/progress');
progress.plan(['node', 'n8n', 'rebuild'], { node: '24.21.0', n8n: '2.41.1', rebuild: 'sqlite3' });
const step = progress.begin('n8n');
run(process.execPath, [${JSON.stringify(join(dir, 'fake-npm.js'))}, ${JSON.stringify(logs)}], {
	cwd: ${JSON.stringify(dir)},
	logFile: ${JSON.stringify(join(dir, 'run.log'))},
	watch: { step, npmLogDir: ${JSON.stringify(logs)}, expected: 12, what: 'npm install n8n 2.41.1' },
});
step.end('added 12 packages');
`;

test('a first run announces its steps, beats while npm runs, and says when a step is done', () => {
	const logs = join(dir, 'logs-1');
	mkdirSync(logs);
	const result = runScript(script(logs));
	expect(result.status).toBe(0);
	const lines = result.stderr.trim().split('\n');
	expect(lines[0]).toMatch(/^\[dev\] first run: 3 steps, about [\d½–]+ min in all on 2 cores/);
	expect(lines).toContain('[dev]   2. npm install n8n 2.41.1 (~2,100 packages, pinned by dev/locks)');
	expect(lines.find((l) => l.startsWith('[dev] [2/3] '))).toMatch(
		/^\[dev\] \[2\/3\] npm install n8n 2\.41\.1 .*\(about [\d½–]+ min\) — next: compile sqlite3 for Node 24\.21\.0/,
	);
	const beats = lines.filter((l) => /^\[dev\] {7}0:0\d · 2\/3 · npm install n8n 2\.41\.1: /.test(l));
	expect(beats.length).toBeGreaterThanOrEqual(2);
	expect(beats.some((l) => /\d+ of ~12 packages fetched \(\d+ downloaded, \d+ from npm's cache\)/.test(l))).toBe(true);
	expect(lines.at(-1)).toMatch(/^\[dev\] \[2\/3\] done in 0:0\d: added 12 packages \(total 0:0\d\)$/);
});

test('the heartbeat stops with the step: nothing is printed after "done"', () => {
	const logs = join(dir, 'logs-2');
	mkdirSync(logs);
	const result = runScript(`${script(logs)}\nsetTimeout(() => {}, 1200);`);
	expect(result.status).toBe(0);
	expect(result.stderr.trim().split('\n').at(-1)).toMatch(/done in/);
});

test('N8N_DEV_QUIET=1 prints nothing', () => {
	const logs = join(dir, 'logs-3');
	mkdirSync(logs);
	const result = runScript(script(logs), { N8N_DEV_QUIET: '1' });
	expect(result.status).toBe(0);
	expect(result.stderr).toBe('');
});
