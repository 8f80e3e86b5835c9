import type { ICredentialDataDecryptedObject, ICredentialType, IHttpRequestOptions, Icon, INodeProperties } from 'n8n-workflow';

import { CHATWOOT_TOKEN_HEADER } from '../nodes/Chatwoot/transport/auth';
import { normalizeChatwootBaseUrl } from '../nodes/Chatwoot/transport/baseUrl';
import { realtimeHostsProperty } from '../nodes/Chatwoot/transport/realtimeHosts';
import { NO_LEGACY_REDIRECTS, NO_REDIRECTS } from '../nodes/shared/n8n/requestOptions';

/**
 * A Chatwoot user (or agent-bot) access token. Every request made with it, including
 * n8n's HTTP Request node with this credential, sends the token as `Api-Access-Token`
 * and follows no redirect, so the token never reaches another host. The credential test
 * is `chatwootApiTest` (nodes/Chatwoot/transport/credentialTest.ts), run through the
 * nodes' `testedBy`, so that its messages (network failures included) are this package's.
 */
export class ChatwootApi implements ICredentialType {
	name = 'chatwootApi';

	displayName = 'Chatwoot API';

	icon: Icon = { light: 'file:../icons/chatwoot.svg', dark: 'file:../icons/chatwoot.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-chatwoot-chatapp/n8n-nodes-chatwoot-chatapp#credential-chatwoot-api';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://app.chatwoot.com',
			placeholder: 'https://chat.example.com',
			required: true,
			description:
				'Root URL of your Chatwoot installation (or a white-label build of it). A trailing slash or a pasted /api/v1 is removed automatically.',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'A user access token: Chatwoot → Profile Settings → Access Token. Agent-bot tokens work only for the few conversation endpoints Chatwoot opens to bots and cannot pass this test; platform-app tokens only work on /platform APIs.',
		},
		realtimeHostsProperty,
		{
			displayName:
				'Use a <b>user</b> access token (Profile Settings → Access Token). Agent-bot tokens may call only some conversation endpoints, and platform-app tokens do not work on the Application API.',
			name: 'notice',
			type: 'notice',
			default: '',
		},
	];

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return {
			...requestOptions,
			...NO_REDIRECTS,
			...NO_LEGACY_REDIRECTS,
			baseURL: normalizeChatwootBaseUrl(credentials.baseUrl),
			headers: { ...requestOptions.headers, [CHATWOOT_TOKEN_HEADER]: String(credentials.accessToken ?? '') },
		} as IHttpRequestOptions;
	}
}
