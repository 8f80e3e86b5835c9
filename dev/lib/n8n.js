'use strict';
/**
 * Starting a real n8n (pinned version, pinned Node) with this package installed.
 *
 * - `n8nEnv()`      the environment every instance gets: 127.0.0.1 only, SQLite,
 *                   no telemetry / templates / version checks / banners.
 * - `spawnN8n()`    starts `n8n start` in its own process group (+ a watchdog that
 *                   kills the group if this process dies without stopping it).
 * - `startHeadless()` for tests: temp user folder, owner (from env on n8n ≥ 2.17,
 *                   over REST before), readiness, login, API key; resolves to
 *                   `{ url, apiKey, rest, stop }`. `profile` picks the n8n (versions.js).
 */
const crypto = require('crypto');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const { createRequire } = require('module');

const { ensureN8n, installState, profile: installProfile, log } = require('./install');
const { buildAndPack, installIntoUserFolder, installedFrom, packState } = require('./package');
const progress = require('./progress');
const { NODE_VERSION } = require('./versions');
const { spawnGroup } = require('./processGroup');

/** Settings that keep n8n on this machine; shared by `npm run dev` and the e2e suite. */
const OFFLINE_ENV = {
	N8N_DIAGNOSTICS_ENABLED: 'false',
	N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
	N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
	N8N_TEMPLATES_ENABLED: 'false',
	N8N_PERSONALIZATION_ENABLED: 'false',
	N8N_HIRING_BANNER_ENABLED: 'false',
	N8N_DYNAMIC_BANNERS_ENABLED: 'false',
	N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
	N8N_AI_ENABLED: 'false',
	EXTERNAL_FRONTEND_HOOKS_URLS: '',
	N8N_FRONTEND_SENTRY_DSN: '',
	N8N_SENTRY_DSN: '',
	// The list of verified community nodes comes from n8n's servers; this package is unverified anyway.
	N8N_VERIFIED_PACKAGES_ENABLED: 'false',
	N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
	// mcp-registry refreshes a server list from n8n's servers at startup.
	N8N_DISABLED_MODULES: 'mcp-registry',
	// The package's nodes call Chatwoot/ChatApp stand-ins on 127.0.0.1. n8n 2.41 ships
	// SSRF protection off by default; pin that, so a future default cannot block them.
	// (With protection on, N8N_SSRF_ALLOWED_IP_RANGES=127.0.0.0/8 would be needed.)
	N8N_SSRF_PROTECTION_ENABLED: 'false',
};

function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

