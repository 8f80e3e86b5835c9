import { randomBytes, randomUUID } from 'crypto';
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';

import { messagePush } from '../test/Chatwoot/realtime/payloads';
import { readWorkflow as readFixture } from '../test/n8n-server/publicApi';
import { ActionCableTestServer, ensureRubyActionCable } from '../test/servers/actioncable/server';
import { FakeChatwoot } from '../test/servers/chatwoot/server';
import { startFakeChatApp, TEST_ACCOUNT, TEST_APP, type FakeChatApp } from '../test/servers/pusher';

import {
	activate,
	allExecutions,
	apiOk,
	chatAppCredentialData,
	createCredential,
	executionsInLog,
	nodeOutput,
	processes,
	removeCredential,
	removeWorkflow,
	sleep,
	waitFor,
	type Execution,
} from './helpers/cluster';
import { clusterState, killWorker, pidsConnectedTo, restartWorker } from './helpers/control';

/*
 * Issue 8, realtime half of queue mode: the Chatwoot Realtime Trigger (ActionCable, real
 * Ruby server) and the ChatApp Realtime Trigger (Pusher protocol) are active in a
 * queue-mode cluster. n8n runs trigger nodes in the main process only, so each socket
 * must be held by the main; every event becomes a Bull job run by a worker. Each
 * workflow holds its execution on the worker for a second (a Wait node), so killing a
 * worker (SIGKILL of its process group) takes executions down with it. n8n does not
 * retry such jobs (Bull's maxStalledCount is 0): the triggers see the lost execution
 * through the done-promise of their emit and emit the event again
 * (nodes/shared/n8n/redelivery.ts). Result to prove: every event exactly once among the
 * successful executions, all of them run by workers.
 */

const CW_NODE = 'Chatwoot Realtime Trigger';
const CA_NODE = 'ChatApp Realtime Trigger';
const ACCOUNT = 1;
const USER_ID = 1;
const CHANNEL = 'private-v1.licenses.1229.messengers.grWhatsApp';
/** Events per trigger, sent at about 10 per second each. */
const EVENTS = Number(process.env.SCALE_REALTIME_EVENTS ?? 150);
const CW_FIRST_ID = 100_001;
const REPORT_DIR = join(__dirname, '..', '.dev', 'scale');
const CA_FIRST_ID = 200_001;

function readWorkflow(file: string): { nodes: Array<Record<string, unknown> & { name: string; parameters: Record<string, unknown> }> } & Record<string, unknown> {
	return readFixture(file) as ReturnType<typeof readWorkflow>;
}

/** The event id an execution's trigger output holds (Chatwoot message id / ChatApp item id). */
function eventIdOf(execution: Execution, node: string): number | undefined {
	const item = nodeOutput(execution, node)[0] as { data?: { id?: number }; item?: { id?: number } } | undefined;
	return node === CW_NODE ? item?.data?.id : item?.item?.id;
}

function chatAppMessage(id: number) {
	return {
		payload: {
			data: [
				{
					id,
					fromMe: false,
					side: 'in',
					time: Math.floor(Date.now() / 1000),
					type: 'text',
					message: { text: `hello ${id}`, caption: null, file: null },
					chat: { id: '79001234567@c.us', type: 'private', phone: '79001234567', name: 'Anna' },
				},
			],
			meta: { type: 'message', licenseId: 1229, messengerType: 'grWhatsApp' },
		},
	};
}

interface Outcome {
	success: Execution[];
	lost: Execution[];
	unfinished: Execution[];
}

async function outcome(workflowId: string): Promise<Outcome> {
	const list = await allExecutions(workflowId);
	return {
		success: list.filter((e) => e.status === 'success'),
		lost: list.filter((e) => e.status === 'error' || e.status === 'crashed'),
		unfinished: list.filter((e) => e.status === 'running' || e.status === 'new' || e.status === 'waiting'),
	};
}

