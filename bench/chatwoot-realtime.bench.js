'use strict';
// Chatwoot Realtime Trigger throughput, latency and memory, against a bare `ws` client
// reading the same ActionCable stream in the same run.
//
// A child process (this file with --server) runs a `ws` server that speaks the
// ActionCable frames (welcome, confirm_subscription, 3 s pings) and streams
// Chatwoot-shaped `message.created` frames (~1.6 KB, unique ids, 1,000 rotating
// conversations, a pubsub_token inside to strip). "Ours" is the compiled
// CableClient + RealtimeSession (filter, de-duplication, static-data cursor, secret
// stripping, item building) ending in an `emit` sink; the baseline parses each frame
// and hands the message to the same sink.
//
// Run: npx tsc -p tsconfig.build.json && node bench/run.js chatwoot-realtime
const { fork } = require('child_process');
const { join } = require('path');
const v8 = require('v8');
const vm = require('vm');

const THROUGHPUT_EVENTS = 100000;
const THROUGHPUT_PAIRS = 7;
const LATENCY_EVENTS = 5000;
const LATENCY_PAIRS = 5;
const LATENCY_RATE = 5000; // events per second, paced: latency is measured below saturation
const HEAP_EVENTS = 1000000;
const IDENTIFIER = JSON.stringify({ channel: 'RoomChannel', pubsub_token: 'bench-token', account_id: 1, user_id: 1 });

// ---------------------------------------------------------------- server (child)
function frameTemplate() {
	const now = Math.floor(Date.now() / 1000);
	const data = {
		id: 0,
		content: 'Hello, I would like to know the status of my order #12345 and whether it ships this week.',
		account_id: 1,
		inbox_id: 2,
		conversation_id: 0,
		message_type: 0,
		created_at: now,
		updated_at: new Date().toISOString(),
		private: false,
		status: 'sent',
		source_id: null,
		content_type: 'text',
		content_attributes: {},
		sender_type: 'Contact',
		sender_id: 7,
		external_source_ids: {},
		additional_attributes: {},
		processed_message_content: 'Hello, I would like to know the status of my order #12345 and whether it ships this week.',
		sentiment: {},
		conversation: {
			assignee_id: 3,
			unread_count: 1,
			last_activity_at: now,
			contact_inbox: { source_id: '6c1a4c2e-7b55-4e0d-9d5e-2f0f6c1b9a10', pubsub_token: 'SECRET-contact-pubsub-token' },
		},
		sender: {
			additional_attributes: { city: 'Lisbon', country: 'Portugal', company_name: 'Acme' },
			custom_attributes: { plan: 'pro' },
			email: 'jane@example.com',
			id: 7,
			identifier: 'ext-7',
			name: 'Jane Doe',
			phone_number: '+351900000000',
			thumbnail: 'https://chat.example.com/rails/active_storage/representations/redirect/abc/avatar.png',
			blocked: false,
			type: 'contact',
		},
		t: 0,
	};
	const json = JSON.stringify({ identifier: IDENTIFIER, message: { event: 'message.created', data } });
	// Split around the three varying numbers: id, conversation_id, t.
	const [a, rest1] = json.split('"id":0,', 2);
	const [b, rest2] = rest1.split('"conversation_id":0,', 2);
	const [c, d] = rest2.split('"t":0', 2);
	return (id, conversation, t) => `${a}"id":${id},${b}"conversation_id":${conversation},${c}"t":${t}${d}`;
}

