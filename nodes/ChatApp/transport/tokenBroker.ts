/**
 * In-process coordination of ChatApp token requests (n8n-free). ChatApp allows about
 * 100 `tokens.make` calls a day per email + app ID, and a refresh token works once.
 * n8n calls the credential's `preAuthentication` independently for every request that
 * found the token empty or refused, so without coordination:
 * - ten executions that hit an expired token together would each refresh with the
 *   same single-use refresh token, and nine would fall back to a login;
 * - a wrong password in a workflow that runs every minute (or on every item with
 *   "Continue On Fail") would log in 1,440+ times a day and lock the account.
 * So calls that present the same stored tokens share one request and its result (for
 * two minutes), and after ChatApp refuses a login (wrong credentials, or 429) the same
 * email + password + app ID are not sent again for a cool-down that doubles from 1 to
 * 60 minutes; changing any of them retries at once. A refresh token ChatApp refused
 * is not sent again. State is per process, bounded,
 * and holds hashes as keys (tokens only as results, as n8n's own memory does).
 */
import { createHash } from 'crypto';

import { chatAppRefreshTokenUsable, makeChatAppTokens, refreshChatAppTokens } from './tokens';
import type { ChatAppHttp, ChatAppLoginData, ChatAppTokenFailure, ChatAppTokenResult } from './tokenSet';
import { chatAppLoginIdentity } from './tokenSet';

/** A result is handed to callers that present the same stored tokens for this long. */
export const SHARED_RESULT_MS = 2 * 60_000;
export const FIRST_COOL_DOWN_MS = 60_000;
export const MAX_COOL_DOWN_MS = 60 * 60_000;
const MAX_ENTRIES = 500;

interface Shared {
	result: ChatAppTokenResult;
	at: number;
}

interface CoolDown {
	failures: number;
	until: number;
	failure: ChatAppTokenFailure;
}

const inFlight = new Map<string, Promise<ChatAppTokenResult>>();
const shared = new Map<string, Shared>();
const coolDowns = new Map<string, CoolDown>();
/** Hashes of refresh tokens ChatApp refused (they never work again). */
const deadRefreshTokens = new Map<string, true>();

function remember<V>(map: Map<string, V>, key: string, value: V): void {
	map.delete(key);
	map.set(key, value);
	while (map.size > MAX_ENTRIES) map.delete(map.keys().next().value as string);
}

function hashOf(value: unknown): string {
	return createHash('sha256').update(String(value ?? '')).digest('hex');
}

function keyOf(identity: string, login: ChatAppLoginData & { accessToken?: unknown }): string {
	return createHash('sha256')
		.update([identity, String(login.accessToken ?? ''), String(login.refreshToken ?? '')].join('\n'))
		.digest('hex');
}

/** A login unless the same one was refused moments ago. */
async function loginUnlessCoolingDown(http: ChatAppHttp, login: ChatAppLoginData, identity: string, nowMs: number): Promise<ChatAppTokenResult> {
	const coolDown = coolDowns.get(identity);
	if (coolDown && nowMs < coolDown.until) {
		return { ok: false, failure: { ...coolDown.failure, kind: 'coolingDown', retryAtMs: coolDown.until, detail: coolDown.failure.kind } };
	}
	const made = await makeChatAppTokens(http, login);
	if (made.ok) {
		coolDowns.delete(identity);
	} else if (made.failure.kind === 'credentials' || made.failure.kind === 'rateLimited') {
		const failures = (coolDown?.failures ?? 0) + 1;
		const wait = Math.min(FIRST_COOL_DOWN_MS * 2 ** (failures - 1), MAX_COOL_DOWN_MS);
		remember(coolDowns, identity, { failures, until: nowMs + wait, failure: made.failure });
	}
	return made;
}

async function obtain(http: ChatAppHttp, login: ChatAppLoginData, identity: string, nowMs: number): Promise<ChatAppTokenResult> {
	let refreshFailure: ChatAppTokenFailure | undefined;
	const refreshKey = hashOf(login.refreshToken);
	if (chatAppRefreshTokenUsable(login, nowMs) && !deadRefreshTokens.has(refreshKey)) {
		const refreshed = await refreshChatAppTokens(http, login);
		if (refreshed.ok) return refreshed;
		refreshFailure = refreshed.failure;
		if (refreshed.failure.kind === 'refresh') remember(deadRefreshTokens, refreshKey, true);
	}
	const made = await loginUnlessCoolingDown(http, login, identity, nowMs);
	return made.ok ? made : { ...made, ...(refreshFailure ? { refreshFailure } : {}) };
}

/**
 * `obtainChatAppTokens` (refresh, else log in) with the coordination above: what the
 * credential's preAuthentication calls.
 */
export async function obtainChatAppTokensOnce(
	http: ChatAppHttp,
	login: ChatAppLoginData & { accessToken?: unknown },
	nowMs = Date.now(),
): Promise<ChatAppTokenResult> {
	const identity = chatAppLoginIdentity(login);
	const key = keyOf(identity, login);
	const recent = shared.get(key);
	if (recent && nowMs - recent.at < SHARED_RESULT_MS && recent.result.ok) return recent.result;
	const running = inFlight.get(key);
	if (running) return await running;
	const promise = obtain(http, login, identity, nowMs);
	inFlight.set(key, promise);
	try {
		const result = await promise;
		if (result.ok) remember(shared, key, { result, at: nowMs });
		return result;
	} finally {
		inFlight.delete(key);
	}
}

/** Forgets the shared results and cool-downs, as an n8n restart does (the stored tokens stay in n8n's database). */
export function forgetChatAppTokenCoordination(): void {
	inFlight.clear();
	shared.clear();
	coolDowns.clear();
	deadRefreshTokens.clear();
}
