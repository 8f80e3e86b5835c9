'use strict';
// Chatwoot Realtime Trigger against a flapping ActionCable server (issue 14.4): the
// server welcomes, confirms the subscription, then closes the socket 30 ms later, for
// ever. Counted: connection attempts and REST catch-ups per minute after the first
// minute, and when the trigger reports the error, with the trigger's default settings
// (first delay 1 s, cap 60 s, healthy after 30 s up, reconnect timeout 300 s, catch-up
// at most every 30 s).
//
// Time is compressed: every delay, interval and timeout of the policy is divided by
// SCALE and the results are multiplied back, so a 6-minute run takes about 36 s. The
// policy only compares durations, so the counts are those of real time, except that
// each flap's own ~30 ms (connect, confirm, close) weighs SCALE times more: the figures
// for ours are, if anything, pessimistic. The baseline is the previous policy in the
// same run: any confirmed subscription resets the backoff, a catch-up after every
// reconnect, no time limit.
//
// Run: npx tsc -p tsconfig.build.json && node bench/run.js chatwoot-realtime-flap
const { createServer } = require('http');
const { join } = require('path');

const SCALE = 10;
const SIMULATED_SECONDS = 360;
const CLOSE_AFTER_MS = 30;
const IDENTIFIER = JSON.stringify({ channel: 'RoomChannel', pubsub_token: 'bench-token', account_id: 1, user_id: 1 });

function flappingServer() {
	const { WebSocketServer } = require('ws');
	const http = createServer();
	const wss = new WebSocketServer({ server: http, handleProtocols: () => 'actioncable-v1-json' });
	const connections = [];
	wss.on('connection', (ws) => {
		connections.push(Date.now());
		ws.on('message', (raw) => {
			const command = JSON.parse(raw.toString());
			if (command.command !== 'subscribe') return;
			ws.send(JSON.stringify({ identifier: command.identifier, type: 'confirm_subscription' }));
			setTimeout(() => ws.close(), CLOSE_AFTER_MS);
		});
		ws.send(JSON.stringify({ type: 'welcome' }));
	});
	return new Promise((resolve) =>
		http.listen(0, '127.0.0.1', () =>
			resolve({
				url: `ws://127.0.0.1:${http.address().port}/cable`,
				connections,
				stop: () => {
					for (const client of wss.clients) client.terminate();
					wss.close();
					http.close();
				},
			}),
		),
	);
}

/** One trigger session (compiled RealtimeSession, as the node builds it) with the given policy, for SIMULATED_SECONDS. */
async function measure(policy) {
	const dist = join(__dirname, '..', 'dist', 'nodes');
	const { RealtimeSession } = require(join(dist, 'Chatwoot', 'realtime', 'session.js'));
	const server = await flappingServer();
	const catchUps = [];
	let fatalAt;
	let fatal;
	const startedAt = Date.now();
	const quiet = { debug() {}, info() {}, warn() {} };
	const session = new RealtimeSession({
		url: server.url,
		backfill: true,
		filter: { events: null, inboxIds: null, conversationIds: null, excludePrivate: false, excludeActor: null },
		excludeOwn: false,
		store: {},
		timing: {
			confirmTimeoutMs: 10_000 / SCALE,
			handshakeTimeoutMs: 10_000 / SCALE,
			staleAfterMs: 10_000 / SCALE,
			reconnectBaseMs: 1_000 / SCALE,
			reconnectCapMs: 60_000 / SCALE,
			maxConsecutiveFailures: policy.maxConsecutiveFailures,
			healthyAfterMs: policy.healthyAfterMs / SCALE,
			maxDowntimeMs: policy.maxDowntimeMs / SCALE,
		},
		minBackfillIntervalMs: policy.minBackfillIntervalMs / SCALE,
		resolveIdentity: async () => ({ params: JSON.parse(IDENTIFIER), accountId: 1, actor: { type: 'user', id: 1 }, scope: 'agent:1:1' }),
		fetchMissed: async () => {
			catchUps.push(Date.now());
			return [];
		},
		emit: () => undefined,
		onFatal: (error) => {
			fatalAt = Date.now();
			fatal = error;
		},
		logger: quiet,
	});
	session.start();
	const end = startedAt + (SIMULATED_SECONDS * 1000) / SCALE;
	while (Date.now() < end && fatalAt === undefined) await new Promise((r) => setTimeout(r, 20));
	// The error ends the attempts; count the rest of the window as it is (no more attempts).
	const stoppedAt = fatalAt ?? Date.now();
	await session.close();
	server.stop();
	const simulated = (t) => ((t - startedAt) * SCALE) / 1000;
	const perMinuteAfterFirst = (times) => {
		const afterFirst = times.map(simulated).filter((s) => s >= 60);
		const minutes = Math.max(1 / 60, (Math.max(simulated(stoppedAt), 60) - 60) / 60);
		return afterFirst.length / minutes;
	};
	const perMinute = (times) => {
		const counts = [];
		for (let minute = 0; minute < Math.ceil(SIMULATED_SECONDS / 60); minute++) {
			counts.push(times.map(simulated).filter((s) => s >= minute * 60 && s < (minute + 1) * 60).length);
		}
		return counts;
	};
	return {
		attemptsAfterFirstMinute: perMinuteAfterFirst(server.connections),
		catchUpsAfterFirstMinute: perMinuteAfterFirst(catchUps),
		attemptsPerMinute: perMinute(server.connections),
		catchUpsPerMinute: perMinute(catchUps),
		errorAfterSeconds: fatalAt === undefined ? undefined : simulated(fatalAt),
		error: fatal?.message,
	};
}

