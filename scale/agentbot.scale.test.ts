import { createHash, randomUUID } from 'crypto';
import { mkdirSync, writeFileSync } from 'fs';
import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';
import { join } from 'path';

import { messageCreatedBody, signedChatwootHeaders } from '../test/n8n-server/deliveries';
import { FakeChatwoot } from '../test/servers/chatwoot/server';

import { activate, allExecutions, createCredential, importWorkflow, nodeOutput, removeCredential, removeWorkflow, sleep, sql, literal, waitFor, webhookUrl } from './helpers/cluster';
import { addWebhookProcessor, stopWebhookProcessor, type WebhookState } from './helpers/control';

/*
 * Issue 16, queue mode: the Chatwoot Trigger as an agent bot behind TWO webhook
 * processors and one address (a small proxy here, as a load balancer in production).
 * Chatwoot's AgentBots::WebhookJob (4.15.1, app/jobs/agent_bots/webhook_job.rb +
 * lib/webhooks/trigger.rb) is played by this test: up to 3 attempts, 3 s apart, retried
 * only on 429 and 500, every attempt signed anew with the same X-Chatwoot-Delivery.
 *
 * The trigger answers 200 to every delivery it started an execution for and 429 only to
 * deliveries it did not start, so a retry Chatwoot makes because of *our* answer executes
 * once on whichever processor it lands (phase "429"). A delivery Chatwoot repeats although
 * it was executed (an answer turned into a 500 after n8n enqueued the execution, or a
 * Sidekiq re-run of the job) can land on the other processor, whose de-duplication log
 * (process memory: n8n gives a webhook node no shared atomic state; static data is neither
 * atomic nor writable from webhook()) has never seen it: measured with round-robin routing,
 * and shown to disappear when the proxy routes by X-Chatwoot-Delivery.
 * Report: .dev/scale/agentbot.json.
 */

const NODE = 'Chatwoot Trigger';
const JOBS = Number(process.env.SCALE_BOT_JOBS ?? 100);
/** Jobs per phase whose first answer the proxy turns into a 500 after the processor answered. */
const FAULTED = Number(process.env.SCALE_BOT_FAULTED ?? 20);
const LANES = 10;
const RETRY_WAIT_MS = 3000;
const REPORT_DIR = join(__dirname, '..', '.dev', 'scale');

type Routing = 'round-robin' | 'by-delivery-id';

interface Proxy {
	url: string;
	routing: Routing;
	/** Delivery ids whose next answer is replaced by a 500 (after the processor handled the request). */
	lose: Set<string>;
	requests: number[];
	close(): Promise<void>;
}

/** A load balancer on 127.0.0.1 in front of the webhook processors. */
async function startProxy(upstreams: string[]): Promise<Proxy> {
	let next = 0;
	const proxy: Proxy = { url: '', routing: 'round-robin', lose: new Set(), requests: upstreams.map(() => 0), close: async () => undefined };
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const deliveryId = String(req.headers['x-chatwoot-delivery'] ?? '');
			const index =
				proxy.routing === 'by-delivery-id'
					? createHash('sha1').update(deliveryId).digest()[0] % upstreams.length
					: next++ % upstreams.length;
			proxy.requests[index] += 1;
			const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'connection', 'content-length'].includes(k))) as Record<string, string>;
			fetch(new URL(req.url ?? '/', upstreams[index]), { method: req.method, headers, body: Buffer.concat(chunks), signal: AbortSignal.timeout(60000) })
				.then(async (answer) => {
					const body = await answer.text();
					if (proxy.lose.delete(deliveryId)) {
						res.writeHead(500, { 'content-type': 'text/plain' }).end('upstream answer lost');
						return;
					}
					res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/plain', ...(answer.headers.get('retry-after') ? { 'retry-after': answer.headers.get('retry-after')! } : {}) }).end(body);
				})
				.catch((error: Error) => res.writeHead(502).end(String(error.message)));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
	proxy.close = async () => {
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	};
	return proxy;
}

interface Job {
	deliveryId: string;
	messageId: number;
	statuses: number[];
}

