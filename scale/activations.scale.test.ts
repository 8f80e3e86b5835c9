import { randomBytes, randomUUID } from 'crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';

import { ActionCableTestServer, ensureRubyActionCable } from '../test/servers/actioncable/server';
import { FakeChatwoot } from '../test/servers/chatwoot/server';
import { startFakeChatApp, TEST_ACCOUNT, TEST_APP, type FakeChatApp } from '../test/servers/pusher';

import { activate, apiOk, chatAppCredentialData, createCredential, deactivate, removeCredential, removeWorkflow, sleep, waitFor } from './helpers/cluster';
import { clusterState, pidsConnectedTo } from './helpers/control';

/*
 * Issue 8, "many activations in one process": 50 workflows, each with its own realtime
 * trigger (25 Chatwoot Realtime on ActionCable, 25 ChatApp Realtime on Pusher), active
 * in one n8n (the queue-mode main, where n8n runs trigger nodes). Measured from
 * outside through /proc: the main's resident memory before and after (per active
 * subscription), its CPU while idle (only pings: ActionCable pings every 3 s, pusher-js
 * pings after 120 s of silence), and deactivation of all 50: the servers see every
 * socket closed and the main holds no connection to them. Figures go to
 * .dev/scale/activations.json and the README; nothing here asserts a timing. (No timers
 * left behind after closing 50 triggers is asserted in-process by
 * test/shared/many-activations.test.ts.)
 */

const PER_KIND = 25;
const IDLE_SECONDS = Number(process.env.SCALE_IDLE_SECONDS ?? 30);
const REPORT_DIR = join(__dirname, '..', '.dev', 'scale');
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function rssKb(pid: number): number {
	const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	return match ? Number(match[1]) : NaN;
}

/** utime + stime of a process, in clock ticks (/proc/<pid>/stat fields 14 and 15). */
function cpuTicks(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return Number(fields[11]) + Number(fields[12]);
}

/** Percent of one core the process used over `seconds` of idling. */
async function idleCpu(pid: number, seconds: number): Promise<number> {
	const before = cpuTicks(pid);
	await sleep(seconds * 1000);
	return ((cpuTicks(pid) - before) / TICKS_PER_SECOND / seconds) * 100;
}

/** RSS after the process had time to settle (median of five samples a second apart). */
async function settledRss(pid: number): Promise<number> {
	const samples: number[] = [];
	for (let i = 0; i < 5; i++) {
		samples.push(rssKb(pid));
		await sleep(1000);
	}
	return samples.sort((a, b) => a - b)[2];
}

