#!/usr/bin/env node
'use strict';
/**
 * `npm run screenshots`: docs/screenshots/<example>.png for every examples/*.json,
 * taken from the real n8n editor.
 *
 * 1. Debian's chromium (scripts/ensure-chromium.sh installs it once).
 * 2. A headless n8n with this package installed from its packed tarball
 *    (dev/lib/n8n.js startHeadless(), the same n8n the e2e suite uses).
 * 3. Placeholder credentials (127.0.0.1, no real secrets) and the examples,
 *    imported through the public API like e2e/examples.e2e.test.ts, not activated.
 * 4. Chromium headless over the DevTools protocol: signed in with n8n's auth
 *    cookie, each workflow opened, waited for until every node and icon has
 *    rendered, fitted to the view, captured.
 *
 * Everything started is stopped again, also on errors and Ctrl-C.
 * Options (env): SCREENSHOTS_SCALE (device pixel ratio, default 2),
 * SCREENSHOTS_ONLY=<example> (one example), SCREENSHOTS_OUT (output folder).
 */
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');

const { startHeadless } = require('../dev/lib/n8n');
const { ensureChromium, launchChromium } = require('./lib/chromium');
const { connect, openPage, sleep } = require('./lib/cdp');

const ROOT = path.resolve(__dirname, '..');
const EXAMPLES = path.join(ROOT, 'examples');
const OUT = path.resolve(process.env.SCREENSHOTS_OUT || path.join(ROOT, 'docs', 'screenshots'));
/** 1440×900 CSS pixels at 2× (2880×1800 PNGs, ~150 KB): sharp on high-DPI screens, readable scaled down. */
const VIEWPORT = { width: 1440, height: 900, scale: Number(process.env.SCREENSHOTS_SCALE || 2) };
/** n8n's session cookie (packages/cli/src/constants.ts AUTH_COOKIE_NAME). */
const AUTH_COOKIE = 'n8n-auth';
/** Where n8n's editor keeps the browser id its session cookie is bound to. */
const BROWSER_ID_KEY = 'n8n-browserId';
/** This package's name: its node types are `<name>.<node>`, n8n serves its icons under /icons/<name>/. */
const PACKAGE = require('../package.json').name;

function log(...args) {
	console.error('[screenshots]', ...args);
}