describe('realtime triggers in queue mode: sockets in the main, executions on workers, worker kills', () => {
	let cw: FakeChatwoot;
	let cable: ActionCableTestServer;
	let chatapp: FakeChatApp;
	const credentials: string[] = [];
	const workflows: Record<string, string> = {};

	beforeAll(async () => {
		ensureRubyActionCable();
		cw = await FakeChatwoot.start();
		const userToken = `utok-${randomBytes(8).toString('hex')}`;
		cw.state.user.pubsub_token = userToken;
		cable = await ActionCableTestServer.start({ users: [{ pubsub_token: userToken, id: USER_ID, accounts: [ACCOUNT] }] });
		chatapp = await startFakeChatApp();

		const suffix = randomUUID().slice(0, 8);
		const chatwootCredential = await createCredential(`Chatwoot (scale realtime) ${suffix}`, 'chatwootApi', cw.credentials());
		const chatAppCredential = await createCredential(`ChatApp (scale realtime) ${suffix}`, 'chatAppApi', chatAppCredentialData(chatapp, TEST_ACCOUNT, TEST_APP.appKey));
		credentials.push(chatwootCredential.id, chatAppCredential.id);

		for (const [file, node, creds] of [
			['chatwoot-realtime-queue.json', CW_NODE, { chatwootApi: chatwootCredential }],
			['chatapp-realtime-queue.json', CA_NODE, { chatAppApi: chatAppCredential }],
		] as const) {
			const workflow = readWorkflow(file);
			const nodes = workflow.nodes.map((n) => ({
				...n,
				id: randomUUID(),
				...(n.name === CW_NODE ? { parameters: { ...n.parameters, options: { ...(n.parameters.options as object), websocketUrl: cable.wsUrl } } } : {}),
				...(n.credentials ? { credentials: creds } : {}),
			}));
			const created = await apiOk<{ id: string }>('POST', 'workflows', {
				name: `${String(workflow.name)} ${suffix}`,
				nodes,
				connections: workflow.connections,
				settings: workflow.settings,
			});
			workflows[node] = created.id;
		}
	}, 15 * 60 * 1000);

	afterAll(async () => {
		for (const id of Object.values(workflows)) await removeWorkflow(id);
		for (const id of credentials) await removeCredential(id);
		await cable?.stop();
		await cw?.stop();
		await chatapp?.close();
	});

	test('each subscription is held by the main process only', async () => {
		await activate(workflows[CW_NODE]);
		await activate(workflows[CA_NODE]);
		await waitFor('the RoomChannel subscription', async () => (await cable.state()).subscriptions.length === 1, 120_000);
		await waitFor('the ChatApp channel subscription', () => [...chatapp.pusher.connections].some((c) => c.channels.has(CHANNEL)), 120_000);
		const state = await clusterState();
		const pids = [state.main.pid, state.webhook.pid, ...state.workers.map((w) => w.pid!)];
		expect((await cable.state()).connections).toBe(1);
		expect(chatapp.pusher.connections.size).toBe(1);
		expect(pidsConnectedTo(Number(new URL(cable.wsUrl).port), pids)).toEqual([state.main.pid]);
		expect(pidsConnectedTo(chatapp.port, pids)).toEqual([state.main.pid]);
	}, 240_000);

	test('every event is executed exactly once on the workers although both workers are killed mid-stream', async () => {
		const kills: string[] = [];
		const schedule = new Map<number, () => Promise<unknown>>([
			[Math.floor(EVENTS * 0.25), async () => kills.push(`worker 0 killed (pid ${(await killWorker(0)).pid ?? '?'})`)],
			[Math.floor(EVENTS * 0.45), async () => kills.push(`worker 0 back (pid ${(await restartWorker(0)).pid})`)],
			[Math.floor(EVENTS * 0.6), async () => kills.push(`worker 1 killed (pid ${(await killWorker(1)).pid ?? '?'})`)],
			[Math.floor(EVENTS * 0.8), async () => kills.push(`worker 1 back (pid ${(await restartWorker(1)).pid})`)],
		]);
		const t0 = Date.now();
		const pending: Array<Promise<unknown>> = [];
		for (let i = 0; i < EVENTS; i++) {
			await cable.broadcast(`account_${ACCOUNT}`, 'message.created', messagePush(CW_FIRST_ID + i, 50));
			expect(chatapp.pusher.publish(CHANNEL, 'message', chatAppMessage(CA_FIRST_ID + i))).toBe(1);
			// Kills and restarts run beside the stream, which goes on meanwhile.
			const step = schedule.get(i);
			if (step) pending.push(step());
			await sleep(100);
		}
		await Promise.all(pending);
		const streamed = (Date.now() - t0) / 1000;

		// Drained: every event has a successful execution and nothing is still running. Lost
		// executions are only noticed once Bull's stalled-job check has run (seconds).
		const expected = (first: number) => Array.from({ length: EVENTS }, (_, i) => first + i);
		const results: Record<string, Outcome> = {};
		for (const node of [CW_NODE, CA_NODE]) {
			await waitFor(
				`${EVENTS} successful executions of ${node}`,
				async () => {
					const o = await outcome(workflows[node]);
					return new Set(o.success.map((e) => eventIdOf(e, node))).size >= EVENTS && o.unfinished.length === 0;
				},
				300_000,
				2000,
			);
		}
		// Late duplicates (a redelivery of something that had in fact run) would show up now.
		await sleep(15_000);
		for (const [node, first] of [
			[CW_NODE, CW_FIRST_ID],
			[CA_NODE, CA_FIRST_ID],
		] as const) {
			const o = await outcome(workflows[node]);
			results[node] = o;
			const ids = o.success.map((e) => eventIdOf(e, node)).sort((a, b) => a! - b!);
			expect(ids).toEqual(expected(first));
			expect(o.unfinished).toEqual([]);
		}

		// Run on the workers, none in the main.
		const workerStarted = new Set(processes().filter((p) => p.role === 'worker').flatMap((p) => executionsInLog(p.logFile).started));
		const mainStarted = processes().filter((p) => p.role === 'main').flatMap((p) => executionsInLog(p.logFile).started);
		const successIds = Object.values(results).flatMap((o) => o.success.map((e) => String(e.id)));
		expect(successIds.filter((id) => !workerStarted.has(id))).toEqual([]);
		expect(mainStarted).toEqual([]);

		// The sockets never moved: still one connection each, in the main.
		expect((await cable.state()).connections).toBe(1);
		expect(chatapp.pusher.connections.size).toBe(1);

		const lost = Object.values(results).reduce((n, o) => n + o.lost.length, 0);
		const report = {
			eventsPerTrigger: EVENTS,
			streamedSeconds: Number(streamed.toFixed(1)),
			steps: kills,
			successfulExecutions: successIds.length,
			lostAndEmittedAgain: { chatwoot: results[CW_NODE].lost.length, chatapp: results[CA_NODE].lost.length },
		};
		mkdirSync(REPORT_DIR, { recursive: true });
		writeFileSync(join(REPORT_DIR, 'realtime.json'), JSON.stringify(report, null, 2));
		process.stdout.write(`\n[scale] realtime (.dev/scale/realtime.json):\n${JSON.stringify(report, null, 2)}\n`);
		// The kills must really have taken executions down, or this test proved nothing.
		expect(lost).toBeGreaterThan(0);
	}, 900_000);
});