async function run() {
	const ours = await measure({ healthyAfterMs: 30_000, maxDowntimeMs: 300_000, maxConsecutiveFailures: 10, minBackfillIntervalMs: 30_000 });
	// The policy before issue 14.4: a confirmed subscription reset the backoff; catch-up on every reconnect; no time limit.
	const before = await measure({ healthyAfterMs: 0, maxDowntimeMs: 1e12, maxConsecutiveFailures: 10, minBackfillIntervalMs: 0 });
	const f = (n) => (n === undefined ? 'never' : n.toFixed(1));
	const ratio = (a, b) => (a > 0 ? `${(b / a).toFixed(0)}x fewer` : '—');
	console.log('  ours per minute:', ours.attemptsPerMinute.join(' '), 'catch-ups:', ours.catchUpsPerMinute.join(' '), ours.error);
	console.log('  before per minute:', before.attemptsPerMinute.join(' '), 'catch-ups:', before.catchUpsPerMinute.join(' '));
	return {
		title: 'Chatwoot Realtime Trigger against a flapping server (confirm, then close)',
		rows: [
			{
				metric: `Connection attempts per minute after the first minute (per minute: ours ${ours.attemptsPerMinute.join(', ')}; before ${before.attemptsPerMinute.join(', ')})`,
				ours: f(ours.attemptsAfterFirstMinute),
				baseline: `${f(before.attemptsAfterFirstMinute)} (reset on every confirmation)`,
				ratio: ratio(ours.attemptsAfterFirstMinute, before.attemptsAfterFirstMinute),
				target: '<= 6',
				met: ours.attemptsAfterFirstMinute <= 6,
			},
			{
				metric: `REST catch-ups per minute after the first minute (per minute: ours ${ours.catchUpsPerMinute.join(', ')}; before ${before.catchUpsPerMinute.join(', ')})`,
				ours: f(ours.catchUpsAfterFirstMinute),
				baseline: `${f(before.catchUpsAfterFirstMinute)} (one per reconnect)`,
				ratio: ratio(ours.catchUpsAfterFirstMinute, before.catchUpsAfterFirstMinute),
				target: '<= 2',
				met: ours.catchUpsAfterFirstMinute <= 2,
			},
			{
				metric: 'Error reported (emitError) after, with Reconnect Timeout 300 s',
				ours: `${f(ours.errorAfterSeconds)} s`,
				baseline: `${f(before.errorAfterSeconds)}${before.errorAfterSeconds === undefined ? ` within ${SIMULATED_SECONDS} s` : ' s'}`,
				ratio: '—',
				target: '<= 300 s',
				met: ours.errorAfterSeconds !== undefined && ours.errorAfterSeconds <= 300,
			},
		],
		notes: `Time compressed ${SCALE}× (every delay, interval and timeout divided by ${SCALE}; ${SIMULATED_SECONDS} simulated seconds per policy). The server closes each socket ${CLOSE_AFTER_MS} ms after confirming. Ours stopped with: "${ours.error ?? 'no error'}". Both limits are on (10 failed attempts in a row, a flap counting as one unless it stayed up 30 s; 300 s without a healthy connection): whichever is spent first ends ours, the baseline never stops. Each catch-up here is one call; in the trigger it is one conversation list plus one message page per changed conversation.`,
	};
}

module.exports = { run };
