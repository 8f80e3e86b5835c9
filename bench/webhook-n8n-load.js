'use strict';
/**
 * Machinery of bench/webhook-n8n.bench.js: the workflows it compares inside one real n8n,
 * the deliveries it sends, and how it measures them.
 *
 * - setUp(api, webhookBase): Chatwoot / ChatApp stand-ins (test/servers/*), one credential
 *   each, three workflows (Chatwoot Trigger → No Operation, ChatApp Trigger → No Operation,
 *   n8n Webhook node → No Operation), activated; returns the candidates to load.
 * - measureRound(candidate, pids, options): `perRound` deliveries, `inFlight` at a time; wall
 *   time and CPU (utime + stime of /proc/<pid>/stat) of the given n8n processes from the
 *   first request until those processes are idle again (executions of onReceived webhooks
 *   finish after their answer, so "idle" is when the deliveries are really processed).
 * - Profiler: V8 CPU profiles of the n8n process through its inspector (--inspect), one
 *   per candidate, written as .cpuprofile (bench/webhook-n8n-profile.js sums them).
 */
require('./webhook-n8n-ts');

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { performance } = require('perf_hooks');

const { FakeChatwoot } = require('../test/servers/chatwoot/server.ts');
const { ACCOUNT: CHATAPP_ACCOUNT, startChatAppServer } = require('../test/servers/chatapp/server.ts');
const { messageData, rubyJson } = require('../test/Chatwoot/fixtures/webhooks/payloads.ts');
const { chatAppMessageDelivery, signedChatwootHeaders } = require('../test/n8n-server/deliveries.ts');

/** The triggers' typeVersion in the workflows: 2, as new nodes get it (WEBHOOK_BENCH_TRIGGER_VERSION=1: workflows made before). */
const TRIGGER_VERSION = Number(process.env.WEBHOOK_BENCH_TRIGGER_VERSION ?? 2);
/** WEBHOOK_BENCH_V1=1 adds a Chatwoot Trigger at version 1 (as workflows made before version 2 have it) as one more candidate. */
const WITH_V1 = process.env.WEBHOOK_BENCH_V1 === '1';

const TICK = 100; // USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s

/** CPU seconds (user + system) of one process, undefined once it is gone. */
function cpuSeconds(pid) {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return (Number(fields[11]) + Number(fields[12])) / TICK;
	} catch {
		return undefined;
	}
}
const totalCpu = (pids) => pids.reduce((sum, pid) => sum + (cpuSeconds(pid) ?? 0), 0);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until `pids` use (almost) no CPU: two consecutive windows of `windowMs` with at most
 * one tick between them. Returns the time the first of those windows began.
 */
async function waitIdle(pids, { windowMs = 150, maxMs = 30000 } = {}) {
	const deadline = performance.now() + maxMs;
	let quietSince;
	let last = totalCpu(pids);
	while (performance.now() < deadline) {
		const at = performance.now();
		await sleep(windowMs);
		const now = totalCpu(pids);
		if (now - last <= 1 / TICK + 1e-9) {
			if (quietSince === undefined) quietSince = at;
			else return quietSince;
		} else quietSince = undefined;
		last = now;
	}
	return performance.now();
}

