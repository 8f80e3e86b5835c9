import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';
import { TriggerContext } from 'n8n-core';

import { ChatAppApi } from '../../../credentials/ChatAppApi.credentials';
import { ChatAppRealtimeTrigger } from '../../../nodes/ChatApp/ChatAppRealtimeTrigger.node';
import { ChatAppTrigger } from '../../../nodes/ChatApp/ChatAppTrigger.node';
import { requestChannelAuth } from '../../../nodes/ChatApp/realtime/channelAuth';
import { chatAppRealtimeSettings } from '../../../nodes/ChatApp/realtime/settings';
import { forgetChatAppTokenCoordination } from '../../../nodes/ChatApp/transport/tokenBroker';
import { createTriggerEnv, runWebhookMethod } from '../../harness/contexts';
import { testCredential } from '../../harness/credentialTest';
import type { ChatAppServer } from '../../servers/chatapp/server';
import { ACCOUNT, startChatAppServer } from '../../servers/chatapp/server';
import { chatAppCredentials, runChatApp } from '../helpers';

/*
 * Issue 13 item 11: ChatApp limits tokens.make to about 100 calls a day per email +
 * app ID. One simulated day of typical use, on a virtual clock shared by the nodes and
 * the ChatApp-like server (tokens expire on it), with the credential persisted between
 * runs as n8n's database keeps it: credential tests, trigger activations and
 * re-activations, realtime channel auth and reconnects, ~200 executions, access tokens
 * expiring (and revoked by ChatApp while ten executions run at once), a dead refresh
 * token, n8n restarts, and half an hour with a password changed in ChatApp but not yet
 * in n8n. Every `tokens.make` is counted.
 */

jest.setTimeout(120_000);

const MINUTE = 60_000;
const DAY_START = Date.UTC(2026, 2, 2, 8, 0, 0);

let server: ChatAppServer;
let clock = DAY_START;
/** n8n's database row of the credential. */
let db: ICredentialDataDecryptedObject;

beforeAll(async () => {
	jest.spyOn(Date, 'now').mockImplementation(() => clock);
	// Access tokens live 6 h here (ChatApp: 24 h), so the day sees several expire.
	server = await startChatAppServer({ accessTtl: 6 * 3600 });
	db = chatAppCredentials(server);
});
afterAll(async () => {
	await server.close();
	jest.restoreAllMocks();
});

const at = (hours: number, minutes = 0) => {
	clock = DAY_START + (hours - 8) * 60 * MINUTE + minutes * MINUTE;
};
const logins = () => server.state.makeCalls;

const sendText = (text: string) => ({ resource: 'message', operation: 'sendText', licenseId: 1229, messengerType: 'grWhatsApp', chatId: '79001234567@c.us', text });

async function execution(parameters: INodeParameters, items = 1) {
	const result = await runChatApp(server, parameters, {
		credentialData: { ...db },
		continueOnFail: true,
		input: Array.from({ length: items }, (_v, i) => ({ json: { i } })),
	});
	db = { ...db, ...result.credentials.store.chatAppApi };
	return result;
}

async function credentialTest(changes: ICredentialDataDecryptedObject = {}) {
	db = { ...db, ...changes };
	const outcome = await testCredential(new ChatAppApi(), { ...db });
	db = { ...db, ...outcome.helper.store.chatAppApi };
	return outcome;
}

async function triggerLifecycle(method: 'create' | 'delete') {
	const env = createTriggerEnv({
		nodeType: new ChatAppTrigger(),
		parameters: { subscriptions: ['1229/grWhatsApp'], events: ['message'], options: {} },
		credentials: { chatAppApi: { ...db } },
		staticData: triggerState,
		webhookId: '3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b',
	});
	await runWebhookMethod(env, method);
	triggerState = env.workflow.getStaticData('node', env.node) as typeof triggerState;
	db = { ...db, ...env.credentials.store.chatAppApi };
}
let triggerState: IDataObject = {};

async function channelAuths(count: number) {
	const env = createTriggerEnv({
		nodeType: new ChatAppRealtimeTrigger(),
		parameters: { licenseMessengers: ['1229/grWhatsApp'], options: {} },
		credentials: { chatAppApi: { ...db } },
	});
	const context = new TriggerContext(env.workflow, env.node, env.additionalData, 'trigger', 'activate', () => undefined, () => undefined);
	const { settings } = chatAppRealtimeSettings(db);
	for (let i = 0; i < count; i++) {
		for (const channel of ['private-v1.licenses.1229.messengers.grWhatsApp', 'private-v1.companies.77', 'private-v1.users.4242']) {
			await requestChannelAuth.call(context, settings!, `${1000 + i}.${i}`, channel, false);
		}
	}
	db = { ...db, ...env.credentials.store.chatAppApi };
}

