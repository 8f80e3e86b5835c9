import type { ICredentialDataDecryptedObject, ICredentialType, IHttpRequestOptions, Icon, INodeProperties } from 'n8n-workflow';

import { withChatwootToken } from '../nodes/Chatwoot/transport/auth';

/**
 * A Chatwoot Platform App token, for `/platform/api/v1` (accounts, users, account users,
 * agent bots of a self-hosted or white-label installation). The token travels as
 * `Api-Access-Token` (PlatformController#ensure_access_token reads it like the
 * Application API does), no redirect is followed, so it never reaches another host.
 * Tested by `chatwootPlatformApiTest` (nodes/Chatwoot/platform/credentialTest.ts).
 */
export class ChatwootPlatformApi implements ICredentialType {
	name = 'chatwootPlatformApi';

	displayName = 'Chatwoot Platform API';

	icon: Icon = { light: 'file:../icons/chatwoot.svg', dark: 'file:../icons/chatwoot.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-chatwoot-chatapp/n8n-nodes-chatwoot-chatapp#credential-chatwoot-platform-api';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://chat.example.com',
			required: true,
			description: 'Root URL of your Chatwoot installation. A trailing slash or a pasted /api/v1 or /platform/api/v1 is removed automatically.',
		},
		{
			displayName: 'Platform App Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The access token of a Platform App: Chatwoot Super Admin (/super_admin) → Platform Apps → New. User access tokens do not work on the Platform API.',
		},
		{
			displayName: 'A platform app manages only the accounts, users and agent bots it created itself. The Platform API exists on self-hosted installations; Chatwoot Cloud does not offer it.',
			name: 'notice',
			type: 'notice',
			default: '',
		},
	];

	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return withChatwootToken(credentials, requestOptions);
	}
}
