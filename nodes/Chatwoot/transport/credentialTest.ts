import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { describeNetworkFailure, REQUEST_TIMEOUTS } from '../../shared/http/networkFailure';
import { decideRedirect, describeRedirectRefusal, isRedirect, originOf } from '../../shared/http/redirect';
import { networkCodeOf } from '../../shared/http/retry';
import { NO_LEGACY_REDIRECTS } from '../../shared/n8n/requestOptions';
import type { Redactor } from '../../shared/secrets';
import { createRedactor } from '../../shared/secrets';

import { CHATWOOT_TOKEN_HEADER, chatwootCredentialSecrets } from './auth';
import { normalizeChatwootBaseUrl } from './baseUrl';
import { chatwootErrorText } from './errors';

/*
 * The credential tests of Chatwoot API and Chatwoot Client API, run by n8n's
 * CredentialsTester through the nodes' `testedBy`. A declarative `test` request would
 * hand a network failure to n8n as a bare system code ("ECONNREFUSED"), show n8n 1.x's
 * generic text for every HTTP status, and follow redirects with the token; here every
 * outcome is this package's message, the token stays on the configured origin, and
 * anything the server echoes is redacted.
 */

export const OK: INodeCredentialTestResult = { status: 'OK', message: 'Connection successful!' };

interface Answer {
	statusCode: number;
	body: unknown;
}

type Outcome = { answer: Answer } | { failed: INodeCredentialTestResult };

export function fail(message: string, redactor: Redactor): INodeCredentialTestResult {
	return { status: 'Error', message: redactor.text(message) };
}

/** GET within the credential's origin: same-origin redirects are followed, others refused with a message. */
export async function getWithin(
	this: ICredentialTestFunctions,
	root: string,
	path: string,
	headers: Record<string, string>,
	redactor: Redactor,
): Promise<Outcome> {
	const origin = originOf(root);
	if (!root || !origin) {
		return { failed: fail('Base URL is empty or not a URL: enter the root of your Chatwoot installation, e.g. https://chat.example.com.', redactor) };
	}
	let url = `${root}${path}`;
	for (let hops = 0; ; hops++) {
		const where = `GET ${new URL(url).pathname}`;
		let answer: Answer & { headers?: Record<string, unknown> };
		try {
			// A credential test gets only n8n's legacy request helper (ICredentialTestFunctions has no httpRequest).
			// eslint-disable-next-line @n8n/community-nodes/no-deprecated-workflow-functions
			answer = (await this.helpers.request({
				method: 'GET',
				uri: url,
				headers: { Accept: 'application/json', ...headers },
				json: true,
				simple: false,
				resolveWithFullResponse: true,
				timeout: REQUEST_TIMEOUTS.credentialTestMs,
				...NO_LEGACY_REDIRECTS,
			})) as Answer & { headers?: Record<string, unknown> };
		} catch (error) {
			const failure = describeNetworkFailure({
				service: 'Chatwoot',
				origin,
				where,
				setting: 'Base URL',
				code: networkCodeOf(error),
				timeoutMs: REQUEST_TIMEOUTS.credentialTestMs,
			});
			return { failed: fail(`${failure.message}. ${failure.description}`, redactor) };
		}
		if (!isRedirect(answer.statusCode)) return { answer };
		const decision = decideRedirect({
			status: answer.statusCode,
			location: answer.headers?.location,
			currentUrl: url,
			allowedOrigin: origin,
			method: 'GET',
			hops,
		});
		if (!decision.follow) {
			const refusal = describeRedirectRefusal(decision, {
				service: 'Chatwoot',
				setting: 'Base URL',
				status: answer.statusCode,
				where,
				configuredOrigin: origin,
			});
			return { failed: fail(`${refusal.message}. ${refusal.description}`, redactor) };
		}
		url = decision.url;
	}
}

export function isJsonObject(body: unknown): boolean {
	return !!body && typeof body === 'object' && !Array.isArray(body);
}

export function otherStatus(status: number, body: unknown, where: string, redactor: Redactor): INodeCredentialTestResult {
	const text = chatwootErrorText(body);
	return fail(`Chatwoot answered HTTP ${status} to ${where}${text ? `: ${text}` : ''}. Check the Base URL and that the Chatwoot server is healthy.`, redactor);
}

