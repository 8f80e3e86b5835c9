#!/usr/bin/env node
'use strict';
/**
 * `npm run dev`: a real n8n on http://127.0.0.1:5678 with this package installed
 * the way users get it (build → npm pack → tarball installed into the user
 * folder's .n8n/nodes), on SQLite, in the project-local folder .dev/n8n-user.
 *
 * First run installs Node 24 and n8n from the npm registry into .dev/cache
 * (6–13 min measured on 2 cores, each step announced, with a heartbeat line every 15 s:
 * dev/lib/progress.js); later runs start in seconds. Ctrl-C stops n8n.
 *
 * Options (environment):
 *   N8N_DEV_PORT=5678        port on 127.0.0.1
 *   N8N_DEV_USER_FOLDER=...  user folder (default .dev/n8n-user; its .n8n holds the SQLite DB)
 *   N8N_DEV_OWNER=0          do not create the owner account from env (set it up in the browser)
 *   N8N_DEV_CACHE=...        where Node 24 and n8n are installed (default .dev/cache)
 *   N8N_PROFILE=2            n8n profile from dev/lib/versions.js
 * Flags: --install-only (install/build, do not start), --fresh (delete the user folder first).
 */
const fs = require('fs');
const path = require('path');

const { ROOT, ensureN8n } = require('./lib/install');
const { bcryptHash, ensureOwner, freePort, n8nEnv, portIsFree, prepare, spawnN8n, startStep, waitForReady } = require('./lib/n8n');
const { say } = require('./lib/progress');
const { NODE_VERSION } = require('./lib/versions');

const OWNER = { email: 'owner@example.com', password: 'Dev-password-1' };

/**
 * `npm ci` on Node < 24 warns `EBADENGINE` for isolated-vm 7 (engines: node >= 24), and
 * npm runs no script of ours then (.npmrc: ignore-scripts), so the first command after
 * it says why that is harmless.
 */
function engineNote() {
	let engines;
	try {
		engines = require(path.join(ROOT, 'node_modules', 'isolated-vm', 'package.json')).engines?.node;
	} catch {
		return;
	}
	const wanted = Number(/(\d+)/.exec(engines ?? '')?.[1]);
	if (!wanted || Number(process.versions.node.split('.')[0]) >= wanted) return;
	say(
		`Node ${process.versions.node}: npm ci's "EBADENGINE Unsupported engine" warning for isolated-vm (wants ${engines}) is expected and harmless. ` +
			"It is a dependency of n8n-workflow's optional \"vm\" expression engine, which nothing here loads (n8n's default legacy engine does not), " +
			`and the n8n this starts runs on its own Node ${NODE_VERSION}.`,
	);
}

/** What n8n 2.41 prints at start-up that is expected on this dev instance (README → Development). */
const EXPECTED_N8N_OUTPUT = [
	'n8n\'s own output follows. Expected on this dev instance (README → Development → "What n8n prints at start-up"):',
	'  first start only: "No encryption key found - Auto-generating…" and ~300 "Starting/Finished migration" lines (n8n creates its SQLite database)',
	'  "Failed to start Python task runner…": no Python runner is installed; Code nodes run JavaScript',
	'  "There are deprecations…" (N8N_RUNNERS_MODE, N8N_RUNNERS_TASK_TIMEOUT, 2× N8N_COMPRESSION_NODE_*): n8n\'s notes on defaults it changes later; nothing to do for this package',
	'  "Automatic license renewal is disabled" and three "[license SDK] Skipping renewal" lines: no license, and no calls to n8n\'s servers',
];

async function main() {
	const args = new Set(process.argv.slice(2));
	const t0 = Date.now();
	const userFolder = path.resolve(process.env.N8N_DEV_USER_FOLDER || path.join(ROOT, '.dev', 'n8n-user'));
	if (args.has('--fresh')) fs.rmSync(userFolder, { recursive: true, force: true });
	fs.mkdirSync(userFolder, { recursive: true });

	engineNote();
	const installOnly = args.has('--install-only');
	const { n8n, packed } = prepare({ userFolder, withStart: !installOnly, t0 });
	if (installOnly) {
		console.log(`n8n ${n8n.version} (Node ${require('./lib/versions').NODE_VERSION}) installed; package ${path.basename(packed.tarball)} in ${userFolder}/.n8n/nodes`);
		return;
	}

	const port = Number(process.env.N8N_DEV_PORT || 5678);
	if (!(await portIsFree(port))) {
		console.error(`127.0.0.1:${port} is in use (another n8n?). Stop it or set N8N_DEV_PORT.`);
		process.exit(1);
	}
	const withOwner = process.env.N8N_DEV_OWNER !== '0';
	const owner = withOwner ? { ...OWNER, passwordHash: bcryptHash(ensureN8n().dir, OWNER.password) } : undefined;
	const env = n8nEnv({ userFolder, port, brokerPort: await freePort(), owner });
	const url = `http://127.0.0.1:${port}/`;

	const firstStart = !fs.existsSync(path.join(userFolder, '.n8n', 'database.sqlite'));
	for (const line of EXPECTED_N8N_OUTPUT) if (firstStart || !line.includes('first start only')) say(line);
	const starting = startStep(n8n, () => `waiting for ${url}healthz/readiness${firstStart ? ' (first start: n8n creates its database)' : ''}`);
	const proc = spawnN8n(n8n, env, { inherit: true });
	let stopping = false;
	const shutdown = async (code) => {
		if (stopping) return;
		stopping = true;
		await proc.stop();
		process.exit(code);
	};
	process.on('SIGINT', () => void shutdown(0));
	process.on('SIGTERM', () => void shutdown(0));
	proc.exited.then(({ code, signal }) => {
		if (!stopping) {
			console.error(`n8n exited (${code ?? signal})`);
			void shutdown(code || 1);
		}
	});

	try {
		await waitForReady(url, { exited: proc.exited });
	} finally {
		starting.stop();
	}
	starting.end();
	// n8n < 2.17 ignores the owner env: claim the owner over REST instead.
	if (withOwner) await ensureOwner(url, OWNER, { exited: proc.exited });
	const lines = [
		'',
		`  n8n ${n8n.version} with ${packed.name}@${packed.version} is ready (${((Date.now() - t0) / 1000).toFixed(1)} s)`,
		`  Editor:  ${url}`,
		withOwner ? `  Login:   ${OWNER.email} / ${OWNER.password}` : '  Owner:   set up in the browser',
		`  Data:    ${path.relative(process.cwd(), userFolder) || userFolder}/.n8n (SQLite)`,
		'  Nodes:   search "Chatwoot" or "ChatApp" in the nodes panel. Ctrl-C stops n8n;',
		'           run `npm run dev` again after changing the code (it rebuilds and reinstalls).',
		'',
	];
	console.log(lines.join('\n'));
}

main().catch((error) => {
	console.error(error.message ?? error);
	process.exit(1);
});
