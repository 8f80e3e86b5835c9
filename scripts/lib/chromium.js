'use strict';
/**
 * Starts Debian's headless Chromium (/usr/bin/chromium) with a fresh profile and a
 * DevTools port, and stops it again (process group + profile), also when this
 * process dies: dev/lib/watchdog.js ends the group if we are killed.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn, spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..', '..');
const CHROMIUM = '/usr/bin/chromium';

/** Runs scripts/ensure-chromium.sh (a no-op when chromium is installed). */
function ensureChromium() {
	if (fs.existsSync(CHROMIUM)) return;
	const result = spawnSync('sh', [path.join(ROOT, 'scripts', 'ensure-chromium.sh')], { stdio: 'inherit' });
	if (result.status !== 0 || !fs.existsSync(CHROMIUM)) throw new Error(`scripts/ensure-chromium.sh failed (exit ${result.status})`);
}

/**
 * Flags: headless, no sandbox (we run as root in containers), and nothing that
 * phones home — without the background-networking/sync/component flags Chromium
 * keeps retrying Google services on a machine that only has 127.0.0.1.
 */
function chromiumArgs(userDataDir, { width, height }) {
	return [
		'--headless=new',
		'--no-sandbox',
		'--disable-gpu',
		'--disable-quic',
		'--no-first-run',
		'--no-default-browser-check',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync',
		'--disable-domain-reliability',
		'--disable-breakpad',
		'--disable-client-side-phishing-detection',
		'--disable-default-apps',
		'--disable-extensions',
		'--disable-features=Translate,MediaRouter,OptimizationHints,AutofillServerCommunication,CertificateTransparencyComponentUpdater',
		'--metrics-recording-only',
		'--no-pings',
		'--password-store=basic',
		'--use-mock-keychain',
		'--no-proxy-server',
		// Containers often have a small /dev/shm; a tab that runs out of it crashes.
		'--disable-dev-shm-usage',
		'--hide-scrollbars',
		'--mute-audio',
		'--force-color-profile=srgb',
		`--window-size=${width},${height}`,
		'--remote-debugging-address=127.0.0.1',
		'--remote-debugging-port=0',
		`--user-data-dir=${userDataDir}`,
		'about:blank',
	];
}

/**
 * Reads the DevTools browser URL: Chromium prints "DevTools listening on ws://…" on
 * stderr and writes <port>\n<path> to DevToolsActivePort; whichever comes first wins.
 */
function waitForDevTools(child, userDataDir, stderrLines, timeoutMs) {
	return new Promise((resolve, reject) => {
		let buffer = '';
		const done = (error, url) => {
			clearInterval(poll);
			clearTimeout(timer);
			child.stderr.off('data', onData);
			child.off('exit', onExit);
			if (error) reject(error);
			else resolve(url);
		};
		const onData = (chunk) => {
			buffer += chunk.toString('utf8');
			const match = /DevTools listening on (ws:\/\/\S+)/.exec(buffer);
			if (match) done(undefined, match[1]);
		};
		const onExit = (code, signal) => done(new Error(`chromium exited before DevTools was up (${code ?? signal})\n${stderrLines.join('\n')}`));
		const poll = setInterval(() => {
			try {
				const [port, wsPath] = fs.readFileSync(path.join(userDataDir, 'DevToolsActivePort'), 'utf8').trim().split('\n');
				if (port && wsPath) done(undefined, `ws://127.0.0.1:${port}${wsPath}`);
			} catch {
				/* not written yet */
			}
		}, 200);
		const timer = setTimeout(() => done(new Error(`chromium: no DevTools URL after ${timeoutMs} ms\n${stderrLines.join('\n')}`)), timeoutMs);
		child.stderr.on('data', onData);
		child.once('exit', onExit);
	});
}

/**
 * Launches chromium. Returns { wsUrl, pid, userDataDir, stderrLines, stop() }.
 * stop() is idempotent: SIGTERM to the group, SIGKILL after 5 s, profile removed.
 */
async function launchChromium({ width = 1440, height = 900, timeoutMs = 60000 } = {}) {
	const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-screenshots-chromium-'));
	// Its own process group (detached), so renderer/GPU/zygote children go with it.
	const child = spawn(CHROMIUM, chromiumArgs(userDataDir, { width, height }), {
		stdio: ['ignore', 'ignore', 'pipe'],
		detached: true,
		// No desktop session: keeps Chromium from looking for a display or D-Bus.
		env: { ...process.env, DISPLAY: '', DBUS_SESSION_BUS_ADDRESS: 'disabled:' },
	});
	const exited = new Promise((resolve) => child.once('exit', resolve));
	let gone = false;
	child.once('exit', () => (gone = true));

	// Keep the last stderr lines for error messages; drain the pipe so Chromium never blocks on it.
	const stderrLines = [];
	child.stderr.on('data', (chunk) => {
		stderrLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
		if (stderrLines.length > 50) stderrLines.splice(0, stderrLines.length - 50);
	});

	const watchdog = spawn(process.execPath, [path.join(ROOT, 'dev', 'lib', 'watchdog.js'), String(process.pid), String(child.pid), userDataDir], {
		stdio: 'ignore',
		detached: true,
	});
	watchdog.unref();

	let stopping;
	function stop() {
		stopping ??= (async () => {
			try {
				process.kill(watchdog.pid, 'SIGTERM');
			} catch {
				/* gone */
			}
			const kill = (signal) => {
				try {
					process.kill(-child.pid, signal);
				} catch {
					/* gone */
				}
			};
			if (!gone) {
				kill('SIGTERM');
				const timer = setTimeout(() => kill('SIGKILL'), 5000);
				await exited;
				clearTimeout(timer);
			}
			kill('SIGKILL');
			fs.rmSync(userDataDir, { recursive: true, force: true, maxRetries: 3 });
		})();
		return stopping;
	}

	try {
		const wsUrl = await waitForDevTools(child, userDataDir, stderrLines, timeoutMs);
		return { wsUrl, pid: child.pid, userDataDir, stderrLines, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

module.exports = { CHROMIUM, ensureChromium, launchChromium };