/** Chatwoot API: `GET /api/v1/profile` with a user token; agent-bot tokens see agentBotTest. */
export async function chatwootApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data: ICredentialDataDecryptedObject = credential.data ?? {};
	const redactor = createRedactor(chatwootCredentialSecrets(data));
	const root = normalizeChatwootBaseUrl(data.baseUrl);
	const token = String(data.accessToken ?? '').trim();
	const bot = data.kind === 'agentBot';
	if (!token) {
		return fail(
			bot
				? "Access Token is empty: copy the bot's access token from Chatwoot → Settings → Bots."
				: 'Access Token is empty: copy a user access token from Chatwoot → Profile Settings → Access Token.',
			redactor,
		);
	}
	if (bot) return await agentBotTest.call(this, root, data, token, redactor);
	const outcome = await getWithin.call(this, root, '/api/v1/profile', { [CHATWOOT_TOKEN_HEADER]: token }, redactor);
	if ('failed' in outcome) return outcome.failed;
	const { statusCode, body } = outcome.answer;
	const text = chatwootErrorText(body);
	if (statusCode >= 200 && statusCode < 300) {
		if (isJsonObject(body) && (body as Record<string, unknown>).id !== undefined) return OK;
		return fail(
			'Something answered <Base URL>/api/v1/profile, but not Chatwoot\'s API (no profile came back). Set Base URL to the root of your Chatwoot installation, e.g. https://chat.example.com.',
			redactor,
		);
	}
	if (statusCode === 401) {
		if (/not authorized for bots/i.test(text)) {
			return fail(
				'This is an agent-bot token (Chatwoot answered 401 "not authorized for bots" to the profile, which bot tokens cannot read). Set Token Kind to Agent Bot and enter the bot\'s Account ID, or use a user access token (Profile Settings → Access Token).',
				redactor,
			);
		}
		if (/sign in or sign up/i.test(text)) {
			return fail(
				`Chatwoot did not receive the access token (401). This package sends it in the ${CHATWOOT_TOKEN_HEADER} header; something between n8n and Chatwoot (a reverse proxy or API gateway) removes it.`,
				redactor,
			);
		}
		return fail(
			'Chatwoot rejected the access token (401). Copy a user access token from Profile Settings → Access Token; agent-bot and platform-app tokens cannot read the profile.',
			redactor,
		);
	}
	if (statusCode === 404) {
		return fail(
			'Nothing answered at <Base URL>/api/v1/profile (404). Set Base URL to the root of your Chatwoot installation, e.g. https://chat.example.com.',
			redactor,
		);
	}
	return otherStatus(statusCode, body, 'GET /api/v1/profile', redactor);
}

/**
 * Token Kind "Agent Bot". A bot token may call only BOT_ACCESSIBLE_ENDPOINTS
 * (access_token_auth_helper.rb, Chatwoot 4.15.1), none of which lists anything, so the
 * test asks two questions whose answers Chatwoot's before_actions decide in order
 * (Api::BaseController: authenticate_access_token! → validate_bot_access_token!;
 * Accounts::BaseController: ensure_current_account → account_accessible_for_bot?):
 * 1. `GET /api/v1/profile`: a valid bot token gets 401 "not authorized for bots", an
 *    unknown one "Invalid Access Token", a user token 200.
 * 2. `GET /api/v1/accounts/{id}/conversations/0` (conversations#show, open to bots): a
 *    bot of another account gets 401 "Bot is not authorized to access this account",
 *    a suspended account "Account is suspended"; with token and account right, the
 *    conversation lookup answers 404 "Resource could not be found" (there is no
 *    conversation 0). Chatwoot answers an account id that does not exist with the
 *    same 404, so the test cannot tell that case apart.
 */
