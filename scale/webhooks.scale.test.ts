import { randomUUID } from 'crypto';
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';

import { chatAppMessageDelivery, messageCreatedBody, signedChatwootHeaders } from '../test/n8n-server/deliveries';
import { ACCOUNT as CHATAPP_ACCOUNT, startChatAppServer, type ChatAppServer } from '../test/servers/chatapp/server';
import { FakeChatwoot } from '../test/servers/chatwoot/server';

import {
	activate,
	allExecutions,
	cpuSeconds,
	createCredential,
	deactivate,
	executionsInLog,
	importWorkflow,
	literal,
	mainUrl,
	nodeOutput,
	processes,
	redis,
	removeCredential,
	removeWorkflow,
	sleep,
	sql,
	waitFor,
	webhookUrl,
} from './helpers/cluster';

/*
 * Queue mode at scale (issue: "test:scale"). n8n 2.x runs as one main, one webhook
 * processor and two workers on PostgreSQL + Redis (scale/globalSetup.js). The Chatwoot
 * Trigger and the ChatApp Trigger are activated through the main's public API, so their
 * registrations (webhook id, signing secret / URL secret) are written by the main, while
 * every delivery is received by the webhook processor and every execution runs on a
 * worker. 1,000 signed Chatwoot deliveries and 1,000 ChatApp deliveries, with forged and
 * repeated ones mixed in, go to the webhook processor at most 50 at a time; the run must
 * end with exactly 2,000 executions: each event once, all successful, none forged.
 * Timings are reported (.dev/scale/webhooks.json), never asserted.
 */

const PER_SOURCE = Number(process.env.SCALE_DELIVERIES ?? 1000);
const MAX_IN_FLIGHT = Number(process.env.SCALE_IN_FLIGHT ?? 50);
const FORGED_PER_KIND = 20;
const REPEATS_PER_SOURCE = 25;
const TO_MAIN = 5;
const DRAIN_TIMEOUT_MS = Number(process.env.SCALE_DRAIN_TIMEOUT_MS ?? 20 * 60 * 1000);

const CW_NODE = 'Chatwoot Trigger';
const CA_NODE = 'ChatApp Trigger';
const REPORT_DIR = join(__dirname, '..', '.dev', 'scale');

type Kind =
	| 'cw' // genuine, signed Chatwoot delivery
	| 'ca' // genuine ChatApp delivery to the registered callback URL
	| 'cw-repeat' // Chatwoot's retry: same X-Chatwoot-Delivery id and body, fresh signature
	| 'ca-repeat' // the same ChatApp event delivered again
	| 'cw-bad-signature'
	| 'cw-tampered'
	| 'cw-unsigned'
	| 'cw-stale'
	| 'cw-wrong-url'
	| 'ca-wrong-secret'
	| 'ca-no-secret'
	| 'cw-to-main' // genuine-looking, but to the main, which must not serve production webhooks
	| 'ca-to-main';

interface Request {
	url: string;
	headers: Record<string, string>;
	body: string;
}

interface Delivery {
	kind: Kind;
	/** Event id the execution would carry (`cw:<message id>`, `ca:<message id>`). */
	key: string;
	/** Built at send time, so signatures carry a current timestamp. */
	build: () => Request;
}

interface Outcome {
	delivery: Delivery;
	status: number;
	body: string;
	ms: number;
	error?: string;
}

interface Hook {
	id: number;
	url: string;
	secret: string;
}

