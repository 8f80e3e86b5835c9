import type { ICredentialDataDecryptedObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { ChatAppApi } from '../../../credentials/ChatAppApi.credentials';
import { ChatAppRealtimeTrigger } from '../../../nodes/ChatApp/ChatAppRealtimeTrigger.node';
import type { TriggerEnv } from '../../harness/contexts';
import { createTriggerEnv, startTrigger } from '../../harness/contexts';
import { registerCredentialType } from '../../harness/credentials';
import { waitFor } from '../../harness/deferred';
import type { FakeChatApp } from '../../servers/pusher';
import type { ServerConnection } from '../../servers/pusher/pusherServer';
import { startFakeChatApp, TEST_ACCOUNT, TEST_APP } from '../../servers/pusher';

registerCredentialType(new ChatAppApi());

export type Running = Awaited<ReturnType<typeof startTrigger>>;

export function credentialsFor(fake: FakeChatApp, extra: ICredentialDataDecryptedObject = {}): ICredentialDataDecryptedObject {
	return {
		email: TEST_ACCOUNT.email,
		password: TEST_ACCOUNT.password,
		appId: TEST_ACCOUNT.appId,
		apiBaseUrl: fake.baseUrl,
		lang: 'en',
		pathOverrides: '{}',
		appKey: TEST_APP.appKey,
		wsHost: '127.0.0.1',
		wsPort: fake.port,
		useTLS: false,
		authEndpoint: '',
		...extra,
	};
}

/** Short timeouts so that reconnect paths run in well under a second. */
export const FAST_OPTIONS = { activityTimeout: 30, pongTimeout: 30, reconnectTimeout: 10 };

export interface StartOptions {
	parameters?: INodeParameters;
	credentials?: ICredentialDataDecryptedObject;
	mode?: 'trigger' | 'manual';
}

export async function startRealtime(fake: FakeChatApp, options: StartOptions = {}): Promise<{ env: TriggerEnv; run: Running }> {
	const env = createTriggerEnv({
		nodeType: new ChatAppRealtimeTrigger(),
		parameters: {
			licenseMessengers: ['1229/grWhatsApp'],
			companyIds: '',
			userIds: '',
			options: FAST_OPTIONS,
			...options.parameters,
		},
		credentials: { chatAppApi: credentialsFor(fake, options.credentials) },
	});
	const run = await startTrigger(env, options.mode ?? 'trigger');
	return { env, run };
}

/** Waits until the server holds a connection (other than `not`) subscribed to every channel given. */
export async function waitSubscribed(fake: FakeChatApp, channels: string[], what = 'subscriptions', not?: ServerConnection) {
	return await waitFor(
		() => [...fake.pusher.connections].find((c) => c !== not && channels.every((ch) => c.channels.has(ch))),
		{ what: `${what} (${channels.join(', ')})` },
	);
}

export function jsonOf(emitted: INodeExecutionData[][][]): Array<Record<string, unknown>> {
	return emitted.flatMap((run) => run[0].map((item) => item.json as Record<string, unknown>));
}

export function secretsOf(fake: FakeChatApp, extra: string[] = []): string[] {
	return [TEST_ACCOUNT.password, ...fake.api.issued, ...extra];
}

export function expectNoSecrets(value: unknown, secrets: string[]) {
	// Errors: their own enumerable fields (context, cause…) plus message and description.
	const text = JSON.stringify(value, (_key, v: unknown) =>
		v instanceof Error ? { ...v, message: v.message, description: (v as { description?: unknown }).description, stack: v.stack } : v,
	);
	for (const secret of secrets) expect(text).not.toContain(secret);
}

/** A fresh fake ChatApp per test, and the trigger a test started (`running`) closed after it. */
export function useFakeChatApp(): { fake: FakeChatApp; running: Running | undefined } {
	const state = {} as { fake: FakeChatApp; running: Running | undefined };
	beforeEach(async () => {
		state.fake = await startFakeChatApp();
	});
	afterEach(async () => {
		await state.running?.close();
		state.running = undefined;
		await state.fake.close();
	});
	return state;
}