async function agentBotTest(
	this: ICredentialTestFunctions,
	root: string,
	data: ICredentialDataDecryptedObject,
	token: string,
	redactor: Redactor,
): Promise<INodeCredentialTestResult> {
	const accountId = Number(data.accountId);
	if (!Number.isInteger(accountId) || accountId <= 0) {
		return fail("Account ID is missing: enter the bot's account (the number after /app/accounts/ in the Chatwoot URL).", redactor);
	}
	const headers = { [CHATWOOT_TOKEN_HEADER]: token };
	const profile = await getWithin.call(this, root, '/api/v1/profile', headers, redactor);
	if ('failed' in profile) return profile.failed;
	const first = profile.answer;
	if (first.statusCode >= 200 && first.statusCode < 300 && isJsonObject(first.body) && (first.body as Record<string, unknown>).id !== undefined) {
		return fail('This is a user access token (it can read the profile): set Token Kind to User, which lets every operation use it.', redactor);
	}
	const text = chatwootErrorText(first.body);
	if (first.statusCode === 401 && !/not authorized for bots/i.test(text)) {
		if (/sign in or sign up/i.test(text)) {
			return fail(`Chatwoot did not receive the access token (401). This package sends it in the ${CHATWOOT_TOKEN_HEADER} header; something between n8n and Chatwoot (a reverse proxy or API gateway) removes it.`, redactor);
		}
		return fail("Chatwoot rejected the access token (401). Copy the bot's access token again from Chatwoot → Settings → Bots (Reset Access Token invalidates the old one).", redactor);
	}
	if (first.statusCode !== 401) {
		if (first.statusCode === 404) return fail('Nothing answered at <Base URL>/api/v1/profile (404). Set Base URL to the root of your Chatwoot installation, e.g. https://chat.example.com.', redactor);
		return otherStatus(first.statusCode, first.body, 'GET /api/v1/profile', redactor);
	}
	const where = `GET /api/v1/accounts/${accountId}/conversations/0`;
	const probe = await getWithin.call(this, root, `/api/v1/accounts/${accountId}/conversations/0`, headers, redactor);
	if ('failed' in probe) return probe.failed;
	const { statusCode, body } = probe.answer;
	const said = chatwootErrorText(body);
	if (statusCode === 404 && /could not be found/i.test(said)) return OK;
	if (statusCode === 401 && /not authorized to access this account/i.test(said)) {
		return fail(`The bot has no access to account ${accountId} (401). Enter the account the bot belongs to (or one of whose inboxes it answers) as Account ID.`, redactor);
	}
	if (statusCode === 401 && /suspended/i.test(said)) return fail(`Chatwoot account ${accountId} is suspended: ask the installation administrator to reactivate it.`, redactor);
	return otherStatus(statusCode, body, where, redactor);
}

/** Chatwoot Client API: `GET /public/api/v1/inboxes/{inbox identifier}`. */
export async function chatwootClientApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data: ICredentialDataDecryptedObject = credential.data ?? {};
	const redactor = createRedactor(chatwootCredentialSecrets(data));
	const identifier = String(data.inboxIdentifier ?? '').trim();
	if (!identifier) {
		return fail('Inbox Identifier is empty: copy it from Chatwoot → Settings → Inboxes → your API inbox → Configuration.', redactor);
	}
	const path = `/public/api/v1/inboxes/${encodeURIComponent(identifier)}`;
	const outcome = await getWithin.call(this, normalizeChatwootBaseUrl(data.baseUrl), path, {}, redactor);
	if ('failed' in outcome) return outcome.failed;
	const { statusCode, body } = outcome.answer;
	if (statusCode >= 200 && statusCode < 300) {
		if (isJsonObject(body)) return OK;
		return fail(
			'Something answered the inbox URL, but not Chatwoot\'s Client API. Set Base URL to the root of your Chatwoot installation, e.g. https://chat.example.com.',
			redactor,
		);
	}
	if (statusCode === 404) {
		return fail(
			'No API-channel inbox with this identifier (404). Copy the Inbox Identifier from the API inbox settings, and check that Base URL is the root of your Chatwoot installation.',
			redactor,
		);
	}
	return otherStatus(statusCode, body, 'GET /public/api/v1/inboxes/<inbox identifier>', redactor);
}

/** `methods.credentialTest` of every node that uses a Chatwoot credential (n8n looks the test up on whichever node it finds first). */
export const chatwootCredentialTests = { chatwootApiTest, chatwootClientApiTest };
