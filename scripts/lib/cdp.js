'use strict';
/**
 * A minimal Chrome DevTools Protocol client over the `ws` package (already a
 * runtime dependency of this package), so screenshots need no puppeteer/playwright.
 *
 * - `connect(wsUrl)`     one browser-level connection; `send()` / `on()` / `close()`.
 * - `openPage(browser)`  a new tab attached as a flattened session (CDP's
 *                        `sessionId` on the same socket), with small helpers.
 */
const WebSocket = require('ws');

/** Connects to the browser endpoint (`ws://127.0.0.1:<port>/devtools/browser/<id>`). */
function connect(wsUrl, { timeoutMs = 15000 } = {}) {
	return new Promise((resolve, reject) => {
		// No proxy agent and a loopback URL: the socket never leaves 127.0.0.1.
		const socket = new WebSocket(wsUrl, { perMessageDeflate: false, maxPayload: 256 * 1024 * 1024, handshakeTimeout: timeoutMs });
		let nextId = 1;
		const pending = new Map();
		const listeners = new Set();

		socket.on('message', (data) => {
			const msg = JSON.parse(data.toString('utf8'));
			if (msg.id !== undefined) {
				const call = pending.get(msg.id);
				if (!call) return;
				pending.delete(msg.id);
				if (msg.error) call.reject(new Error(`${call.method}: ${msg.error.message}${msg.error.data ? ` (${msg.error.data})` : ''}`));
				else call.resolve(msg.result);
				return;
			}
			for (const listener of [...listeners]) listener(msg);
		});
		// A closed socket fails every open call at once instead of leaving them hanging.
		socket.on('close', () => {
			for (const call of pending.values()) call.reject(new Error(`${call.method}: DevTools connection closed`));
			pending.clear();
		});
		socket.once('error', reject);
		socket.once('open', () => {
			socket.off('error', reject);
			socket.on('error', () => undefined);
			resolve({
				/** Sends a command; `sessionId` addresses an attached page. */
				send(method, params = {}, sessionId) {
					if (socket.readyState !== WebSocket.OPEN) return Promise.reject(new Error(`${method}: DevTools connection closed`));
					const id = nextId++;
					return new Promise((res, rej) => {
						pending.set(id, { resolve: res, reject: rej, method });
						socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
					});
				},
				/** Listens to every event; returns an unsubscribe function. */
				on(listener) {
					listeners.add(listener);
					return () => listeners.delete(listener);
				},
				close() {
					socket.close();
				},
			});
		});
	});
}

async function sleep(ms) {
	await new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Opens a tab of `width`×`height` CSS pixels at `scale` device pixels per CSS pixel.
 * Returns { send, evaluate, waitFor, navigate, events, close }.
 */
async function openPage(browser, { width = 1440, height = 900, scale = 1 } = {}) {
	const { targetId } = await browser.send('Target.createTarget', { url: 'about:blank' });
	const { sessionId } = await browser.send('Target.attachToTarget', { targetId, flatten: true });
	const send = (method, params) => browser.send(method, params, sessionId);
	const events = [];
	browser.on((msg) => {
		if (msg.sessionId === sessionId) events.push(msg);
	});

	await send('Page.enable');
	await send('Runtime.enable');
	await send('Network.enable');
	await send('Log.enable');
	// Fixed viewport, independent of the window size, so every PNG has the same size.
	await send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: scale, mobile: false });

	/** Evaluates an expression in the page (promises awaited) and returns its JSON value. */
	async function evaluate(expression) {
		const { result, exceptionDetails } = await send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
		if (exceptionDetails) throw new Error(`evaluate failed: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
		return result.value;
	}

	/** Polls `expression` until it is truthy; returns its value. */
	async function waitFor(what, expression, { timeoutMs = 60000, intervalMs = 250 } = {}) {
		const deadline = Date.now() + timeoutMs;
		let last;
		while (Date.now() < deadline) {
			try {
				const value = await evaluate(expression);
				if (value) return value;
				last = value;
			} catch (error) {
				// Navigations destroy the execution context mid-poll; try again.
				last = error.message;
			}
			await sleep(intervalMs);
		}
		throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
	}

	/** Navigates and waits for the load event. */
	async function navigate(url, { timeoutMs = 60000 } = {}) {
		const start = events.length;
		const { errorText } = await send('Page.navigate', { url });
		if (errorText) throw new Error(`navigate ${url}: ${errorText}`);
		const deadline = Date.now() + timeoutMs;
		while (!events.slice(start).some((e) => e.method === 'Page.loadEventFired')) {
			if (Date.now() > deadline) throw new Error(`navigate ${url}: no load event after ${timeoutMs} ms`);
			await sleep(100);
		}
	}

	async function close() {
		await browser.send('Target.closeTarget', { targetId }).catch(() => undefined);
	}

	return { send, evaluate, waitFor, navigate, events, close, sessionId, targetId };
}

module.exports = { connect, openPage, sleep };
