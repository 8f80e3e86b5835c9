'use strict';
/**
 * Issue 15: the Chatwoot Trigger and the ChatApp Trigger against n8n's own Webhook node,
 * inside one real n8n (the pinned 2.41.1 profile, this package installed from its packed
 * tarball as the Community Nodes screen installs it; dev/lib/n8n.js), each workflow
 * "<trigger> → No Operation", the same body for a trigger and its Webhook-node baseline.
 * Measured: deliveries/s (first request until n8n is idle again, so the executions of
 * these onReceived webhooks are included) and CPU of the n8n process per delivery; plus
 * the refused path (forged signature, wrong URL secret), which must cost less than an
 * accepted delivery. Rounds of all candidates alternate (order reversed every round) so
 * the load of a shared machine spreads over all of them; ratios are per round, reported
 * as median with min–max.
 *
 * Then the same in queue mode (dev/lib/queue.js: main + webhook processor + 1 worker on
 * PostgreSQL and Redis): the CPU per delivery is the webhook processor's.
 *
 * Env: WEBHOOK_BENCH_ROUNDS (6), WEBHOOK_BENCH_PER_ROUND (100), WEBHOOK_BENCH_IN_FLIGHT (8),
 * WEBHOOK_BENCH_QUEUE=0 skips queue mode, WEBHOOK_BENCH_N8N_ENV (JSON) adds n8n settings,
 * WEBHOOK_BENCH_TRIGGER_VERSION=1 puts the triggers at version 1 (workflows made before). Quick run (< 3 min once n8n is installed):
 * WEBHOOK_BENCH_ROUNDS=2 WEBHOOK_BENCH_PER_ROUND=40 npm run bench -- webhook-n8n
 * Needs N8N_DEV_CACHE (the installed n8n) like the e2e suite.
 */
// Loaded in run(): test/package/bench.test.ts requires every bench under jest, and the
// machinery registers a TypeScript loader for the stand-ins that only `node` needs.
const machinery = () => ({ ...require('../dev/lib/n8n'), ...require('./webhook-n8n-load') });

const ROUNDS = Number(process.env.WEBHOOK_BENCH_ROUNDS ?? 6);
const PER_ROUND = Number(process.env.WEBHOOK_BENCH_PER_ROUND ?? 100);
const IN_FLIGHT = Number(process.env.WEBHOOK_BENCH_IN_FLIGHT ?? 8);
const WITH_QUEUE = process.env.WEBHOOK_BENCH_QUEUE !== '0';
/** Experiments: extra n8n settings, e.g. WEBHOOK_BENCH_N8N_ENV='{"N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE":"true"}'. */
const N8N_ENV = process.env.WEBHOOK_BENCH_N8N_ENV ? JSON.parse(process.env.WEBHOOK_BENCH_N8N_ENV) : {};

const TARGET_THROUGHPUT = 0.9;
const TARGET_CPU = 1.15;