/** One execution every `every` minutes from now until `until` (hours). */
async function steadyTraffic(untilHours: number, every = 5) {
	while (clock < DAY_START + (untilHours - 8) * 60 * MINUTE) {
		const result = await execution(sendText('hello'));
		expect(result.items[0].json.error).toBeUndefined();
		clock += every * MINUTE;
	}
}

test('a day of typical use stays far below ChatApp’s ~100 logins', async () => {
	// 08:00 The credential is created; the editor tests it on save (n8n always pre-authenticates a test).
	at(8);
	expect(await credentialTest()).toMatchObject({ status: 'OK' });
	expect(logins()).toBe(1);
	// 08:05 Saved again (language changed): the same login, so the stored token is refreshed, not a new login.
	at(8, 5);
	expect(await credentialTest({ lang: 'ru' })).toMatchObject({ status: 'OK' });
	expect(logins()).toBe(1);

	// 08:10 ChatApp Trigger activated, deactivated and re-activated three times.
	at(8, 10);
	for (let i = 0; i < 3; i++) {
		await triggerLifecycle('create');
		await triggerLifecycle('delete');
	}
	await triggerLifecycle('create');
	// 08:15 Realtime trigger: three private channels, then 20 reconnects, each re-authorizing all three.
	at(8, 15);
	await channelAuths(21);
	expect(server.state.channelAuthCalls).toBe(63);
	expect(logins()).toBe(1);

	// 08:20–12:00 A message every 5 minutes; the 6-hour token ends at 14:00.
	at(8, 20);
	await steadyTraffic(12);
	// 12:00 n8n restarts: the tokens are in its database, so nothing logs in again.
	forgetChatAppTokenCoordination();
	await steadyTraffic(13);
	expect(logins()).toBe(1);

	// 13:00 ChatApp revokes the access token while ten executions run at once: one refresh, no login.
	server.expireAccessTokens();
	const refreshesBefore = server.state.refreshCalls.length;
	const parallel = await Promise.all(Array.from({ length: 10 }, () => runChatApp(server, sendText('burst'), { credentialData: { ...db } })));
	for (const result of parallel) expect(result.error).toBeUndefined();
	db = { ...db, ...parallel[0].credentials.store.chatAppApi };
	expect(server.state.refreshCalls.length - refreshesBefore).toBe(1);
	expect(logins()).toBe(1);

	// 13:05–16:00 Traffic continues; the token's end time (6 h after 13:00's refresh) is not reached yet,
	// the one from 08:00 passed at 14:00 but was replaced: refreshed ahead of time where needed.
	at(13, 5);
	await steadyTraffic(16);
	await channelAuths(5);

	// 16:00 The refresh token dies with the access token (ChatApp-side): one refresh fails, one login.
	server.expireAccessTokens();
	server.killRefreshTokens();
	await steadyTraffic(17);
	expect(logins()).toBe(2);

	// 17:00–17:30 The password was changed in ChatApp, not yet in n8n. A workflow runs every minute
	// with three items (Continue On Fail): every one fails, but the same login is not sent again
	// until its cool-down (1, 2, 4, 8, 16 … minutes) is over.
	server.state.account.password = 'N3w-pass!word';
	server.expireAccessTokens();
	server.killRefreshTokens();
	forgetChatAppTokenCoordination(); // and n8n restarted at 17:00 too
	for (let minute = 0; minute < 30; minute++) {
		at(17, minute);
		const result = await execution(sendText('during the outage'), 3);
		expect(result.items.every((item) => /ChatApp login failed/.test(String(item.json.error)))).toBe(true);
	}
	const duringOutage = logins() - 2;
	expect(duringOutage).toBeLessThanOrEqual(5);

	// 17:30 The user types the new password and saves: the test logs in once (a new login, so no cool-down).
	at(17, 30);
	expect(await credentialTest({ password: 'N3w-pass!word' })).toMatchObject({ status: 'OK' });

	// 17:35–23:59 Evening traffic, another restart, more realtime reconnects.
	at(17, 35);
	await steadyTraffic(20);
	forgetChatAppTokenCoordination();
	await channelAuths(10);
	await steadyTraffic(24);

	const total = logins();
	const executions = server.calls(/messages\/text$/, 'POST').length;
	// 1 first credential test + 1 dead refresh token + the outage (≤ 5) + 1 test with the new password.
	expect(total).toBeLessThanOrEqual(8);
	expect(executions).toBeGreaterThan(150);
	// eslint-disable-next-line no-console
	console.log(
		`ChatApp simulated day: ${total} tokens.make (${duringOutage} during the 30-minute outage), ${server.state.refreshCalls.length} refreshes, ${executions} messages sent, ${server.state.channelAuthCalls} channel authorizations`,
	);
	expect(ACCOUNT.password).not.toBe(server.state.account.password);
});