function portIsFree(port) {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

/** `'1.123.81'` → `[1, 123, 81]`. */
function versionParts(version) {
	return String(version)
		.split(/[.-]/)
		.slice(0, 3)
		.map((n) => Number(n) || 0);
}

/** True when n8n `version` is at least `min` (both `major.minor.patch`). */
function versionAtLeast(version, min) {
	const a = versionParts(version);
	const b = versionParts(min);
	for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
	return true;
}

/**
 * Environment variables that differ between the n8n lines this tooling starts (checked
 * in each version's @n8n/config and n8n sources; the owner is handled by ensureOwner()):
 * - webhookUrlEnv: 2.x reads N8N_WEBHOOK_URL (WEBHOOK_URL is deprecated); 1.x only WEBHOOK_URL.
 * - runnersFlag: 1.x runs Code nodes in-process unless N8N_RUNNERS_ENABLED=true
 *   (2.x always uses task runners and has no such switch).
 * - moduleMcpRegistry: 1.x has no `mcp-registry` module, and N8N_DISABLED_MODULES with
 *   a module name it does not know makes n8n exit at startup (UnknownModuleError).
 */
function n8nFeatures(version) {
	const v2 = versionAtLeast(version, '2.0.0');
	return {
		webhookUrlEnv: v2 ? 'N8N_WEBHOOK_URL' : 'WEBHOOK_URL',
		runnersFlag: !v2,
		moduleMcpRegistry: v2,
	};
}

/** bcrypt hash with the bcryptjs that n8n itself ships (pure JS, any Node runs it). */
function bcryptHash(n8nDir, password) {
	const req = createRequire(path.join(n8nDir, 'node_modules', 'n8n', 'package.json'));
	return req('bcryptjs').hashSync(password, 10);
}

/**
 * The environment of an n8n process. `extra` wins; SSRF etc. can be changed there.
 * `version` (default: the N8N_PROFILE / default profile's n8n) picks the variable names
 * that n8n version understands.
 */
function n8nEnv({ userFolder, port, brokerPort, owner, extra = {}, version = installProfile().n8n }) {
	const features = n8nFeatures(version);
	const base = {};
	// Inherit PATH/HOME/locale, but nothing n8n-, npm- or test-runner-specific (NODE_ENV=test
	// from jest makes n8n exit silently at startup).
	for (const [k, v] of Object.entries(process.env)) {
		if (!/^(N8N_|DB_|WEBHOOK_URL$|VUE_APP_URL_BASE_API$|EXECUTIONS_|QUEUE_|GENERIC_TIMEZONE$|npm_|NODE_ENV$|NODE_OPTIONS$|JEST_)/i.test(k)) base[k] = v;
	}
	const url = `http://127.0.0.1:${port}/`;
	const offline = { ...OFFLINE_ENV };
	if (!features.moduleMcpRegistry) delete offline.N8N_DISABLED_MODULES;
	return {
		...base,
		...offline,
		N8N_USER_FOLDER: userFolder,
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PORT: String(port),
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: url,
		[features.webhookUrlEnv]: url,
		N8N_SECURE_COOKIE: 'false',
		DB_TYPE: 'sqlite',
		GENERIC_TIMEZONE: 'UTC',
		...(features.runnersFlag ? { N8N_RUNNERS_ENABLED: 'true' } : {}),
		N8N_RUNNERS_MODE: 'internal',
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_PYTHON_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_PUBLIC_API_DISABLED: 'false',
		N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
		// Ignored by n8n < 2.17; startHeadless() then sets the owner up over REST (ensureOwner).
		...(owner
			? {
					N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
					N8N_INSTANCE_OWNER_EMAIL: owner.email,
					N8N_INSTANCE_OWNER_PASSWORD_HASH: owner.passwordHash,
					N8N_INSTANCE_OWNER_FIRST_NAME: owner.firstName ?? 'Dev',
					N8N_INSTANCE_OWNER_LAST_NAME: owner.lastName ?? 'Owner',
				}
			: {}),
		...extra,
	};
}

/**
 * Starts `n8n start` in its own process group (dev/lib/processGroup.js): output to
 * `logFile`, or inherited (`inherit`, for `npm run dev`). Returns { child, stop(), exited,
 * killGroup(signal) }; stop() is SIGTERM to n8n (it stops its task runner), SIGKILL to
 * the whole group after the timeout and at the end. A watchdog ends the group if this
 * process dies without calling stop().
 */
function spawnN8n(n8n, env, { logFile, inherit = false, cleanupDir } = {}) {
	const group = spawnGroup(n8n.node.bin, [n8n.bin, 'start'], {
		env: { ...env, PATH: `${n8n.node.binDir}${path.delimiter}${env.PATH ?? ''}` },
		logFile: inherit ? undefined : logFile,
		cleanupDir,
	});
	return { child: group.child, stop: group.stop, exited: group.exited, killGroup: group.signal };
}

async function waitForReady(url, { timeoutMs = 180000, exited } = {}) {
	const deadline = Date.now() + timeoutMs;
	let gone;
	exited?.then((r) => (gone = r));
	while (Date.now() < deadline) {
		if (gone) throw new Error(`n8n exited before it was ready (${JSON.stringify(gone)})`);
		try {
			const res = await fetch(new URL('healthz/readiness', url), { signal: AbortSignal.timeout(2000) });
			if (res.ok) return;
		} catch {
			/* not up yet */
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	throw new Error(`n8n not ready at ${url} after ${timeoutMs} ms`);
}

/**
 * Waits until n8n's REST routes answer. n8n 1.x reports /healthz/readiness as soon as
 * its database is migrated, before the HTTP routes are registered (GET /rest/settings
 * is a 404 page for a few seconds); 2.x registers them first. Only for `n8n start`
 * (worker and webhook processes have no /rest/settings).
 */
async function waitForRest(url, { timeoutMs = 60000, exited } = {}) {
	const deadline = Date.now() + timeoutMs;
	let gone;
	exited?.then((r) => (gone = r));
	let last = 'no answer';
	while (Date.now() < deadline) {
		if (gone) throw new Error(`n8n exited before its REST API answered (${JSON.stringify(gone)})`);
		try {
			const res = await fetch(new URL('rest/settings', url), { signal: AbortSignal.timeout(5000) });
			if (res.ok) return await res.json();
			last = `${res.status}`;
			await res.text();
		} catch (error) {
			last = error.message;
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error(`GET ${url}rest/settings did not answer 200 within ${timeoutMs} ms (last: ${last})`);
}

/**
 * Makes sure the instance has its owner. n8n ≥ 2.17 created it at startup from
 * N8N_INSTANCE_OWNER_* (n8nEnv); older versions (1.x) start with an owner shell and
 * report `showSetupOnFirstLoad` in their public settings until POST /rest/owner/setup
 * claims it. Asking the instance (instead of its version) also covers a dev n8n
 * started without owner env. Returns true when it set the owner up.
 */
async function ensureOwner(url, owner, { exited } = {}) {
	const { data } = await waitForRest(url, { exited });
	if (!data?.userManagement?.showSetupOnFirstLoad) return false;
	const res = await fetch(new URL('rest/owner/setup', url), {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': crypto.randomUUID() },
		body: JSON.stringify({
			email: owner.email,
			password: owner.password,
			firstName: owner.firstName ?? 'Dev',
			lastName: owner.lastName ?? 'Owner',
		}),
	});
	if (!res.ok) throw new Error(`POST /rest/owner/setup → ${res.status} ${await res.text()}`);
	return true;
}

/** JSON client for `<url><prefix>/<route>` with fixed headers; resolves to { status, body }. */
function jsonClient(url, prefix, headers) {
	return async function call(method, route, body) {
		const res = await fetch(new URL(`${prefix}/${route.replace(/^\//, '')}`, url), {
			method,
			headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		let json;
		try {
			json = JSON.parse(text);
		} catch {
			json = text;
		}
		return { status: res.status, body: json };
	};
}

/** Cookie-session client for n8n's internal REST API (/rest/...). */
function restClient(url, cookie, browserId) {
	return jsonClient(url, 'rest', { cookie, 'browser-id': browserId });
}

async function login(url, email, password) {
	const browserId = crypto.randomUUID();
	const res = await fetch(new URL('rest/login', url), {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': browserId },
		body: JSON.stringify({ emailOrLdapLoginId: email, password }),
	});
	if (!res.ok) throw new Error(`POST /rest/login → ${res.status} ${await res.text()}`);
	const cookie = (res.headers.getSetCookie?.() ?? [res.headers.get('set-cookie')])
		.filter(Boolean)
		.map((c) => c.split(';')[0])
		.join('; ');
	return restClient(url, cookie, browserId);
}

async function createApiKey(rest) {
	const scopes = await rest('GET', 'api-keys/scopes');
	if (scopes.status !== 200) throw new Error(`GET /rest/api-keys/scopes → ${scopes.status} ${JSON.stringify(scopes.body)}`);
	const created = await rest('POST', 'api-keys', { label: 'e2e', scopes: scopes.body.data, expiresAt: null });
	if (created.status !== 200) throw new Error(`POST /rest/api-keys → ${created.status} ${JSON.stringify(created.body)}`);
	return created.body.data.rawApiKey ?? created.body.data.apiKey;
}

/**
 * The steps prepare() (and, with `withStart`, the caller's n8n start) will run, in order;
 * announced by progress.plan() so a first run says what comes and how long it takes.
 */
function pendingSteps({ userFolder, profile, forcePack, withStart }) {
	const state = installState(profile);
	const pack = packState();
	const ids = [];
	if (!state.node) ids.push('node');
	if (!state.n8n) ids.push('n8n', ...(state.profile.rebuild.length ? ['rebuild'] : []));
	if (forcePack || !pack.cached) ids.push('pack');
	if (forcePack || !pack.cached || !installedFrom(userFolder, pack.pkg.name, pack.tarball)) ids.push('install');
	if (withStart) ids.push('start');
	return { ids, values: { node: NODE_VERSION, n8n: state.profile.n8n, rebuild: state.profile.rebuild.join(', ') } };
}

/**
 * Prepares n8n + the packed package; shared by dev and headless. `withStart`: the caller
 * starts n8n next (counted as the last step of the plan; see startStep()).
 */
function prepare({ userFolder, profile, forcePack, withStart = false, t0 } = {}) {
	const { ids, values } = pendingSteps({ userFolder, profile, forcePack, withStart });
	progress.plan(ids, values, { t0 });
	const n8n = ensureN8n(profile);
	const packed = buildAndPack({ force: forcePack });
	installIntoUserFolder(userFolder, packed);
	return { n8n, packed };
}

/**
 * Starts a headless n8n for tests. Everything it started is stopped on failure.
 * Options: port (default: a free one), userFolder (default: a new temp dir, removed on stop),
 * env (extra env), logFile, readyTimeoutMs.
 */
async function startHeadless(options = {}) {
	const t0 = Date.now();
	const tempFolder = !options.userFolder;
	const userFolder = options.userFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-'));
	const { n8n } = prepare({ userFolder, profile: options.profile, withStart: true, t0 });
	const port = options.port ?? (await freePort());
	const brokerPort = await freePort();
	const owner = { email: 'e2e-owner@example.com', password: `E2e-${crypto.randomBytes(9).toString('base64url')}1` };
	owner.passwordHash = bcryptHash(n8n.dir, owner.password);
	const logFile = options.logFile ?? path.join(userFolder, 'n8n.log');
	const env = n8nEnv({ userFolder, port, brokerPort, owner, extra: options.env, version: n8n.version });
	const url = `http://127.0.0.1:${port}/`;

	const removeFolder = tempFolder && !options.keepUserFolder;
	const proc = spawnN8n(n8n, env, { logFile, cleanupDir: removeFolder ? userFolder : undefined });
	/** Stops n8n (whole process group); `keepLog` copies its log there first; removes a temp user folder. */
	const stop = async ({ keepLog } = {}) => {
		await proc.stop();
		if (keepLog) {
			try {
				fs.mkdirSync(path.dirname(keepLog), { recursive: true });
				fs.copyFileSync(logFile, keepLog);
			} catch {
				/* no log */
			}
		}
		if (removeFolder) fs.rmSync(userFolder, { recursive: true, force: true });
	};
	const starting = startStep(n8n, () => `n8n log: ${lastLine(logFile)}`);
	try {
		await waitForReady(url, { timeoutMs: options.readyTimeoutMs, exited: proc.exited });
		starting.end();
		await ensureOwner(url, owner, { exited: proc.exited });
		const rest = await login(url, owner.email, owner.password);
		const apiKey = await createApiKey(rest);
		const api = publicApiClient(url, apiKey);
		log(`n8n ${n8n.version} ready at ${url} in ${((Date.now() - t0) / 1000).toFixed(1)} s (log ${logFile})`);
		return { url, apiKey, api, rest, owner, userFolder, logFile, version: n8n.version, profile: n8n.profile, pid: proc.child.pid, stop };
	} catch (error) {
		starting.stop();
		let tail = '';
		try {
			tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
		} catch {
			/* no log */
		}
		await stop();
		error.message += `\n--- n8n log tail ---\n${tail}`;
		throw error;
	}
}

/**
 * The "start n8n" step: its header line now, a heartbeat line every 15 s until `end()`
 * (n8n answers /healthz/readiness) or `stop()`. `describe` adds what n8n is doing.
 */
function startStep(n8n, describe) {
	const step = progress.begin('start', `starting n8n ${n8n.version} (Node ${NODE_VERSION})`);
	const beat = progress.watchAsync(step, describe);
	return {
		end() {
			beat.stop();
			step.end();
		},
		stop: beat.stop,
	};
}

/** The last non-empty line of a log file, shortened; '' if there is none. */
function lastLine(file) {
	try {
		const text = fs.readFileSync(file, 'utf8').trimEnd();
		const line = text.slice(text.lastIndexOf('\n') + 1).trim();
		return line.length > 120 ? `${line.slice(0, 117)}…` : line;
	} catch {
		return '';
	}
}

/** Client for the public API (/api/v1/...), X-N8N-API-KEY auth. */
function publicApiClient(url, apiKey) {
	return jsonClient(url, 'api/v1', { 'x-n8n-api-key': apiKey });
}

module.exports = {
	OFFLINE_ENV,
	freePort,
	portIsFree,
	bcryptHash,
	n8nEnv,
	spawnN8n,
	waitForReady,
	waitForRest,
	login,
	createApiKey,
	ensureOwner,
	n8nFeatures,
	versionAtLeast,
	prepare,
	startStep,
	startHeadless,
	publicApiClient,
};