/** Small seeded PRNG: the mix is shuffled the same way on every run. */
function mulberry32(seed: number): () => number {
	let a = seed;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function shuffle<T>(list: T[], random: () => number): T[] {
	for (let i = list.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[list[i], list[j]] = [list[j], list[i]];
	}
	return list;
}

/** Conversations spread over 97 ids, as real traffic would be. */
const cwMessage = (id: number, content: string): string => messageCreatedBody(id, content, 1000 + (id % 97));
const cwHeaders = signedChatwootHeaders;

const caMessage = (id: string, text: string): string => JSON.stringify(chatAppMessageDelivery(id, text));

/** Sends every delivery with at most `limit` requests in flight (a fixed pool of lanes). */
async function sendAll(deliveries: Delivery[], limit: number): Promise<{ outcomes: Outcome[]; maxInFlight: number }> {
	const outcomes: Outcome[] = new Array(deliveries.length);
	let next = 0;
	let inFlight = 0;
	let maxInFlight = 0;
	async function lane() {
		while (next < deliveries.length) {
			const index = next++;
			const delivery = deliveries[index];
			const request = delivery.build();
			const t0 = performance.now();
			inFlight++;
			maxInFlight = Math.max(maxInFlight, inFlight);
			try {
				const res = await fetch(request.url, {
					method: 'POST',
					headers: request.headers,
					body: request.body,
					signal: AbortSignal.timeout(180000),
				});
				const body = await res.text();
				outcomes[index] = { delivery, status: res.status, body, ms: performance.now() - t0 };
			} catch (error) {
				outcomes[index] = { delivery, status: 0, body: '', ms: performance.now() - t0, error: String((error as Error).cause ?? error) };
			} finally {
				inFlight--;
			}
		}
	}
	await Promise.all(Array.from({ length: Math.min(limit, deliveries.length) }, lane));
	return { outcomes, maxInFlight };
}

function percentile(values: number[], p: number): number {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const round = (n: number, digits = 1) => Number(n.toFixed(digits));

function countBy<T>(list: T[], key: (item: T) => string): Record<string, number> {
	const out: Record<string, number> = {};
	for (const item of list) out[key(item)] = (out[key(item)] ?? 0) + 1;
	return out;
}

describe('queue mode: Chatwoot and ChatApp webhook deliveries at scale', () => {
	let cw: FakeChatwoot;
	let chatApp: ChatAppServer;
	const credentialIds: string[] = [];
	let cwFlow: { id: string; webhookId: string };
	let caFlow: { id: string; webhookId: string };
	let hook: Hook;
	let callbackUrl: string;
	let outcomes: Outcome[] = [];
	/** CPU seconds per process when the deliveries started. */
	let cpuBefore: Record<string, number | undefined> = {};
	let executionIds: string[] = [];
	const report: Record<string, unknown> = {
		n8n: process.env.SCALE_N8N_VERSION,
		setupSeconds: Number(process.env.SCALE_SETUP_SECONDS),
		workers: processes().filter((p) => p.role === 'worker').length,
		workerConcurrency: Number(process.env.SCALE_WORKER_CONCURRENCY),
		dbPoolSize: process.env.SCALE_DB_POOL_SIZE_USED,
		extraN8nEnv: process.env.SCALE_N8N_ENV_USED || undefined,
		deliveriesPerSource: PER_SOURCE,
		maxInFlight: MAX_IN_FLIGHT,
	};

	beforeAll(async () => {
		cw = await FakeChatwoot.start();
		chatApp = await startChatAppServer();
		const cwCredential = await createCredential(`Chatwoot scale ${randomUUID().slice(0, 8)}`, 'chatwootApi', cw.credentials());
		const caCredential = await createCredential(`ChatApp scale ${randomUUID().slice(0, 8)}`, 'chatAppApi', {
			email: CHATAPP_ACCOUNT.email,
			password: CHATAPP_ACCOUNT.password,
			appId: CHATAPP_ACCOUNT.appId,
			apiBaseUrl: chatApp.url,
		});
		credentialIds.push(cwCredential.id, caCredential.id);
		const withWebhook = ({ id, webhookId }: { id: string; webhookId?: string }) => ({ id, webhookId: webhookId! });
		cwFlow = withWebhook(await importWorkflow('chatwoot-trigger-queue.json', { chatwootApi: cwCredential }));
		caFlow = withWebhook(await importWorkflow('chatapp-trigger-queue.json', { chatAppApi: caCredential }));
	});

	afterAll(async () => {
		await removeWorkflow(cwFlow?.id);
		await removeWorkflow(caFlow?.id);
		for (const id of credentialIds) await removeCredential(id);
		await cw?.stop();
		await chatApp?.close();
		mkdirSync(REPORT_DIR, { recursive: true });
		writeFileSync(join(REPORT_DIR, 'webhooks.json'), `${JSON.stringify(report, null, 2)}\n`);
		process.stdout.write(`\n[scale] report (.dev/scale/webhooks.json):\n${JSON.stringify(report, null, 2)}\n`);
	});

	test('activation through the main registers the webhook processor URL at Chatwoot and ChatApp', async () => {
		const t0 = Date.now();
		await activate(cwFlow.id);
		await activate(caFlow.id);
		report.activationSeconds = (Date.now() - t0) / 1000;

		hook = await waitFor('the webhook on the Chatwoot stand-in', () => cw.state.webhooks[0] as unknown as Hook | undefined);
		expect(cw.state.webhooks).toHaveLength(1);
		// N8N_WEBHOOK_URL is the webhook processor's: that is what Chatwoot is told to call.
		expect(hook.url).toBe(`${webhookUrl()}webhook/${cwFlow.webhookId}/webhook`);
		expect(hook.url.startsWith(mainUrl())).toBe(false);
		expect(hook.secret).toEqual(expect.any(String));
		expect(cw.violations).toEqual([]);

		const registered = await waitFor('the callback URL on the ChatApp stand-in', () => chatApp.state.callbackUrls.get('1229/grWhatsApp'));
		callbackUrl = registered.url;
		expect(callbackUrl.startsWith(`${webhookUrl()}webhook/${caFlow.webhookId}/webhook?secret=`)).toBe(true);
		expect(registered.events).toEqual(['message']);

		// The main wrote the registration into the workflow's static data in PostgreSQL;
		// that row is all the webhook processor (another process) has to verify deliveries.
		// (Node static data is stored under "node:<node name>".)
		const staticData = (workflowId: string) =>
			JSON.parse(sql(`SELECT "staticData"::text FROM workflow_entity WHERE id = ${literal(workflowId)}`)[0][0]) as Record<string, Record<string, unknown>>;
		const cwRegistrations = staticData(cwFlow.id)[`node:${CW_NODE}`]?.registrations as { production?: Record<string, unknown> } | undefined;
		expect(cwRegistrations?.production).toMatchObject({ source: 'accountWebhook', secret: hook.secret, webhookId: hook.id, url: hook.url });
		const caSecret = staticData(caFlow.id)[`node:${CA_NODE}`]?.secret;
		expect(caSecret).toEqual(expect.any(String));
		expect(new URL(callbackUrl).searchParams.get('secret')).toBe(caSecret);
	});

	test(`${PER_SOURCE} signed Chatwoot + ${PER_SOURCE} ChatApp deliveries, forged and repeated ones mixed in, at most ${MAX_IN_FLIGHT} in flight: every answer as expected`, async () => {
		const random = mulberry32(20260521);
		const deliveries: Delivery[] = [];
		const productionUrl = (base: string, webhookId: string) => `${base}webhook/${webhookId}/webhook`;

		const cwGenuine: Array<{ id: number; body: string; deliveryId: string }> = [];
		for (let i = 0; i < PER_SOURCE; i++) {
			const item = { id: 100000 + i, body: cwMessage(100000 + i, `scale message ${i} <ok> & more`), deliveryId: randomUUID() };
			cwGenuine.push(item);
			deliveries.push({ kind: 'cw', key: `cw:${item.id}`, build: () => ({ url: hook.url, headers: cwHeaders(hook.secret, item.body, item.deliveryId), body: item.body }) });
		}
		const caGenuine: Array<{ id: string; body: string }> = [];
		for (let i = 0; i < PER_SOURCE; i++) {
			const item = { id: `scale-ca-${String(i).padStart(6, '0')}`, body: caMessage(`scale-ca-${String(i).padStart(6, '0')}`, `hello ${i}`) };
			caGenuine.push(item);
			deliveries.push({ kind: 'ca', key: `ca:${item.id}`, build: () => ({ url: callbackUrl, headers: { 'content-type': 'application/json' }, body: item.body }) });
		}
		// Repeats of genuine events: must be answered 200 and start nothing more.
		for (const item of shuffle([...cwGenuine], random).slice(0, REPEATS_PER_SOURCE)) {
			deliveries.push({ kind: 'cw-repeat', key: `cw:${item.id}`, build: () => ({ url: hook.url, headers: cwHeaders(hook.secret, item.body, item.deliveryId), body: item.body }) });
		}
		for (const item of shuffle([...caGenuine], random).slice(0, REPEATS_PER_SOURCE)) {
			deliveries.push({ kind: 'ca-repeat', key: `ca:${item.id}`, build: () => ({ url: callbackUrl, headers: { 'content-type': 'application/json' }, body: item.body }) });
		}
		// Forged: their event ids (9xxxxx, forged-*) must never show up in an execution.
		for (let k = 0; k < FORGED_PER_KIND; k++) {
			const id = (base: number) => base + k;
			const forged = (kind: Kind, key: string, build: () => Request) => deliveries.push({ kind, key, build });
			forged('cw-bad-signature', `cw:${id(900000)}`, () => {
				const body = cwMessage(id(900000), 'forged');
				return { url: hook.url, headers: cwHeaders('not-the-secret', body, randomUUID()), body };
			});
			forged('cw-tampered', `cw:${id(910000)}`, () => {
				const body = cwMessage(id(910000), 'tampered');
				return { url: hook.url, headers: cwHeaders(hook.secret, cwMessage(id(910000), 'original'), randomUUID()), body };
			});
			forged('cw-unsigned', `cw:${id(920000)}`, () => ({ url: hook.url, headers: { 'content-type': 'application/json' }, body: cwMessage(id(920000), 'unsigned') }));
			forged('cw-stale', `cw:${id(930000)}`, () => {
				const body = cwMessage(id(930000), 'captured an hour ago');
				return { url: hook.url, headers: cwHeaders(hook.secret, body, randomUUID(), Math.floor(Date.now() / 1000) - 3600), body };
			});
			forged('cw-wrong-url', `cw:${id(940000)}`, () => {
				const body = cwMessage(id(940000), 'wrong url');
				return { url: productionUrl(webhookUrl(), randomUUID()), headers: cwHeaders(hook.secret, body, randomUUID()), body };
			});
			forged('ca-wrong-secret', `ca:forged-secret-${k}`, () => {
				const url = new URL(callbackUrl);
				url.searchParams.set('secret', 'wrong');
				return { url: url.href, headers: { 'content-type': 'application/json' }, body: caMessage(`forged-secret-${k}`, 'forged') };
			});
			forged('ca-no-secret', `ca:forged-nosecret-${k}`, () => {
				const url = new URL(callbackUrl);
				url.searchParams.delete('secret');
				return { url: url.href, headers: { 'content-type': 'application/json' }, body: caMessage(`forged-nosecret-${k}`, 'forged') };
			});
		}
		// Correct in every way but sent to the main (N8N_DISABLE_PRODUCTION_MAIN_PROCESS=true).
		for (let k = 0; k < TO_MAIN; k++) {
			deliveries.push({
				kind: 'cw-to-main',
				key: `cw:${950000 + k}`,
				build: () => {
					const body = cwMessage(950000 + k, 'to the main');
					return { url: productionUrl(mainUrl(), cwFlow.webhookId), headers: cwHeaders(hook.secret, body, randomUUID()), body };
				},
			});
			deliveries.push({
				kind: 'ca-to-main',
				key: `ca:to-main-${k}`,
				build: () => ({
					url: callbackUrl.replace(webhookUrl(), mainUrl()),
					headers: { 'content-type': 'application/json' },
					body: caMessage(`to-main-${k}`, 'to the main'),
				}),
			});
		}
		shuffle(deliveries, random);

		cpuBefore = Object.fromEntries(processes().map((p) => [p.name, cpuSeconds(p.pid)]));
		const jobsBefore = Number(redis('GET', 'bull:jobs:id') || 0);
		report.bullJobIdBefore = jobsBefore;
		const t0 = Date.now();
		const sent = await sendAll(deliveries, MAX_IN_FLIGHT);
		const sendSeconds = (Date.now() - t0) / 1000;
		outcomes = sent.outcomes;
		report.sendStartedAt = new Date(t0).toISOString();
		report.sendEndedAt = new Date(t0 + sendSeconds * 1000).toISOString();

		const genuine = outcomes.filter((o) => o.delivery.kind === 'cw' || o.delivery.kind === 'ca');
		const ms = genuine.map((o) => o.ms);
		report.send = {
			requests: outcomes.length,
			byKind: countBy(outcomes, (o) => o.delivery.kind),
			maxInFlightObserved: sent.maxInFlight,
			seconds: round(sendSeconds, 2),
			requestsPerSecond: round(outcomes.length / sendSeconds),
			genuinePerSecond: round(genuine.length / sendSeconds),
			genuineLatencyMs: { p50: round(percentile(ms, 50)), p95: round(percentile(ms, 95)), max: round(Math.max(...ms)) },
			statusByKind: Object.fromEntries(
				[...new Set(outcomes.map((o) => o.delivery.kind))].map((kind) => [kind, countBy(outcomes.filter((o) => o.delivery.kind === kind), (o) => String(o.status))]),
			),
			errors: outcomes.filter((o) => o.error).slice(0, 5).map((o) => `${o.delivery.kind}: ${o.error}`),
		};

		expect(sent.maxInFlight).toBeLessThanOrEqual(MAX_IN_FLIGHT);
		const expected: Record<Kind, number | 'not-2xx'> = {
			cw: 200,
			ca: 200,
			'cw-repeat': 200,
			'ca-repeat': 200,
			'cw-bad-signature': 401,
			'cw-tampered': 401,
			'cw-unsigned': 401,
			'cw-stale': 401,
			'cw-wrong-url': 404,
			'ca-wrong-secret': 401,
			'ca-no-secret': 401,
			'cw-to-main': 'not-2xx',
			'ca-to-main': 'not-2xx',
		};
		const unexpected = outcomes.filter((o) => {
			const want = expected[o.delivery.kind];
			// status 0 = no answer at all (connection error): never what we want.
			return want === 'not-2xx' ? o.status < 300 : o.status !== want;
		});
		expect(unexpected.slice(0, 10).map((o) => `${o.delivery.kind} ${o.delivery.key} → ${o.status} ${o.error ?? o.body.slice(0, 200)}`)).toEqual([]);

		// Of each Chatwoot delivery and its repeat, exactly one was answered as a duplicate
		// (whichever the webhook processor checked second).
		for (const repeat of outcomes.filter((o) => o.delivery.kind === 'cw-repeat')) {
			const pair = outcomes.filter((o) => o.delivery.key === repeat.delivery.key);
			expect(pair).toHaveLength(2);
			expect(pair.filter((o) => o.body.includes('duplicate_delivery'))).toHaveLength(1);
		}
	});

	test(`exactly ${2 * PER_SOURCE} executions: each genuine event once, all successful, none from forged or repeated deliveries`, async () => {
		const total = 2 * PER_SOURCE;
		const ids = `${literal(cwFlow.id)}, ${literal(caFlow.id)}`;
		const t0 = Date.now();
		// Every accepted delivery already has its execution row (n8n answers an "onReceived"
		// webhook only after WorkflowRunner.run() stored and enqueued it), so the run is over
		// when no execution is open and either all are there or the count stopped moving.
		let last = { count: -1, since: Date.now() };
		const reached = await waitFor(
			`${total} finished executions`,
			() => {
				const [[all, open]] = sql(`SELECT count(*), count(*) FILTER (WHERE status IN ('new', 'running', 'waiting')) FROM execution_entity WHERE "workflowId" IN (${ids})`);
				const count = Number(all);
				if (count !== last.count) last = { count, since: Date.now() };
				if (Number(open) > 0) return false;
				if (count >= total) return 'all';
				return Date.now() - last.since > 30000 ? 'stuck' : false;
			},
			DRAIN_TIMEOUT_MS,
			500,
		);
		const seenDoneAfter = (Date.now() - t0) / 1000;
		report.drainOutcome = reached;
		// CPU each process spent on the deliveries and executions (independent of what else
		// runs on the machine): what one delivery costs the webhook processor, one execution a worker.
		report.cpuSeconds = Object.fromEntries(
			processes().map((p) => {
				const used = (cpuSeconds(p.pid) ?? NaN) - (cpuBefore[p.name] ?? NaN);
				return [p.name, round(used, 2)];
			}),
		);
		// Anything late (a duplicate, a re-run stalled job) would show up now.
		await sleep(10000);

		const rows = sql(`SELECT "workflowId", status, mode, count(*) FROM execution_entity WHERE "workflowId" IN (${ids}) GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`);
		const summary = rows
			.map(([workflowId, status, mode, count]) => ({ workflow: workflowId === cwFlow.id ? 'chatwoot' : 'chatapp', status, mode, count: Number(count) }))
			.sort((a, b) => a.workflow.localeCompare(b.workflow));
		report.executions = summary;
		expect(summary).toEqual([
			{ workflow: 'chatapp', status: 'success', mode: 'webhook', count: PER_SOURCE },
			{ workflow: 'chatwoot', status: 'success', mode: 'webhook', count: PER_SOURCE },
		]);

		// Timings from the database: created (webhook processor) → started / stopped (worker).
		const [[firstCreated, lastCreated, lastStopped]] = sql(
			`SELECT extract(epoch FROM min("createdAt")) * 1000, extract(epoch FROM max("createdAt")) * 1000, extract(epoch FROM max("stoppedAt")) * 1000 FROM execution_entity WHERE "workflowId" IN (${ids})`,
		);
		const waits = sql(`SELECT extract(epoch FROM ("startedAt" - "createdAt")) * 1000, extract(epoch FROM ("stoppedAt" - "startedAt")) * 1000 FROM execution_entity WHERE "workflowId" IN (${ids})`).map(
			([queued, ran]) => ({ queued: Number(queued), ran: Number(ran) }),
		);
		const sendEnded = Date.parse(String(report.sendEndedAt));
		const span = (Number(lastStopped) - Number(firstCreated)) / 1000;
		report.drain = {
			firstCreatedToLastStoppedSeconds: round(span, 2),
			executionsPerSecond: round(total / span),
			lastCreatedToLastStoppedSeconds: round((Number(lastStopped) - Number(lastCreated)) / 1000, 2),
			lastResponseToLastStoppedSeconds: round((Number(lastStopped) - sendEnded) / 1000, 2),
			pollSawAllDoneAfterSeconds: round(seenDoneAfter, 1),
			queueWaitMs: { p50: round(percentile(waits.map((w) => w.queued), 50)), p95: round(percentile(waits.map((w) => w.queued), 95)), max: round(Math.max(...waits.map((w) => w.queued))) },
			runMs: { p50: round(percentile(waits.map((w) => w.ran), 50)), p95: round(percentile(waits.map((w) => w.ran), 95)) },
		};

		// Every genuine event exactly once, by the event id in the trigger's output.
		const cwExecutions = await allExecutions(cwFlow.id);
		const caExecutions = await allExecutions(caFlow.id);
		executionIds = [...cwExecutions, ...caExecutions].map((e) => String(e.id));
		const seen = new Map<string, number>();
		const itemsPerExecution: number[] = [];
		for (const execution of cwExecutions) {
			const items = nodeOutput(execution, CW_NODE);
			itemsPerExecution.push(items.length);
			for (const item of items) {
				const key = `cw:${String(item.id)}`;
				seen.set(key, (seen.get(key) ?? 0) + 1);
				expect(item.webhookDelivery).toMatchObject({ signatureVerified: true });
			}
		}
		for (const execution of caExecutions) {
			const items = nodeOutput(execution, CA_NODE);
			itemsPerExecution.push(items.length);
			for (const item of items) {
				const key = `ca:${String((item.item as { id?: unknown } | undefined)?.id)}`;
				seen.set(key, (seen.get(key) ?? 0) + 1);
			}
		}
		expect(itemsPerExecution.filter((n) => n !== 1)).toEqual([]);

		// The registrations the main wrote are intact after the run. The webhook processor
		// writes static data back too (the whole object it loaded), but only for requests
		// that start no execution: n8n 2.41.1 drops the static-data changes of a webhook()
		// that starts one (see e2e/README.md). So the de-duplication keys kept there can
		// only be those of repeated deliveries; the process-wide log did the real work.
		const staticData = (workflowId: string) =>
			JSON.parse(sql(`SELECT "staticData"::text FROM workflow_entity WHERE id = ${literal(workflowId)}`)[0][0]) as Record<string, Record<string, unknown>>;
		const cwNodeData = staticData(cwFlow.id)[`node:${CW_NODE}`] ?? {};
		const caNodeData = staticData(caFlow.id)[`node:${CA_NODE}`] ?? {};
		expect((cwNodeData.registrations as { production?: Record<string, unknown> } | undefined)?.production).toMatchObject({ secret: hook.secret, webhookId: hook.id });
		expect(caNodeData.secret).toBe(new URL(callbackUrl).searchParams.get('secret'));
		report.staticDataAfterRun = {
			chatwootRecentDeliveryKeys: Object.keys((cwNodeData.recentDeliveries as Record<string, Record<string, unknown>> | undefined)?.production ?? {}).length,
			chatAppDedupeKeys: Object.keys((caNodeData.dedupe as Record<string, unknown> | undefined) ?? {}).length,
		};
		const genuineKeys = new Set(outcomes.filter((o) => o.delivery.kind === 'cw' || o.delivery.kind === 'ca').map((o) => o.delivery.key));
		expect(genuineKeys.size).toBe(total);
		const missing = [...genuineKeys].filter((key) => !seen.has(key));
		const duplicated = [...seen].filter(([, n]) => n > 1).map(([key]) => key);
		const foreign = [...seen.keys()].filter((key) => !genuineKeys.has(key));
		const cpu = report.cpuSeconds as Record<string, number>;
		const workerCpu = processes()
			.filter((p) => p.role === 'worker')
			.reduce((sum, p) => sum + (cpu[p.name] ?? 0), 0);
		report.cpuMs = {
			webhookProcessorPerRequest: round(((cpu.webhook ?? NaN) * 1000) / outcomes.length),
			workersPerExecution: round((workerCpu * 1000) / total),
			mainPerExecution: round(((cpu.main ?? NaN) * 1000) / total),
		};
		report.events = { expected: total, seen: seen.size, missing: missing.length, duplicated: duplicated.length, forgedOrUnknown: foreign.length };
		expect({ missing, duplicated, foreign }).toEqual({ missing: [], duplicated: [], foreign: [] });
		expect(executionIds).toHaveLength(total);
	});

	test('the executions ran on the workers (each exactly once), none on the main or the webhook processor; Bull saw exactly one job per execution', () => {
		const byProcess = processes().map((p) => ({ ...p, ...executionsInLog(p.logFile) }));
		const mine = new Set(executionIds);
		const workers = byProcess.filter((p) => p.role === 'worker');
		const ranOn = new Map<string, string[]>();
		for (const worker of workers) {
			for (const id of worker.started.filter((id) => mine.has(id))) ranOn.set(id, [...(ranOn.get(id) ?? []), worker.name]);
		}
		report.perProcess = Object.fromEntries(
			byProcess.map((p) => [
				p.name,
				{ pid: p.pid, started: p.started.filter((id) => mine.has(id)).length, finished: p.finished.filter((id) => mine.has(id)).length, enqueued: p.enqueued.filter((id) => mine.has(id)).length },
			]),
		);

		// Each execution was started by exactly one worker, and finished there.
		expect(executionIds.filter((id) => ranOn.get(id)?.length !== 1)).toEqual([]);
		for (const worker of workers) {
			const started = worker.started.filter((id) => mine.has(id)).sort();
			const finished = worker.finished.filter((id) => mine.has(id)).sort();
			expect(finished).toEqual(started);
		}
		// Both workers took part (Bull hands jobs to whichever worker asks first).
		expect(workers.every((w) => w.started.some((id) => mine.has(id)))).toBe(true);
		// Not one ran on the main or the webhook processor; the webhook processor enqueued them
		// all. (Filtered by id: other suites on this cluster have the main enqueue executions
		// of its realtime triggers.)
		for (const p of byProcess.filter((q) => q.role !== 'worker')) expect(p.started.filter((id) => mine.has(id))).toEqual([]);
		const webhook = byProcess.find((p) => p.role === 'webhook')!;
		expect(webhook.enqueued.filter((id) => mine.has(id)).sort()).toEqual([...mine].sort());
		expect(byProcess.find((p) => p.role === 'main')!.enqueued.filter((id) => mine.has(id))).toEqual([]);

		// Bull: job ids are a counter; forged and repeated deliveries enqueued nothing.
		const jobsAfter = Number(redis('GET', 'bull:jobs:id'));
		report.bull = { jobsAdded: jobsAfter - Number(report.bullJobIdBefore), waiting: Number(redis('LLEN', 'bull:jobs:wait')), active: Number(redis('LLEN', 'bull:jobs:active')) };
		expect(report.bull).toEqual({ jobsAdded: executionIds.length, waiting: 0, active: 0 });
	});

	test('deactivation through the main removes both registrations', async () => {
		await deactivate(cwFlow.id);
		await deactivate(caFlow.id);
		await waitFor('the Chatwoot webhook to be deleted', () => cw.state.webhooks.length === 0);
		expect(cw.calls({ method: 'DELETE', path: `/api/v1/accounts/1/webhooks/${hook.id}` })).toHaveLength(1);
		await waitFor('the ChatApp callback URL to be removed', () => !chatApp.state.callbackUrls.has('1229/grWhatsApp'));
		expect(cw.violations).toEqual([]);
	});
});
