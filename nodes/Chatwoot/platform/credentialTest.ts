import type { ICredentialDataDecryptedObject, ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { createRedactor } from '../../shared/secrets';
import { CHATWOOT_TOKEN_HEADER, chatwootCredentialSecrets } from '../transport/auth';
import { normalizeChatwootBaseUrl } from '../transport/baseUrl';
import { fail, getWithin, OK, otherStatus } from '../transport/credentialTest';
import { chatwootErrorText } from '../transport/errors';

/**
 * Chatwoot Platform API: `GET /platform/api/v1/agent_bots` with the token, the one list
 * a platform app may always read (PlatformController#set_platform_app answers 401
 * "Invalid access_token" for any other token). Same transport rules as the other
 * Chatwoot credential tests: own messages, token kept on the origin, echoes redacted.
 */
export async function chatwootPlatformApiTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	const data: ICredentialDataDecryptedObject = credential.data ?? {};
	const redactor = createRedactor(chatwootCredentialSecrets(data));
	const token = String(data.accessToken ?? '').trim();
	if (!token) return fail('Platform App Token is empty: create a platform app in Chatwoot Super Admin → Platform Apps and copy its token.', redactor);
	const path = '/platform/api/v1/agent_bots';
	const outcome = await getWithin.call(this, normalizeChatwootBaseUrl(data.baseUrl), path, { [CHATWOOT_TOKEN_HEADER]: token }, redactor);
	if ('failed' in outcome) return outcome.failed;
	const { statusCode, body } = outcome.answer;
	if (statusCode >= 200 && statusCode < 300) {
		if (Array.isArray(body)) return OK;
		return fail("Something answered <Base URL>/platform/api/v1/agent_bots, but not Chatwoot's Platform API. Set Base URL to the root of your Chatwoot installation, e.g. https://chat.example.com.", redactor);
	}
	if (statusCode === 401) {
		const sent = /Invalid access_token/.test(chatwootErrorText(body));
		return fail(
			sent
				? 'Chatwoot rejected the token (401): it is not a platform app token. Create a platform app in Super Admin → Platform Apps and copy its token; user and agent-bot tokens do not work on the Platform API.'
				: `Chatwoot answered 401 without reading a token: something between n8n and Chatwoot (a reverse proxy or API gateway) removes the ${CHATWOOT_TOKEN_HEADER} header.`,
			redactor,
		);
	}
	if (statusCode === 404) {
		return fail('Nothing answered at <Base URL>/platform/api/v1 (404). Set Base URL to the root of a self-hosted Chatwoot installation; Chatwoot Cloud offers no Platform API.', redactor);
	}
	return otherStatus(statusCode, body, `GET ${path}`, redactor);
}