function runServer() {
	const { WebSocketServer } = require('ws');
	const { performance } = require('perf_hooks');
	const frame = frameTemplate();
	const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, handleProtocols: () => 'actioncable-v1-json' });
	let nextId = 1;
	let current;
	wss.on('connection', (ws) => {
		current = ws;
		ws.send('{"type":"welcome"}');
		const ping = setInterval(() => ws.send(JSON.stringify({ type: 'ping', message: Math.floor(Date.now() / 1000) })), 3000);
		ws.on('close', () => clearInterval(ping));
		ws.on('message', (raw) => {
			const command = JSON.parse(raw.toString());
			if (command.command === 'subscribe') {
				ws.send(JSON.stringify({ identifier: command.identifier, type: 'confirm_subscription' }));
				// Only now may the test stream: a client drops frames of an unconfirmed subscription.
				process.send({ type: 'subscribed' });
			}
		});
	});
	const now = () => performance.timeOrigin + performance.now();
	process.on('message', (msg) => {
		const ws = current;
		if (msg.type === 'blast') {
			// As fast as the socket takes it, yielding when the send buffer is full.
			let sent = 0;
			const pump = () => {
				while (sent < msg.count) {
					ws.send(frame(nextId++, (nextId % 1000) + 1, 0));
					sent++;
					if (ws.bufferedAmount > 4 * 1024 * 1024) return setImmediate(pump);
				}
				process.send({ type: 'done' });
			};
			pump();
		} else if (msg.type === 'paced') {
			const interval = 1000 / msg.rate;
			const start = now();
			let sent = 0;
			const tick = () => {
				const due = Math.min(msg.count, Math.floor((now() - start) / interval) + 1);
				while (sent < due) {
					ws.send(frame(nextId++, (nextId % 1000) + 1, now()));
					sent++;
				}
				if (sent < msg.count) setTimeout(tick, 1);
				else process.send({ type: 'done' });
			};
			tick();
		} else if (msg.type === 'exit') {
			wss.close();
			process.exit(0);
		}
	});
	wss.on('listening', () => process.send({ type: 'listening', port: wss.address().port }));
}

if (process.argv.includes('--server')) {
	runServer();
	return;
}

// ---------------------------------------------------------------- clients
const { performance } = require('perf_hooks');
const WebSocket = require('ws');

function gcFunction() {
	v8.setFlagsFromString('--expose-gc');
	return vm.runInNewContext('gc');
}

