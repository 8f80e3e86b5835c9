import type { IHttpRequestOptions } from 'n8n-workflow';

import { NO_LEGACY_REDIRECTS, NO_REDIRECTS } from '../../shared/n8n/requestOptions';
import type { KnownSecret } from '../../shared/secrets';

import { normalizeChatwootBaseUrl } from './baseUrl';

/**
 * How the access token travels: as `Api-Access-Token`. Chatwoot reads
 * `request.headers[:HTTP_API_ACCESS_TOKEN]` (app/controllers/concerns/access_token_auth_helper.rb,
 * 4.15.1 = 97bb8ecd3, there since 1.4), the Rack name both `Api-Access-Token` and
 * `api_access_token` map to. nginx (and Nginx Proxy Manager) silently drop header names
 * with underscores unless `underscores_in_headers on`, so the spec's `api_access_token`
 * spelling never reaches Chatwoot behind a default nginx; the hyphenated one always does.
 */
export const CHATWOOT_TOKEN_HEADER = 'Api-Access-Token';

/**
 * The secrets a Chatwoot credential holds (any of its types), for redaction. Tokens and keys are removed
 * everywhere; the Client API's inbox identifier (which the API itself returns in inbox
 * records) from errors and logs only.
 */
export function chatwootCredentialSecrets(credentials: Record<string, unknown>): KnownSecret[] {
	return [
		{ value: credentials.accessToken },
		{ value: credentials.hmacToken, label: '<hmac token>' },
		{ value: credentials.inboxIdentifier, label: '<inbox identifier>', inItems: false },
	];
}

/** `authenticate` of a token credential: the token as `Api-Access-Token`, the normalized Base URL, no redirect followed by n8n. */
export function withChatwootToken(credentials: Record<string, unknown>, requestOptions: IHttpRequestOptions): IHttpRequestOptions {
	const headers = { ...requestOptions.headers, [CHATWOOT_TOKEN_HEADER]: String(credentials.accessToken ?? '') };
	return { ...requestOptions, ...NO_REDIRECTS, ...NO_LEGACY_REDIRECTS, baseURL: normalizeChatwootBaseUrl(credentials.baseUrl), headers } as IHttpRequestOptions;
}
