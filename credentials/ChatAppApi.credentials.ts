import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { obtainChatAppTokensOnce } from '../nodes/ChatApp/transport/tokenBroker';
import { ChatAppAuthError } from '../nodes/ChatApp/transport/tokenErrors';
import type { ChatAppHttp } from '../nodes/ChatApp/transport/tokenSet';
import { chatAppApiRoot, chatAppLoginIdentity, chatAppTokenFields } from '../nodes/ChatApp/transport/tokenSet';
import { NO_LEGACY_REDIRECTS, NO_REDIRECTS } from '../nodes/shared/n8n/requestOptions';

/**
 * ChatApp (chatapp.online) account: email + password + app ID are exchanged for an
 * access token by `preAuthentication`. n8n stores the token in the hidden, expirable
 * `accessToken` field and reuses it until a request is refused (401/403, or
 * ChatApp's ApiInvalidTokenError), then calls `preAuthentication` again, which
 * refreshes with the stored refresh token and falls back to a fresh login. Logins are
 * coordinated per process (tokenBroker.ts: ChatApp allows about 100 a day), and no
 * request made with this credential follows a redirect, so neither the password nor a
 * token reaches another host.
 */
export class ChatAppApi implements ICredentialType {
	name = 'chatAppApi';

	displayName = 'ChatApp API';

	icon: Icon = { light: 'file:../icons/chatapp.svg', dark: 'file:../icons/chatapp.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-chatwoot-chatapp/n8n-nodes-chatwoot-chatapp#credential-chatapp-api';

	properties: INodeProperties[] = [
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			required: true,
			description: 'Email address you log in to the ChatApp personal cabinet with',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Password of the ChatApp personal cabinet',
		},
		{
			displayName: 'App ID',
			name: 'appId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'app_12345_1',
			description: 'Application ID from the ChatApp personal cabinet (Settings → API)',
		},
		{
			displayName: 'API Base URL',
			name: 'apiBaseUrl',
			type: 'string',
			default: 'https://api.chatapp.online',
			description: 'Root of the ChatApp REST API, without /v1. Change only for a proxy or a test server.',
		},
		{
			displayName: 'Language',
			name: 'lang',
			type: 'string',
			default: 'en',
			description: 'Sent as the Lang header; selects the language of ChatApp error messages (e.g. en, ru)',
		},
		{
			displayName: 'Path Overrides (JSON)',
			name: 'pathOverrides',
			type: 'json',
			default: '{}',
			description:
				'Replace any REST path this package uses, e.g. {"messages.sendFile": "/v1/licenses/{licenseId}/messengers/{messengerType}/chats/{chatId}/messages/file"}. Names and defaults are listed in the README. Leave {} unless ChatApp changed a path.',
		},
		{
			displayName:
				'The settings below are used by the ChatApp Realtime Trigger (Pusher protocol). Keep the defaults unless ChatApp tells you otherwise.',
			name: 'realtimeNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Realtime App Key',
			name: 'appKey',
			type: 'string',
			default: 'ChatsAppApiProdKey',
			description: 'Pusher application key of the ChatApp socket server',
		},
		{
			displayName: 'Realtime Socket Host',
			name: 'wsHost',
			type: 'string',
			default: 'socket.chatapp.online',
		},
		{
			displayName: 'Realtime Socket Port',
			name: 'wsPort',
			type: 'number',
			default: 6001,
		},
		{
			displayName: 'Realtime Use TLS',
			name: 'useTLS',
			type: 'boolean',
			default: true,
			description: 'Whether to connect with wss:// (TLS)',
		},
		{
			displayName: 'Realtime Auth Endpoint',
			name: 'authEndpoint',
			type: 'string',
			default: '',
			placeholder: 'https://api.chatapp.online/broadcasting/auth',
			description: 'URL that signs private-channel subscriptions. Leave empty for &lt;API Base URL&gt;/broadcasting/auth.',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Refresh Token',
			name: 'refreshToken',
			type: 'hidden',
			typeOptions: { password: true },
			default: '',
		},
		{
			displayName: 'Access Token End Time',
			name: 'accessTokenEndTime',
			type: 'hidden',
			typeOptions: { password: true },
			default: 0,
		},
		{
			displayName: 'Refresh Token End Time',
			name: 'refreshTokenEndTime',
			type: 'hidden',
			typeOptions: { password: true },
			default: 0,
		},
		{
			displayName: 'Token Identity',
			name: 'tokenIdentity',
			type: 'hidden',
			typeOptions: { password: true },
			default: '',
		},
	];

	/** Refresh (or log in) and hand n8n the new token pair to store. */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject): Promise<IDataObject> {
		const http: ChatAppHttp = async (request) => await this.helpers.httpRequest(request as IHttpRequestOptions);
		const result = await obtainChatAppTokensOnce(http, credentials);
		if (!result.ok) throw new ChatAppAuthError(result.failure);
		return chatAppTokenFields(result.tokens, chatAppLoginIdentity(credentials));
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const headers: IDataObject = { ...(requestOptions.headers ?? {}), Authorization: String(credentials.accessToken ?? '') };
		const lang = String(credentials.lang ?? '').trim();
		if (lang) headers.Lang = lang;
		const isAbsolute = /^https?:\/\//i.test(String(requestOptions.url ?? ''));
		return {
			...requestOptions,
			...NO_REDIRECTS,
			...NO_LEGACY_REDIRECTS,
			...(isAbsolute ? {} : { baseURL: chatAppApiRoot(credentials.apiBaseUrl) }),
			headers,
		} as IHttpRequestOptions;
	}

	test: ICredentialTestRequest = {
		request: {
			url: '/v1/licenses',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'ChatApp issued a token but refused it on GET /v1/licenses (401). Check that the app ID belongs to this ChatApp account.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'ChatApp refused GET /v1/licenses (403): this account or app ID has no API access to licenses. Check the app ID and the account\'s API access in the ChatApp personal cabinet.',
				},
			},
			...[301, 302, 303, 307, 308].map((value) => ({
				type: 'responseCode' as const,
				properties: {
					value,
					message: `ChatApp answered GET /v1/licenses with a redirect (${value}). Redirects are not followed, so the token never reaches another host: set API Base URL to the address the ChatApp API is served from (https://api.chatapp.online).`,
				},
			})),
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'Nothing answered at <API Base URL>/v1/licenses (404). Set API Base URL to https://api.chatapp.online (without /v1), or fix "licenses.getAll" in Path Overrides.',
				},
			},
		],
	};
}