function workflow(name, trigger) {
	return {
		name,
		nodes: [
			{ ...trigger, position: [0, 0] },
			{ name: 'No Operation', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} },
		],
		connections: { [trigger.name]: { main: [[{ node: 'No Operation', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

async function apiOk(api, method, route, body) {
	const reply = await api(method, route, body);
	if (reply.status < 200 || reply.status > 299) throw new Error(`${method} /api/v1/${route} → ${reply.status} ${JSON.stringify(reply.body)}`);
	return reply.body;
}

async function waitFor(what, probe, timeoutMs = 60000) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const value = await probe();
		if (value) return value;
		await sleep(200);
	}
	throw new Error(`timed out waiting for ${what}`);
}

/** One Chatwoot message_created body (test/Chatwoot/fixtures/webhooks/payloads.ts, Chatwoot 4.15.1 shape) with its own id. */
const chatwootBody = (id) => rubyJson(messageData('message_created', { id }));
/** One ChatApp message delivery with its own message id. */
const chatAppBody = (id) => JSON.stringify(chatAppMessageDelivery(`bench-${id}`, `Hello from the bench, message ${id}`));

/**
 * Creates the stand-ins, credentials and the three workflows through the public API of
 * the main (`api`); deliveries go to `webhookBase`. Returns { candidates, stop }.
 */
async function setUp(api, webhookBase) {
	const cw = await FakeChatwoot.start();
	const chatApp = await startChatAppServer();
	const tag = crypto.randomBytes(3).toString('hex');
	const cwCredential = await apiOk(api, 'POST', 'credentials', { name: `Chatwoot bench ${tag}`, type: 'chatwootApi', data: cw.credentials() });
	const caCredential = await apiOk(api, 'POST', 'credentials', {
		name: `ChatApp bench ${tag}`,
		type: 'chatAppApi',
		data: { email: CHATAPP_ACCOUNT.email, password: CHATAPP_ACCOUNT.password, appId: CHATAPP_ACCOUNT.appId, apiBaseUrl: chatApp.url },
	});
	const ids = { cw: crypto.randomUUID(), ca: crypto.randomUUID(), hook: crypto.randomUUID(), cwV1: crypto.randomUUID() };
	const chatwootTrigger = (name, webhookId, typeVersion) =>
		workflow(name, {
			name: 'Chatwoot Trigger',
			type: 'n8n-nodes-chatwoot-chatapp.chatwootTrigger',
			typeVersion,
			webhookId,
			parameters: { source: 'accountWebhook', events: ['message_created'], options: {} },
			credentials: { chatwootApi: { id: cwCredential.id, name: cwCredential.name } },
		});
	const flows = [
		chatwootTrigger('Bench: Chatwoot Trigger', ids.cw, TRIGGER_VERSION),
		workflow('Bench: ChatApp Trigger', {
			name: 'ChatApp Trigger',
			type: 'n8n-nodes-chatwoot-chatapp.chatAppTrigger',
			typeVersion: TRIGGER_VERSION,
			webhookId: ids.ca,
			parameters: { subscriptions: ['1229/grWhatsApp'], events: ['message'], options: {} },
			credentials: { chatAppApi: { id: caCredential.id, name: caCredential.name } },
		}),
		workflow('Bench: Webhook node', {
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			webhookId: ids.hook,
			parameters: { httpMethod: 'POST', path: ids.hook, options: {} },
		}),
		...(WITH_V1 ? [chatwootTrigger('Bench: Chatwoot Trigger v1', ids.cwV1, 1)] : []),
	];
	const workflowIds = [];
	for (const flow of flows) {
		const created = await apiOk(api, 'POST', 'workflows', flow);
		workflowIds.push(created.id);
		await apiOk(api, 'POST', `workflows/${created.id}/activate`);
	}
	const hookOf = (webhookId) => () => cw.state.webhooks.find((w) => w.url.includes(`/${webhookId}/`));
	const hook = await waitFor('the webhook on the Chatwoot stand-in', hookOf(ids.cw));
	const hookV1 = WITH_V1 ? await waitFor('the v1 webhook on the Chatwoot stand-in', hookOf(ids.cwV1)) : undefined;
	const callback = await waitFor('the callback URL on the ChatApp stand-in', () => chatApp.state.callbackUrls.get('1229/grWhatsApp'));
	if (!hook.url.startsWith(webhookBase)) throw new Error(`Chatwoot was given ${hook.url}, not a URL of ${webhookBase}`);
	const wrongSecretUrl = new URL(callback.url);
	wrongSecretUrl.searchParams.set('secret', 'not-the-url-secret-0000');
	const hookUrl = `${webhookBase}webhook/${ids.hook}`;

	let next = 1000000;
	const json = { 'content-type': 'application/json' };
	const cwDelivery = (url, secret) => () => {
		const id = next++;
		const body = chatwootBody(id);
		return { url, body, headers: signedChatwootHeaders(secret, body, crypto.randomUUID()) };
	};
	const caDelivery = (url) => () => ({ url, body: chatAppBody(next++), headers: json });
	// expect: the HTTP status every delivery of the candidate must get.
	const candidates = [
		{ name: 'chatwoot', label: 'Chatwoot Trigger, signed', pair: 'chatwoot', make: cwDelivery(hook.url, hook.secret), expect: 200 },
		{ name: 'chatwoot-forged', label: 'Chatwoot Trigger, forged signature', pair: 'chatwoot', make: cwDelivery(hook.url, 'not-the-secret'), expect: 401 },
		{ name: 'webhook-cw', label: 'Webhook node, same Chatwoot body', pair: 'chatwoot', make: cwDelivery(hookUrl, hook.secret), expect: 200 },
		{ name: 'chatapp', label: 'ChatApp Trigger', pair: 'chatapp', make: caDelivery(callback.url), expect: 200 },
		{ name: 'chatapp-wrong', label: 'ChatApp Trigger, wrong URL secret', pair: 'chatapp', make: caDelivery(wrongSecretUrl.href), expect: 401 },
		{ name: 'webhook-ca', label: 'Webhook node, same ChatApp body', pair: 'chatapp', make: caDelivery(hookUrl), expect: 200 },
		...(hookV1 ? [{ name: 'chatwoot-v1', label: 'Chatwoot Trigger at version 1, signed', pair: 'chatwoot', make: cwDelivery(hookV1.url, hookV1.secret), expect: 200 }] : []),
	];
	const sizes = { chatwoot: Buffer.byteLength(chatwootBody(1)), chatapp: Buffer.byteLength(chatAppBody(1)) };
	return {
		candidates,
		sizes,
		workflowIds,
		chatwootCalls: () => cw.state.requests?.length ?? cw.calls?.({}).length,
		async stop() {
			for (const id of workflowIds) await api('POST', `workflows/${id}/deactivate`).catch(() => undefined);
			await cw.stop();
			await chatApp.close();
		},
	};
}

/** Sends `count` deliveries of `candidate`, `inFlight` at a time; throws on an unexpected status. */
async function send(candidate, count, inFlight) {
	const deliveries = Array.from({ length: count }, () => candidate.make());
	let index = 0;
	const unexpected = [];
	const worker = async () => {
		while (index < deliveries.length) {
			const d = deliveries[index++];
			const res = await fetch(d.url, { method: 'POST', headers: d.headers, body: d.body });
			const text = await res.text();
			if (res.status !== candidate.expect) unexpected.push(`${res.status} ${text.slice(0, 200)}`);
		}
	};
	await Promise.all(Array.from({ length: inFlight }, worker));
	if (unexpected.length) throw new Error(`${candidate.name}: ${unexpected.length} of ${count} answers not ${candidate.expect}, e.g. ${unexpected[0]}`);
}

/** One round of one candidate: { perSecond, cpuMs (per delivery, per pid group) }. */
async function measureRound(candidate, groups, { perRound, inFlight }) {
	const all = Object.values(groups).flat();
	await waitIdle(all);
	const before = Object.fromEntries(Object.entries(groups).map(([k, pids]) => [k, totalCpu(pids)]));
	const t0 = performance.now();
	await send(candidate, perRound, inFlight);
	const idleAt = await waitIdle(all);
	const seconds = (idleAt - t0) / 1000;
	const cpuMs = Object.fromEntries(Object.entries(groups).map(([k, pids]) => [k, ((totalCpu(pids) - before[k]) * 1000) / perRound]));
	return { perSecond: perRound / seconds, cpuMs };
}

/** Minimal client of a Node inspector (Chrome DevTools protocol over WebSocket). */
async function inspector(port) {
	const WebSocket = require('ws');
	const list = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
	const ws = new WebSocket(list[0].webSocketDebuggerUrl, { perMessageDeflate: false, maxPayload: 1 << 30 });
	await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
	let id = 0;
	const pending = new Map();
	ws.on('message', (data) => {
		const msg = JSON.parse(data.toString());
		if (msg.id && pending.has(msg.id)) {
			const { resolve, reject } = pending.get(msg.id);
			pending.delete(msg.id);
			if (msg.error) reject(new Error(msg.error.message));
			else resolve(msg.result);
		}
	});
	const call = (method, params = {}) =>
		new Promise((resolve, reject) => {
			id += 1;
			pending.set(id, { resolve, reject });
			ws.send(JSON.stringify({ id, method, params }));
		});
	await call('Profiler.enable');
	await call('Profiler.setSamplingInterval', { interval: 200 });
	return {
		start: () => call('Profiler.start'),
		async stop(file) {
			const { profile } = await call('Profiler.stop');
			fs.mkdirSync(path.dirname(file), { recursive: true });
			fs.writeFileSync(file, JSON.stringify(profile));
			return file;
		},
		close: () => ws.close(),
	};
}

module.exports = { setUp, measureRound, send, waitIdle, cpuSeconds, inspector, chatwootBody, chatAppBody };