const median = (xs) => {
	const s = [...xs].sort((a, b) => a - b);
	const m = Math.floor(s.length / 2);
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const spread = (xs) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;

/** Warm-up, then ROUNDS alternating rounds of every candidate; per candidate the list of round results. */
async function runRounds(candidates, groups, log) {
	const { send, waitIdle, measureRound } = machinery();
	for (const c of candidates) await send(c, Math.min(PER_ROUND, 30), IN_FLIGHT);
	await waitIdle(Object.values(groups).flat());
	const results = Object.fromEntries(candidates.map((c) => [c.name, []]));
	for (let r = 0; r < ROUNDS; r++) {
		const order = r % 2 === 0 ? candidates : [...candidates].reverse();
		for (const c of order) {
			const result = await measureRound(c, groups, { perRound: PER_ROUND, inFlight: IN_FLIGHT });
			results[c.name].push(result);
			log(`round ${r + 1}/${ROUNDS} ${c.name}: ${result.perSecond.toFixed(1)}/s, ${Object.entries(result.cpuMs).map(([k, v]) => `${k} ${v.toFixed(1)} ms`).join(', ')}`);
		}
	}
	return results;
}

/** Rows of one mode: per trigger, throughput and CPU ratio to its Webhook-node baseline, and refused vs accepted. */
function rows(mode, results, cpuKey) {
	const out = [];
	const cpu = (name, r) => results[name][r].cpuMs[cpuKey];
	const n = results.chatwoot.length;
	const pairs = [
		{ label: 'Chatwoot Trigger', ours: 'chatwoot', refused: 'chatwoot-forged', refusedLabel: 'forged signature', base: 'webhook-cw' },
		{ label: 'ChatApp Trigger', ours: 'chatapp', refused: 'chatapp-wrong', refusedLabel: 'wrong URL secret', base: 'webhook-ca' },
	];
	for (const p of pairs) {
		const rounds = [...Array(n).keys()];
		const tp = rounds.map((r) => results[p.ours][r].perSecond / results[p.base][r].perSecond);
		const cp = rounds.map((r) => cpu(p.ours, r) / cpu(p.base, r));
		const rf = rounds.map((r) => cpu(p.refused, r) / cpu(p.ours, r));
		const med = (name, f) => median(results[name].map(f));
		out.push(
			{
				metric: `${mode}: ${p.label} deliveries/s`,
				ours: med(p.ours, (x) => x.perSecond).toFixed(1),
				baseline: `${med(p.base, (x) => x.perSecond).toFixed(1)} (Webhook node)`,
				ratio: `${median(tp).toFixed(2)}x (${spread(tp)})`,
				target: `≥ ${TARGET_THROUGHPUT}x`,
				met: median(tp) >= TARGET_THROUGHPUT,
			},
			{
				metric: `${mode}: ${p.label} CPU per delivery (${cpuKey})`,
				ours: `${med(p.ours, (x) => x.cpuMs[cpuKey]).toFixed(1)} ms`,
				baseline: `${med(p.base, (x) => x.cpuMs[cpuKey]).toFixed(1)} ms (Webhook node)`,
				ratio: `${median(cp).toFixed(2)}x (${spread(cp)})`,
				target: `≤ ${TARGET_CPU}x`,
				met: median(cp) <= TARGET_CPU,
			},
			{
				metric: `${mode}: ${p.label} ${p.refusedLabel}, CPU per refused delivery`,
				ours: `${med(p.refused, (x) => x.cpuMs[cpuKey]).toFixed(1)} ms`,
				baseline: `${med(p.ours, (x) => x.cpuMs[cpuKey]).toFixed(1)} ms (accepted)`,
				ratio: `${median(rf).toFixed(2)}x (${spread(rf)})`,
				target: '< 1x',
				met: median(rf) < 1,
			},
		);
	}
	if (cpuKey === 'webhook' && results.chatwoot[0].cpuMs.workers !== undefined) {
		for (const [label, ours, base] of [
			['Chatwoot Trigger', 'chatwoot', 'webhook-cw'],
			['ChatApp Trigger', 'chatapp', 'webhook-ca'],
		]) {
			const w = [...Array(n).keys()].map((r) => results[ours][r].cpuMs.workers / results[base][r].cpuMs.workers);
			out.push({
				metric: `${mode}: ${label} worker CPU per delivery (informational)`,
				ours: `${median(results[ours].map((x) => x.cpuMs.workers)).toFixed(1)} ms`,
				baseline: `${median(results[base].map((x) => x.cpuMs.workers)).toFixed(1)} ms (Webhook node)`,
				ratio: `${median(w).toFixed(2)}x (${spread(w)})`,
			});
		}
	}
	return out;
}

async function regular(log) {
	const { startHeadless, setUp } = machinery();
	const n8n = await startHeadless({ env: N8N_ENV });
	let bench;
	try {
		bench = await setUp(n8n.api, n8n.url);
		const results = await runRounds(bench.candidates, { n8n: [n8n.pid] }, (m) => log(`regular ${m}`));
		return { results, sizes: bench.sizes, version: n8n.version };
	} finally {
		await bench?.stop().catch(() => undefined);
		await n8n.stop();
	}
}

async function queue(log) {
	const { startQueueCluster } = require('../dev/lib/queue');
	const { setUp } = machinery();
	const cluster = await startQueueCluster({ workers: 1, concurrency: 10, dbPoolSize: 10, logLevel: 'warn', env: N8N_ENV });
	let bench;
	try {
		bench = await setUp(cluster.main.api, cluster.webhookUrl);
		const groups = { webhook: [cluster.webhook.pid], workers: cluster.workers.map((w) => w.pid) };
		const results = await runRounds(bench.candidates, groups, (m) => log(`queue ${m}`));
		return { results };
	} finally {
		await bench?.stop().catch(() => undefined);
		await cluster.stop();
	}
}

async function run() {
	const log = (m) => console.log(`  [webhook-n8n] ${m}`);
	const reg = await regular(log);
	const out = rows('regular', reg.results, 'n8n');
	if (WITH_QUEUE) out.push(...rows('queue', (await queue(log)).results, 'webhook'));
	return {
		title: 'Webhook triggers inside n8n against n8n’s Webhook node',
		rows: out,
		notes:
			`n8n ${reg.version}, one process (regular mode, SQLite)${WITH_QUEUE ? '; queue mode: main + webhook processor + 1 worker (concurrency 10), PostgreSQL + Redis' : ''}. ` +
			`Workflows "<trigger> → No Operation": Chatwoot Trigger (account webhook, signed, message_created), ChatApp Trigger (message), n8n Webhook node (POST, onReceived). ` +
			`Bodies: Chatwoot message_created (test/Chatwoot/fixtures/webhooks, ${reg.sizes.chatwoot} B; the Webhook node gets the same bytes and headers), ChatApp message (${reg.sizes.chatapp} B). ` +
			`${ROUNDS} alternating rounds × ${PER_ROUND} deliveries per candidate, ${IN_FLIGHT} in flight, after a warm-up. ` +
			'Deliveries/s: first request until the n8n processes are idle again (executions included). CPU: utime + stime of /proc/<pid>/stat over the same span, per delivery; queue mode counts the webhook processor (the workers are listed apart). ' +
			'Ratios are per round (ours / Webhook node of the same round), median (min–max). The machine is shared (2 cores, other jobs running): the spread is real noise. Profile and findings: the section below.',
	};
}

module.exports = { run };

if (require.main === module) {
	run()
		.then((r) => console.log(JSON.stringify(r, null, 2)))
		.catch((error) => {
			console.error(error);
			process.exit(1);
		});
}
