import type { ICredentialDataDecryptedObject, ICredentialType, IHttpRequestOptions, Icon, INodeProperties } from 'n8n-workflow';

import { normalizeChatwootBaseUrl } from '../nodes/Chatwoot/transport/baseUrl';
import { realtimeHostsProperty } from '../nodes/Chatwoot/transport/realtimeHosts';
import { NO_LEGACY_REDIRECTS, NO_REDIRECTS } from '../nodes/shared/n8n/requestOptions';

/**
 * An API-channel inbox of Chatwoot's public Client API. Requests made with it follow no
 * redirect (the identifiers in the path and the HMAC-derived hash stay with the
 * configured host). Tested by `chatwootClientApiTest` (nodes/Chatwoot/transport/credentialTest.ts)
 * through the nodes' `testedBy`.
 */
export class ChatwootClientApi implements ICredentialType {
	name = 'chatwootClientApi';

	displayName = 'Chatwoot Client API';

	icon: Icon = { light: 'file:../icons/chatwoot.svg', dark: 'file:../icons/chatwoot.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-chatwoot-chatapp/n8n-nodes-chatwoot-chatapp#credential-chatwoot-client-api';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://app.chatwoot.com',
			placeholder: 'https://chat.example.com',
			required: true,
			description: 'Root URL of your Chatwoot installation. A trailing slash or a pasted /api/v1 is removed automatically.',
		},
		{
			displayName: 'Inbox Identifier',
			name: 'inboxIdentifier',
			type: 'string',
			default: '',
			required: true,
			description:
				'Identifier of an API-channel inbox: Chatwoot → Settings → Inboxes → your API inbox → Configuration',
		},
		{
			displayName: 'HMAC Token',
			name: 'hmacToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				"Optional. The API inbox's HMAC token (identity validation). When set, contact create and update send identifier_hash = HMAC-SHA256(token, identifier) automatically.",
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
		} as IHttpRequestOptions;
	}
}
