import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';

import { runWebhookMethod, deliverWebhook, type TriggerEnv } from '../../harness/contexts';
import { FakeChatwoot } from '../../servers/chatwoot/server';
import { CHANNEL_SECRETS, CHANNEL_TYPES, channelRecord } from '../fixtures/webhooks/channels';
import { inboxData, LEAKY_VALUES, rubyJson } from '../fixtures/webhooks/payloads';
import { accountParams, registrations, signedHeaders, triggerEnv } from './helpers';

/*
 * Issue 13 item 1: inbox_created / inbox_updated carry the whole channel record,
 * decrypted (Inbox::EventDataPresenter). No credential of any channel type may reach
 * an item, a log line or an error, whichever way the delivery ends.
 */

type Row = Record<string, unknown>;

let cw: FakeChatwoot;
let env: TriggerEnv;
let secret: string;
let logged: string[];

beforeAll(async () => {
	cw = await FakeChatwoot.start();
	env = triggerEnv(cw, accountParams({ events: ['inbox_created', 'inbox_updated'] }));
	await runWebhookMethod(env, 'create');
	secret = (registrations(env).production as Row).secret as string;
});

afterAll(async () => {
	await cw.stop();
});

beforeEach(() => {
	logged = [];
	const logger = Container.get(Logger);
	for (const level of ['error', 'warn', 'info', 'debug'] as const) {
		jest.spyOn(logger, level).mockImplementation((message: string, meta?: unknown) => {
			logged.push(`${message} ${JSON.stringify(meta ?? {})}`);
		});
	}
});

afterEach(() => {
	jest.restoreAllMocks();
});

function expectNone(text: string, values: string[]) {
	const found = values.filter((value) => text.includes(value));
	expect(found).toEqual([]);
}

describe.each(CHANNEL_TYPES.map((type) => [type]))('%s', (type) => {
	const secrets = Object.values(CHANNEL_SECRETS[type]);

	test.each(['inbox_created', 'inbox_updated'] as const)('%s: the channel keeps its settings, loses every credential', async (event) => {
		const raw = rubyJson(inboxData(event, type, { changed_attributes: event === 'inbox_updated' ? [{ name: { previous_value: 'a', current_value: 'b' } }] : undefined }));
		// The fixture really carries them (else the test proves nothing).
		expectNoneMissing(raw, secrets);
		const { result, response } = await deliverWebhook(env, { rawBody: raw, headers: signedHeaders(secret, raw) });
		const items = (result.workflowData?.[0] ?? []).map((item) => item.json as Row);
		expect(response.statusCode).toBe(200);
		expect(items).toHaveLength(1);
		const channel = items[0].channel as Row;
		// Non-credential columns survive: the record's id and account, and its public identifiers.
		expect(channel).toMatchObject({ id: 1, account_id: 1 });
		for (const key of Object.keys(channelRecord(type))) {
			if (!['provider_config', ...Object.keys(CHANNEL_SECRETS[type])].includes(key)) expect(channel).toHaveProperty(key);
		}
		expectNone(JSON.stringify(items), [...LEAKY_VALUES, secret]);
		expectNone(JSON.stringify(result), LEAKY_VALUES);
		expectNone(logged.join('\n'), LEAKY_VALUES);
	});

	test('a delivery that is refused (bad signature, not selected, too deep) echoes no credential either', async () => {
		const raw = rubyJson(inboxData('inbox_updated', type));
		const forged = await deliverWebhook(env, { rawBody: raw, headers: signedHeaders('wrong-secret', raw) });
		expect(forged.response.statusCode).toBe(401);
		const deep = rubyJson({ ...inboxData('inbox_updated', type), additional: JSON.parse('['.repeat(200) + ']'.repeat(200)) });
		const tooDeep = await deliverWebhook(env, { rawBody: deep, headers: signedHeaders(secret, deep) });
		expect(tooDeep.response.statusCode).toBe(400);
		for (const outcome of [forged, tooDeep]) {
			expectNone(JSON.stringify(outcome.response.body ?? ''), LEAKY_VALUES);
			expectNone(JSON.stringify(outcome.result), LEAKY_VALUES);
		}
		expectNone(logged.join('\n'), LEAKY_VALUES);
	});
});

function expectNoneMissing(text: string, values: string[]) {
	expect(values.filter((value) => !text.includes(value))).toEqual([]);
}
