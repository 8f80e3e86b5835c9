import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { normalizeChatwootBaseUrl } from '../nodes/Chatwoot/transport/baseUrl';

export class ChatwootApi implements ICredentialType {
	name = 'chatwootApi';

	displayName = 'Chatwoot API';

	icon: Icon = { light: 'file:../icons/chatwoot.svg', dark: 'file:../icons/chatwoot.dark.svg' };

	documentationUrl = 'https://www.chatwoot.com/developers/api/';

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
			baseURL: normalizeChatwootBaseUrl(credentials.baseUrl),
			headers: { ...requestOptions.headers, api_access_token: String(credentials.accessToken ?? '') },
		};
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/api/v1/profile',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Chatwoot rejected the access token (401). Copy a user access token from Profile Settings → Access Token; agent-bot and platform-app tokens cannot read the profile.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'Nothing answered at <Base URL>/api/v1/profile (404). Set Base URL to the root of your Chatwoot installation, e.g. https://chat.example.com.',
				},
			},
		],
	};
}