/** AgentBots::WebhookJob: POST, retry on 429/500 after 3 s, at most 3 attempts, the same delivery id. */
async function runJob(url: string, secret: () => string, job: Job) {
	const body = messageCreatedBody(job.messageId, `bot message ${job.messageId}`, 2000 + (job.messageId % 50));
	for (let attempt = 1; attempt <= 3; attempt++) {
		const answer = await fetch(url, { method: 'POST', headers: signedChatwootHeaders(secret(), body, job.deliveryId), body, signal: AbortSignal.timeout(60000) });
		await answer.text();
		job.statuses.push(answer.status);
		if (![429, 500].includes(answer.status) || attempt === 3) return;
		await sleep(RETRY_WAIT_MS);
	}
}

async function runJobs(url: string, secret: () => string, jobs: Job[]) {
	let next = 0;
	await Promise.all(
		Array.from({ length: LANES }, async () => {
			while (next < jobs.length) await runJob(url, secret, jobs[next++]);
		}),
	);
}

function makeJobs(count: number, firstMessageId: number): Job[] {
	return Array.from({ length: count }, (_, i) => ({ deliveryId: randomUUID(), messageId: firstMessageId + i, statuses: [] }));
}

describe('queue mode: agent-bot retries with two webhook processors behind one address', () => {
	let cw: FakeChatwoot;
	let credentialId: string | undefined;
	let flow: { id: string; webhookId?: string };
	let second: WebhookState | undefined;
	let proxy: Proxy;
	let path: string;
	const report: Record<string, unknown> = { n8n: process.env.SCALE_N8N_VERSION, jobsPerPhase: JOBS, faultedPerPhase: FAULTED };
	const botSecret = () => String(cw.state.agentBots[0]?.secret);

	beforeAll(async () => {
		cw = await FakeChatwoot.start();
		const credential = await createCredential(`Chatwoot bot scale ${randomUUID().slice(0, 8)}`, 'chatwootApi', cw.credentials());
		credentialId = credential.id;
		flow = await importWorkflow('chatwoot-agentbot-queue.json', { chatwootApi: credential });
		second = await addWebhookProcessor();
		proxy = await startProxy([webhookUrl(), second.url]);
	});

	afterAll(async () => {
		await removeWorkflow(flow?.id);
		await removeCredential(credentialId);
		await proxy?.close();
		if (second) await stopWebhookProcessor(second.index);
		await cw?.stop();
		mkdirSync(REPORT_DIR, { recursive: true });
		writeFileSync(join(REPORT_DIR, 'agentbot.json'), `${JSON.stringify(report, null, 2)}\n`);
		process.stdout.write(`\n[scale] report (.dev/scale/agentbot.json):\n${JSON.stringify(report, null, 2)}\n`);
	});

	/** Executions per delivery id, once nothing is open and the count stopped moving. */
	async function executionsPerDelivery(expectedAtLeast: number): Promise<Map<string, number>> {
		let last = { count: -1, since: Date.now() };
		await waitFor(
			`at least ${expectedAtLeast} finished executions`,
			() => {
				const [[all, open]] = sql(`SELECT count(*), count(*) FILTER (WHERE status IN ('new', 'running', 'waiting')) FROM execution_entity WHERE "workflowId" = ${literal(flow.id)}`);
				if (Number(all) !== last.count) last = { count: Number(all), since: Date.now() };
				return Number(open) === 0 && Number(all) >= expectedAtLeast && Date.now() - last.since > 5000;
			},
			5 * 60 * 1000,
			500,
		);
		const counts = new Map<string, number>();
		for (const execution of await allExecutions(flow.id)) {
			expect(execution.status).toBe('success');
			for (const item of nodeOutput(execution, NODE)) {
				const id = String((item.webhookDelivery as { id?: unknown } | undefined)?.id);
				counts.set(id, (counts.get(id) ?? 0) + 1);
			}
		}
		return counts;
	}

	test('activation in the main creates the bot with the public URL and connects inbox 1', async () => {
		await activate(flow.id);
		// The public API may answer before the activation's create() has run to the end.
		const bot = await waitFor('the agent bot on the Chatwoot stand-in', () => cw.state.agentBots[0]);
		path = new URL(String(bot.outgoing_url)).pathname;
		expect(bot.outgoing_url).toBe(`${webhookUrl()}webhook/${String(flow.webhookId)}/webhook`);
		await waitFor('inbox 1 to be connected to the bot', () => cw.state.inboxBots[1] === bot.id);
		expect(cw.violations).toEqual([]);
	});

	test('a retry after our 429 (secret just rotated, Chatwoot API failing once) lands on the other processor and runs once', async () => {
		proxy.routing = 'round-robin';
		// POST /agent_bots/:id/reset_secret (has_secure_token: 24 base58 characters).
		cw.state.agentBots[0].secret = randomUUID().replace(/-/g, '').slice(0, 24);
		cw.once('GET', '/api/v1/accounts/:account_id/agent_bots/:id', () => ({ status: 500, body: { error: 'hiccup' } }));
		const job: Job = { deliveryId: randomUUID(), messageId: 500_000, statuses: [] };
		await runJob(new URL(path, proxy.url).href, botSecret, job);
		const counts = await executionsPerDelivery(1);
		report.retryAfter429 = { statuses: job.statuses, executions: counts.get(job.deliveryId) ?? 0 };
		expect(job.statuses).toEqual([429, 200]);
		expect(counts.get(job.deliveryId)).toBe(1);
		// Let the processor whose re-read failed read again (at most one per 5 s), so both know the new secret.
		await sleep(6000);
		await runJobs(new URL(path, proxy.url).href, botSecret, makeJobs(2, 510_000));
	});

	test.each<[Routing, number]>([
		['round-robin', 600_000],
		['by-delivery-id', 700_000],
	])('%s routing: %d… jobs, some answers lost after the execution started (Chatwoot retries those)', async (routing, firstId) => {
		proxy.routing = routing;
		const before = await executionsPerDelivery(0);
		const jobs = makeJobs(JOBS, firstId);
		const faulted = new Set(jobs.slice(0, FAULTED).map((j) => j.deliveryId));
		for (const id of faulted) proxy.lose.add(id);
		const requestsBefore = [...proxy.requests];
		const t0 = Date.now();
		await runJobs(new URL(path, proxy.url).href, botSecret, jobs);
		const seconds = (Date.now() - t0) / 1000;
		const counts = await executionsPerDelivery([...before.values()].reduce((a, b) => a + b, 0) + JOBS);

		const runs = (job: Job) => counts.get(job.deliveryId) ?? 0;
		const clean = jobs.filter((j) => !faulted.has(j.deliveryId));
		const lost = jobs.filter((j) => faulted.has(j.deliveryId));
		const twice = lost.filter((j) => runs(j) > 1).length;
		report[routing] = {
			seconds,
			requestsPerProcessor: proxy.requests.map((n, i) => n - requestsBefore[i]),
			cleanJobs: clean.length,
			cleanExecutedOnce: clean.filter((j) => runs(j) === 1).length,
			jobsWithLostAnswer: lost.length,
			lostAnswerExecutedTwice: twice,
			lostAnswerDoubleRate: Number((twice / lost.length).toFixed(2)),
			statuses: Object.fromEntries([...new Set(jobs.map((j) => j.statuses.join(',')))].map((s) => [s, jobs.filter((j) => j.statuses.join(',') === s).length])),
		};
		// Both processors served this phase, every delivery ran, none more than twice.
		expect(proxy.requests.every((n, i) => n > requestsBefore[i])).toBe(true);
		expect(jobs.every((j) => runs(j) >= 1 && runs(j) <= 2)).toBe(true);
		// Jobs Chatwoot sent once ran once, on either processor.
		expect(clean.every((j) => runs(j) === 1)).toBe(true);
		expect(lost.every((j) => j.statuses[0] === 500 && j.statuses[1] === 200)).toBe(true);
		// Routed by delivery id, the retry reaches the processor that saw the first attempt: once.
		if (routing === 'by-delivery-id') expect(twice).toBe(0);
	});
});
