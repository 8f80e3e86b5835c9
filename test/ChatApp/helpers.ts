import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { ChatAppApi } from '../../credentials/ChatAppApi.credentials';
import { ChatApp } from '../../nodes/ChatApp/ChatApp.node';
import { registerCredentialType } from '../harness/credentials';
import type { RunNodeOptions } from '../harness/workflow';
import { runNode } from '../harness/workflow';
import type { ChatAppServer } from '../servers/chatapp/server';
import { ACCOUNT } from '../servers/chatapp/server';

registerCredentialType(new ChatAppApi());

export function chatAppCredentials(server: ChatAppServer, extra: ICredentialDataDecryptedObject = {}): ICredentialDataDecryptedObject {
	return { email: ACCOUNT.email, password: ACCOUNT.password, appId: ACCOUNT.appId, apiBaseUrl: server.url, ...extra };
}

export async function runChatApp(
	server: ChatAppServer,
	parameters: RunNodeOptions['parameters'],
	options: Partial<RunNodeOptions> & { credentialData?: ICredentialDataDecryptedObject } = {},
) {
	const { credentialData, ...rest } = options;
	return await runNode({
		nodeType: new ChatApp(),
		parameters,
		credentials: { chatAppApi: credentialData ?? chatAppCredentials(server) },
		...rest,
	});
}

/** Every string that must never show up in errors or output. */
export function secretsOf(server: ChatAppServer): string[] {
	return [ACCOUNT.password, ...server.state.accessTokens.keys(), ...server.state.refreshTokens.keys()];
}

export function expectNoSecrets(value: unknown, secrets: string[]) {
	const seen = new WeakSet<object>();
	const text = JSON.stringify(value, (_key, v: unknown) => {
		if (v && typeof v === 'object') {
			if (seen.has(v)) return '[circular]';
			seen.add(v);
		}
		if (v instanceof Error) return { ...v, message: v.message, description: (v as { description?: string }).description };
		return v;
	});
	for (const secret of secrets) {
		if (text && text.includes(secret)) throw new Error(`secret leaked: ${secret.slice(0, 6)}…`);
	}
	return text;
}
