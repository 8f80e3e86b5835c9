#!/usr/bin/env node
'use strict';
/**
 * `npm run test:e2e`: runs the whole e2e suite once per n8n profile (dev/lib/versions.js),
 * one after the other. Each run is its own jest process with E2E_PROFILE set, so its
 * globalSetup starts (and its globalTeardown stops) that profile's n8n.
 *
 *   E2E_PROFILES=2,1   profiles and order (default: every profile, newest first)
 *   E2E_PROFILES=2     one profile only
 * Extra arguments go to every jest run (`npm run test:e2e -- -t 'credential'`).
 * Exits non-zero if any run fails; prints a per-profile summary at the end.
 */
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');

const { N8N_PROFILES, NODE_VERSION } = require('../dev/lib/versions');

const ROOT = path.resolve(__dirname, '..');
const RESULTS = path.join(ROOT, '.dev', 'e2e');

/** Default order: newest n8n first (profile keys are major versions). */
function profilesToRun() {
	const wanted = (process.env.E2E_PROFILES ?? '')
		.split(',')
		.map((p) => p.trim())
		.filter(Boolean);
	const list = wanted.length ? wanted : Object.keys(N8N_PROFILES).sort((a, b) => Number(b) - Number(a));
	const unknown = list.filter((p) => !N8N_PROFILES[p]);
	if (unknown.length) throw new Error(`E2E_PROFILES: unknown profile(s) ${unknown.join(', ')}; known: ${Object.keys(N8N_PROFILES).join(', ')}`);
	return list;
}

let current;
/** Ctrl-C / CI cancel: stop the running jest (its globalTeardown or the watchdog stops n8n), run no more. */
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, () => {
		interrupted = true;
		current?.kill(signal);
	});
}

/** Runs jest for one profile; resolves to { profile, n8n, code, seconds, counts }. */
function runProfile(profile, args) {
	const resultsFile = path.join(RESULTS, `results-${profile}.json`);
	fs.rmSync(resultsFile, { force: true });
	const jest = require.resolve('jest/bin/jest', { paths: [ROOT] });
	const started = Date.now();
	console.log(`\n[e2e] ===== profile ${profile}: n8n ${N8N_PROFILES[profile].n8n} (Node ${NODE_VERSION}) =====`);
	return new Promise((resolve) => {
		current = spawn(process.execPath, [jest, '-c', path.join('e2e', 'jest.config.js'), '--json', `--outputFile=${resultsFile}`, ...args], {
			cwd: ROOT,
			env: { ...process.env, E2E_PROFILE: profile },
			stdio: 'inherit',
		});
		current.once('exit', (code, signal) => {
			current = undefined;
			let counts;
			try {
				const r = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
				counts = { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests, total: r.numTotalTests, suitesFailed: r.numFailedTestSuites };
			} catch {
				/* jest died before writing results (e.g. globalSetup failed) */
			}
			resolve({ profile, n8n: N8N_PROFILES[profile].n8n, code: code ?? signal, seconds: (Date.now() - started) / 1000, counts });
		});
	});
}

function summaryLine(r) {
	const ok = r.code === 0 ? 'PASS' : 'FAIL';
	const c = r.counts;
	const missing = typeof r.code === 'string' ? `stopped by ${r.code}` : 'no results (setup failed? see above)';
	const tests = c ? `${c.passed}/${c.total} passed${c.failed ? `, ${c.failed} failed` : ''}${c.skipped ? `, ${c.skipped} skipped` : ''}${c.suitesFailed ? `, ${c.suitesFailed} suite(s) failed` : ''}` : missing;
	return `  ${ok}  profile ${r.profile}  n8n ${r.n8n}  Node ${NODE_VERSION}  ${tests}  ${r.seconds.toFixed(1)} s${r.code === 0 ? '' : `  (exit ${r.code})`}`;
}

async function main() {
	const profiles = profilesToRun();
	fs.mkdirSync(RESULTS, { recursive: true });
	const results = [];
	for (const profile of profiles) {
		if (interrupted) break;
		results.push(await runProfile(profile, process.argv.slice(2)));
	}
	console.log(`\n[e2e] summary\n${results.map(summaryLine).join('\n')}`);
	const failed = interrupted || results.length < profiles.length || results.some((r) => r.code !== 0);
	process.exit(failed ? 1 : 0);
}

main().catch((error) => {
	console.error(error.message ?? error);
	process.exit(1);
});