function percentile(values, p) {
	const sorted = Float64Array.from(values).sort();
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

class Server {
	constructor() {
		this.child = fork(__filename, ['--server'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
		this.waiters = [];
		this.child.on('message', (msg) => {
			const i = this.waiters.findIndex((w) => w.type === msg.type);
			if (i >= 0) this.waiters.splice(i, 1)[0].resolve(msg);
		});
	}
	next(type) {
		return new Promise((resolve) => this.waiters.push({ type, resolve }));
	}
	async start() {
		const { port } = await this.next('listening');
		this.url = `ws://127.0.0.1:${port}/cable`;
	}
	send(msg) {
		this.child.send(msg);
	}
	stop() {
		this.child.send({ type: 'exit' });
	}
}

/** The bare baseline: a ws client that subscribes and hands every message to the sink. */
function bareClient(url, sink) {
	const ws = new WebSocket(url, ['actioncable-v1-json'], { perMessageDeflate: false });
	ws.on('message', (raw) => {
		const frame = JSON.parse(raw.toString());
		if (frame.type === undefined) {
			if (frame.identifier === IDENTIFIER) sink(frame.message);
		} else if (frame.type === 'welcome') {
			ws.send(JSON.stringify({ command: 'subscribe', identifier: IDENTIFIER }));
		}
	});
	return { close: () => new Promise((resolve) => (ws.once('close', resolve), ws.close())) };
}

function oursClient(url, sink) {
	const dist = join(__dirname, '..', 'dist', 'nodes');
	const { RealtimeSession } = require(join(dist, 'Chatwoot', 'realtime', 'session.js'));
	const { ObservableObject } = require('n8n-workflow');
	const workflowStatic = ObservableObject.create({}, undefined, { ignoreEmptyObject: true });
	workflowStatic['node:Trigger'] = ObservableObject.create({}, workflowStatic);
	const quiet = { debug() {}, info() {}, warn() {} };
	const session = new RealtimeSession({
		url,
		backfill: true,
		filter: { events: null, inboxIds: null, conversationIds: null, excludePrivate: false, excludeActor: null },
		excludeOwn: false,
		store: workflowStatic['node:Trigger'],
		resolveIdentity: async () => ({
			params: JSON.parse(IDENTIFIER),
			accountId: 1,
			actor: { type: 'user', id: 1 },
			scope: 'agent:1:1',
		}),
		fetchMissed: async () => [],
		emit: (item) => sink([[{ json: item }]]),
		onFatal: (error) => {
			throw error;
		},
		logger: quiet,
	});
	session.start();
	return { close: () => session.close(), session };
}

async function connect(server, make, sink) {
	const subscribed = server.next('subscribed');
	const client = make(server.url, sink);
	await within(subscribed, 'subscription', 30000);
	// The confirmation is on its way; give the client a moment to process it before streaming.
	await new Promise((resolve) => setTimeout(resolve, 50));
	return client;
}

/** A bench phase that never finishes is a failure to report, not a hang. */
function within(promise, what, ms = 120000) {
	let timer;
	return Promise.race([
		promise,
		new Promise((_, reject) => {
			timer = setTimeout(() => reject(new Error(`chatwoot-realtime bench: ${what} did not finish within ${ms / 1000} s`)), ms);
		}),
	]).finally(() => clearTimeout(timer));
}

/** One client, one blast: wall-clock events/s (first to last event) and client CPU per event. */
async function measureThroughput(server, make) {
	let received = 0;
	let first = 0;
	let last = 0;
	let target = Infinity;
	let resolveDone;
	let done = new Promise((resolve) => (resolveDone = resolve));
	const sink = (value) => {
		if (value === undefined) return;
		received++;
		if (received === 1) first = performance.now();
		if (received >= target) {
			last = performance.now();
			resolveDone();
		}
	};
	const client = await connect(server, make, sink);
	// Warm-up: JIT, subscription confirmed.
	target = 5000;
	server.send({ type: 'blast', count: 5000 });
	await within(done, 'throughput warm-up');
	received = 0;
	done = new Promise((resolve) => (resolveDone = resolve));
	target = THROUGHPUT_EVENTS;
	const cpuBefore = process.cpuUsage();
	server.send({ type: 'blast', count: THROUGHPUT_EVENTS });
	await within(done, 'throughput blast');
	const cpu = process.cpuUsage(cpuBefore);
	await client.close();
	return {
		rate: (THROUGHPUT_EVENTS - 1) / ((last - first) / 1000),
		cpuMicrosPerEvent: (cpu.user + cpu.system) / THROUGHPUT_EVENTS,
	};
}

async function measureLatency(server, make) {
	const latencies = [];
	let target = Infinity;
	let resolveDone;
	let done = new Promise((resolve) => (resolveDone = resolve));
	const now = () => performance.timeOrigin + performance.now();
	const sink = (value) => {
		const message = Array.isArray(value) ? value[0][0].json : value;
		const t = message.data.t;
		if (t) latencies.push(now() - t);
		if (latencies.length >= target || (!t && --target <= 0)) resolveDone();
	};
	const client = await connect(server, make, sink);
	target = 1000;
	server.send({ type: 'blast', count: 1000 });
	await within(done, 'latency warm-up');
	done = new Promise((resolve) => (resolveDone = resolve));
	target = LATENCY_EVENTS;
	server.send({ type: 'paced', count: LATENCY_EVENTS, rate: LATENCY_RATE });
	await within(done, 'paced latency run');
	await client.close();
	return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function measureHeap(server, gc) {
	let received = 0;
	let target = 0;
	let resolveDone;
	let done;
	const sink = () => {
		if (++received >= target) resolveDone();
	};
	const client = await connect(server, oursClient, sink);
	const blast = async (count) => {
		received = 0;
		target = count;
		done = new Promise((resolve) => (resolveDone = resolve));
		for (let sent = 0; sent < count; sent += 100000) server.send({ type: 'blast', count: Math.min(100000, count - sent) });
		await within(done, `heap blast of ${count}`, 600000);
	};
	await blast(50000); // fill the bounded structures (recent keys, cursor)
	gc();
	gc();
	const before = process.memoryUsage().heapUsed;
	await blast(HEAP_EVENTS);
	gc();
	gc();
	const after = process.memoryUsage().heapUsed;
	await client.close();
	return { before, after, growth: after - before };
}

function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

async function run() {
	const gc = gcFunction();
	const server = new Server();
	await server.start();
	try {
		// Alternating pairs (order flipped each time); the ratio is the median of the
		// per-pair ratios, which cancels most of the drift of a shared machine.
		const pairs = [];
		for (let pair = 0; pair < THROUGHPUT_PAIRS; pair++) {
			let ours;
			let bare;
			if (pair % 2 === 0) {
				bare = await measureThroughput(server, bareClient);
				ours = await measureThroughput(server, oursClient);
			} else {
				ours = await measureThroughput(server, oursClient);
				bare = await measureThroughput(server, bareClient);
			}
			pairs.push({ ours, bare });
		}
		const oursRate = median(pairs.map((p) => p.ours.rate));
		const bareRate = median(pairs.map((p) => p.bare.rate));
		const ratio = median(pairs.map((p) => p.ours.rate / p.bare.rate));
		const oursCpu = median(pairs.map((p) => p.ours.cpuMicrosPerEvent));
		const bareCpu = median(pairs.map((p) => p.bare.cpuMicrosPerEvent));
		const latencyPairs = [];
		for (let pair = 0; pair < LATENCY_PAIRS; pair++) {
			const first = pair % 2 === 0 ? bareClient : oursClient;
			const a = await measureLatency(server, first);
			const b = await measureLatency(server, first === bareClient ? oursClient : bareClient);
			latencyPairs.push(first === bareClient ? { bare: a, ours: b } : { bare: b, ours: a });
		}
		const oursLatency = { p50: median(latencyPairs.map((p) => p.ours.p50)), p99: median(latencyPairs.map((p) => p.ours.p99)) };
		const bareLatency = { p50: median(latencyPairs.map((p) => p.bare.p50)), p99: median(latencyPairs.map((p) => p.bare.p99)) };
		const addedP99 = median(latencyPairs.map((p) => p.ours.p99 - p.bare.p99));
		const heap = await measureHeap(server, gc);

		const mb = (bytes) => (bytes / 1024 / 1024).toFixed(2);
		return {
			title: 'Chatwoot Realtime Trigger (ActionCable)',
			rows: [
				{
					metric: `Sustained events/s, server → emit (${THROUGHPUT_EVENTS.toLocaleString('en')} × 1.6 KB message.created per run, median of ${THROUGHPUT_PAIRS} alternating pairs)`,
					ours: Math.round(oursRate).toLocaleString('en'),
					baseline: `${Math.round(bareRate).toLocaleString('en')} (bare ws client)`,
					ratio: `${ratio.toFixed(2)}x`,
					target: '>= 0.9x',
					met: ratio >= 0.9,
				},
				{
					metric: 'Client CPU per event (user + system, median)',
					ours: `${oursCpu.toFixed(2)} µs`,
					baseline: `${bareCpu.toFixed(2)} µs`,
					ratio: `${(bareCpu / oursCpu).toFixed(2)}x`,
					target: '—',
				},
				{
					metric: `Latency p99 per event, send → emit, at ${LATENCY_RATE.toLocaleString('en')} events/s (${LATENCY_PAIRS} alternating pairs of ${LATENCY_EVENTS.toLocaleString('en')}; p50 ours ${oursLatency.p50.toFixed(3)} ms, bare ${bareLatency.p50.toFixed(3)} ms)`,
					ours: `${oursLatency.p99.toFixed(3)} ms`,
					baseline: `${bareLatency.p99.toFixed(3)} ms`,
					ratio: `${addedP99 >= 0 ? '+' : ''}${addedP99.toFixed(3)} ms added (median of pair differences)`,
					target: '< 1 ms added',
					met: addedP99 < 1,
				},
				{
					metric: `Heap growth after ${HEAP_EVENTS.toLocaleString('en')} events (after GC)`,
					ours: `${mb(heap.growth)} MB`,
					baseline: `${mb(heap.before)} MB before`,
					ratio: '—',
					target: '< 10 MB',
					met: heap.growth < 10 * 1024 * 1024,
				},
			],
			notes:
				'Server in a child process (ws, no compression). "Ours" runs the compiled CableClient and RealtimeSession (filters, de-duplication with a bounded recent-key set, static-data cursor on an n8n ObservableObject, secret stripping, item building) into an emit sink; the baseline is a bare ws client that parses each frame and passes the message to the same sink. Latency is send-to-emit, measured with performance.timeOrigin clocks of both processes; the clock offset cancels in the added value.',
		};
	} finally {
		server.stop();
	}
}

module.exports = { run, frameTemplate };
