import type { ICredentialDataDecryptedObject, ICredentialType, IHttpRequestOptions, Icon, INodeProperties } from 'n8n-workflow';

import { choice } from '../nodes/Chatwoot/actions/fieldSpecs';
import { CHATWOOT_TOKEN_HEADER } from '../nodes/Chatwoot/transport/auth';
import { normalizeChatwootBaseUrl } from '../nodes/Chatwoot/transport/baseUrl';
import { realtimeHostsProperty } from '../nodes/Chatwoot/transport/realtimeHosts';
import { NO_LEGACY_REDIRECTS, NO_REDIRECTS } from '../nodes/shared/n8n/requestOptions';

/**
 * A Chatwoot user or agent-bot access token (Token Kind; credentials saved before it
 * existed are user tokens). Every request made with it, including
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
		choice(
			'kind',
			'Token Kind',
			[['User', 'user'], ['Agent Bot', 'agentBot']],
			'user',
			"User: an agent's or administrator's token, for every operation. Agent Bot: a bot's token, which may only show a conversation, set its status, priority, typing, custom attributes and labels, assign it, create conversations and send messages; every other operation needs a user token.",
		).property,
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'User: Chatwoot → Profile Settings → Access Token. Agent Bot: the bot\'s access token (Chatwoot → Settings → Bots, or Agent Bot → Reset Access Token). Platform-app tokens only work on /platform APIs.',
		},
		{
			displayName: 'Account ID',
			name: 'accountId',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 1,
			required: true,
			displayOptions: { show: { kind: ['agentBot'] } },
			description:
				"The bot's account: the number after /app/accounts/ in the Chatwoot URL. A bot token cannot read the profile, so the nodes use this account wherever their Account parameter is left at its default.",
		},
		realtimeHostsProperty,
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