describe(`${PER_KIND * 2} realtime activations in one n8n`, () => {
	let cw: FakeChatwoot;
	let cable: ActionCableTestServer;
	let chatapp: FakeChatApp;
	const credentials: string[] = [];
	const workflows: string[] = [];

	beforeAll(async () => {
		ensureRubyActionCable();
		cw = await FakeChatwoot.start();
		const userToken = `utok-${randomBytes(8).toString('hex')}`;
		cw.state.user.pubsub_token = userToken;
		cable = await ActionCableTestServer.start({ users: [{ pubsub_token: userToken, id: 1, accounts: [1] }] });
		chatapp = await startFakeChatApp();
		const suffix = randomUUID().slice(0, 8);
		const chatwoot = await createCredential(`Chatwoot (activations) ${suffix}`, 'chatwootApi', cw.credentials());
		const chatApp = await createCredential(`ChatApp (activations) ${suffix}`, 'chatAppApi', chatAppCredentialData(chatapp, TEST_ACCOUNT, TEST_APP.appKey));
		credentials.push(chatwoot.id, chatApp.id);
		const trigger = (i: number) =>
			i % 2 === 0
				? {
						name: 'Chatwoot Realtime Trigger',
						type: 'n8n-nodes-chatwoot-chatapp.chatwootRealtimeTrigger',
						parameters: { mode: 'agent', accountId: 1, events: ['message.created'], options: { websocketUrl: cable.wsUrl } },
						credentials: { chatwootApi: chatwoot },
					}
				: {
						name: 'ChatApp Realtime Trigger',
						type: 'n8n-nodes-chatwoot-chatapp.chatAppRealtimeTrigger',
						parameters: { licenseMessengers: ['1229/grWhatsApp'], events: ['message'], options: {} },
						credentials: { chatAppApi: chatApp },
					};
		for (let i = 0; i < PER_KIND * 2; i++) {
			const node = trigger(i);
			const created = await apiOk<{ id: string }>('POST', 'workflows', {
				name: `Activation ${i + 1} ${suffix}`,
				nodes: [{ ...node, id: randomUUID(), typeVersion: 1, position: [0, 0] }],
				connections: {},
				settings: { executionOrder: 'v1' },
			});
			workflows.push(created.id);
		}
	}, 15 * 60 * 1000);

	afterAll(async () => {
		for (const id of workflows) await removeWorkflow(id);
		for (const id of credentials) await removeCredential(id);
		await cable?.stop();
		await cw?.stop();
		await chatapp?.close();
	});

	test('memory and idle CPU per subscription, and a clean deactivation of all', async () => {
		const { main } = await clusterState();
		const cablePort = Number(new URL(cable.wsUrl).port);
		const idleBefore = await idleCpu(main.pid, IDLE_SECONDS);
		const rssBefore = await settledRss(main.pid);

		const t0 = Date.now();
		for (const id of workflows) await activate(id);
		await waitFor('25 cable subscriptions', async () => (await cable.state()).subscriptions.length === PER_KIND, 180_000);
		await waitFor('25 pusher subscriptions', () => [...chatapp.pusher.connections].filter((c) => c.channels.size > 0).length === PER_KIND, 180_000);
		const activationSeconds = (Date.now() - t0) / 1000;
		expect((await cable.state()).connections).toBe(PER_KIND);
		expect(chatapp.pusher.connections.size).toBe(PER_KIND);
		await sleep(5000);
		const rssActive = await settledRss(main.pid);
		const idleActive = await idleCpu(main.pid, IDLE_SECONDS);
		// Only the main holds them (n8n runs triggers there), 25 sockets each.
		expect(pidsConnectedTo(cablePort, [main.pid])).toEqual([main.pid]);

		const t1 = Date.now();
		for (const id of workflows) await deactivate(id);
		await waitFor('every socket closed', async () => (await cable.state()).connections === 0 && chatapp.pusher.connections.size === 0, 120_000);
		const deactivationSeconds = (Date.now() - t1) / 1000;
		expect(pidsConnectedTo(cablePort, [main.pid])).toEqual([]);
		expect(pidsConnectedTo(chatapp.port, [main.pid])).toEqual([]);
		// Nothing reconnects afterwards (a leaked client would).
		await sleep(8000);
		expect((await cable.state()).connections).toBe(0);
		expect(chatapp.pusher.connections.size).toBe(0);
		const rssAfter = await settledRss(main.pid);

		const report = {
			activations: PER_KIND * 2,
			mainRssMb: { before: rssBefore / 1024, active: rssActive / 1024, afterDeactivation: rssAfter / 1024 },
			rssPerSubscriptionKb: (rssActive - rssBefore) / (PER_KIND * 2),
			idleCpuPercentOfOneCore: { before: idleBefore, with50: idleActive, added: idleActive - idleBefore, windowSeconds: IDLE_SECONDS },
			activationSeconds,
			deactivationSeconds,
		};
		mkdirSync(REPORT_DIR, { recursive: true });
		writeFileSync(join(REPORT_DIR, 'activations.json'), JSON.stringify(report, null, 2));
		process.stdout.write(`\n[scale] activations (.dev/scale/activations.json):\n${JSON.stringify(report, null, 2)}\n`);
	}, 900_000);
});