/** examples/*.json, optionally narrowed to SCREENSHOTS_ONLY. */
function listExamples() {
	const only = process.env.SCREENSHOTS_ONLY;
	return fs
		.readdirSync(EXAMPLES)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => ({ name: path.basename(file, '.json'), workflow: JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8')) }))
		.filter((example) => !only || example.name === only);
}

async function apiOk(api, method, route, body) {
	const reply = await api(method, route, body);
	if (reply.status < 200 || reply.status > 299) throw new Error(`${method} /api/v1/${route} → ${reply.status} ${JSON.stringify(reply.body)}`);
	return reply.body;
}

/**
 * Credentials the examples reference by type. Only their names show in the editor;
 * the values point at a closed port on 127.0.0.1, so nothing can reach a real server.
 */
async function createPlaceholderCredentials(api) {
	const placeholders = {
		chatwootApi: { name: 'Chatwoot account', data: { baseUrl: 'http://127.0.0.1:9', accessToken: 'placeholder-token' } },
		chatAppApi: {
			name: 'ChatApp account',
			data: { email: 'placeholder@example.com', password: 'placeholder', appId: 'placeholder', apiBaseUrl: 'http://127.0.0.1:9' },
		},
		openAiApi: { name: 'OpenAI account', data: { apiKey: 'placeholder-key', url: 'http://127.0.0.1:9/v1', header: false } },
	};
	const credentials = {};
	for (const [type, { name, data }] of Object.entries(placeholders)) {
		const created = await apiOk(api, 'POST', 'credentials', { name, type, data });
		credentials[type] = { id: created.id, name: created.name };
	}
	return credentials;
}

/**
 * Creates an example as e2e/helpers/n8n.ts createWorkflow() does: fresh node ids and
 * webhookIds, each node's credentials replaced by the placeholder of that type.
 * Not activated: the triggers would try to register webhooks.
 */
async function importExample(api, workflow, credentials) {
	const nodes = workflow.nodes.map((node) => ({
		...node,
		id: crypto.randomUUID(),
		...(node.webhookId ? { webhookId: crypto.randomUUID() } : {}),
		...(node.credentials ? { credentials: Object.fromEntries(Object.keys(node.credentials).map((type) => [type, credentials[type]])) } : {}),
	}));
	const body = { name: workflow.name, nodes, connections: workflow.connections ?? {}, settings: workflow.settings ?? {} };
	const created = await apiOk(api, 'POST', 'workflows', body);
	return created.id;
}

/** Signs in like the editor does; returns the auth cookie's value and the browser id it is bound to. */
async function signIn(url, owner) {
	const browserId = crypto.randomUUID();
	const res = await fetch(new URL('rest/login', url), {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': browserId },
		body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
	});
	if (!res.ok) throw new Error(`POST /rest/login → ${res.status} ${await res.text()}`);
	const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${AUTH_COOKIE}=`));
	if (!cookie) throw new Error(`POST /rest/login set no ${AUTH_COOKIE} cookie`);
	return { token: cookie.split(';')[0].slice(AUTH_COOKIE.length + 1), browserId };
}

/**
 * Puts the session into the browser: the cookie, and the browser id in localStorage
 * before any editor script runs (n8n rejects a cookie sent with another browser id).
 */
async function authenticatePage(page, url, session) {
	const origin = new URL(url);
	await page.send('Network.setCookie', {
		name: AUTH_COOKIE,
		value: session.token,
		domain: origin.hostname,
		path: '/',
		httpOnly: true,
		sameSite: 'Lax',
	});
	await page.send('Page.addScriptToEvaluateOnNewDocument', {
		source: `try { localStorage.setItem(${JSON.stringify(BROWSER_ID_KEY)}, ${JSON.stringify(session.browserId)}); } catch {}`,
	});
}

/**
 * In-page probe: what the canvas shows. A node of this package counts as rendered
 * only when its icon <img> is one n8n serves from this package and has loaded;
 * an uninstalled node type would show n8n's fallback icon instead.
 */
const CANVAS_STATE = `(() => {
	const nodes = [...document.querySelectorAll('[data-test-id="canvas-node"]')].map((el) => {
		const imgs = [...el.querySelectorAll('img')];
		return {
			name: el.getAttribute('data-node-name'),
			type: el.getAttribute('data-node-type'),
			ours: (el.getAttribute('data-node-type') || '').startsWith(${JSON.stringify(`${PACKAGE}.`)}),
			icon: imgs.some((i) => i.src.includes(${JSON.stringify(`/icons/${PACKAGE}/`)}) && i.complete && i.naturalWidth > 0),
		};
	});
	return {
		nodes,
		iconsReady: nodes.every((n) => !n.ours || n.icon),
		issues: document.querySelectorAll('[data-test-id="node-issues"], [data-test-id="canvas-node-status-warning"]').length,
		errorToasts: [...document.querySelectorAll('.el-notification')].filter((t) => t.querySelector('.el-notification--error')).map((t) => t.innerText.trim()),
		fonts: document.fonts.status,
		transform: document.querySelector('.vue-flow__transformationpane')?.style.transform || '',
	};
})()`;

/** Polls the viewport's CSS transform until it stops changing (fit/zoom are animated). */
async function waitForStillViewport(page) {
	let last;
	let still = 0;
	const deadline = Date.now() + 10000;
	while (still < 3 && Date.now() < deadline) {
		await sleep(150);
		const transform = await page.evaluate(`document.querySelector('.vue-flow__transformationpane')?.style.transform || ''`);
		still = transform === last ? still + 1 : 0;
		last = transform;
	}
}

/** Clicks an editor control by its data-test-id. */
async function clickControl(page, testId) {
	const clicked = await page.evaluate(`(() => { const b = document.querySelector('[data-test-id="${testId}"]'); if (b) b.click(); return !!b; })()`);
	if (!clicked) throw new Error(`no [data-test-id="${testId}"] in the editor`);
	await waitForStillViewport(page);
}

/** Share of the canvas pane the nodes (with their labels) take, as { w, h } fractions. */
const NODES_EXTENT = `(() => {
	const pane = document.querySelector('.vue-flow').getBoundingClientRect();
	// A node's box excludes its label (as wide as two boxes, below it) and the "+" handle
	// after the last node: pad each box by half its width sideways and 60 % below.
	const rects = [...document.querySelectorAll('[data-test-id="canvas-node"]')].map((n) => n.getBoundingClientRect());
	const left = Math.min(...rects.map((r) => r.left - r.width / 2)), right = Math.max(...rects.map((r) => r.right + r.width / 2));
	const top = Math.min(...rects.map((r) => r.top)), bottom = Math.max(...rects.map((r) => r.bottom + r.height * 0.6));
	return { w: (right - left) / pane.width, h: (bottom - top) / pane.height };
})()`;

/**
 * n8n's "zoom to fit" never zooms beyond 100 %, so a two-node workflow ends up
 * small in the middle. Zoom in (n8n's own button, 1.2× a step) while the next
 * step keeps the nodes within MAX_EXTENT of the canvas; that keeps labels readable
 * when the README scales the image down.
 */
const MAX_EXTENT = 0.6;
const ZOOM_STEP = 1.2;
/** At most 1.2² = 144 %: beyond that the nodes look like a toy. */
const MAX_ZOOM_STEPS = 2;
async function fitAndZoom(page) {
	await clickControl(page, 'zoom-to-fit');
	for (let step = 0; step < MAX_ZOOM_STEPS; step++) {
		const { w, h } = await page.evaluate(NODES_EXTENT);
		if (Math.max(w, h) * ZOOM_STEP > MAX_EXTENT) break;
		await clickControl(page, 'zoom-in-button');
	}
}

/**
 * Hides what does not belong in a picture of the workflow: info/success toasts and
 * modal overlays (none appear with OFFLINE_ENV today, but n8n adds notices between
 * versions). Error toasts are not hidden: shoot() fails on them. Returns the hidden texts.
 */
const HIDE_TRANSIENTS = `(() => {
	const hidden = [];
	const visible = (el) => getComputedStyle(el).display !== 'none' && el.getClientRects().length > 0;
	for (const el of document.querySelectorAll('.el-notification, .el-message, .el-overlay')) {
		if (!visible(el) || el.querySelector('.el-notification--error')) continue;
		hidden.push(el.innerText.trim().replace(/\\s+/g, ' ').slice(0, 200));
		el.style.display = 'none';
	}
	return hidden;
})()`;

/** Why a canvas state is not ready yet (undefined when it is). */
function notReady(state, expected) {
	if (state.nodes.length !== expected) return `${state.nodes.length} of ${expected} nodes on the canvas`;
	const noIcon = state.nodes.filter((n) => n.ours && !n.icon).map((n) => `${n.name} (${n.type})`);
	if (noIcon.length) return `no icon of this package loaded for ${noIcon.join(', ')}: is the package installed?`;
	if (state.fonts !== 'loaded') return `fonts ${state.fonts}`;
	return undefined;
}

/**
 * Polls the canvas until every node and icon is there; fails early on an error toast,
 * and `iconMs` after all nodes are on the canvas if an icon is still missing (an
 * uninstalled node type shows n8n's "?" placeholder for good).
 */
async function waitForCanvas(page, example, { timeoutMs = 90000, iconMs = 20000 } = {}) {
	// Sticky notes are not canvas nodes (n8n 2.x renders them without data-test-id="canvas-node").
	const expected = example.workflow.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote').length;
	const deadline = Date.now() + timeoutMs;
	let reason = 'no canvas yet';
	let allNodesSince;
	while (Date.now() < deadline) {
		const state = await page.evaluate(CANVAS_STATE).catch(() => undefined);
		if (state) {
			if (state.errorToasts.length) throw new Error(`the editor shows an error: ${state.errorToasts.join(' | ')}`);
			reason = notReady(state, expected);
			if (!reason) return state;
			if (state.nodes.length === expected) allNodesSince ??= Date.now();
			if (allNodesSince && Date.now() - allNodesSince > iconMs) break;
		}
		await sleep(250);
	}
	throw new Error(`canvas not ready: ${reason}`);
}

/** Page errors and failed requests since `from` (logged; they do not fail the run). */
function pageProblems(page, from) {
	return page.events.slice(from).flatMap((e) => {
		if (e.method === 'Runtime.exceptionThrown') return [`exception: ${e.params.exceptionDetails.exception?.description ?? e.params.exceptionDetails.text}`];
		if (e.method === 'Log.entryAdded' && e.params.entry.level === 'error') return [`${e.params.entry.source}: ${e.params.entry.text} ${e.params.entry.url ?? ''}`];
		if (e.method === 'Runtime.consoleAPICalled' && e.params.type === 'error') return [`console.error: ${e.params.args.map((a) => a.value ?? a.description).join(' ')}`];
		if (e.method === 'Network.loadingFailed' && !e.params.canceled) return [`request failed: ${e.params.errorText} (${e.params.type})`];
		if (e.method === 'Network.responseReceived' && e.params.response.status >= 400) return [`HTTP ${e.params.response.status} ${e.params.response.url}`];
		return [];
	});
}

async function capturePng(page) {
	const shot = await page.send('Page.captureScreenshot', { format: 'png' });
	return Buffer.from(shot.data, 'base64');
}

/** Opens a workflow in the editor and saves a PNG of it; returns its size in bytes. */
async function shoot(page, url, example, workflowId, file) {
	const t0 = Date.now();
	const from = page.events.length;
	await page.navigate(new URL(`workflow/${workflowId}`, url).href);
	const tLoad = Date.now();
	try {
		const state = await waitForCanvas(page, example);
		log(`${example.name}: page loaded in ${tLoad - t0} ms, canvas complete ${Date.now() - tLoad} ms later`);
		if (state.issues) throw new Error(`${state.issues} node(s) show issues (missing credentials or parameters?)`);
		await fitAndZoom(page);
		const hidden = await page.evaluate(HIDE_TRANSIENTS);
		if (hidden.length) log(`${example.name}: hid ${JSON.stringify(hidden)}`);
		const after = await page.evaluate(CANVAS_STATE);
		if (after.errorToasts.length) throw new Error(`the editor shows an error: ${after.errorToasts.join(' | ')}`);
		log(`${example.name}: ${after.nodes.map((n) => n.name).join(', ')} (viewport ${after.transform})`);
	} catch (error) {
		// Keep what the browser showed, outside docs/, to see why.
		const debug = path.join(os.tmpdir(), `screenshot-failed-${example.name}.png`);
		await capturePng(page).then((png) => fs.writeFileSync(debug, png), () => undefined);
		error.message = `${example.name}: ${error.message} (browser view saved to ${debug})`;
		throw error;
	} finally {
		for (const problem of pageProblems(page, from)) log(`${example.name}: page ${problem}`);
	}
	const png = await capturePng(page);
	fs.writeFileSync(file, png);
	return png.length;
}

/**
 * Everything started that must be stopped again, newest first: on success, on an
 * error and on SIGINT/SIGTERM alike.
 */
const running = [];
async function stopAll() {
	while (running.length) {
		const { what, stop } = running.pop();
		await stop().catch((error) => log(`stopping ${what}: ${error.message}`));
	}
}

function onSignal(signal) {
	log(`${signal}: stopping n8n and chromium`);
	stopAll().finally(() => process.exit(128 + (signal === 'SIGINT' ? 2 : 15)));
}

/** Signs in, then opens every workflow in chromium and writes <out>/<example>.png. */
async function captureAll({ url, owner, examples, ids, out = OUT }) {
	fs.mkdirSync(out, { recursive: true });
	const session = await signIn(url, owner);
	const chromium = await launchChromium(VIEWPORT);
	running.push({ what: 'chromium', stop: chromium.stop });
	const browser = await connect(chromium.wsUrl);
	const page = await openPage(browser, VIEWPORT);
	await authenticatePage(page, url, session);
	// n8n follows the system theme; pin light so every run looks the same.
	await page.send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value: 'light' }] });
	const written = [];
	for (const [i, example] of examples.entries()) {
		const file = path.join(out, `${example.name}.png`);
		const bytes = await shoot(page, url, example, ids[i], file);
		log(`wrote ${path.relative(ROOT, file)} (${(bytes / 1024).toFixed(0)} KB)`);
		written.push({ file, bytes });
	}
	browser.close();
	return written;
}

async function main() {
	const t0 = Date.now();
	const examples = listExamples();
	if (examples.length === 0) throw new Error('no examples/*.json (or SCREENSHOTS_ONLY matched none)');
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
	try {
		ensureChromium();
		const n8n = await startHeadless();
		running.push({ what: 'n8n', stop: () => n8n.stop() });
		const credentials = await createPlaceholderCredentials(n8n.api);
		const ids = [];
		for (const example of examples) ids.push(await importExample(n8n.api, example.workflow, credentials));
		await captureAll({ url: n8n.url, owner: n8n.owner, examples, ids });
		log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
	} finally {
		await stopAll();
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
	}
}

if (require.main === module) {
	main().catch((error) => {
		console.error(error);
		process.exitCode = 1;
	});
}

module.exports = { main, captureAll, listExamples, createPlaceholderCredentials, importExample, stopAll };
